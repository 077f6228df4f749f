"""Writes of personnel, attendance and payroll: keyword-only, one transaction each."""

import datetime
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from billing.tesoreria import selectors as tesoreria_lecturas
from billing.tesoreria import services as tesoreria
from erp.models import Moneda

from . import calculo, selectors
from .models import (
    Adelanto,
    DepositoCts,
    Empleado,
    EstadoBeneficio,
    EstadoPlanilla,
    LineaPlanilla,
    Liquidacion,
    Marcacion,
    Planilla,
    Regimen,
    SistemaPension,
    TipoMarcacion,
    TipoPeriodo,
    TipoRemuneracion,
)

MENSAJE_CODIGO_DESCONOCIDO = "Código no reconocido."


def _codigo_libre() -> str:
    while True:
        codigo = f"{secrets.randbelow(1_000_000):06d}"
        if not Empleado.objects.filter(codigo=codigo).exists():
            return codigo


@transaction.atomic
def empleado_guardar(*, empleado: Empleado, usuario=None) -> Empleado:
    """Validate and save a staff record; a new one gets its attendance code."""
    if not empleado.pk and usuario is not None:
        empleado.creado_por = usuario
    if not empleado.codigo:
        empleado.codigo = _codigo_libre()
    empleado.full_clean()
    empleado.save()
    return empleado


@transaction.atomic
def empleado_generar_codigo(*, empleado: Empleado) -> str:
    """A new attendance code ("Generar código"): the old one stops working."""
    empleado = Empleado.objects.select_for_update().get(pk=empleado.pk)
    empleado.codigo = _codigo_libre()
    empleado.save(update_fields=["codigo", "modificado"])
    return empleado.codigo


@transaction.atomic
def marcacion_registrar(
    *, codigo: str, momento: datetime.datetime | None = None, origen: str = "kiosko", sucursales=None
) -> Marcacion:
    """Entry if the worker's last mark of the day was an exit (or none), else exit; `sucursales` limits whose code counts."""
    codigo = (codigo or "").strip()
    empleados = Empleado.objects.select_for_update().filter(codigo=codigo, activo=True)
    if sucursales is not None:
        empleados = empleados.filter(sucursal__in=sucursales)
    empleado = empleados.first() if codigo else None
    if empleado is None:
        raise ValidationError(MENSAJE_CODIGO_DESCONOCIDO, code="codigo")
    momento = momento or timezone.now()
    ultima = empleado.marcaciones.filter(fecha_hora__date=timezone.localtime(momento).date()).order_by("-fecha_hora").first()
    tipo = TipoMarcacion.SALIDA if ultima and ultima.tipo == TipoMarcacion.ENTRADA else TipoMarcacion.ENTRADA
    return Marcacion.objects.create(empleado=empleado, fecha_hora=momento, tipo=tipo, origen=origen)


