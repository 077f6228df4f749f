"""CTS, gratificación and liquidación from the records and the planillas, on hand-worked cases (the working beside
each figure), and their screens: calculate, close once, PDF, Excel."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from erp.models import TipoDocumentoIdentidad
from hr import services
from hr.models import DepositoCts, Empleado, EstadoBeneficio, Licencia, Liquidacion, MotivoCese, TipoLicencia
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def sucursal():
    return factories.sucursal(factories.empresa(), codigo="0000", nombre="Lima")


def _empleado(sucursal, numero, ingreso, sueldo, **kwargs):
    nuevo = Empleado(sucursal=sucursal, nombres="Ana", apellidos=f"Trabajadora {numero}", numero_documento=numero,
                     tipo_documento=TipoDocumentoIdentidad.objects.get(codigo="1"), fecha_ingreso=ingreso,
                     sueldo_basico=D(sueldo), **kwargs)
    nuevo.tomar_empresa_de_sucursal()
    return services.empleado_guardar(empleado=nuevo)


def _julio_con_licencia(sucursal, *empleados):
    """July's planilla, each worker on paid leave all month (no marks, no faltas): it pays January–June's gratificación."""
    for e in empleados:
        Licencia.objects.create(empleado=e, tipo=TipoLicencia.LICENCIA, desde=datetime.date(2026, 7, 1),
                                hasta=datetime.date(2026, 7, 31))
    return services.planilla_calcular(sucursal=sucursal, periodo=datetime.date(2026, 7, 1))


def test_julio_paga_la_gratificacion_del_primer_semestre_por_meses_completos(sucursal):
    desde_febrero = _empleado(sucursal, "40000001", datetime.date(2026, 2, 1), "3000")
    planilla = _julio_con_licencia(sucursal, desde_febrero)
    linea = planilla.lineas.get()
    # February–June: 5 full months of January–June → 3,000 × 5 / 6 = 2,500; bonus 9 % = 225
    assert (linea.gratificacion, linea.bonificacion) == (D("2500.00"), D("225.00"))
    assert linea.onp == D("390.00")  # 13 % of the salary only


def test_cts_de_noviembre_por_trabajador_y_regimen(sucursal):
    general = _empleado(sucursal, "40000002", datetime.date(2025, 3, 1), "3000", hijos=1)
    pequena = _empleado(sucursal, "40000003", datetime.date(2026, 6, 16), "1500", regimen="pequena")
    _empleado(sucursal, "40000004", datetime.date(2025, 1, 1), "1130", regimen="micro")
    _julio_con_licencia(sucursal, general, pequena)

    depositos = {d.empleado_id: d for d in services.cts_calcular(sucursal=sucursal, periodo=datetime.date(2026, 11, 1))}
    assert set(depositos) == {general.pk, pequena.pk}  # microempresa: no CTS
    g = depositos[general.pk]
    # May–October: 6 months. July's gratificación (3,000 + 113) × 6/6 = 3,113 → 1/6 = 518.83
    assert (g.meses, g.dias, g.asignacion_familiar, g.sexto_gratificacion) == (6, 0, D("113.00"), D("518.83"))
    assert g.computable == D("3631.83")
    assert g.monto == D("1815.92")  # 3,631.8333 × 6 / 12 = 1,815.9167
    p = depositos[pequena.pk]
    # From 16 June: 15 days of June, July–October 4 months; no gratificación in July (June was not a full month).
    # 1,500 × half × (4/12 + 15/360) = 750 × 0.375 = 281.25
    assert (p.meses, p.dias, p.sexto_gratificacion, p.monto) == (4, 15, D("0.00"), D("281.25"))

    # While open it is calculated again from the records: a raise is taken.
    Empleado.objects.filter(pk=pequena.pk).update(sueldo_basico=D("1600"))
    de_nuevo = {d.empleado_id: d for d in services.cts_calcular(sucursal=sucursal, periodo=datetime.date(2026, 11, 1))}
    assert de_nuevo[pequena.pk].monto == D("300.00")  # 800 × 0.375
    assert DepositoCts.objects.filter(periodo=datetime.date(2026, 11, 1)).count() == 2
    g = de_nuevo[general.pk]

    services.cts_cerrar(deposito=g)
    with pytest.raises(ValidationError, match="está cerrada"):
        services.cts_calcular(sucursal=sucursal, periodo=datetime.date(2026, 11, 1))
    assert DepositoCts.objects.filter(periodo=datetime.date(2026, 11, 1)).count() == 2  # nothing rewritten
    with pytest.raises(ValidationError, match="mayo y en noviembre"):
        services.cts_calcular(sucursal=sucursal, periodo=datetime.date(2026, 10, 1))


def test_liquidacion_despues_de_siete_meses(sucursal):
    e = _empleado(sucursal, "40000005", datetime.date(2026, 1, 1), "2400")
    _julio_con_licencia(sucursal, e)  # pays the January–June gratificación: 2,400
    liq = services.liquidacion_calcular(empleado=e, fecha_cese=datetime.date(2026, 7, 31), motivo=MotivoCese.RENUNCIA)
    # CTS: May's deposit covered to April; May–July 3 months × (2,400 + 2,400 / 6) / 12 = 700
    assert (liq.cts_desde, liq.meses_cts, liq.dias_cts, liq.ultima_gratificacion) == (
        datetime.date(2026, 5, 1), 3, 0, D("2400.00"))
    assert liq.cts_trunca == D("700.00")
    # July–December semester: July is 1 full month → 2,400 / 6 = 400; bonus 9 % = 36
    assert (liq.gratificacion_trunca, liq.bonificacion) == (D("400.00"), D("36.00"))
    # Vacations: 7 months of the first year → 2,400 × 7 / 12 = 1,400; none earned yet
    assert (liq.vacaciones_truncas, liq.dias_vacaciones_pendientes) == (D("1400.00"), 0)
    assert liq.total == D("2536.00")
    assert Empleado.objects.get(pk=e.pk).fecha_cese == datetime.date(2026, 7, 31)


def test_liquidacion_en_pequena_empresa_con_vacaciones_pendientes(sucursal):
    e = _empleado(sucursal, "40000006", datetime.date(2025, 3, 1), "1800", regimen="pequena")
    Licencia.objects.create(empleado=e, tipo=TipoLicencia.VACACIONES, desde=datetime.date(2026, 1, 5),
                            hasta=datetime.date(2026, 1, 9))
    liq = services.liquidacion_calcular(empleado=e, fecha_cese=datetime.date(2026, 3, 15), motivo=MotivoCese.MUTUO)
    # CTS since 1 November: Nov–Feb 4 months + 15 days of March; no gratificación recorded:
    # 1,800 × half × (4/12 + 15/360) = 900 × 0.375 = 337.50
    assert (liq.meses_cts, liq.dias_cts, liq.cts_trunca) == (4, 15, D("337.50"))
    # January and February: 1,800 × half × 2/6 = 300; bonus 27
    assert (liq.gratificacion_trunca, liq.bonificacion) == (D("300.00"), D("27.00"))
    # One year complete on 28/02/2026: 15 days earned, 5 taken → 10 pending × 1,800 / 30 = 600;
    # from 1 March, 15 days: 1,800 × 15/30 × 15/360 = 37.50
    assert (liq.dias_vacaciones_pendientes, liq.vacaciones_pendientes) == (10, D("600.00"))
    assert (liq.meses_vacaciones, liq.dias_vacaciones, liq.vacaciones_truncas) == (0, 15, D("37.50"))
    assert liq.total == D("1302.00")

    services.liquidacion_cerrar(liquidacion=liq)
    assert not Empleado.objects.get(pk=e.pk).activo
    with pytest.raises(ValidationError, match="está cerrada"):
        services.liquidacion_calcular(empleado=e, fecha_cese=datetime.date(2026, 3, 20), motivo=MotivoCese.MUTUO)
    assert Liquidacion.objects.get().fecha_cese == datetime.date(2026, 3, 15)


def test_liquidacion_en_microempresa_solo_vacaciones(sucursal):
    e = _empleado(sucursal, "40000007", datetime.date(2026, 1, 1), "1130", regimen="micro")
    liq = services.liquidacion_calcular(empleado=e, fecha_cese=datetime.date(2026, 7, 31), motivo=MotivoCese.FIN_CONTRATO)
    assert (liq.cts_trunca, liq.gratificacion_trunca, liq.bonificacion) == (D("0.00"), D("0.00"), D("0.00"))
    assert liq.vacaciones_truncas == D("329.58")  # 15 days a year: 1,130 × 15/30 × 7/12 = 329.583
    assert liq.total == D("329.58")


def test_las_pantallas_de_cts_y_liquidacion(client, sucursal):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    e = _empleado(sucursal, "40000008", datetime.date(2026, 1, 1), "2400")
    client.force_login(factories.usuario("rrhh", sucursales=[sucursal], is_superuser=True))
    url = reverse("admin:hr_depositocts_generar")
    assert client.get(url).status_code == 200
    datos = {"sucursal": sucursal.pk, "anio": 2026, "mes": 11}
    client.post(url, datos, follow=True)
    deposito = DepositoCts.objects.get(empleado=e)
    assert deposito.monto == D("1200.00")  # May–October 6 months, no gratificación recorded: 2,400 × 6 / 12
    lista = reverse("admin:hr_depositocts_changelist")
    client.post(lista, {"action": "cerrar", "_selected_action": [deposito.pk]}, follow=True)
    assert DepositoCts.objects.get(pk=deposito.pk).estado == EstadoBeneficio.CERRADO
    otra_vez = client.post(url, datos, follow=True).content.decode()
    assert "está cerrada" in otra_vez

    libro = load_workbook(io.BytesIO(client.get(reverse("admin:hr_depositocts_exportar_excel")).content))
    filas = list(libro.active.values)
    assert "Cts a depositar" in filas[0] and D(str(filas[1][filas[0].index("Cts a depositar")])) == D("1200")
    pdf = client.get(reverse("admin:hr_depositocts_pdf", args=[deposito.pk]))
    texto = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "LIQUIDACIÓN DE CTS" in texto and "1,200.00" in texto

    client.post(reverse("admin:hr_liquidacion_calcular"),
                {"empleado": e.pk, "fecha_cese": "31/12/2026", "motivo": MotivoCese.RENUNCIA}, follow=True)
    liq = Liquidacion.objects.get(empleado=e)
    # November–December 2 months: 2,400 × 2 / 12 = 400; July–December 6 months of gratificación 2,400 + 216;
    # a year complete: 30 days pending 2,400
    assert (liq.cts_trunca, liq.gratificacion_trunca, liq.vacaciones_pendientes, liq.total) == (
        D("400.00"), D("2400.00"), D("2400.00"), D("5416.00"))
    for modelo, pk in (("depositocts", deposito.pk), ("liquidacion", liq.pk)):
        ficha = client.get(reverse(f"admin:hr_{modelo}_change", args=[pk]))
        assert ficha.status_code == 200 and 'name="_save"' not in ficha.content.decode()  # read-only
    pdf = client.get(reverse("admin:hr_liquidacion_pdf", args=[liq.pk]))
    assert "BENEFICIOS SOCIALES" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    # Another branch's payroll staff see neither.
    otra = factories.sucursal(sucursal.empresa, codigo="0009", nombre="Otra")
    client.force_login(factories.usuario("otro", sucursales=[otra], perfiles=[factories.perfil("RR. HH.", modulos=["personal.planilla"])]))
    assert client.get(reverse("admin:hr_liquidacion_pdf", args=[liq.pk])).status_code == 404
    assert client.get(reverse("admin:hr_depositocts_changelist")).status_code == 200


def _linea(empleado, mes, basico, **montos):
    """A past month's planilla line of `empleado` (2026): its hour pay `basico` and any other amount given."""
    from hr.models import LineaPlanilla, Planilla

    planilla, _ = Planilla.objects.get_or_create(sucursal=empleado.sucursal, periodo=datetime.date(2026, mes, 1))
    ceros = {c: D("0") for c in ("asignacion_familiar", "monto_horas_extra", "vacaciones", "descuento_faltas",
                                 "descuento_tardanzas", "gratificacion", "bonificacion", "onp", "afp_aporte", "afp_prima",
                                 "afp_comision", "quinta", "adelantos", "retencion_judicial", "total_descuentos", "essalud",
                                 "eps")}  # fmt: skip
    valores = {**ceros, "total_ingresos": D(basico), "neto": D(basico), **montos}
    LineaPlanilla.objects.create(planilla=planilla, empleado=empleado, dias_laborados=30, basico=D(basico), **valores)


