"""Reads of personnel and payroll: the parameters in force, the attendance per day, the year so far."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from . import calculo
from .models import (
    Concepto,
    Horario,
    Licencia,
    LineaPlanilla,
    Marcacion,
    ParametroLegal,
    TasaAfp,
    TipoLicencia,
    TramoQuinta,
)

HORARIO_PREDETERMINADO = Horario(nombre="General", entrada=datetime.time(8), salida=datetime.time(17), tolerancia=5)


def parametros_vigentes(fecha: datetime.date) -> calculo.Parametros:
    """The legal values in force on `fecha`; a clear error naming what is missing."""
    valores = {}
    for concepto in Concepto:
        fila = ParametroLegal.objects.filter(concepto=concepto, vigente_desde__lte=fecha).order_by("-vigente_desde").first()
        if fila:
            valores[concepto.value] = fila.valor
    desde_tramos = TramoQuinta.objects.filter(vigente_desde__lte=fecha).order_by("-vigente_desde").values_list(
        "vigente_desde", flat=True).first()
    faltan = [c.label for c in Concepto if c.value not in valores] + ([] if desde_tramos else ["tramos de quinta categoría"])
    if faltan:
        raise ValidationError(f"No hay parámetros vigentes al {fecha:%d/%m/%Y}: falta {', '.join(faltan)}.")
    tramos = tuple((t.hasta_uit, t.tasa) for t in TramoQuinta.objects.filter(vigente_desde=desde_tramos))
    afp = {}
    for tasa in TasaAfp.objects.filter(vigente_desde__lte=fecha).order_by("afp", "-vigente_desde"):
        afp.setdefault(tasa.afp, calculo.TasasAfp(tasa.aporte, tasa.prima, tasa.comision_flujo, tasa.comision_mixta,
                                                  tasa.remuneracion_maxima))
    return calculo.Parametros(
        rmv=valores["rmv"], uit=valores["uit"], onp=valores["onp"], essalud=valores["essalud"],
        essalud_con_eps=valores["essalud_eps"], asignacion_familiar=valores["asignacion"],
        bonificacion=valores["bonificacion"], bonificacion_con_eps=valores["bonificacion_eps"],
        deduccion_quinta_uit=valores["deduccion_quinta"], tramos_quinta=tramos, afp=afp,
    )


@dataclass
class DiaAsistencia:
    empleado_id: int
    fecha: datetime.date
    entrada: datetime.time | None
    salida: datetime.time | None
    estado: str  # "asistió", "falta", or the justified absence's label
    tardanza: int = 0  # minutes
    horas_extra_25: Decimal = Decimal("0")
    horas_extra_35: Decimal = Decimal("0")
    justificada: bool = False
    vacaciones: bool = False

    @property
    def horas_extra(self) -> Decimal:
        return self.horas_extra_25 + self.horas_extra_35


def _minutos(hora: datetime.time) -> int:
    return hora.hour * 60 + hora.minute


def horario_de(empleado, por_area: dict) -> Horario:
    return empleado.horario or por_area.get((empleado.empresa_id, empleado.area)) or HORARIO_PREDETERMINADO


def asistencia(empleados, desde: datetime.date, hasta: datetime.date) -> dict[int, list[DiaAsistencia]]:
    """Each working day of each worker in [desde, hasta] (not after today): marks, tardiness, overtime, absences.

    Three queries whatever the number of workers, so a 5,000-worker planilla reads its month at once.
    """
    empleados = list(empleados)
    hasta = min(hasta, timezone.localdate())
    ids = [e.pk for e in empleados]
    por_area = {(h.empresa_id, h.area): h for h in Horario.objects.filter(
        empresa_id__in={e.empresa_id for e in empleados}).exclude(area="")}
    marcas = defaultdict(list)
    zona = timezone.get_current_timezone()  # once: localtime() looks it up again for each of a month's 200,000 marks
    for empleado_id, momento in Marcacion.objects.filter(
        empleado_id__in=ids, fecha_hora__date__gte=desde, fecha_hora__date__lte=hasta
    ).order_by("fecha_hora").values_list("empleado_id", "fecha_hora"):
        local = momento.astimezone(zona)
        marcas[(empleado_id, local.date())].append(local.time())
    licencias = defaultdict(list)
    for licencia in Licencia.objects.filter(empleado_id__in=ids, desde__lte=hasta, hasta__gte=desde):
        licencias[licencia.empleado_id].append(licencia)

    resultado = {}
    for empleado in empleados:
        horario = horario_de(empleado, por_area)
        dias = []
        fecha = max(desde, empleado.fecha_ingreso)
        fin = min(hasta, empleado.fecha_cese) if empleado.fecha_cese else hasta
        while fecha <= fin:
            laborable = fecha.weekday() < 5 or (fecha.weekday() == 5 and horario.sabado)
            del_dia = marcas.get((empleado.pk, fecha), [])
            if laborable or del_dia:
                dias.append(_dia(empleado.pk, fecha, horario, del_dia, licencias.get(empleado.pk, ())))
            fecha += datetime.timedelta(days=1)
        resultado[empleado.pk] = dias
    return resultado


def _dia(empleado_id, fecha, horario, marcas, licencias) -> DiaAsistencia:
    licencia = next((lic for lic in licencias if lic.desde <= fecha <= lic.hasta), None)
    if licencia and licencia.tipo != TipoLicencia.SIN_GOCE:
        return DiaAsistencia(empleado_id, fecha, None, None, licencia.get_tipo_display(), justificada=True,
                             vacaciones=licencia.tipo == TipoLicencia.VACACIONES)
    if not marcas:
        return DiaAsistencia(empleado_id, fecha, None, None, licencia.get_tipo_display() if licencia else "Falta")
    entrada = marcas[0]
    salida = marcas[-1] if len(marcas) > 1 else None
    atraso = _minutos(entrada) - _minutos(horario.entrada)
    tardanza = atraso if atraso > horario.tolerancia else 0
    extra = Decimal(max(0, _minutos(salida) - _minutos(horario.salida)) if salida else 0) / 60
    extra = extra.quantize(Decimal("0.01"))
    # The first two overtime hours of a day pay 25 % more, the rest 35 % (D.S. 007-2002-TR).
    return DiaAsistencia(empleado_id, fecha, entrada, salida, "Asistió", tardanza=tardanza,
                         horas_extra_25=min(extra, Decimal(2)), horas_extra_35=max(Decimal(0), extra - 2))


def limites_del_mes(periodo: datetime.date) -> tuple[datetime.date, datetime.date]:
    return periodo.replace(day=1), periodo.replace(day=calendar.monthrange(periodo.year, periodo.month)[1])


def anio_anterior(empleado_ids, periodo: datetime.date) -> dict[int, tuple[Decimal, tuple[Decimal, ...]]]:
    """Per worker, the taxable income paid this year before `periodo` and each earlier month's 5th-category retention."""
    ingresos = defaultdict(Decimal)
    retenciones = defaultdict(lambda: [Decimal("0")] * (periodo.month - 1))
    for empleado_id, mes, total, quinta in LineaPlanilla.objects.filter(
        empleado_id__in=empleado_ids, planilla__periodo__year=periodo.year, planilla__periodo__lt=periodo
    ).values_list("empleado_id", "planilla__periodo", "total_ingresos", "quinta"):
        ingresos[empleado_id] += total
        retenciones[empleado_id][mes.month - 1] += quinta
    return {i: (ingresos[i], tuple(retenciones[i])) for i in empleado_ids}


