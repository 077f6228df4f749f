"""Celery queues per kind of work: each task goes to its queue, and a worker on one queue takes only that work."""

import pytest

from billing import services
from cpe.models import ComprobanteElectronico, EstadoCpe
from erp.celery import app
from tests.celery_utils import Celery, esperar
from tests.cpe.conftest import empresa_tienda  # noqa: F401  (fixture: the shop on the sandbox of a live server)
from tests.ventas import borrador

# Every task of the project and the queue it must go to. A new task fails this test until it is given one.
COLA_DE = {
    "cpe.tasks.enviar_comprobante": "cpe_envio",
    "cpe.tasks.reenviar_pendientes": "cpe_envio",
    "cpe.tasks.resumen_diario": "cpe_resumen",
    "cpe.tasks.consultar_resumen": "cpe_resumen",
    "cpe.tasks.atender_resumenes": "cpe_resumen",
    "cpe.tasks_guia.enviar_guia": "cpe_envio",
    "cpe.tasks_guia.consultar_guia": "cpe_envio",
    "cpe.tasks_guia.atender_guias": "cpe_envio",
    "reports.tasks.exportar": "reportes",
}


def _cola(nombre: str) -> str:
    ruta = app.amqp.router.route({}, nombre)
    return ruta["queue"].name


def test_cada_tarea_va_a_su_cola():
    app.loader.import_default_modules()
    propias = {nombre for nombre in app.tasks if not nombre.startswith("celery.")}
    assert propias == set(COLA_DE), "Tarea sin cola declarada en CELERY_TASK_ROUTES y en esta prueba"
    assert {nombre: _cola(nombre) for nombre in propias} == COLA_DE


def test_colas_de_reportes_y_correo_y_la_de_lo_demas():
    assert _cola("reports.tasks.libro_ventas") == "reportes"
    assert _cola("billing.tasks.correo_documento") == "correo"
    assert _cola("inventory.tasks.recalcular_costos") == "celery"


def test_un_trabajador_sin_colas_atiende_todas():
    # The quick start runs one worker with no -Q: it must take every kind of work.
    assert set(app.amqp.queues) == {"celery", "cpe_envio", "cpe_resumen", "reportes", "correo"}
    # Each on its own exchange and key: a message bound for one queue is never copied into another.
    assert {(q.exchange.name, q.routing_key) for q in app.amqp.queues.values()} == {(n, n) for n in app.amqp.queues}


@pytest.mark.celery
@pytest.mark.sandbox
@pytest.mark.django_db(transaction=True)
def test_envio_lo_atiende_solo_el_trabajador_de_su_cola(tienda, live_server, tmp_path):
    celery = Celery(tmp_path, sandbox_url=live_server.url + "/sunat-sandbox")
    try:
        celery.worker("resumenes", colas="cpe_resumen")
        documento = services.documento_emitir(
            documento_id=borrador(tienda, lineas=[(tienda["laptop"], 1, "2360")]).pk, usuario=tienda["vendedor"]
        )
        comprobante = ComprobanteElectronico.objects.get(documento=documento)
        celery.enviar("cpe.tasks.enviar_comprobante", comprobante.pk)
        # A worker of another queue leaves the send waiting in cpe_envio...
        celery.enviar("cpe.tasks.atender_resumenes")
        esperar(lambda: "atender_resumenes[" in celery.log("resumenes") and " succeeded " in celery.log("resumenes"),
                segundos=30, mensaje="la tarea de resúmenes")
        comprobante.refresh_from_db()
        assert comprobante.estado == EstadoCpe.PENDIENTE
        # ...until a worker of that queue, on another host, takes it.
        celery.worker("envios", colas="cpe_envio")
        esperar(
            lambda: ComprobanteElectronico.objects.get(pk=comprobante.pk).estado == EstadoCpe.ACEPTADO,
            segundos=60,
            mensaje="la aceptación de la factura",
        )
    finally:
        celery.detener()
    # "Task cpe.tasks.enviar_comprobante[id] received": in the log of the worker that took it only.
    assert "enviar_comprobante[" in celery.log("envios")
    assert "enviar_comprobante[" not in celery.log("resumenes")