def entradas_del_periodo(empleados, periodo: datetime.date, parametros: calculo.Parametros, *, quincena: bool = False):
    """Each worker's month as the payroll rules take it, from the records, attendance and the year so far;
    `quincena`: only days 1–15 (15 commercial days), for the first fortnight."""
    desde, hasta = selectors.limites_del_mes(periodo)
    dias_periodo = 30
    if quincena:
        hasta, dias_periodo = periodo.replace(day=15), 15
    dias = selectors.asistencia(empleados, desde, hasta)
    previos = selectors.anio_anterior([e.pk for e in empleados], periodo)
    adelantos = dict(Adelanto.objects.filter(empleado__in=empleados, fecha__range=(desde, hasta))
                     .values("empleado_id").annotate(total=Sum("monto")).values_list("empleado_id", "total"))
    # July pays the January–June semester, December the July–December one.
    semestre = (periodo.replace(month=1), periodo.replace(month=6, day=30)) if periodo.month == 7 else (periodo.replace(month=7), hasta)
    # Por hora, the gratificación averages the hour pay of the semester's months (December's own is added by the rules).
    pagos = (selectors.pagos_mensuales([e.pk for e in empleados if e.tipo_remuneracion == TipoRemuneracion.POR_HORA],
                                       semestre[0], periodo - datetime.timedelta(days=1))
             if periodo.month in (7, 12) else {})
    for empleado in empleados:
        if empleado.sistema_pension == SistemaPension.AFP and (not empleado.cuspp or empleado.afp not in parametros.afp):
            raise ValidationError(f"{empleado}: afiliado a una AFP sin CUSPP o sin tasas vigentes de su AFP.")
        del_mes = dias[empleado.pk]
        faltas = sum(1 for d in del_mes if not d.justificada and d.entrada is None)
        vacaciones = sum(1 for d in del_mes if d.vacaciones)
        # Calendar days of the period before joining or after leaving are not paid; a whole month is 30 days
        # (commercial month), February's 28 too.
        empleado_dias = (min(hasta, empleado.fecha_cese or hasta) - max(desde, empleado.fecha_ingreso)).days + 1
        fuera = min(dias_periodo, (hasta - desde).days + 1 - max(0, empleado_dias))
        ingresos, retenciones = previos[empleado.pk]
        por_hora = empleado.tipo_remuneracion == TipoRemuneracion.POR_HORA
        entrada = calculo.EntradaTrabajador(
            mes=periodo.month,
            sueldo=empleado.sueldo_basico,
            regimen=empleado.regimen,
            sistema=empleado.sistema_pension,
            afp=empleado.afp,
            comision=empleado.tipo_comision or calculo.FLUJO,
            hijos=empleado.hijos > 0,
            eps=empleado.eps,
            por_hora=por_hora,
            horas_trabajadas=Decimal(8 * sum(1 for d in del_mes if d.entrada is not None)) if por_hora else Decimal(0),
            dias_falta=0 if por_hora else faltas + fuera,
            minutos_tardanza=sum(d.tardanza for d in del_mes),
            horas_extra_25=sum((d.horas_extra_25 for d in del_mes), Decimal(0)),
            horas_extra_35=sum((d.horas_extra_35 for d in del_mes), Decimal(0)),
            dias_vacaciones=vacaciones,
            meses_gratificacion=selectors.meses_completos(empleado, *semestre),
            ingresos_previos=ingresos,
            retenciones_previas=retenciones,
            adelantos=adelantos.get(empleado.pk, Decimal(0)),
            retencion_judicial=empleado.retencion_judicial,
            pagos_del_semestre=pagos.get(empleado.pk, ()),
        )
        yield empleado, entrada, faltas, len(del_mes)


# LineaPlanilla field → calculo.Boleta attribute.
CONCEPTOS_BOLETA = {
    "basico": "basico", "asignacion_familiar": "asignacion_familiar", "monto_horas_extra": "horas_extra",
    "monto_horas_extra_35": "horas_extra_35", "vacaciones": "vacaciones", "descuento_faltas": "descuento_faltas",
    "descuento_tardanzas": "descuento_tardanzas", "gratificacion": "gratificacion", "bonificacion": "bonificacion",
    "total_ingresos": "total_ingresos", "onp": "onp", "afp_aporte": "afp_aporte", "afp_prima": "afp_prima",
    "afp_comision": "afp_comision", "quinta": "quinta", "adelantos": "adelantos",
    "retencion_judicial": "retencion_judicial", "total_descuentos": "total_descuentos", "neto": "neto",
    "essalud": "essalud", "eps": "eps",
}  # fmt: skip


def _boleta_de(linea: LineaPlanilla) -> calculo.Boleta:
    """A stored line as the rules' Boleta (the first fortnight that the second one subtracts)."""
    valores = {attr: getattr(linea, campo) for campo, attr in CONCEPTOS_BOLETA.items()}
    base = (linea.basico + linea.asignacion_familiar + linea.monto_horas_extra + linea.vacaciones
            - linea.descuento_faltas - linea.descuento_tardanzas)
    return calculo.Boleta(**valores, base_aportes=base, proyeccion_anual=Decimal(0), impuesto_anual=Decimal(0))


