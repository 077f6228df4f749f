"""The kiosk marks attendance by code; the planilla screen closes a calculated planilla once."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from erp.models import TipoDocumentoIdentidad
from hr import services
from hr.models import EstadoPlanilla, Marcacion, Planilla
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def sucursal():
    return factories.sucursal(factories.empresa(), codigo="0000", nombre="Lima")


@pytest.fixture
def empleado(sucursal):
    from hr.models import Empleado

    nuevo = Empleado(
        sucursal=sucursal, nombres="Ana", apellidos="Quispe Rojas", numero_documento="45678912",
        tipo_documento=TipoDocumentoIdentidad.objects.get(codigo="1"), fecha_ingreso=datetime.date(2026, 1, 5),
        sueldo_basico=Decimal("1500.00"),
    )
    nuevo.tomar_empresa_de_sucursal()
    return services.empleado_guardar(empleado=nuevo)


def test_el_kiosko_marca_la_entrada_y_rechaza_un_codigo_desconocido(client, empleado):
    url = reverse("hr:kiosko")
    mal = client.post(url, {"codigo": "000000-no"})
    assert mal.status_code == 400
    assert "Código no reconocido." in mal.content.decode()
    assert not Marcacion.objects.exists()

    bien = client.post(url, {"codigo": empleado.codigo})
    assert bien.status_code == 200
    assert Marcacion.objects.filter(empleado=empleado).count() == 1


def test_la_planilla_se_cierra_desde_su_lista_una_sola_vez(client, sucursal, empleado):
    planilla = services.planilla_calcular(sucursal=sucursal, periodo=datetime.date(2026, 11, 1))
    admin_usuario = factories.usuario("rrhh", sucursales=[sucursal], is_superuser=True)
    client.force_login(admin_usuario)
    url = reverse("admin:hr_planilla_changelist")
    assert "Planilla 11/2026" in client.get(url).content.decode()

    client.post(url, {"action": "cerrar", "_selected_action": [planilla.pk]}, follow=True)
    assert Planilla.objects.get(pk=planilla.pk).estado == EstadoPlanilla.CERRADA
    otra_vez = client.post(url, {"action": "cerrar", "_selected_action": [planilla.pk]}, follow=True)
    assert "ya está cerrada" in otra_vez.content.decode()

    excel = client.post(url, {"action": "exportar_excel", "_selected_action": [planilla.pk]})
    assert excel["Content-Type"].startswith("application/vnd.openxmlformats")


def test_las_pantallas_de_personal_abren(client, sucursal, empleado):
    client.force_login(factories.usuario("rrhh", sucursales=[sucursal], is_superuser=True))
    for modelo in ("empleado", "marcacion", "licencia", "adelanto", "parametrolegal", "tasaafp"):
        assert client.get(reverse(f"admin:hr_{modelo}_changelist")).status_code == 200
    assert "Quispe Rojas" in client.get(reverse("admin:hr_empleado_changelist")).content.decode()


def test_pagar_la_planilla_saca_los_netos_de_la_cuenta_elegida(client, sucursal, empleado):
    from billing.models import CuentaBancaria
    from billing.tesoreria.models import OperacionBancaria
    from erp.models import Moneda

    planilla = services.planilla_calcular(sucursal=sucursal, periodo=datetime.date(2026, 11, 1))
    cuenta = CuentaBancaria.objects.create(
        empresa=sucursal.empresa, banco="BCP", moneda=Moneda.objects.get(codigo="PEN"), numero="191-9", saldo_inicial=Decimal("5000.00")
    )
    client.force_login(factories.usuario("rrhh", sucursales=[sucursal], is_superuser=True))
    url = reverse("admin:hr_planilla_pagar", args=[planilla.pk])
    datos = {"medio": f"cuenta:{cuenta.pk}", "fecha": "01/12/2026", "numero_operacion": "77", "_form_submitted": "1"}
    abierta = client.post(url, datos, follow=True)
    assert "Solo se paga una planilla cerrada." in abierta.content.decode()
    assert not OperacionBancaria.objects.exists()

    services.planilla_cerrar(planilla=planilla)
    planilla.refresh_from_db()
    client.post(url, datos, follow=True)
    cuenta.refresh_from_db()
    assert Planilla.objects.get(pk=planilla.pk).estado == EstadoPlanilla.PAGADA
    assert cuenta.saldo == Decimal("5000.00") - planilla.total_neto
    pago = OperacionBancaria.objects.get(cuenta=cuenta)
    assert (pago.monto, pago.fecha, pago.referencia, pago.numero_operacion) == (planilla.total_neto, datetime.date(2026, 12, 1), "Planilla 11/2026", "77")


def test_la_boleta_de_pago_del_empleado_en_pdf(client, sucursal, empleado):
    import io

    from pypdf import PdfReader

    planilla = services.planilla_calcular(sucursal=sucursal, periodo=datetime.date(2026, 11, 1))
    linea = planilla.lineas.get()
    client.force_login(factories.usuario("rrhh", sucursales=[sucursal], is_superuser=True))
    assert reverse("admin:hr_planilla_boleta", args=[planilla.pk, linea.pk]) in client.get(reverse("admin:hr_planilla_change", args=[planilla.pk])).content.decode()
    pdf = client.get(reverse("admin:hr_planilla_boleta", args=[planilla.pk, linea.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    texto = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "QUISPE ROJAS" in texto.upper() and f"{linea.neto:,.2f}".replace(",", "") in texto.replace(",", "")
    # Payroll staff of another branch do not get it.
    otra = factories.sucursal(sucursal.empresa, codigo="0009", nombre="Otra")
    client.force_login(factories.usuario("otro", sucursales=[otra], perfiles=[factories.perfil("RR. HH.", modulos=["personal.planilla"])]))
    assert client.get(reverse("admin:hr_planilla_changelist")).status_code == 200
    assert client.get(reverse("admin:hr_planilla_boleta", args=[planilla.pk, linea.pk])).status_code == 404


def test_sin_permiso_de_planilla_no_se_ven_ni_cambian_los_sueldos(client, sucursal, empleado):
    asistente = factories.usuario("asistente", sucursales=[sucursal], perfiles=[factories.perfil("Personal", modulos=["personal.empleados"])])
    client.force_login(asistente)
    lista = client.get(reverse("admin:hr_empleado_changelist")).content.decode()
    assert "Quispe Rojas" in lista and "1500" not in lista.replace(",", "").replace(".00", "")
    url = reverse("admin:hr_empleado_change", args=[empleado.pk])
    ficha = client.get(url).content.decode()
    assert 'name="sueldo_basico"' not in ficha and 'name="cargo"' in ficha
    assert client.get(reverse("admin:hr_empleado_add")).status_code == 403

    rrhh = factories.usuario("rrhh", sucursales=[sucursal], perfiles=[factories.perfil("Planilla", modulos=["personal.empleados", "personal.planilla"])])
    client.force_login(rrhh)
    assert 'name="sueldo_basico"' in client.get(url).content.decode()


def test_calcular_la_planilla_desde_su_lista(client, sucursal, empleado):
    client.force_login(factories.usuario("rrhh", sucursales=[sucursal], is_superuser=True))
    url = reverse("admin:hr_planilla_calcular")
    assert client.get(url).status_code == 200
    respuesta = client.post(url, {"sucursal": sucursal.pk, "anio": 2026, "mes": 11}, follow=True)
    planilla = Planilla.objects.get(sucursal=sucursal, periodo=datetime.date(2026, 11, 1))
    assert planilla.lineas.count() == 1 and "Planilla calculada." in respuesta.content.decode()
    services.planilla_cerrar(planilla=planilla)
    otra_vez = client.post(url, {"sucursal": sucursal.pk, "anio": 2026, "mes": 11}, follow=True).content.decode()
    assert "está cerrada: no se puede volver a calcular" in otra_vez


def test_el_reporte_de_asistencia_con_filtros_y_excel(client, sucursal, empleado):
    import io

    from django.utils import timezone
    from openpyxl import load_workbook

    zona = timezone.get_current_timezone()
    # Monday 2 November 2026: in at 8:20 (20 min late, tolerance 5), out at 19:30 (2.5 h extra); Tuesday absent.
    services.marcacion_registrar(codigo=empleado.codigo, momento=datetime.datetime(2026, 11, 2, 8, 20, tzinfo=zona))
    services.marcacion_registrar(codigo=empleado.codigo, momento=datetime.datetime(2026, 11, 2, 19, 30, tzinfo=zona))
    client.force_login(factories.usuario("rrhh", sucursales=[sucursal], is_superuser=True))
    url = reverse("admin:hr_marcacion_reporte")
    filtros = {"desde": "2026-11-02", "hasta": "2026-11-03", "q": "Quispe"}
    pagina = client.get(url, filtros).content.decode()
    assert "2 días: 1 faltas, 20 min de tardanza, 2.50 horas extra." in pagina
    assert "No hay días" in client.get(url, {**filtros, "q": "Nadie"}).content.decode()
    solo_faltas = client.get(url, {**filtros, "estado": "Falta"}).content.decode()
    assert "1 días: 1 faltas" in solo_faltas

    libro = load_workbook(io.BytesIO(client.get(url, {**filtros, "formato": "xlsx"}).content))
    filas = list(libro.active.values)
    assert filas[1][1:] == (empleado.codigo, "Quispe Rojas, Ana", None, "08:20", "19:30", "Asistió", 20, 2, 0.5)
    assert filas[2][6] == "Falta"


def test_los_archivos_plame_del_mes(client, sucursal, empleado):
    import io
    import zipfile

    from django.utils import timezone

    from hr.models import Licencia, TipoLicencia

    # November 2026 (Monday to Friday): vacations 2–6, Monday 9 in at 8:00 and out at 19:30 (2.5 h extra),
    # Tuesday 10 absent, paid leave 11–30.
    Licencia.objects.create(empleado=empleado, tipo=TipoLicencia.VACACIONES, desde=datetime.date(2026, 11, 2), hasta=datetime.date(2026, 11, 6))
    Licencia.objects.create(empleado=empleado, tipo=TipoLicencia.LICENCIA, desde=datetime.date(2026, 11, 11), hasta=datetime.date(2026, 11, 30))
    zona = timezone.get_current_timezone()
    for hora in (datetime.time(8, 0), datetime.time(19, 30)):
        services.marcacion_registrar(codigo=empleado.codigo, momento=datetime.datetime.combine(datetime.date(2026, 11, 9), hora, tzinfo=zona))
    planilla = services.planilla_calcular(sucursal=sucursal, periodo=datetime.date(2026, 11, 1))
    client.force_login(factories.usuario("rrhh", sucursales=[sucursal], is_superuser=True))
    url = reverse("admin:hr_planilla_changelist")
    respuesta = client.post(url, {"action": "archivos_plame", "_selected_action": [planilla.pk]})
    archivo = zipfile.ZipFile(io.BytesIO(respuesta.content))
    nombre = f"0601202611{sucursal.empresa.ruc}"
    assert sorted(archivo.namelist()) == [f"{nombre}.jor", f"{nombre}.rem", f"{nombre}.snl"]
    # Day 50.00 (1,500 / 30); hour of overtime 1,500 / 240 = 6.25: 2 h × 1.25 = 15.625 + 0.5 h × 1.35 = 4.21875
    # → 19.84 in all, 4.22 of it at 35 %. Basic 1,500 − 5 vacation days = 1,250; base 1,250 + 250 + 19.84 − 50
    # = 1,469.84: ONP 13 % = 191.08, EsSalud 9 % = 132.29.
    assert archivo.read(f"{nombre}.rem").decode().split("\r\n") == [
        "01|45678912|0105|15.62|15.62|", "01|45678912|0106|4.22|4.22|", "01|45678912|0118|250.00|250.00|",
        "01|45678912|0121|1250.00|1250.00|", "01|45678912|0607|191.08|191.08|", "01|45678912|0705|50.00|50.00|",
        "01|45678912|0804|132.29|132.29|", "",
    ]
    # 30 − 1 absence − 5 vacation days = 24 days × 8 h; 2 h 30 min of overtime.
    assert archivo.read(f"{nombre}.jor").decode() == "01|45678912|192|0|2|30|\r\n"
    assert archivo.read(f"{nombre}.snl").decode() == "01|45678912|07|1|\r\n01|45678912|23|5|\r\n01|45678912|26|20|\r\n"

    octubre = services.planilla_calcular(sucursal=sucursal, periodo=datetime.date(2026, 10, 1))
    mezcla = client.post(url, {"action": "archivos_plame", "_selected_action": [planilla.pk, octubre.pk]}, follow=True)
    assert "una sola empresa y un solo mes" in mezcla.content.decode()
