"""Register moves, quotation conversion, attendance and payroll reports over known data."""

import datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from billing.models import Caja, Cotizacion
from billing.tesoreria import services as tesoreria
from erp.models import Moneda, TipoDocumentoIdentidad
from hr import services as rrhh
from hr.models import Empleado, Marcacion
from reports.framework import reporte, resultado
from tests import factories
from tests.ventas import HOY

pytestmark = pytest.mark.django_db
PERIODO = {"desde": "01/11/2026", "hasta": "30/11/2026"}
LIMA = ZoneInfo("America/Lima")


def _filas(usuario, codigo, **filtros):
    res = resultado(reporte(codigo), usuario, {**PERIODO, **filtros})
    return res, list(res.iterar())


def test_movimientos_de_caja_con_ingresos_y_egresos(ventas):
    t = ventas
    caja = Caja.objects.create(sucursal=t["sucursal"], nombre="Caja principal", moneda=Moneda.objects.get(codigo="PEN"))
    caja.usuarios.add(t["vendedor"])
    tesoreria.turno_abrir(caja=caja, usuario=t["vendedor"], monto_apertura=D("50.00"), fecha=HOY)
    tesoreria.movimiento_registrar(caja=caja, sentido="ingreso", monto=D("100.00"), usuario=t["vendedor"], fecha=HOY, descripcion="Venta")
    tesoreria.movimiento_registrar(caja=caja, sentido="egreso", monto=D("30.00"), usuario=t["vendedor"], fecha=HOY, descripcion="Útiles")
    res, filas = _filas(t["gerente"], "caja")
    # The session's opening float is the first income.
    assert [(f["descripcion"], f["ingreso"], f["egreso"]) for f in filas] == [
        ("Fondo de apertura del turno", D("50.00"), None), ("Venta", D("100.00"), None), ("Útiles", None, D("30.00"))
    ]
    assert (res.totales()["ingreso"], res.totales()["egreso"]) == (D("150.00"), D("30.00"))


def test_conversion_de_cotizaciones(ventas):
    t = ventas
    serie = t["sucursal"].series.get(serie="CT01")
    comunes = {"sucursal": t["sucursal"], "cliente": t["con_ruc"], "serie": serie, "fecha_emision": HOY}
    Cotizacion.objects.create(**comunes, numero=1, importe_total=D("1000.00"), documento_generado=t["factura"])
    Cotizacion.objects.create(**comunes, numero=2, importe_total=D("500.00"))
    _, filas = _filas(t["gerente"], "conversion")
    cotizaciones = filas[0]
    assert (cotizaciones["emitidos"], cotizaciones["convertidos"], cotizaciones["porcentaje"]) == (2, 1, 50.0)
    assert (cotizaciones["importe"], cotizaciones["importe_convertido"]) == (D("1500.00"), D("1000.00"))


@pytest.fixture
def trabajadora(ventas):
    nueva = Empleado(
        sucursal=ventas["sucursal"], nombres="Ana", apellidos="Quispe Rojas", numero_documento="45678999",
        tipo_documento=TipoDocumentoIdentidad.objects.get(codigo="1"), fecha_ingreso=datetime.date(2026, 1, 5), sueldo_basico=D("1500.00"),
    )  # fmt: skip
    nueva.tomar_empresa_de_sucursal()
    return rrhh.empleado_guardar(empleado=nueva)


def test_asistencia_primera_entrada_y_ultima_salida_del_dia(ventas, trabajadora):
    for hora, tipo in ((8, "entrada"), (13, "salida"), (14, "entrada"), (17, "salida")):
        Marcacion.objects.create(empleado=trabajadora, tipo=tipo, fecha_hora=datetime.datetime(2026, 11, 20, hora, 5, tzinfo=LIMA))
    perfil = factories.perfil("Personal", modulos=["reportes.asistencia"])
    res, filas = _filas(factories.usuario("rh", sucursales=[ventas["sucursal"]], perfiles=[perfil]), "asistencia")
    assert [(f["fecha"], f["empleado"], f["entrada"], f["salida"], f["marcaciones"]) for f in filas] == [
        (HOY, "Quispe Rojas, Ana", "08:05", "17:05", 4)
    ]


def test_planilla_por_concepto_con_los_montos_de_la_planilla_y_solo_con_permiso(ventas, trabajadora, client):
    planilla = rrhh.planilla_calcular(sucursal=ventas["sucursal"], periodo=datetime.date(2026, 11, 1))
    contador = factories.usuario("contador", sucursales=[ventas["sucursal"]], perfiles=[factories.perfil("Planilla", modulos=["reportes.planilla"])])
    res, filas = _filas(contador, "planilla")
    linea = planilla.lineas.get()
    assert [(f["trabajador"], f["basico"], f["neto"], f["essalud"]) for f in filas] == [("Quispe Rojas, Ana", linea.basico, linea.neto, linea.essalud)]
    assert res.totales()["neto"] == planilla.total_neto
    client.force_login(ventas["gerente"])  # sales, stock and margins, but not payroll
    assert client.get(reverse("reports:ver", args=["planilla"]), PERIODO).status_code == 403
