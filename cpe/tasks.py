"""Celery tasks: they take primary keys, are idempotent and retry with backoff."""

import datetime

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from cpe.models import ComprobanteElectronico, EstadoCpe
from cpe.services import cpe_enviar, es_de_resumen
from cpe.sunat import ErrorSunat

REINTENTOS = 8


@shared_task(bind=True, max_retries=REINTENTOS, acks_late=True)
def enviar_comprobante(self, comprobante_id: int) -> str:
    """Send a document to SUNAT; transient failures retry after 30 s, 1, 2, 4... minutes (at most 1 hour)."""
    try:
        return cpe_enviar(comprobante_id=comprobante_id).estado
    except ErrorSunat as exc:
        espera = min(30 * 2**self.request.retries, 3600)
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
    ).order_by("id")[:500]
    enviados = 0
    for comprobante in candidatos:
        if es_de_resumen(comprobante):
            continue
        enviar_comprobante.delay(comprobante.pk)
        enviados += 1
    return enviados