@transaction.atomic
def planilla_calcular(*, sucursal, periodo: datetime.date, tipo_periodo: str = TipoPeriodo.MENSUAL, usuario=None) -> Planilla:
    """Calculate (or recalculate, while open) the branch's planilla of the month, or of a fortnight of it.

    The monthly one pays those paid by month or by hour; the fortnights, those paid quincenal. The second
    fortnight is the month's computation minus the (closed) first fortnight, so both add up to the month."""
    periodo = periodo.replace(day=1)
    planilla = Planilla.objects.select_for_update().filter(sucursal=sucursal, periodo=periodo, tipo_periodo=tipo_periodo).first()
    if planilla and planilla.estado != EstadoPlanilla.ABIERTA:
        raise ValidationError(
            f"La planilla {planilla.nombre_periodo} está {planilla.get_estado_display().lower()}: no se puede volver a calcular."
        )
    parametros = selectors.parametros_vigentes(periodo)
    _, fin = selectors.limites_del_mes(periodo)
    quince = periodo.replace(day=15)
    primera_quincena = tipo_periodo == TipoPeriodo.PRIMERA_QUINCENA
    empleados = Empleado.objects.filter(sucursal=sucursal, activo=True, fecha_ingreso__lte=quince if primera_quincena else fin)
    if tipo_periodo == TipoPeriodo.MENSUAL:
        empleados = empleados.exclude(tipo_remuneracion=TipoRemuneracion.QUINCENAL)
    else:
        empleados = empleados.filter(tipo_remuneracion=TipoRemuneracion.QUINCENAL)
    empleados = list(empleados.exclude(fecha_cese__lt=periodo).select_related("horario"))
    primeras = {}
    if tipo_periodo == TipoPeriodo.SEGUNDA_QUINCENA:
        primera = Planilla.objects.filter(sucursal=sucursal, periodo=periodo, tipo_periodo=TipoPeriodo.PRIMERA_QUINCENA).first()
        if (primera is None or primera.estado == EstadoPlanilla.ABIERTA) and any(e.fecha_ingreso <= quince for e in empleados):
            raise ValidationError(f"La segunda quincena descuenta lo pagado en la primera: calcule y cierre antes la "
                                  f"planilla de la 1.ª quincena de {periodo:%m/%Y}.")
        primeras = {linea.empleado_id: linea for linea in primera.lineas.all()} if primera else {}
    if planilla is None:
        planilla = Planilla.objects.create(sucursal=sucursal, periodo=periodo, tipo_periodo=tipo_periodo, creado_por=usuario)
    else:
        planilla.lineas.all().delete()
    lineas = []
    for empleado, entrada, faltas, dias in entradas_del_periodo(empleados, periodo, parametros, quincena=primera_quincena):
        dias_laborados = max(0, (15 if primera_quincena else 30) - entrada.dias_falta - entrada.dias_vacaciones)
        tardanza, horas_extra = entrada.minutos_tardanza, entrada.horas_extra_25 + entrada.horas_extra_35
        if primera_quincena:
            b = calculo.primera_quincena(parametros, entrada)
        else:
            b = calculo.calcular_boleta(parametros, entrada)
            if anterior := primeras.get(empleado.pk):
                # The fortnight's days, absences and tardiness: the month's less the first fortnight's.
                b = calculo.segunda_quincena(b, _boleta_de(anterior))
                dias_laborados -= anterior.dias_laborados
                faltas -= anterior.dias_falta
                tardanza -= anterior.minutos_tardanza
                horas_extra -= anterior.horas_extra
        lineas.append(LineaPlanilla(
            planilla=planilla, empleado=empleado, dias_laborados=max(0, dias_laborados), dias_falta=max(0, faltas),
            minutos_tardanza=max(0, tardanza), horas_extra=max(Decimal(0), horas_extra),
            **{campo: getattr(b, attr) for campo, attr in CONCEPTOS_BOLETA.items()},
        ))
    LineaPlanilla.objects.bulk_create(lineas, batch_size=1000)
    planilla.total_ingresos = sum((l.total_ingresos for l in lineas), Decimal(0))
    planilla.total_descuentos = sum((l.total_descuentos for l in lineas), Decimal(0))
    planilla.total_neto = sum((l.neto for l in lineas), Decimal(0))
    planilla.total_aportes = sum((l.essalud + l.eps for l in lineas), Decimal(0))
    planilla.save()
    return planilla


@transaction.atomic
def planilla_cerrar(*, planilla: Planilla) -> Planilla:
    planilla = Planilla.objects.select_for_update().get(pk=planilla.pk)
    if planilla.estado != EstadoPlanilla.ABIERTA:
        raise ValidationError(f"La planilla {planilla.nombre_periodo} ya está {planilla.get_estado_display().lower()}.")
    if not planilla.lineas.exists():
        raise ValidationError("La planilla no tiene trabajadores: calcúlela antes de cerrarla.")
    planilla.estado = EstadoPlanilla.CERRADA
    planilla.cerrada_en = timezone.now()
    planilla.save(update_fields=["estado", "cerrada_en", "modificado"])
    return planilla


