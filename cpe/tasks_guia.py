"""Celery tasks of the guías de remisión: send, poll the ticket with backoff, and the beat that picks up what was left."""

from celery import shared_task

from cpe.models import EstadoCpe
from cpe.services_guia import cpe_guia_consultar, cpe_guia_enviar, espera, guias_por_atender
from cpe.sunat import ErrorSunat
from cpe.tasks import REINTENTOS

# A ticket stuck at 98 keeps being polled by the beat (atender_guias) after these.
CONSULTAS = 30


@shared_task(bind=True, max_retries=REINTENTOS, acks_late=True)
def enviar_guia(self, comprobante_id: int) -> str:
    """Send a guide to SUNAT's REST API; then poll its ticket. Transient failures retry with backoff."""
    try:
        comprobante = cpe_guia_enviar(comprobante_id=comprobante_id)
    except ErrorSunat as exc:
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 3600)) from exc
    if comprobante is None:
        return "eliminado"
    if hasattr(comprobante, "ticket_gre") and comprobante.estado == EstadoCpe.ENVIANDO:
        consultar_guia.apply_async((comprobante_id,), countdown=espera(0).total_seconds())
    return comprobante.estado


@shared_task(bind=True, max_retries=CONSULTAS, acks_late=True)
def consultar_guia(self, comprobante_id: int) -> str:
    """Poll a guide's ticket until SUNAT's verdict: 98 polls again later (5 s, 10 s, 20 s... at most 1 hour)."""
    try:
        comprobante = cpe_guia_consultar(comprobante_id=comprobante_id)
    except ErrorSunat as exc:
        raise self.retry(exc=exc, countdown=espera(self.request.retries).total_seconds()) from exc
    if comprobante is not None and comprobante.estado == EstadoCpe.ENVIANDO and self.request.retries < self.max_retries:
        raise self.retry(countdown=espera(self.request.retries + 1).total_seconds())
    return comprobante.estado if comprobante else "eliminado"


@shared_task
def atender_guias() -> int:
    """Beat, every minute: guides left pending or due for a retry are sent, tickets due are polled."""
    enviar, consultar = guias_por_atender()
    for pk in enviar:
        enviar_guia.delay(pk)
    for pk in consultar:
        consultar_guia.delay(pk)
    return len(enviar) + len(consultar)
