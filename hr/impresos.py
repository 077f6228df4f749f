"""The boleta de pago (PDF, xhtml2pdf like the sales documents) and the Excel files of payroll and attendance."""

import io

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font
from xhtml2pdf import pisa

from cpe.letras import monto_en_letras

from .models import LineaPlanilla

COLUMNAS_PLANILLA = [
    ("Apellidos y nombres", None), ("Documento", None), ("Cargo", None), ("Régimen", None), ("Sistema", None),
    ("Días laborados", "dias_laborados"), ("Faltas", "dias_falta"), ("Tardanza (min)", "minutos_tardanza"),
    ("Horas extra", "horas_extra"), ("Básico", "basico"), ("Asignación familiar", "asignacion_familiar"),
    ("Horas extra (S/)", "monto_horas_extra"), ("Vacaciones", "vacaciones"), ("Faltas (S/)", "descuento_faltas"),
    ("Tardanzas (S/)", "descuento_tardanzas"), ("Gratificación", "gratificacion"),
    ("Bonificación extraordinaria", "bonificacion"), ("Total ingresos", "total_ingresos"), ("ONP", "onp"),
    ("AFP aporte", "afp_aporte"), ("AFP prima", "afp_prima"), ("AFP comisión", "afp_comision"),
    ("Renta 5ta", "quinta"), ("Adelantos", "adelantos"), ("Retención judicial", "retencion_judicial"),
    ("Total descuentos", "total_descuentos"), ("Neto a pagar", "neto"), ("EsSalud", "essalud"), ("EPS", "eps"),
]


def boleta_pdf(linea: LineaPlanilla) -> bytes:
    empleado, planilla = linea.empleado, linea.planilla
    ingresos = [(e, getattr(linea, c)) for e, c in [
        ("Remuneración básica", "basico"), ("Asignación familiar", "asignacion_familiar"),
        ("Horas extra", "monto_horas_extra"), ("Vacaciones", "vacaciones"), ("Gratificación", "gratificacion"),
        ("Bonificación extraordinaria (Ley 30334)", "bonificacion"),
        ("Descuento por faltas", "descuento_faltas"), ("Descuento por tardanzas", "descuento_tardanzas"),
    ] if getattr(linea, c)]
    descuentos = [(e, getattr(linea, c)) for e, c in [
        ("ONP", "onp"), ("AFP aporte obligatorio", "afp_aporte"), ("AFP prima de seguro", "afp_prima"),
        ("AFP comisión", "afp_comision"), ("Renta de quinta categoría", "quinta"), ("Adelantos", "adelantos"),
        ("Retención judicial", "retencion_judicial"),
    ] if getattr(linea, c)]
    aportes = [(e, getattr(linea, c)) for e, c in [("EsSalud", "essalud"), ("EPS", "eps")] if getattr(linea, c)]
    html = render_to_string("hr/boleta.html", {
        "l": linea, "e": empleado, "p": planilla, "empresa": planilla.empresa,
        "ingresos": ingresos, "descuentos": descuentos, "aportes": aportes,
        "letras": monto_en_letras(linea.neto, "PEN"),
    })
    return _pdf(html)


def _pdf(html: str) -> bytes:
    salida = io.BytesIO()
    pisa.CreatePDF(html, dest=salida, encoding="utf-8")
    return salida.getvalue()


def _soles(monto) -> str:
    return f"{monto:,.2f}"


def _hoja(titulo, empleado, dato, valor_dato, filas, etiqueta_total, total) -> bytes:
    return _pdf(render_to_string("hr/hoja.html", {
        "titulo": titulo, "e": empleado, "empresa": empleado.empresa, "dato": dato, "valor_dato": valor_dato,
        "filas": filas, "etiqueta_total": etiqueta_total, "total": _soles(total), "letras": monto_en_letras(total, "PEN"),
    }))


