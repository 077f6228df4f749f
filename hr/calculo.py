"""The payroll rules as pure functions: plain inputs and the parameters in force, amounts out.

No database here: the services read the dated parameter rows and the
attendance, build these inputs, and store what comes out, so the admin, the
REST API, the boleta and the bench all see one set of numbers. Rates are
percentages (13 means 13 %); every amount is quantized to the cent with
ROUND_HALF_UP as soon as it is a concept of the boleta.
"""

import calendar
import datetime
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

CERO = Decimal("0")
CIEN = Decimal("100")

# Labour regimes and what share of gratificación and CTS they earn (D. Leg. 1086).
GENERAL, PEQUENA, MICRO = "general", "pequena", "micro"
FACTOR_BENEFICIOS = {GENERAL: Decimal("1"), PEQUENA: Decimal("0.5"), MICRO: CERO}
DIAS_VACACIONES = {GENERAL: 30, PEQUENA: 15, MICRO: 15}

ONP, AFP = "onp", "afp"
FLUJO, MIXTA = "flujo", "mixta"


def q(valor: Decimal) -> Decimal:
    return valor.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def pct(base: Decimal, tasa: Decimal) -> Decimal:
    return q(base * tasa / CIEN)


@dataclass(frozen=True)
class TasasAfp:
    aporte: Decimal
    prima: Decimal
    comision_flujo: Decimal
    comision_mixta: Decimal
    remuneracion_maxima: Decimal


@dataclass(frozen=True)
class Parametros:
    """The legal values in force on a period (rows with a valid-from date)."""

    rmv: Decimal
    uit: Decimal
    onp: Decimal
    essalud: Decimal
    essalud_con_eps: Decimal
    asignacion_familiar: Decimal  # % of the RMV
    bonificacion: Decimal  # extraordinary bonus on the gratificación (Ley 30334)
    bonificacion_con_eps: Decimal
    deduccion_quinta_uit: Decimal
    # (upper limit in UIT or None for the last bracket, rate %), ascending.
    tramos_quinta: tuple[tuple[Decimal | None, Decimal], ...]
    afp: dict[str, TasasAfp] = field(default_factory=dict)


@dataclass(frozen=True)
class EntradaTrabajador:
    """What one worker's month brings to the payroll."""

    mes: int
    sueldo: Decimal  # monthly basic, or the hourly rate when por_hora
    regimen: str = GENERAL
    sistema: str = ONP
    afp: str = ""
    comision: str = FLUJO
    hijos: bool = False
    eps: bool = False
    por_hora: bool = False
    horas_trabajadas: Decimal = CERO
    dias_falta: int = 0
    minutos_tardanza: int = 0
    horas_extra_25: Decimal = CERO
    horas_extra_35: Decimal = CERO
    dias_vacaciones: int = 0
    # Full months worked in the semester whose gratificación is paid this month (July, December).
    meses_gratificacion: int = 6
    # Taxable income already paid this year before this month, and the 5th-category retentions of
    # each earlier month (index 0 is January).
    ingresos_previos: Decimal = CERO
    retenciones_previas: tuple[Decimal, ...] = ()
    adelantos: Decimal = CERO
    retencion_judicial: Decimal = CERO  # % of the net after the legal deductions
    # Por hora: the hour pay of each month of the gratificación's semester before this one (from the planillas).
    pagos_del_semestre: tuple[Decimal, ...] = ()


@dataclass(frozen=True)
class Boleta:
    basico: Decimal
    asignacion_familiar: Decimal
    horas_extra: Decimal
    vacaciones: Decimal
    descuento_faltas: Decimal
    descuento_tardanzas: Decimal
    gratificacion: Decimal
    bonificacion: Decimal
    total_ingresos: Decimal
    base_aportes: Decimal
    onp: Decimal
    afp_aporte: Decimal
    afp_prima: Decimal
    afp_comision: Decimal
    quinta: Decimal
    adelantos: Decimal
    retencion_judicial: Decimal
    total_descuentos: Decimal
    neto: Decimal
    essalud: Decimal
    eps: Decimal
    proyeccion_anual: Decimal
    impuesto_anual: Decimal
    horas_extra_35: Decimal = CERO  # the part of horas_extra paid at 35 % (PLAME declares it apart)


def asignacion_familiar(p: Parametros, hijos: bool) -> Decimal:
    return pct(p.rmv, p.asignacion_familiar) if hijos else CERO


def gratificacion(*, computable: Decimal, meses: int, regimen: str) -> Decimal:
    """A salary per semester, 1/6 per full month worked; half in small enterprises, none in micro."""
    return q(computable * FACTOR_BENEFICIOS[regimen] * Decimal(meses) / 6)


