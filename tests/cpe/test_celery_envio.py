"""A document issued in the ERP reaches the sandbox through a real Celery worker on Redis."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from billing import services
from cpe.models import ComprobanteElectronico, EstadoCpe
from erp.celery import app as celery_app
from tests.ventas import borrador

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(live_server):
    """A `celery worker` process on the test database, the Redis broker and the live sandbox."""
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("Las pruebas con Celery necesitan CELERY_BROKER_URL en Redis (scripts/test lo configura).")
    celery_app.control.purge()
    base = settings.DATABASES["default"]
    entorno = {
        **os.environ,
        "DATABASE_URL": f"postgres://{base['USER']}@{base['HOST']}:{base['PORT']}/{connection.settings_dict['NAME']}",
        "SUNAT_SANDBOX_URL": live_server.url + "/sunat-sandbox",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    proceso = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "erp", "worker", "--loglevel", "WARNING", "--pool", "solo", "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=settings.BASE_DIR,
        env=entorno,
    )
    yield proceso
    proceso.terminate()
    proceso.wait(timeout=20)


def _esperar(condicion, segundos=30):
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        if condicion():
            return True
        time.sleep(0.2)
    return False


def test_factura_emitida_llega_a_sunat_por_celery(tienda, worker):
    empresa = tienda["empresa"]
    empresa.configuracion_cpe.envio_automatico = True
    empresa.configuracion_cpe.save()
    documento = services.documento_emitir(
        documento_id=borrador(tienda, lineas=[(tienda["laptop"], 1, "2360")]).pk, usuario=tienda["vendedor"]
    )
    # on_commit queued the send; the worker sends it and keeps SUNAT's CDR.
    assert _esperar(lambda: ComprobanteElectronico.objects.get(documento=documento).estado == EstadoCpe.ACEPTADO)
    comprobante = ComprobanteElectronico.con_archivos.get(documento=documento)
    assert comprobante.descripcion == "La Factura numero F001-1, ha sido aceptada" and comprobante.cdr