def meses_completos(empleado, desde: datetime.date, hasta: datetime.date) -> int:
    """Calendar months of [desde, hasta] the worker was employed from the first day to the last."""
    meses = 0
    mes = desde
    while mes <= hasta:
        inicio, fin = limites_del_mes(mes)
        if empleado.fecha_ingreso <= inicio and (empleado.fecha_cese is None or empleado.fecha_cese >= fin):
            meses += 1
        mes = (fin + datetime.timedelta(days=1))
    return meses


def sumar_anios(fecha: datetime.date, anios: int) -> datetime.date:
    try:
        return fecha.replace(year=fecha.year + anios)
    except ValueError:  # 29 February
        return fecha.replace(year=fecha.year + anios, day=28)


@dataclass(frozen=True)
class SaldoVacaciones:
    """A worker's vacations on a date: days earned by complete years, days taken, and the running year's time."""

    ganados: int
    gozados: int
    meses_truncos: int
    dias_truncos: int

    @property
    def pendientes(self) -> int:
        return max(0, self.ganados - self.gozados)


def vacaciones_saldo(empleado, fecha: datetime.date) -> SaldoVacaciones:
    ingreso = empleado.fecha_ingreso
    anios = max(0, fecha.year - ingreso.year + 1)
    # A year of service is complete the day before its anniversary.
    while anios > 0 and sumar_anios(ingreso, anios) > fecha + datetime.timedelta(days=1):
        anios -= 1
    meses, dias = calculo.meses_y_dias(sumar_anios(ingreso, anios), fecha)
    gozados = sum(
        (min(lic.hasta, fecha) - lic.desde).days + 1
        for lic in empleado.licencias.filter(tipo=TipoLicencia.VACACIONES, desde__lte=fecha)
    )
    return SaldoVacaciones(anios * calculo.DIAS_VACACIONES[empleado.regimen], gozados, meses, dias)