def impuesto_quinta_anual(p: Parametros, proyeccion: Decimal) -> Decimal:
    """Tax on the projected year's income minus 7 UIT, by the progressive brackets."""
    renta = proyeccion - p.deduccion_quinta_uit * p.uit
    impuesto, piso = CERO, CERO
    for hasta_uit, tasa in p.tramos_quinta:
        if renta <= piso:
            break
        techo = renta if hasta_uit is None else min(renta, hasta_uit * p.uit)
        impuesto += (techo - piso) * tasa / CIEN
        if hasta_uit is None:
            break
        piso = hasta_uit * p.uit
    return q(impuesto)


def retencion_quinta(mes: int, anual: Decimal, previas: tuple[Decimal, ...]) -> Decimal:
    """The month's retention (art. 40 of the Reglamento of the income tax law).

    Jan–Mar: annual / 12. Apr: minus Jan–Mar retained, / 9. May–Jul: minus
    Jan–Apr, / 8. Aug: minus Jan–Jul, / 5. Sep–Nov: minus Jan–Aug, / 4. Dec:
    minus Jan–Nov, the balance of the year.
    """
    ventanas = {1: (0, 12), 2: (0, 12), 3: (0, 12), 4: (3, 9), 5: (4, 8), 6: (4, 8), 7: (4, 8),
                8: (7, 5), 9: (8, 4), 10: (8, 4), 11: (8, 4), 12: (11, 1)}
    meses_restados, divisor = ventanas[mes]
    retenido = sum(previas[:meses_restados], CERO)
    return max(CERO, q((anual - retenido) / divisor))


def _variables(hora: Decimal, valor_dia: Decimal, basico_mes: Decimal, t: EntradaTrabajador):
    """Overtime (and its 35 % part), absences and tardiness on the month's hour and day values."""
    # Multiply before dividing, so 45 minutes of 3,000 is 9.375 exactly and rounds up.
    extra_35 = hora * Decimal("1.35") * t.horas_extra_35 / 240
    horas_extra = q(hora * Decimal("1.25") * t.horas_extra_25 / 240 + extra_35)
    faltas = q(valor_dia * t.dias_falta)
    tardanzas = q(basico_mes * t.minutos_tardanza / 14400)  # 30 days × 8 hours × 60 minutes
    return horas_extra, q(extra_35), faltas, tardanzas


def _gratificacion_del_mes(p: Parametros, t: EntradaTrabajador, basico_mes: Decimal, af: Decimal):
    if t.mes not in (7, 12):
        return CERO, CERO
    # Por hora the computable is the semester's average hour pay (December's own month is one of the six).
    computable = (promedio_variable(t.pagos_del_semestre + ((basico_mes,) if t.mes == 12 else ()))
                  if t.por_hora else basico_mes)
    grati = gratificacion(computable=computable + af, meses=t.meses_gratificacion, regimen=t.regimen)
    return grati, pct(grati, p.bonificacion_con_eps if t.eps else p.bonificacion)


def _pension(p: Parametros, t: EntradaTrabajador, base: Decimal):
    """(ONP, AFP fund, AFP premium up to the maximum insurable salary, AFP commission) on `base`."""
    if t.sistema == ONP:
        return pct(base, p.onp), CERO, CERO, CERO
    tasas = p.afp[t.afp]
    return (CERO, pct(base, tasas.aporte), pct(min(base, tasas.remuneracion_maxima), tasas.prima),
            pct(base, tasas.comision_flujo if t.comision == FLUJO else tasas.comision_mixta))


