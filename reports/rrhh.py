"""Personnel reports: attendance per person and day, and the payroll by period and concept."""

from django.db.models import CharField, Count, F, Max, Min, Q, Value
from django.db.models.functions import Concat, TruncDate
from django.utils import timezone

from hr.models import LineaPlanilla, Marcacion, TipoMarcacion

from .framework import Columna, Reporte, registrar


def _hora(valor) -> str:
    return f"{timezone.localtime(valor):%H:%M}" if valor else ""


@registrar
class Asistencia(Reporte):
    codigo = "asistencia"
    titulo = "Asistencia"
    grupo = "Personal"
    permiso = "reports.ver_asistencia"
    descripcion = "La primera entrada y la última salida de cada persona cada día."
    filtros = ("desde", "hasta", "sucursal", "socio")
    columnas = (
        Columna("fecha", "Fecha", "fecha", ancho=11),
        Columna("documento", "Documento", ancho=12),
        Columna("empleado", "Apellidos y nombres", ancho=36),
        Columna("entrada", "Entrada", ancho=8),
        Columna("salida", "Salida", ancho=8),
        Columna("marcaciones", "Marcaciones", "entero", total=True, ancho=12),
    )
    orden = "fecha"

    def filas(self, f):
        marcas = Marcacion.objects.filter(empleado__sucursal__in=f.sucursales, fecha_hora__date__range=(f.desde, f.hasta))
        if f.datos.get("socio"):
            texto = f.datos["socio"]
            marcas = marcas.filter(Q(empleado__numero_documento=texto) | Q(empleado__apellidos__icontains=texto) | Q(empleado__nombres__icontains=texto))
        filas = (
            marcas.annotate(fecha=TruncDate("fecha_hora", tzinfo=timezone.get_current_timezone()))
            .values("fecha", "empleado_id", documento=F("empleado__numero_documento"), apellidos=F("empleado__apellidos"), nombres=F("empleado__nombres"))
            .annotate(
                primera=Min("fecha_hora", filter=Q(tipo=TipoMarcacion.ENTRADA)),
                ultima=Max("fecha_hora", filter=Q(tipo=TipoMarcacion.SALIDA)),
                marcaciones=Count("id"),
            )
        )
        return [
            {"fecha": fila["fecha"], "documento": fila["documento"], "empleado": f"{fila['apellidos']}, {fila['nombres']}",
             "entrada": _hora(fila["primera"]), "salida": _hora(fila["ultima"]), "marcaciones": fila["marcaciones"]}
            for fila in filas
        ]  # fmt: skip


CONCEPTOS = (
    ("basico", "Básico"),
    ("asignacion_familiar", "Asignación familiar"),
    ("monto_horas_extra", "Horas extra"),
    ("vacaciones", "Vacaciones"),
    ("gratificacion", "Gratificación"),
    ("bonificacion", "Bonificación extraordinaria"),
    ("total_ingresos", "Total ingresos"),
    ("onp", "ONP"),
    ("afp_aporte", "AFP aporte"),
    ("afp_prima", "AFP prima"),
    ("afp_comision", "AFP comisión"),
    ("quinta", "Renta de quinta"),
    ("adelantos", "Adelantos"),
    ("total_descuentos", "Total descuentos"),
    ("neto", "Neto a pagar"),
    ("essalud", "EsSalud"),
)


@registrar
class Planilla(Reporte):
    codigo = "planilla"
    titulo = "Planilla por período y concepto"
    grupo = "Personal"
    permiso = "reports.ver_planilla"
    descripcion = "Cada trabajador de las planillas de los meses elegidos, con sus ingresos, descuentos y aportes."
    filtros = ("desde", "hasta", "sucursal", "socio")
    columnas = (
        Columna("periodo", "Período", "fecha", ancho=11),
        Columna("documento", "Documento", ancho=12),
        Columna("trabajador", "Apellidos y nombres", ancho=34),
        *(Columna(campo, titulo, "importe", total=True, ancho=12) for campo, titulo in CONCEPTOS),
    )
    orden = "periodo"

    def filas(self, f):
        lineas = LineaPlanilla.objects.filter(planilla__sucursal__in=f.sucursales)
        if f.desde and f.hasta:
            lineas = lineas.filter(planilla__periodo__range=(f.desde.replace(day=1), f.hasta))
        if f.datos.get("socio"):
            texto = f.datos["socio"]
            lineas = lineas.filter(Q(empleado__numero_documento=texto) | Q(empleado__apellidos__icontains=texto))
        return lineas.values(
            *(campo for campo, _ in CONCEPTOS), periodo=F("planilla__periodo"), documento=F("empleado__numero_documento"),
            trabajador=Concat("empleado__apellidos", Value(", "), "empleado__nombres", output_field=CharField()),
        )  # fmt: skip
