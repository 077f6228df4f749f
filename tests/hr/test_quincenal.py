"""The quincenal planilla from attendance: each fortnight's days, absences and tardiness, the second fortnight
completing the month to the cent; its screens (filter by period type, boleta PDF)."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from erp.models import TipoDocumentoIdentidad
from hr import services
from hr.models import Adelanto, Empleado, Licencia, Marcacion, Planilla, TipoLicencia, TipoPeriodo
from tests import factories

pytestmark = pytest.mark.django_db
JUNIO = datetime.date(2026, 6, 1)


@pytest.fixture
def sucursal():
    return factories.sucursal(factories.empresa(), codigo="0000", nombre="Lima")


def _empleado(sucursal, numero, apellidos, **kwargs):
    nuevo = Empleado(sucursal=sucursal, nombres="Ana", apellidos=apellidos, numero_documento=numero,
                     tipo_documento=TipoDocumentoIdentidad.objects.get(codigo="1"), fecha_ingreso=datetime.date(2026, 1, 1),
                     **kwargs)
    nuevo.tomar_empresa_de_sucursal()
    return services.empleado_guardar(empleado=nuevo)


def _marcar(empleado, dia, *horas):
    zona = timezone.get_current_timezone()
    for hora, tipo in zip(horas, ("entrada", "salida"), strict=False):
        Marcacion.objects.create(empleado=empleado, tipo=tipo, fecha_hora=datetime.datetime.combine(
            datetime.date(2026, 6, dia), hora, tzinfo=zona))


@pytest.fixture
def quincenal(sucursal):
    """3,000 a month paid by fortnight, with a child. June 2026 (1 June is a Monday, schedule 8:00–17:00, 5 minutes of
    tolerance): the 1st in at 8:30 and out at 19:00, the 2nd absent, 3–15 on paid leave; the 16th in at 8:15, the 17th
    absent, 18–30 on paid leave; an advance of 500 on the 10th."""
    e = _empleado(sucursal, "40000011", "Quincenal Rojas", tipo_remuneracion="quincenal", sueldo_basico=D("3000"), hijos=1)
    _marcar(e, 1, datetime.time(8, 30), datetime.time(19))
    _marcar(e, 16, datetime.time(8, 15), datetime.time(17))
    for desde, hasta in ((3, 15), (18, 30)):
        Licencia.objects.create(empleado=e, tipo=TipoLicencia.LICENCIA, desde=datetime.date(2026, 6, desde),
                                hasta=datetime.date(2026, 6, hasta))
    Adelanto.objects.create(empleado=e, fecha=datetime.date(2026, 6, 10), monto=D("500"))
    return e


def test_las_dos_quincenas_de_junio_suman_el_mes(sucursal, quincenal):
    mensual = _empleado(sucursal, "40000012", "Mensual Vega", sueldo_basico=D("1500"))
    Licencia.objects.create(empleado=mensual, tipo=TipoLicencia.LICENCIA, desde=JUNIO, hasta=datetime.date(2026, 6, 30))
    # The monthly planilla leaves out who is paid by fortnight, and the fortnights leave out the others.
    assert [x.empleado for x in services.planilla_calcular(sucursal=sucursal, periodo=JUNIO).lineas.all()] == [mensual]

    with pytest.raises(ValidationError, match="cierre antes la planilla de la 1.ª quincena"):
        services.planilla_calcular(sucursal=sucursal, periodo=JUNIO, tipo_periodo=TipoPeriodo.SEGUNDA_QUINCENA)
    assert not Planilla.objects.filter(tipo_periodo=TipoPeriodo.SEGUNDA_QUINCENA).exists()

    primera = services.planilla_calcular(sucursal=sucursal, periodo=JUNIO, tipo_periodo=TipoPeriodo.PRIMERA_QUINCENA)
    q1 = primera.lineas.get()
    assert q1.empleado == quincenal
    # Days 1–15: 1 falta of 15 days, 30 minutes late, 2 overtime hours (17:00–19:00 at 25 %)
    assert (q1.dias_laborados, q1.dias_falta, q1.minutos_tardanza, q1.horas_extra) == (14, 1, 30, D("2.00"))
    # 3,000 / 30 × 15 = 1,500; 113 / 2 = 56.50; 3,113 / 240 × 1.25 × 2 = 32.43; − 100 falta − 6.25 tardanza
    assert (q1.basico, q1.asignacion_familiar, q1.monto_horas_extra) == (D("1500.00"), D("56.50"), D("32.43"))
    assert (q1.descuento_faltas, q1.descuento_tardanzas, q1.total_ingresos) == (D("100.00"), D("6.25"), D("1482.68"))
    assert (q1.onp, q1.quinta, q1.adelantos, q1.essalud) == (D("192.75"), D("0.00"), D("500.00"), D("0.00"))
    assert q1.neto == D("789.93")  # 1,482.68 − 192.75 − 500
    services.planilla_cerrar(planilla=primera)

    segunda = services.planilla_calcular(sucursal=sucursal, periodo=JUNIO, tipo_periodo=TipoPeriodo.SEGUNDA_QUINCENA)
    q2 = segunda.lineas.get()
    # Days 16–30: the month's 28 days, 2 faltas, 45 minutes and 2 hours, less the first fortnight's
    assert (q2.dias_laborados, q2.dias_falta, q2.minutos_tardanza, q2.horas_extra) == (14, 1, 15, D("0.00"))
    # The month: 3,000 + 113 + 32.43 − 200 − 9.38 = 2,936.05, ONP 381.69, EsSalud 264.24 (9 %); 5th category
    # 2,936.05 + 3,113 × 6 + 2 × 3,393.17 = 28,400.39 is under 7 UIT. Less the first fortnight:
    assert (q2.basico, q2.descuento_faltas, q2.descuento_tardanzas) == (D("1500.00"), D("100.00"), D("3.13"))
    assert (q2.total_ingresos, q2.onp, q2.quinta, q2.adelantos) == (D("1453.37"), D("188.94"), D("0.00"), D("0.00"))
    assert (q2.essalud, q2.neto) == (D("264.24"), D("1264.43"))  # 1,453.37 − 188.94
    assert primera.total_neto + segunda.total_neto == D("2054.36")  # = the month's 2,936.05 − 381.69 − 500

    # The next month sees June whole: income 2,936.05 and the retention of both fortnights.
    from hr import selectors

    assert selectors.anio_anterior([quincenal.pk], datetime.date(2026, 7, 1))[quincenal.pk][0] == D("2936.05")
    services.planilla_cerrar(planilla=segunda)
    with pytest.raises(ValidationError, match="2.ª quincena .* está cerrada"):
        services.planilla_calcular(sucursal=sucursal, periodo=JUNIO, tipo_periodo=TipoPeriodo.SEGUNDA_QUINCENA)


def test_las_quincenas_en_el_registro_de_planillas(client, sucursal, quincenal):
    from pypdf import PdfReader

    client.force_login(factories.usuario("rrhh", sucursales=[sucursal], is_superuser=True))
    calcular = reverse("admin:hr_planilla_calcular")
    datos = {"sucursal": sucursal.pk, "anio": 2026, "mes": 6, "tipo_periodo": TipoPeriodo.PRIMERA_QUINCENA}
    assert "Planilla calculada." in client.post(calcular, datos, follow=True).content.decode()
    primera = Planilla.objects.get(tipo_periodo=TipoPeriodo.PRIMERA_QUINCENA)
    services.planilla_cerrar(planilla=primera)
    client.post(calcular, {**datos, "tipo_periodo": TipoPeriodo.SEGUNDA_QUINCENA}, follow=True)
    segunda = Planilla.objects.get(tipo_periodo=TipoPeriodo.SEGUNDA_QUINCENA)

    lista = reverse("admin:hr_planilla_changelist")
    filtrada = client.get(lista, {"tipo_periodo__exact": TipoPeriodo.SEGUNDA_QUINCENA}).content.decode()
    assert "Planilla 06/2026 2.ª quincena (16–fin de mes)" in filtrada and "1.ª quincena (1–15) —" not in filtrada

    linea = segunda.lineas.get()
    pdf = client.get(reverse("admin:hr_planilla_boleta", args=[segunda.pk, linea.pk]))
    assert "2026-06-quincena2" in pdf["Content-Disposition"]
    texto = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "2.ª QUINCENA" in texto.upper() and "1264.43" in texto.replace(",", "")