@transaction.atomic
def planilla_registrar_pago(
    *, planilla: Planilla, usuario, origen=None, fecha: datetime.date | None = None, numero_operacion: str = ""
) -> Planilla:
    """Pay a closed planilla's nets: their sum leaves `origen` (a Caja or CuentaBancaria; by default the branch's
    register in soles) in the same transaction as the planilla becomes paid."""
    with transaction.atomic():
        planilla = Planilla.objects.select_for_update().select_related("sucursal").get(pk=planilla.pk)
        if planilla.estado != EstadoPlanilla.CERRADA:
            raise ValidationError("Solo se paga una planilla cerrada.")
        if origen is None:
            origen = tesoreria_lecturas.caja_predeterminada(sucursal=planilla.sucursal, moneda=Moneda.objects.get(codigo="PEN"))
        if origen is None:
            raise ValidationError(f"Elija la caja o cuenta bancaria de la que se paga {planilla}.")
        if planilla.total_neto > 0:
            tesoreria.pago_registrar(
                origen=origen, monto=planilla.total_neto, moneda=Moneda.objects.get(codigo="PEN"), usuario=usuario, fecha=fecha,
                referencia=f"Planilla {planilla.nombre_periodo}", descripcion=f"Pago de {planilla}"[:250], documento=planilla, numero_operacion=numero_operacion,
            )  # fmt: skip
        planilla.estado = EstadoPlanilla.PAGADA
        planilla.pagada_en = timezone.now()
        planilla.save(update_fields=["estado", "pagada_en", "modificado"])
    return planilla


@transaction.atomic
def cts_calcular(*, sucursal, periodo: datetime.date, usuario=None) -> list[DepositoCts]:
    """The branch's CTS of May or November (again, while open): each worker's semester, 1/6 of its gratificación."""
    if periodo.month not in (5, 11):
        raise ValidationError("La CTS se deposita en mayo y en noviembre: elija uno de esos meses.")
    periodo = periodo.replace(day=1)
    inicio, fin = selectors.semestre_cts(periodo - datetime.timedelta(days=1))
    anteriores = DepositoCts.objects.select_for_update().filter(empleado__sucursal=sucursal, periodo=periodo)
    if anteriores.filter(estado=EstadoBeneficio.CERRADO).exists():
        raise ValidationError(f"La CTS de {periodo:%m/%Y} de {sucursal.nombre} está cerrada: no se puede volver a calcular.")
    anteriores.delete()
    parametros = selectors.parametros_vigentes(fin)
    # Who left before the semester's end gets the CTS in the liquidación; microempresa workers have none.
    empleados = list(Empleado.objects.filter(sucursal=sucursal, fecha_ingreso__lte=fin).exclude(fecha_cese__lt=fin)
                     .exclude(regimen=Regimen.MICRO))
    tramo = selectors.planillas_del_tramo([e.pk for e in empleados], inicio, fin)
    depositos = []
    for empleado in empleados:
        gratificacion, faltas = tramo[empleado.pk]
        desde = max(inicio, empleado.fecha_ingreso)
        meses, dias = calculo.meses_y_dias(desde, fin, descontar_dias=faltas)
        if not (meses or dias):
            continue
        af = calculo.asignacion_familiar(parametros, empleado.hijos > 0)
        sexto = calculo.q(gratificacion / 6)
        sueldo = selectors.sueldo_computable(empleado, inicio, fin)
        depositos.append(DepositoCts(
            empleado=empleado, periodo=periodo, desde=desde, hasta=fin, meses=meses, dias=dias, dias_falta=faltas,
            sueldo=sueldo, asignacion_familiar=af, sexto_gratificacion=sexto,
            computable=sueldo + af + sexto, creado_por=usuario,
            monto=calculo.cts(sueldo=sueldo, asignacion=af, ultima_gratificacion=gratificacion, meses=meses,
                              dias=dias, regimen=empleado.regimen),
        ))
    if not depositos:
        raise ValidationError(f"{sucursal.nombre} no tiene trabajadores con CTS en el semestre {inicio:%m/%Y}–{fin:%m/%Y}.")
    return DepositoCts.objects.bulk_create(depositos, batch_size=1000)


def _cerrar(modelo, obj, nombre: str):
    obj = modelo.objects.select_for_update().get(pk=obj.pk)
    if obj.estado != EstadoBeneficio.ABIERTO:
        raise ValidationError(f"{nombre} ya está cerrada.")
    obj.estado = EstadoBeneficio.CERRADO
    obj.cerrado_en = timezone.now()
    obj.save(update_fields=["estado", "cerrado_en", "modificado"])
    return obj


@transaction.atomic
def cts_cerrar(*, deposito: DepositoCts) -> DepositoCts:
    return _cerrar(DepositoCts, deposito, "La CTS")


