"""Demo data of personnel: three employees, last month's attendance (Monday to Saturday) and its planilla."""

import datetime
from decimal import Decimal

from django.utils import timezone

from erp.models import TipoDocumentoIdentidad

from . import services
from .models import Afp, Empleado, SistemaPension, TipoComision

EMPLEADOS = [
    ("Rosa", "Huamán Quispe", "41234567", "Contadora", Decimal("3200.00"), SistemaPension.AFP, Afp.INTEGRA, 1, "583120RHQUS4"),
    ("Jorge", "Mendoza Ríos", "42345678", "Almacenero", Decimal("1300.00"), SistemaPension.ONP, "", 0, ""),
    ("Lucía", "Torres Vega", "43456789", "Vendedora", Decimal("1800.00"), SistemaPension.AFP, Afp.PRIMA, 2, "601250LTVGA8"),
]


def cargar_demo(contexto: dict) -> list[str]:
    sucursal, admin = contexto["sucursales"]["0000"], contexto["usuarios"]["admin"]
    if Empleado.objects.filter(sucursal=sucursal).exists():
        return []
    dni = TipoDocumentoIdentidad.objects.get(codigo="1")
    hoy = timezone.localdate()
    periodo = (hoy.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    empleados = []
    for nombres, apellidos, numero, cargo, sueldo, sistema, afp, hijos, cuspp in EMPLEADOS:
        empleado = Empleado(
            sucursal=sucursal, nombres=nombres, apellidos=apellidos, tipo_documento=dni, numero_documento=numero,
            cargo=cargo, fecha_ingreso=datetime.date(periodo.year - 1, 3, 1), sueldo_basico=sueldo,
            sistema_pension=sistema, afp=afp, tipo_comision=TipoComision.FLUJO if afp else "", hijos=hijos, cuspp=cuspp,
        )
        empleado.tomar_empresa_de_sucursal()
        empleados.append(services.empleado_guardar(empleado=empleado, usuario=admin))
    zona = timezone.get_current_timezone()
    for empleado in empleados:
        fecha = periodo
        while fecha.month == periodo.month:
            fecha, dia = fecha + datetime.timedelta(days=1), fecha
            if dia.weekday() == 6:
                continue
            for hora in (datetime.time(8, 55), datetime.time(18, 5)):
                services.marcacion_registrar(
                    codigo=empleado.codigo, momento=datetime.datetime.combine(dia, hora, tzinfo=zona), origen="manual"
                )
    planilla = services.planilla_calcular(sucursal=sucursal, periodo=periodo, usuario=admin)
    return [f"Personal: {len(empleados)} empleados; {planilla} calculada (neto S/ {planilla.total_neto})."]
