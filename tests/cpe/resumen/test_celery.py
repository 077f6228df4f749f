"""The daily summary with a real Celery worker and beat on Redis, the sandbox on live_server."""

import datetime
import json

import pytest
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from cpe.models import ComprobanteElectronico, EstadoCpe, EstadoResumen, LineaResumen, Resumen
from cpe.programacion import nombre_tarea
from cpe.sandbox.models import DocumentoRecibido, Falla, TipoFalla
from tests.celery_utils import Celery, esperar
from tests.cpe.resumen.conftest import ayer, emitir

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery(tmp_path, sandbox):
    procesos = Celery(
        tmp_path,
        sandbox_url=sandbox.url + "/sunat-sandbox",
        SUNAT_TIMEOUT_CONEXION="2",
        SUNAT_TIMEOUT_LECTURA="6",
        CELERY_VISIBILIDAD="2",
    )
    yield procesos
    procesos.detener()


def _aceptadas(comprobantes):
    return (
        not ComprobanteElectronico.objects.filter(pk__in=[c.pk for c in comprobantes])
        .exclude(estado=EstadoCpe.ACEPTADO)
        .exists()
    )


def test_un_dia_de_boletas_llega_a_sunat_solo_con_la_programacion(emisor, celery):
    boletas = [emitir(emisor) for _ in range(4)]
    cada_2s, _ = IntervalSchedule.objects.get_or_create(every=2, period=IntervalSchedule.SECONDS)
    # The schedules as migrated and configured, only more often so the test is short.
    diaria = PeriodicTask.objects.get(name=nombre_tarea(emisor["empresa"].ruc))
    assert json.loads(diaria.kwargs) == {"empresa_id": emisor["empresa"].pk}
    PeriodicTask.objects.filter(pk=diaria.pk).update(crontab=None, interval=cada_2s)
    PeriodicTask.objects.filter(task="cpe.tasks.atender_resumenes").update(interval=cada_2s)

    celery.worker()
    celery.beat()

    esperar(lambda: _aceptadas(boletas), segundos=60, mensaje="la aceptación de todas las boletas")
    (resumen,) = Resumen.objects.all()  # the job ran every 2 s: one summary all the same
    assert resumen.estado == EstadoResumen.ACEPTADO and resumen.lineas.count() == 4
    assert resumen.fecha_emision == ayer() and resumen.fecha_generacion == timezone.localdate()
    assert "cpe.tasks.resumen_diario" in celery.log("beat")


def test_trabajador_muerto_a_media_tarea_retoma_donde_quedo(emisor, celery):
    de_ayer = [emitir(emisor) for _ in range(2)]
    de_anteayer = [emitir(emisor, fecha=ayer() - datetime.timedelta(days=1)) for _ in range(2)]
    # SUNAT takes 4 s to answer the first sendSummary: the worker is killed while it waits.
    Falla.objects.create(operacion="sendSummary", tipo=TipoFalla.DEMORA, segundos=4, restantes=1)
    celery.worker()
    celery.enviar("cpe.tasks.resumen_diario", empresa_id=emisor["empresa"].pk)

    enviando = esperar(
        lambda: Resumen.objects.filter(estado=EstadoResumen.ENVIANDO).first(), segundos=30, mensaje="el primer envío"
    )
    esperar(lambda: Falla.objects.filter(aplicadas=1).exists(), mensaje="la llegada a SUNAT")
    celery.matar("worker")
    assert Resumen.objects.count() == 2 and LineaResumen.objects.count() == 4  # built, then killed while sending
    assert Resumen.objects.get(pk=enviando.pk).estado == EstadoResumen.ENVIANDO

    celery.worker("worker2")  # the task comes back to it

    esperar(lambda: _aceptadas(de_ayer + de_anteayer), segundos=90, mensaje="la aceptación de todas las boletas")
    assert Resumen.objects.count() == 2 and LineaResumen.objects.count() == 4
    retomado = Resumen.objects.get(pk=enviando.pk)
    assert retomado.estado == EstadoResumen.ACEPTADO and retomado.intentos == 2
    assert "ya había recibido este resumen" in retomado.descripcion
    assert DocumentoRecibido.objects.filter(tipo="RC", registrado=True).count() == 2