def cts_pdf(d) -> bytes:
    """The liquidación de CTS the employer hands the worker with each deposit."""
    return _hoja(
        f"LIQUIDACIÓN DE CTS — DEPÓSITO DE {d.periodo:%m/%Y}", d.empleado, "Periodo computable",
        f"{d.desde:%d/%m/%Y} al {d.hasta:%d/%m/%Y}", [
            ("Sueldo", _soles(d.sueldo)), ("Asignación familiar", _soles(d.asignacion_familiar)),
            ("1/6 de la gratificación", _soles(d.sexto_gratificacion)), ("Remuneración computable", _soles(d.computable)),
            ("Tiempo computable", f"{d.meses} meses y {d.dias} días"), ("Faltas descontadas", f"{d.dias_falta} días"),
        ], "CTS A DEPOSITAR", d.monto)  # fmt: skip


def liquidacion_pdf(liq) -> bytes:
    """The hoja de liquidación de beneficios sociales of a leaving worker."""
    return _hoja(
        "LIQUIDACIÓN DE BENEFICIOS SOCIALES", liq.empleado, "Cese",
        f"{liq.fecha_cese:%d/%m/%Y} ({liq.get_motivo_display().lower()})", [
            ("Sueldo", _soles(liq.sueldo)), ("Asignación familiar", _soles(liq.asignacion_familiar)),
            (f"CTS trunca ({liq.meses_cts} meses y {liq.dias_cts} días desde el {liq.cts_desde:%d/%m/%Y})", _soles(liq.cts_trunca)),
            (f"Gratificación trunca ({liq.meses_gratificacion} meses)", _soles(liq.gratificacion_trunca)),
            ("Bonificación extraordinaria (Ley 30334)", _soles(liq.bonificacion)),
            (f"Vacaciones truncas ({liq.meses_vacaciones} meses y {liq.dias_vacaciones} días)", _soles(liq.vacaciones_truncas)),
            (f"Vacaciones no gozadas ({liq.dias_vacaciones_pendientes} días)", _soles(liq.vacaciones_pendientes)),
            (f"{'Devolución' if liq.quinta >= 0 else 'Retención'} de renta de quinta categoría (renta del año "
             f"{_soles(liq.renta_anual)}, retenido {_soles(liq.quinta_retenida)})", _soles(liq.quinta)),
        ], "TOTAL A PAGAR", liq.total)  # fmt: skip


def _libro(titulo: str, cabecera: list[str]):
    libro = Workbook()
    hoja = libro.active
    hoja.title = titulo
    hoja.append(cabecera)
    for celda in hoja[1]:
        celda.font = Font(bold=True)
    return libro, hoja


def planilla_xlsx(planilla) -> Workbook:
    libro, hoja = _libro(f"Planilla {planilla.nombre_archivo}", [c for c, _ in COLUMNAS_PLANILLA])
    for linea in planilla.lineas.select_related("empleado"):
        e = linea.empleado
        hoja.append([str(e), e.numero_documento, e.cargo, e.get_regimen_display(),
                     e.get_afp_display() if e.afp else e.get_sistema_pension_display(),
                     *(getattr(linea, campo) for _, campo in COLUMNAS_PLANILLA[5:])])
    return libro


def asistencia_xlsx(filas) -> Workbook:
    """`filas`: (empleado, DiaAsistencia) pairs of the attendance report."""
    libro, hoja = _libro("Asistencia", ["Fecha", "Código", "Empleado", "Área", "Entrada", "Salida", "Estado",
                                        "Tardanza (min)", "Horas extra 25 %", "Horas extra 35 %"])
    for empleado, dia in filas:
        hoja.append([dia.fecha, empleado.codigo, str(empleado), empleado.area,
                     dia.entrada.strftime("%H:%M") if dia.entrada else "", dia.salida.strftime("%H:%M") if dia.salida else "",
                     dia.estado, dia.tardanza, dia.horas_extra_25, dia.horas_extra_35])
    return libro
