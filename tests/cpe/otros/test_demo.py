from decimal import Decimal

import pytest
from django.core.management import call_command

from billing.models import ComprobanteOtro, TributoPorPagar

pytestmark = pytest.mark.django_db


def test_la_demo_trae_una_retencion_y_una_percepcion_aceptadas(capsys):
    call_command("demo")
    otros = {o.tipo: o for o in ComprobanteOtro.objects.select_related("cpe")}
    assert set(otros) == {"20", "40"}
    assert (otros["20"].total, otros["40"].total) == (Decimal("35.40"), Decimal("23.60"))
    assert {o.cpe.estado for o in otros.values()} == {"aceptado"}
    assert TributoPorPagar.objects.count() == 2
    assert "Comprobante de retención R001-1 aceptado por el sandbox" in capsys.readouterr().out
