"""Demo data of personnel: six workers across regimes and pension systems, two months of attendance (Monday to
Saturday), the earlier month's planilla closed and last month's open, a seventh worker paid by fortnight with both
fortnights of last month (the first closed, the second open), and the latest CTS."""

import datetime
from decimal import Decimal

from django.utils import timezone

from erp.models import TipoDocumentoIdentidad

from . import services
from .models import Afp, Empleado, Regimen, SistemaPension, TipoComision, TipoPeriodo, TipoRemuneracion

AFP, ONP = SistemaPension.AFP, SistemaPension.ONP
EMPLEADOS = [
    # names, surnames, DNI, position, salary, regime, pension, AFP, commission, children, CUSPP, EPS
    ("Rosa", "Huamán Quispe", "41234567", "Contadora", "3200.00", Regimen.GENERAL, AFP, Afp.INTEGRA, TipoComision.FLUJO, 1, "583120RHQUS4", False),
    ("Jorge", "Mendoza Ríos", "42345678", "Almacenero", "1300.00", Regimen.GENERAL, ONP, "", "", 0, "", False),
    ("Lucía", "Torres Vega", "43456789", "Vendedora", "1800.00", Regimen.GENERAL, AFP, Afp.PRIMA, TipoComision.FLUJO, 2, "601250LTVGA8", False),
    ("Carlos", "Pérez Salazar", "44567891", "Repartidor", "1500.00", Regimen.PEQUENA, AFP, Afp.HABITAT, TipoComision.MIXTA, 0, "612340CPSLZ1", False),
    ("María", "Flores Cárdenas", "45678913", "Cajera", "1130.00", Regimen.MICRO, ONP, "", "", 1, "", False),
    ("Pedro", "Salas Gutiérrez", "46789124", "Gerente general", "15000.00", Regimen.GENERAL, AFP, Afp.PROFUTURO, TipoComision.FLUJO, 0, "590870PSGTR3", True),
]  # fmt: skip
# Paid by fortnight (the planillas of days 1–15 and 16–end).
QUINCENAL = ("Ana", "Ramos Chávez", "47891235", "Asistente administrativa", "2200.00", Regimen.GENERAL, ONP, "", "", 1, "", False)


def _marcar_mes(empleados, periodo: datetime.date, zona) -> None:
    fecha = periodo
    while fecha.month == periodo.month:
        fecha, dia = fecha + datetime.timedelta(days=1), fecha
        if dia.weekday() == 6:
            continue
        for empleado in empleados:
            for hora in (datetime.time(8, 55), datetime.time(18, 5)):
                services.marcacion_registrar(
                    codigo=empleado.codigo, momento=datetime.datetime.combine(dia, hora, tzinfo=zona), origen="manual"
                )


def cargar_demo(contexto: dict) -> list[str]:
    sucursal, admin = contexto["sucursales"]["0000"], contexto["usuarios"]["admin"]
    if Empleado.objects.filter(sucursal=sucursal).exists():
        return []
    dni = TipoDocumentoIdentidad.objects.get(codigo="1")
    hoy = timezone.localdate()
    abierta = (hoy.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    cerrada = (abierta - datetime.timedelta(days=1)).replace(day=1)
    empleados = []
    for nombres, apellidos, numero, cargo, sueldo, regimen, sistema, afp, comision, hijos, cuspp, eps in [*EMPLEADOS, QUINCENAL]:
        empleado = Empleado(
            sucursal=sucursal, nombres=nombres, apellidos=apellidos, tipo_documento=dni, numero_documento=numero,
            cargo=cargo, fecha_ingreso=datetime.date(abierta.year - 1, 3, 1), sueldo_basico=Decimal(sueldo), regimen=regimen,
            sistema_pension=sistema, afp=afp, tipo_comision=comision, hijos=hijos, cuspp=cuspp, eps=eps,
            tipo_remuneracion=TipoRemuneracion.QUINCENAL if numero == QUINCENAL[2] else TipoRemuneracion.MENSUAL,
        )
        empleado.tomar_empresa_de_sucursal()
        empleados.append(services.empleado_guardar(empleado=empleado, usuario=admin))
    zona = timezone.get_current_timezone()
    lineas = [f"Personal: {len(empleados)} empleados (general, pequeña y microempresa; ONP y las cuatro AFP; uno quincenal)."]
    for periodo in (cerrada, abierta):
        _marcar_mes(empleados, periodo, zona)
        planilla = services.planilla_calcular(sucursal=sucursal, periodo=periodo, usuario=admin)
        if periodo == cerrada:
            services.planilla_cerrar(planilla=planilla)
        lineas.append(f"{planilla} {planilla.get_estado_display().lower()} (neto S/ {planilla.total_neto}).")
    primera = services.planilla_calcular(sucursal=sucursal, periodo=abierta, tipo_periodo=TipoPeriodo.PRIMERA_QUINCENA, usuario=admin)
    services.planilla_cerrar(planilla=primera)
    segunda = services.planilla_calcular(sucursal=sucursal, periodo=abierta, tipo_periodo=TipoPeriodo.SEGUNDA_QUINCENA, usuario=admin)
    lineas.append(f"Quincenas de {abierta:%m/%Y}: la primera cerrada (neto S/ {primera.total_neto}), la segunda abierta "
                  f"(neto S/ {segunda.total_neto}).")
    # The latest CTS deposit month (May or November) up to last month.
    cts = abierta.replace(month=11 if abierta.month >= 11 else 5) if abierta.month >= 5 else abierta.replace(year=abierta.year - 1, month=11)
    depositos = services.cts_calcular(sucursal=sucursal, periodo=cts, usuario=admin)
    lineas.append(f"CTS {cts:%m/%Y}: {len(depositos)} depósitos (S/ {sum(d.monto for d in depositos)}).")
    return lineas
