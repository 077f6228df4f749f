"""The personnel demo: six workers across regimes and pension systems, an open and a closed planilla, a quincenal
worker with both fortnights of last month, the CTS."""

import pytest

from hr.demo import cargar_demo
from hr.models import DepositoCts, Empleado, EstadoPlanilla, Marcacion, Planilla, TipoPeriodo
from tests import factories

pytestmark = pytest.mark.django_db


def test_la_demo_de_personal():
    sucursal = factories.sucursal(factories.empresa(), codigo="0000", nombre="Lima")
    contexto = {"sucursales": {"0000": sucursal}, "usuarios": {"admin": factories.usuario("admin", is_superuser=True)}}
    lineas = cargar_demo(contexto)
    assert len(lineas) == 5
    empleados = Empleado.objects.filter(sucursal=sucursal)
    assert {e.regimen for e in empleados} == {"general", "pequena", "micro"}
    assert {e.afp for e in empleados} == {"", "habitat", "integra", "prima", "profuturo"}
    mensuales = Planilla.objects.filter(tipo_periodo=TipoPeriodo.MENSUAL)
    assert sorted(mensuales.values_list("estado", flat=True)) == [EstadoPlanilla.ABIERTA, EstadoPlanilla.CERRADA]
    assert all(p.lineas.count() == 6 and p.total_neto > 0 for p in mensuales)
    quincenas = Planilla.objects.exclude(tipo_periodo=TipoPeriodo.MENSUAL).order_by("tipo_periodo")
    assert [(p.tipo_periodo, p.estado, p.periodo) for p in quincenas] == [
        (TipoPeriodo.PRIMERA_QUINCENA, EstadoPlanilla.CERRADA, mensuales.first().periodo),
        (TipoPeriodo.SEGUNDA_QUINCENA, EstadoPlanilla.ABIERTA, mensuales.first().periodo),
    ]
    assert all(p.lineas.get().empleado.apellidos == "Ramos Chávez" and p.total_neto > 0 for p in quincenas)
    assert Marcacion.objects.count() > 7 * 2 * 40  # two months, Monday to Saturday, entry and exit
    assert DepositoCts.objects.count() == 6  # the microempresa worker has no CTS
    assert cargar_demo(contexto) == []  # a second run adds nothing