def calcular_boleta(p: Parametros, t: EntradaTrabajador) -> Boleta:
    """One worker's month: income, deductions, employer contributions and net."""
    af = asignacion_familiar(p, t.hijos)
    if t.por_hora:
        basico_mes = q(t.sueldo * t.horas_trabajadas)
        valor_dia = q(basico_mes / 30)
    else:
        basico_mes = t.sueldo
        valor_dia = t.sueldo / 30
    basico = q(basico_mes - valor_dia * t.dias_vacaciones)
    vacaciones = q(valor_dia * t.dias_vacaciones)
    horas_extra, extra_35, faltas, tardanzas = _variables(basico_mes + af, valor_dia, basico_mes, t)
    grati, bono = _gratificacion_del_mes(p, t, basico_mes, af)

    # Gratificación and its bonus pay no pension or EsSalud (Ley 30334); the rest is remuneration.
    base = basico + af + horas_extra + vacaciones - faltas - tardanzas
    total_ingresos = base + grati + bono
    onp, aporte, prima, comision = _pension(p, t, base)

    # Projection: this year's earlier income, this month's, the regular salary for the months left and
    # the gratificaciones (with bonus) still to come.
    tasa_bonificacion = p.bonificacion_con_eps if t.eps else p.bonificacion
    regular = basico_mes + af
    grati_futura = gratificacion(computable=regular, meses=6, regimen=t.regimen)
    pendientes = 2 if t.mes < 7 else (1 if t.mes < 12 else 0)
    proyeccion = (
        t.ingresos_previos
        + total_ingresos
        + regular * (12 - t.mes)
        + pendientes * (grati_futura + pct(grati_futura, tasa_bonificacion))
    )
    anual = impuesto_quinta_anual(p, proyeccion)
    quinta = retencion_quinta(t.mes, anual, t.retenciones_previas)

    legales = onp + aporte + prima + comision + quinta
    judicial = pct(total_ingresos - legales, t.retencion_judicial)
    descuentos = legales + t.adelantos + judicial
    base_essalud = max(base, p.rmv)
    if t.eps:
        essalud, eps = pct(base_essalud, p.essalud_con_eps), pct(base_essalud, p.essalud - p.essalud_con_eps)
    else:
        essalud, eps = pct(base_essalud, p.essalud), CERO
    return Boleta(
        basico=basico,
        asignacion_familiar=af,
        horas_extra=horas_extra,
        vacaciones=vacaciones,
        descuento_faltas=faltas,
        descuento_tardanzas=tardanzas,
        gratificacion=grati,
        bonificacion=bono,
        total_ingresos=total_ingresos,
        base_aportes=base,
        onp=onp,
        afp_aporte=aporte,
        afp_prima=prima,
        afp_comision=comision,
        quinta=quinta,
        adelantos=t.adelantos,
        retencion_judicial=judicial,
        total_descuentos=descuentos,
        neto=total_ingresos - descuentos,
        essalud=essalud,
        eps=eps,
        proyeccion_anual=proyeccion,
        impuesto_anual=anual,
        horas_extra_35=extra_35,
    )


def primera_quincena(p: Parametros, t: EntradaTrabajador) -> Boleta:
    """Days 1–15 of a quincenal worker: 15 commercial days of the monthly salary with the fortnight's attendance
    (`t` carries only those days), half the asignación familiar, the gratificación of July and December (due by
    the 15th), the pension contribution on the fortnight's own base. The 5th category, EsSalud and the EPS are
    monthly and wait for the second fortnight."""
    af = asignacion_familiar(p, t.hijos)
    af_quincena = q(af / 2)
    valor_dia = t.sueldo / 30
    basico = q(valor_dia * (15 - t.dias_vacaciones))
    vacaciones = q(valor_dia * t.dias_vacaciones)
    horas_extra, extra_35, faltas, tardanzas = _variables(t.sueldo + af, valor_dia, t.sueldo, t)
    grati, bono = _gratificacion_del_mes(p, t, t.sueldo, af)
    base = basico + af_quincena + horas_extra + vacaciones - faltas - tardanzas
    total_ingresos = base + grati + bono
    onp, aporte, prima, comision = _pension(p, t, base)
    legales = onp + aporte + prima + comision
    judicial = pct(total_ingresos - legales, t.retencion_judicial)
    descuentos = legales + t.adelantos + judicial
    return Boleta(
        basico=basico, asignacion_familiar=af_quincena, horas_extra=horas_extra, vacaciones=vacaciones,
        descuento_faltas=faltas, descuento_tardanzas=tardanzas, gratificacion=grati,
        bonificacion=bono, total_ingresos=total_ingresos, base_aportes=base, onp=onp, afp_aporte=aporte,
        afp_prima=prima, afp_comision=comision, quinta=CERO, adelantos=t.adelantos, retencion_judicial=judicial,
        total_descuentos=descuentos, neto=total_ingresos - descuentos, essalud=CERO, eps=CERO, proyeccion_anual=CERO,
        impuesto_anual=CERO, horas_extra_35=extra_35,
    )


def segunda_quincena(mes: Boleta, primera: Boleta) -> Boleta:
    """Days 16–end: the month's boleta (the whole month's attendance, ONP/AFP on the month's gross, the 5th category
    once, EsSalud with the RMV floor) minus what the first fortnight paid, concept by concept, so the two halves add
    up to the month to the cent."""
    restados = {f.name: getattr(mes, f.name) - getattr(primera, f.name) for f in fields(Boleta)
                if f.name not in ("proyeccion_anual", "impuesto_anual")}
    return Boleta(**restados, proyeccion_anual=mes.proyeccion_anual, impuesto_anual=mes.impuesto_anual)


