"""The personnel demo: six workers across regimes and pension systems, an open and a closed planilla, the CTS."""

import pytest

from hr.demo import cargar_demo
from hr.models import DepositoCts, Empleado, EstadoPlanilla, Marcacion, Planilla
from tests import factories

pytestmark = pytest.mark.django_db


def test_la_demo_de_personal():
    sucursal = factories.sucursal(factories.empresa(), codigo="0000", nombre="Lima")
    contexto = {"sucursales": {"0000": sucursal}, "usuarios": {"admin": factories.usuario("admin", is_superuser=True)}}
    lineas = cargar_demo(contexto)
    assert len(lineas) == 4
    empleados = Empleado.objects.filter(sucursal=sucursal)
    assert {e.regimen for e in empleados} == {"general", "pequena", "micro"}
    assert {e.afp for e in empleados} == {"", "habitat", "integra", "prima", "profuturo"}
    assert sorted(Planilla.objects.values_list("estado", flat=True)) == [EstadoPlanilla.ABIERTA, EstadoPlanilla.CERRADA]
    assert all(p.lineas.count() == 6 and p.total_neto > 0 for p in Planilla.objects.all())
    assert Marcacion.objects.count() > 6 * 2 * 40  # two months, Monday to Saturday, entry and exit
    assert DepositoCts.objects.count() == 5  # the microempresa worker has no CTS
    assert cargar_demo(contexto) == []  # a second run adds nothing
