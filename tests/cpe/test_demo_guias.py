"""`manage.py demo` leaves three guides SUNAT's sandbox accepted: of a sale, of a transfer, a transportista's."""

import pytest
from django.core.management import call_command

from billing.models import GuiaRemision
from cpe.models import EstadoCpe
from inventory.models import EstadoOperacion

pytestmark = pytest.mark.django_db


def test_demo_con_guias_aceptadas(capsys):
    call_command("demo")
    assert "client id demo-gre-client" in capsys.readouterr().out
    guias = {g.numero_completo: g for g in GuiaRemision.objects.select_related("cpe", "transferencia")}
    assert set(guias) == {"T002-00000001", "T001-00000001", "V001-00000001"}
    assert all(g.cpe.estado in (EstadoCpe.ACEPTADO, EstadoCpe.OBSERVADO) for g in guias.values()), [g.cpe.descripcion for g in guias.values()]
    assert guias["T001-00000001"].motivo == "04" and guias["T001-00000001"].transferencia.estado == EstadoOperacion.REGISTRADA
    call_command("demo")
    assert GuiaRemision.objects.count() == 3