def promedio_variable(mensuales: tuple[Decimal, ...]) -> Decimal:
    """The computable monthly remuneration of variable pay (D.S. 001-97-TR arts. 16 and 19): the average of the last
    6 months, when it was received in at least 3 of them; else it is not regular and does not count."""
    ultimos = mensuales[-6:]
    if sum(1 for m in ultimos if m > 0) < 3:
        return CERO
    return q(sum(ultimos, CERO) / 6)


def quinta_al_cese(p: Parametros, *, ingresos: Decimal, retenido: Decimal) -> Decimal:
    """The 5th-category settlement of a leaving worker: the tax on the year's actual income minus 7 UIT, against
    what the year's planillas retained. Positive, a refund to the worker; negative, what the settlement retains."""
    return retenido - impuesto_quinta_anual(p, ingresos)


def meses_y_dias(desde: datetime.date, hasta: datetime.date, *, descontar_dias: int = 0) -> tuple[int, int]:
    """Time of service in [desde, hasta]: whole calendar months, and the loose days of the partial ones (30 make a
    month); `descontar_dias` (unjustified absences) come off the days at 1/30 of a month each."""
    meses = dias = 0
    dia = desde
    while dia <= hasta:
        fin_mes = dia.replace(day=calendar.monthrange(dia.year, dia.month)[1])
        tramo = min(fin_mes, hasta)
        if dia.day == 1 and tramo == fin_mes:
            meses += 1
        else:
            dias += min(30, (tramo - dia).days + 1)
        dia = tramo + datetime.timedelta(days=1)
    total = max(0, meses * 30 + dias - descontar_dias)
    return total // 30, total % 30


def cts(*, sueldo: Decimal, asignacion: Decimal, ultima_gratificacion: Decimal, meses: int, dias: int,
        regimen: str) -> Decimal:
    """The semester's CTS deposit: (salary + asignación + 1/6 of the last gratificación) × (months/12 + days/360)."""
    computable = sueldo + asignacion + ultima_gratificacion / 6
    return q(computable * FACTOR_BENEFICIOS[regimen] * (Decimal(meses) / 12 + Decimal(dias) / 360))


@dataclass(frozen=True)
class Liquidacion:
    cts_trunca: Decimal
    gratificacion_trunca: Decimal
    bonificacion: Decimal
    vacaciones_truncas: Decimal
    vacaciones_pendientes: Decimal
    renta_anual: Decimal  # the year's taxable income the 5th-category settlement takes
    quinta: Decimal  # signed: a refund is positive
    total: Decimal


def liquidacion(p: Parametros, *, sueldo: Decimal, hijos: bool, regimen: str, eps: bool,
                ultima_gratificacion: Decimal, meses_cts: int, dias_cts: int, meses_gratificacion: int,
                meses_vacaciones: int, dias_vacaciones: int = 0, dias_vacaciones_pendientes: int = 0,
                ingresos_anio: Decimal = CERO, quinta_retenida: Decimal = CERO) -> Liquidacion:
    """What a leaving worker is owed: CTS since the last deposit, the semester's gratificación, vacations, and the
    year's 5th-category settlement. `ingresos_anio` is the taxable income the year's planillas paid; the
    settlement's gratificación, bonus and vacations are added to it (the CTS is not income, Ley IR art. 18)."""
    af = asignacion_familiar(p, hijos)
    computable = sueldo + af
    cts_t = cts(sueldo=sueldo, asignacion=af, ultima_gratificacion=ultima_gratificacion, meses=meses_cts,
                dias=dias_cts, regimen=regimen)
    grati = gratificacion(computable=computable, meses=meses_gratificacion, regimen=regimen)
    bono = pct(grati, p.bonificacion_con_eps if eps else p.bonificacion)
    dias_anuales = Decimal(DIAS_VACACIONES[regimen])
    # A year earns DIAS_VACACIONES days of pay: each month 1/12 of them, each day 1/360.
    vac = q(computable * dias_anuales / 30 * (Decimal(meses_vacaciones) / 12 + Decimal(dias_vacaciones) / 360))
    pendientes = q(computable / 30 * dias_vacaciones_pendientes)
    afectos = grati + bono + vac + pendientes
    renta = ingresos_anio + afectos
    quinta = quinta_al_cese(p, ingresos=renta, retenido=quinta_retenida)
    return Liquidacion(cts_t, grati, bono, vac, pendientes, renta, quinta, cts_t + afectos + quinta)