@transaction.atomic
def liquidacion_calcular(*, empleado: Empleado, fecha_cese: datetime.date, motivo: str, usuario=None) -> Liquidacion:
    """A leaving worker's settlement (again, while open): CTS since the semester began, the semester's gratificación
    by full months, vacations not taken and the running year's. Records the cese on the staff record."""
    empleado = Empleado.objects.select_for_update().get(pk=empleado.pk)
    if fecha_cese < empleado.fecha_ingreso:
        raise ValidationError("La fecha de cese no puede ser anterior al ingreso.")
    anteriores = Liquidacion.objects.filter(empleado=empleado)
    if anteriores.filter(estado=EstadoBeneficio.CERRADO).exists():
        raise ValidationError(f"La liquidación de {empleado} está cerrada: no se puede volver a calcular.")
    anteriores.delete()
    empleado.fecha_cese = fecha_cese
    empleado.save(update_fields=["fecha_cese", "modificado"])
    parametros = selectors.parametros_vigentes(fecha_cese)

    inicio, _ = selectors.semestre_cts(fecha_cese)
    cts_desde = max(inicio, empleado.fecha_ingreso)
    gratificacion, faltas = selectors.planillas_del_tramo([empleado.pk], inicio, fecha_cese)[empleado.pk]
    meses_cts, dias_cts = calculo.meses_y_dias(cts_desde, fecha_cese, descontar_dias=faltas)
    semestre = fecha_cese.replace(month=1 if fecha_cese.month <= 6 else 7, day=1)
    # December's planilla, if it was paid, already carries the July–December gratificación.
    pagada = fecha_cese.month == 12 and empleado.lineas_planilla.filter(
        planilla__periodo=fecha_cese.replace(day=1), gratificacion__gt=0).exists()
    meses_grati = 0 if pagada else selectors.meses_completos(empleado, semestre, fecha_cese)
    vacaciones = selectors.vacaciones_saldo(empleado, fecha_cese)
    # Por hora: the average hour pay of the six months up to the cese's.
    seis_meses = (fecha_cese.replace(day=1) - datetime.timedelta(days=150)).replace(day=1)  # 5 months before the cese's
    sueldo = selectors.sueldo_computable(empleado, seis_meses, fecha_cese)
    # The year's 5th category: what its planillas paid and retained up to the cese.
    del_anio = empleado.lineas_planilla.filter(planilla__periodo__year=fecha_cese.year, planilla__periodo__lte=fecha_cese
                                               ).aggregate(ingresos=Sum("total_ingresos"), retenido=Sum("quinta"))
    r = calculo.liquidacion(
        parametros, sueldo=sueldo, hijos=empleado.hijos > 0, regimen=empleado.regimen, eps=empleado.eps,
        ultima_gratificacion=gratificacion, meses_cts=meses_cts, dias_cts=dias_cts, meses_gratificacion=meses_grati,
        meses_vacaciones=vacaciones.meses_truncos, dias_vacaciones=vacaciones.dias_truncos,
        dias_vacaciones_pendientes=vacaciones.pendientes, ingresos_anio=del_anio["ingresos"] or Decimal(0),
        quinta_retenida=del_anio["retenido"] or Decimal(0),
    )
    return Liquidacion.objects.create(
        empleado=empleado, fecha_cese=fecha_cese, motivo=motivo, sueldo=sueldo,
        renta_anual=r.renta_anual, quinta_retenida=del_anio["retenido"] or Decimal(0),
        quinta=r.quinta,
        asignacion_familiar=calculo.asignacion_familiar(parametros, empleado.hijos > 0), ultima_gratificacion=gratificacion,
        cts_desde=cts_desde, meses_cts=meses_cts, dias_cts=dias_cts, meses_gratificacion=meses_grati,
        meses_vacaciones=vacaciones.meses_truncos, dias_vacaciones=vacaciones.dias_truncos,
        dias_vacaciones_pendientes=vacaciones.pendientes, cts_trunca=r.cts_trunca, gratificacion_trunca=r.gratificacion_trunca,
        bonificacion=r.bonificacion, vacaciones_truncas=r.vacaciones_truncas, vacaciones_pendientes=r.vacaciones_pendientes,
        total=r.total, creado_por=usuario,
    )


@transaction.atomic
def liquidacion_cerrar(*, liquidacion: Liquidacion) -> Liquidacion:
    """Fix the settlement; the worker leaves the active staff (their attendance code stops working)."""
    liquidacion = _cerrar(Liquidacion, liquidacion, "La liquidación")
    Empleado.objects.filter(pk=liquidacion.empleado_id).update(activo=False)
    return liquidacion
