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
    Empleado,
    EstadoPlanilla,
    LineaPlanilla,
    Marcacion,
    Planilla,
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
    semestre = periodo.replace(month=1 if periodo.month <= 6 else 7, day=1)
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
            meses_gratificacion=selectors.meses_completos(empleado, semestre, hasta),
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
            asignacion_familiar=b.asignacion_familiar, monto_horas_extra=b.horas_extra, vacaciones=b.vacaciones,
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