def test_por_hora_gratificacion_cts_y_liquidacion_con_el_promedio_de_seis_meses(sucursal):
    e = _empleado(sucursal, "40000009", datetime.date(2026, 1, 1), "25", tipo_remuneracion="hora")
    for mes, pago in ((3, "1500"), (4, "1800"), (5, "1200"), (6, "1500")):  # January and February: no hours
        _linea(e, mes, pago)
    julio = _julio_con_licencia(sucursal, e).lineas.get()
    # January–June paid in 4 of 6 months: (1,500 + 1,800 + 1,200 + 1,500) / 6 = 1,000 × 6/6; bonus 9 %
    assert (julio.basico, julio.gratificacion, julio.bonificacion) == (D("0.00"), D("1000.00"), D("90.00"))

    for mes, pago in ((8, "2100"), (10, "1800")):  # September: no hours
        _linea(e, mes, pago)
    cts = services.cts_calcular(sucursal=sucursal, periodo=datetime.date(2026, 11, 1))[0]
    # May–October: (1,200 + 1,500 + 0 + 2,100 + 0 + 1,800) / 6 = 1,100 (4 of 6 months); + 1,000 / 6 = 166.67
    assert (cts.sueldo, cts.sexto_gratificacion, cts.computable) == (D("1100.00"), D("166.67"), D("1266.67"))
    assert cts.monto == D("633.33")  # 1,266.6667 × 6 / 12

    liq = services.liquidacion_calcular(empleado=e, fecha_cese=datetime.date(2026, 11, 30), motivo=MotivoCese.RENUNCIA)
    # June–November: (1,500 + 0 + 2,100 + 0 + 1,800 + 0) / 6 = 900, paid in 3 of 6 months: still regular
    assert liq.sueldo == D("900.00")
    # CTS since 1 November, no gratificación in it: 900 / 12 = 75; July–November 5 months: 900 × 5 / 6 = 750 + 9 %
    assert (liq.cts_trunca, liq.gratificacion_trunca, liq.bonificacion) == (D("75.00"), D("750.00"), D("67.50"))
    assert liq.vacaciones_truncas == D("825.00")  # 11 months: 900 × 11 / 12
    # The year's 5th category: 6,000 + 1,090 + 3,900 paid + 1,642.50 here = 12,632.50, under 7 UIT; none retained
    assert (liq.renta_anual, liq.quinta) == (D("12632.50"), D("0.00"))
    assert liq.total == D("1717.50")