def planillas_del_tramo(empleado_ids, desde: datetime.date, hasta: datetime.date) -> dict[int, tuple[Decimal, int]]:
    """Per worker, from the planillas of the months in [desde, hasta]: the last gratificación paid and the unjustified
    absences (both feed the CTS)."""
    resultado = {i: (Decimal("0"), 0) for i in empleado_ids}
    for empleado_id, gratificacion, faltas in LineaPlanilla.objects.filter(
        empleado_id__in=empleado_ids, planilla__periodo__gte=desde.replace(day=1), planilla__periodo__lte=hasta
    ).order_by("planilla__periodo").values_list("empleado_id", "gratificacion", "dias_falta"):
        ultima, total = resultado[empleado_id]
        resultado[empleado_id] = (gratificacion or ultima, total + faltas)
    return resultado


def pagos_mensuales(empleado_ids, desde: datetime.date, hasta: datetime.date) -> dict[int, tuple[Decimal, ...]]:
    """Per worker paid by the hour, the hour pay (básico + vacaciones) of each month of [desde, hasta] in the
    planillas, oldest first, zero for a month without one: what their computable remuneration averages."""
    meses = []
    mes = desde.replace(day=1)
    while mes <= hasta:
        meses.append(mes)
        mes = limites_del_mes(mes)[1] + datetime.timedelta(days=1)
    indice = {m: i for i, m in enumerate(meses)}
    pagos = {i: [Decimal("0")] * len(meses) for i in empleado_ids}
    for empleado_id, periodo, basico, vacaciones in LineaPlanilla.objects.filter(
        empleado_id__in=empleado_ids, planilla__periodo__gte=desde.replace(day=1), planilla__periodo__lte=hasta
    ).values_list("empleado_id", "planilla__periodo", "basico", "vacaciones"):
        pagos[empleado_id][indice[periodo]] += basico + vacaciones
    return {i: tuple(p) for i, p in pagos.items()}


def sueldo_computable(empleado, desde: datetime.date, hasta: datetime.date) -> Decimal:
    """The monthly salary the benefits take: the basic, or for who is paid by the hour the average of the
    planillas' hour pay of [desde, hasta]'s last 6 months (when paid in at least 3)."""
    if empleado.tipo_remuneracion != "hora":
        return empleado.sueldo_basico
    return calculo.promedio_variable(pagos_mensuales([empleado.pk], desde, hasta)[empleado.pk])


def semestre_cts(fecha: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The CTS semester `fecha` falls in: November–April (deposited in May) or May–October (deposited in November)."""
    if 5 <= fecha.month <= 10:
        return datetime.date(fecha.year, 5, 1), datetime.date(fecha.year, 10, 31)
    inicio = fecha.year - 1 if fecha.month <= 4 else fecha.year
    return datetime.date(inicio, 11, 1), datetime.date(inicio + 1, 4, 30)


def reporte_asistencia(empleados, desde: datetime.date, hasta: datetime.date, *, estado: str = "") -> list:
    """(empleado, DiaAsistencia) of each worker's days in [desde, hasta] by date, those of `estado` only if given."""
    empleados = list(empleados)
    por_id = {e.pk: e for e in empleados}
    filas = [(por_id[i], d) for i, dias in asistencia(empleados, desde, hasta).items() for d in dias
             if not estado or d.estado == estado]
    return sorted(filas, key=lambda f: (f[1].fecha, str(f[0])))
