"""A document issued in the ERP reaches the sandbox through a real Celery worker on Redis."""

import pytest
from django.conf import settings

from billing import services
from cpe.models import ComprobanteElectronico, EstadoCpe
from tests.celery_utils import REDIS_URL, Celery, esperar
from tests.ventas import borrador

pytestmark = [pytest.mark.celery, pytest.mark.sandbox, pytest.mark.django_db(transaction=True)]


def test_factura_emitida_llega_a_sunat_por_celery(tienda, live_server, tmp_path):
    if settings.CELERY_BROKER_URL != REDIS_URL:
        pytest.skip("La emisión encola en CELERY_BROKER_URL, que debe ser el Redis de las pruebas (scripts/test lo configura).")
    celery = Celery(tmp_path, sandbox_url=live_server.url + "/sunat-sandbox")
    try:
        celery.worker()
        empresa = tienda["empresa"]
        empresa.configuracion_cpe.envio_automatico = True
        empresa.configuracion_cpe.save()
        documento = services.documento_emitir(
            documento_id=borrador(tienda, lineas=[(tienda["laptop"], 1, "2360")]).pk, usuario=tienda["vendedor"]
        )
        # on_commit queued the send; the worker sends it and keeps SUNAT's CDR.
        esperar(
            lambda: ComprobanteElectronico.objects.get(documento=documento).estado == EstadoCpe.ACEPTADO,
            segundos=60,
            mensaje="la aceptación de la factura",
        )
    finally:
        celery.detener()
    comprobante = ComprobanteElectronico.con_archivos.get(documento=documento)
    assert comprobante.descripcion == "La Factura numero F001-1, ha sido aceptada" and comprobante.cdr
