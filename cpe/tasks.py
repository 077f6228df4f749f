"""Celery tasks: they take primary keys, are idempotent and retry with backoff."""

import datetime

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from cpe import resumen as servicio
from cpe.models import ComprobanteElectronico, EstadoCpe, EstadoResumen
from cpe.services import cpe_enviar, es_de_resumen
from cpe.sunat import ErrorSunat

REINTENTOS = 8


@shared_task(bind=True, max_retries=REINTENTOS, acks_late=True)
def enviar_comprobante(self, comprobante_id: int) -> str:
    """Send a document to SUNAT; transient failures retry after 30 s, 1, 2, 4... minutes (at most 1 hour).

    The first wait is CPE_REINTENTO_SEGUNDOS.
    """
    try:
        comprobante = cpe_enviar(comprobante_id=comprobante_id)
        return comprobante.estado if comprobante else "eliminado"
    except ErrorSunat as exc:
        espera = min(settings.CPE_REINTENTO_SEGUNDOS * 2**self.request.retries, 3600)
        ComprobanteElectronico.objects.filter(pk=comprobante_id).update(proximo_intento=timezone.now() + datetime.timedelta(seconds=espera))
        raise self.retry(exc=exc, countdown=espera) from exc


@shared_task
def reenviar_pendientes() -> int:
    """Beat: documents still pending after a while, retryable errors due, and sends whose worker died."""
    ahora = timezone.now()
    candidatos = ComprobanteElectronico.objects.filter(
        Q(estado=EstadoCpe.PENDIENTE, creado__lte=ahora - datetime.timedelta(minutes=2))
        | Q(estado=EstadoCpe.ERROR, reintentable=True, proximo_intento__lte=ahora)
        | Q(estado=EstadoCpe.ERROR, reintentable=True, proximo_intento__isnull=True)
        | Q(estado=EstadoCpe.ENVIANDO, enviando_hasta__lt=ahora)
    ).select_related("empresa__configuracion_cpe").order_by("id")[:500]
    enviados = 0
    for comprobante in candidatos:
        if es_de_resumen(comprobante):
            continue
        enviar_comprobante.delay(comprobante.pk)
        enviados += 1
    return enviados


# Daily summaries and voidings: the steps are services that can be repeated (cpe/resumen.py).


@shared_task(bind=True, max_retries=REINTENTOS, acks_late=True)
def resumen_diario(self, empresa_id: int | None = None, fecha: str | None = None) -> list[str]:
    """Beat, daily: build and send the previous day's summaries (and any day left pending), then poll their tickets."""
    abiertos = servicio.resumen_diario_ejecutar(
        empresa_id=empresa_id, fecha=datetime.date.fromisoformat(fecha) if fecha else None
    )
    for r in abiertos:
        if r.estado == EstadoResumen.EN_PROCESO:
            consultar_resumen.apply_async((r.pk,), countdown=servicio.espera(1).total_seconds())
    sin_enviar = [r for r in abiertos if r.estado in (EstadoResumen.PENDIENTE, EstadoResumen.ENVIANDO)]
    sin_enviar += [r for r in abiertos if r.estado == EstadoResumen.ERROR and r.reintentable and not r.ticket]
    if sin_enviar and self.request.retries < self.max_retries:
        # Held by a worker that may have died, or SUNAT unreachable: try again when the lease or the wait ends.
        ahora = timezone.now()
        listos = [r.enviando_hasta or r.proximo_intento or ahora for r in sin_enviar]
        raise self.retry(countdown=max(1, min((m - ahora).total_seconds() for m in listos) + 1))
    return [f"{r.identificador}: {r.get_estado_display()}" for r in abiertos]


@shared_task(bind=True, max_retries=30, acks_late=True)
def consultar_resumen(self, resumen_id: int) -> str:
    """Poll a summary's ticket until SUNAT's verdict (sending it again if SUNAT lost the ticket)."""
    resumen = servicio.resumen_avanzar(resumen_id=resumen_id)
    if resumen.estado == EstadoResumen.ERROR and resumen.reintentable and not resumen.ticket:
        resumen = servicio.resumen_avanzar(resumen_id=resumen_id)  # SUNAT lost the ticket: send again now
    if resumen.estado in (EstadoResumen.EN_PROCESO, EstadoResumen.ENVIANDO) and self.request.retries < self.max_retries:
        raise self.retry(countdown=servicio.espera(resumen.consultas).total_seconds())
    return resumen.estado


@shared_task(acks_late=True)
def atender_resumenes() -> int:
    """Beat, every few minutes: send summaries and voidings left unsent or stuck, poll open tickets."""
    return len(servicio.resumenes_atender())
