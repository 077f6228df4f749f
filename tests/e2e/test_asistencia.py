"""Attendance in the browser: a worker marks at the kiosk, the office sees the day in the attendance report."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from erp.models import TipoDocumentoIdentidad, Usuario
from hr import services
from hr.models import Empleado
from tests import factories

from .conftest import entrar

pytestmark = pytest.mark.django_db(transaction=True)


def test_marcar_en_el_kiosko_y_verlo_en_el_reporte(pagina):
    sucursal = factories.sucursal(factories.empresa(), codigo="0000", nombre="Lima")
    nuevo = Empleado(sucursal=sucursal, nombres="Ana", apellidos="Quispe Rojas", numero_documento="45678912",
                     tipo_documento=TipoDocumentoIdentidad.objects.get(codigo="1"), fecha_ingreso=datetime.date(2026, 1, 5),
                     sueldo_basico=Decimal("1500.00"), area="Ventas")
    nuevo.tomar_empresa_de_sucursal()
    ana = services.empleado_guardar(empleado=nuevo)
    Usuario.objects.create_superuser("jefa", "jefa@example.com", "Jefa-Clave-2026")
    page = pagina

    page.goto(f"{page.base}/asistencia/kiosko/")
    page.fill("#codigo", "999999x")
    page.get_by_role("button", name="Ingresar").click()
    assert page.get_by_role("alert").inner_text() == "Código no reconocido."
    page.fill("#codigo", ana.codigo)
    page.get_by_role("button", name="Ingresar").click()
    estado = page.get_by_role("status").inner_text()
    assert re.fullmatch(r"Entrada registrada: Ana Quispe Rojas, \d\d:\d\d", estado)
    hora = estado[-5:]

    entrar(page, "jefa", "Jefa-Clave-2026")
    page.goto(f"{page.base}/admin/hr/marcacion/")
    page.get_by_role("link", name=re.compile("Reporte de asistencia")).click()
    page.wait_for_url(re.compile("/admin/hr/marcacion/reporte/"))
    page.fill("input[name=q]", "Quispe")
    page.get_by_role("button", name="Ver").click()
    page.wait_for_load_state()
    fila = page.locator("#dias tbody tr", has_text=timezone.localdate().strftime("%d/%m/%Y"))
    celdas = fila.locator("td").all_inner_texts()
    assert celdas[1:7] == [ana.codigo, "Quispe Rojas, Ana", "Ventas", hora, "—", "Asistió"]
