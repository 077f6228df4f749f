"""REST API of personnel: salaries only with the payroll module, marks posted by a device, planilla totals."""

import datetime

import pytest

from erp.models import ApiKey
from hr import services
from hr.models import Marcacion
from tests import factories

from .test_pantallas import empleado, sucursal  # noqa: F401  (a branch and its worker)

pytestmark = pytest.mark.django_db


def _clave(sucursal, *modulos):
    nombre = f"{sucursal.pk} {' '.join(modulos)}"
    usuario = factories.usuario(nombre.replace(" ", "_"), sucursales=[sucursal], perfiles=[factories.perfil(nombre, modulos=list(modulos))])
    return ApiKey.generar(usuario=usuario, nombre="Reloj")[1]


def test_los_sueldos_solo_con_el_modulo_de_planilla(client, sucursal, empleado):
    sin = client.get("/api/rest/personal/empleados/", HTTP_KEY=_clave(sucursal, "personal.empleados")).json()["results"][0]
    assert sin["apellidos"] == "Quispe Rojas" and "sueldo_basico" not in sin and "cuspp" not in sin
    con = client.get("/api/rest/personal/empleados/", HTTP_KEY=_clave(sucursal, "personal.empleados", "personal.planilla")).json()["results"][0]
    assert con["sueldo_basico"] == "1500.00"


def test_un_reloj_marca_entrada_y_salida_y_un_codigo_ajeno_se_rechaza(client, sucursal, empleado):
    clave = _clave(sucursal, "personal.empleados")
    url = "/api/rest/personal/marcaciones/"
    entrada = client.post(url, {"codigo": empleado.codigo, "fecha_hora": "2026-12-01T08:02:00-05:00"}, content_type="application/json", HTTP_KEY=clave)
    assert entrada.status_code == 201 and entrada.json()["tipo"] == "entrada" and entrada.json()["origen"] == "api"
    salida = client.post(url, {"codigo": empleado.codigo, "fecha_hora": "2026-12-01T17:31:00-05:00"}, content_type="application/json", HTTP_KEY=clave)
    assert salida.json()["tipo"] == "salida"
    assert client.get(url, {"desde": "2026-12-01", "hasta": "2026-12-01"}, HTTP_KEY=clave).json()["count"] == 2

    otra = factories.sucursal(sucursal.empresa, codigo="0007", nombre="Otra")
    ajeno = client.post(url, {"codigo": empleado.codigo}, content_type="application/json", HTTP_KEY=_clave(otra, "personal.empleados"))
    assert ajeno.status_code == 400 and empleado.apellidos not in ajeno.content.decode()
    assert Marcacion.objects.count() == 2


def test_las_planillas_con_sus_totales(client, sucursal, empleado):
    planilla = services.planilla_calcular(sucursal=sucursal, periodo=datetime.date(2026, 11, 1))
    filas = client.get("/api/rest/personal/planillas/", HTTP_KEY=_clave(sucursal, "personal.planilla")).json()["results"]
    assert [(f["periodo"], f["estado"], f["total_neto"]) for f in filas] == [("2026-11-01", "abierta", f"{planilla.total_neto:.2f}")]
    assert client.get("/api/rest/personal/planillas/", HTTP_KEY=_clave(sucursal, "personal.empleados")).status_code == 403


def test_cts_y_liquidaciones_solo_con_el_modulo_de_planilla(client, sucursal, empleado):
    services.cts_calcular(sucursal=sucursal, periodo=datetime.date(2026, 11, 1))
    liq = services.liquidacion_calcular(empleado=empleado, fecha_cese=datetime.date(2026, 12, 31), motivo="renuncia")
    clave = _clave(sucursal, "personal.planilla")
    cts = client.get("/api/rest/personal/cts/", HTTP_KEY=clave).json()["results"]
    # May–October 6 months, no gratificación recorded: 1,500 × 6 / 12
    assert [(f["periodo"], f["meses"], f["monto"]) for f in cts] == [("2026-11-01", 6, "750.00")]
    filas = client.get("/api/rest/personal/liquidaciones/", HTTP_KEY=clave).json()["results"]
    assert [(f["fecha_cese"], f["total"]) for f in filas] == [("2026-12-31", f"{liq.total:.2f}")]
    sin = _clave(sucursal, "personal.empleados")
    assert client.get("/api/rest/personal/cts/", HTTP_KEY=sin).status_code == 403
    assert client.get("/api/rest/personal/liquidaciones/", HTTP_KEY=sin).status_code == 403