def test_liquidacion_con_la_regularizacion_de_quinta_del_anio(sucursal):
    e = _empleado(sucursal, "40000010", datetime.date(2026, 1, 1), "9000")
    Licencia.objects.create(empleado=e, tipo=TipoLicencia.LICENCIA, desde=datetime.date(2026, 1, 1),
                            hasta=datetime.date(2026, 5, 31))
    for mes in range(1, 6):
        services.planilla_calcular(sucursal=sucursal, periodo=datetime.date(2026, mes, 1))
    # Retained with the projection of a whole year: 9,000 × 12 + 2 × (9,000 + 810) = 127,620; − 38,500 = 89,120:
    # 27,500 × 8 % = 2,200 + 61,620 × 14 % = 8,626.80 → 10,826.80. Jan–Mar / 12 = 902.23; Apr (10,826.80 − 2,706.69) / 9
    # = 902.23; May (10,826.80 − 3,608.92) / 8 = 902.235 → 902.24. In all 4,511.16.
    liq = services.liquidacion_calcular(empleado=e, fecha_cese=datetime.date(2026, 5, 31), motivo=MotivoCese.RENUNCIA)
    assert liq.quinta_retenida == D("4511.16")
    # Actual income: 5 × 9,000 + gratificación trunca Jan–May 9,000 × 5/6 = 7,500 + 675 bonus + vacaciones truncas
    # 9,000 × 5/12 = 3,750 (the CTS is not income) = 56,925; − 38,500 = 18,425 × 8 % = 1,474.00
    assert (liq.gratificacion_trunca, liq.bonificacion, liq.vacaciones_truncas) == (D("7500.00"), D("675.00"), D("3750.00"))
    assert liq.renta_anual == D("56925.00")
    assert liq.quinta == D("3037.16")  # a refund: 4,511.16 retained − 1,474.00 owed
    assert liq.cts_trunca == D("750.00")  # May, 1 month: 9,000 / 12
    assert liq.total == D("15712.16")  # 750 + 7,500 + 675 + 3,750 + 3,037.16
