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


def entradas_del_periodo(empleados, periodo: datetime.date, parametros: calculo.Parametros):
    """Each worker's month as the payroll rules take it, from the records, attendance and the year so far."""
    desde, hasta = selectors.limites_del_mes(periodo)
    dias = selectors.asistencia(empleados, desde, hasta)
    previos = selectors.anio_anterior([e.pk for e in empleados], periodo)
    adelantos = dict(Adelanto.objects.filter(empleado__in=empleados, fecha__range=(desde, hasta))
                     .values("empleado_id").annotate(total=Sum("monto")).values_list("empleado_id", "total"))
    # July pays the January–June semester, December the July–December one.
    semestre = (periodo.replace(month=1), periodo.replace(month=6, day=30)) if periodo.month == 7 else (periodo.replace(month=7), hasta)
    for empleado in empleados:
        if empleado.sistema_pension == SistemaPension.AFP and (not empleado.cuspp or empleado.afp not in parametros.afp):
            raise ValidationError(f"{empleado}: afiliado a una AFP sin CUSPP o sin tasas vigentes de su AFP.")
        del_mes = dias[empleado.pk]
        faltas = sum(1 for d in del_mes if not d.justificada and d.entrada is None)
        vacaciones = sum(1 for d in del_mes if d.vacaciones)
        # Days of the month before joining or after leaving are not paid (commercial 30-day month).
        fuera = 30 - min(30, (min(hasta, empleado.fecha_cese or hasta) - max(desde, empleado.fecha_ingreso)).days + 1)
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
        )
        yield empleado, entrada, faltas, len(del_mes)


@transaction.atomic
def planilla_calcular(*, sucursal, periodo: datetime.date, usuario=None) -> Planilla:
    """Calculate (or recalculate, while open) the branch's planilla of the month."""
    periodo = periodo.replace(day=1)
    planilla = Planilla.objects.select_for_update().filter(sucursal=sucursal, periodo=periodo).first()
    if planilla and planilla.estado != EstadoPlanilla.ABIERTA:
        raise ValidationError(
            f"La planilla de {periodo:%m/%Y} está {planilla.get_estado_display().lower()}: no se puede volver a calcular."
        )
    parametros = selectors.parametros_vigentes(periodo)
    _, fin = selectors.limites_del_mes(periodo)
    empleados = list(Empleado.objects.filter(sucursal=sucursal, activo=True, fecha_ingreso__lte=fin)
                     .exclude(fecha_cese__lt=periodo).select_related("horario"))
    if planilla is None:
        planilla = Planilla.objects.create(sucursal=sucursal, periodo=periodo, creado_por=usuario)
    else:
        planilla.lineas.all().delete()
    lineas = []
    for empleado, entrada, faltas, dias in entradas_del_periodo(empleados, periodo, parametros):
        b = calculo.calcular_boleta(parametros, entrada)
        lineas.append(LineaPlanilla(
            planilla=planilla, empleado=empleado, dias_laborados=max(0, 30 - entrada.dias_falta - entrada.dias_vacaciones),
            dias_falta=faltas, minutos_tardanza=entrada.minutos_tardanza,
            horas_extra=entrada.horas_extra_25 + entrada.horas_extra_35, basico=b.basico,
            asignacion_familiar=b.asignacion_familiar, monto_horas_extra=b.horas_extra,
            monto_horas_extra_35=b.horas_extra_35, vacaciones=b.vacaciones,
            descuento_faltas=b.descuento_faltas, descuento_tardanzas=b.descuento_tardanzas,
            gratificacion=b.gratificacion, bonificacion=b.bonificacion, total_ingresos=b.total_ingresos, onp=b.onp,
            afp_aporte=b.afp_aporte, afp_prima=b.afp_prima, afp_comision=b.afp_comision, quinta=b.quinta,
            adelantos=b.adelantos, retencion_judicial=b.retencion_judicial, total_descuentos=b.total_descuentos,
            neto=b.neto, essalud=b.essalud, eps=b.eps,
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
        raise ValidationError(f"La planilla de {planilla.periodo:%m/%Y} ya está {planilla.get_estado_display().lower()}.")
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
                referencia=f"Planilla {planilla.periodo:%m/%Y}", descripcion=f"Pago de {planilla}"[:250], documento=planilla, numero_operacion=numero_operacion,
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
        depositos.append(DepositoCts(
            empleado=empleado, periodo=periodo, desde=desde, hasta=fin, meses=meses, dias=dias, dias_falta=faltas,
            sueldo=empleado.sueldo_basico, asignacion_familiar=af, sexto_gratificacion=sexto,
            computable=empleado.sueldo_basico + af + sexto, creado_por=usuario,
            monto=calculo.cts(sueldo=empleado.sueldo_basico, asignacion=af, ultima_gratificacion=gratificacion, meses=meses,
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
    r = calculo.liquidacion(
        parametros, sueldo=empleado.sueldo_basico, hijos=empleado.hijos > 0, regimen=empleado.regimen, eps=empleado.eps,
        ultima_gratificacion=gratificacion, meses_cts=meses_cts, dias_cts=dias_cts, meses_gratificacion=meses_grati,
        meses_vacaciones=vacaciones.meses_truncos, dias_vacaciones=vacaciones.dias_truncos,
        dias_vacaciones_pendientes=vacaciones.pendientes,
    )
    return Liquidacion.objects.create(
        empleado=empleado, fecha_cese=fecha_cese, motivo=motivo, sueldo=empleado.sueldo_basico,
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
