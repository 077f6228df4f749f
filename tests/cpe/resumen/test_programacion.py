"""The beat schedules live in django-celery-beat; each company's daily summary follows its configured hour."""

import datetime
import json

import pytest
from django_celery_beat.models import PeriodicTask

from cpe.models import ConfiguracionCpe, PlazoSunat
from cpe.programacion import nombre_tarea
from tests import factories

pytestmark = pytest.mark.django_db


def test_tareas_de_resumenes_y_tickets_programadas():
    tickets = PeriodicTask.objects.get(task="cpe.tasks.atender_resumenes")
    assert tickets.enabled and (tickets.interval.every, tickets.interval.period) == (2, "minutes")
    reenvio = PeriodicTask.objects.get(task="cpe.tasks.reenviar_pendientes")
    assert reenvio.enabled
    assert sorted(PlazoSunat.objects.values_list("tipo", "dias")) == [("RA", 7), ("RC", 3), ("RC", 7)]


def test_el_resumen_diario_de_cada_empresa_sigue_su_hora():
    empresa = factories.empresa()
    configuracion = ConfiguracionCpe.de(empresa)

    tarea = PeriodicTask.objects.get(name=nombre_tarea(empresa.ruc))
    assert tarea.task == "cpe.tasks.resumen_diario" and json.loads(tarea.kwargs) == {"empresa_id": empresa.pk}
    assert (tarea.crontab.hour, tarea.crontab.minute, str(tarea.crontab.timezone)) == ("1", "0", "America/Lima")

    configuracion.hora_resumen = datetime.time(2, 30)
    configuracion.save()

    tarea.refresh_from_db()
    assert (tarea.crontab.hour, tarea.crontab.minute) == ("2", "30")
    assert (
        PeriodicTask.objects.filter(
            task="cpe.tasks.resumen_diario", kwargs__contains=f'"empresa_id": {empresa.pk}'
        ).count()
        == 1
    )
