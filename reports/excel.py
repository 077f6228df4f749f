"""A report as an Excel workbook (openpyxl, write-only): a title row with the company, branch and filters, a bold
frozen header with an autofilter, typed cells (numbers with 2-decimal formats, dates as dates) and a totals row."""

import datetime
import decimal
import re

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from erp.models import Empresa

from .framework import Resultado, redondear

FORMATOS = {"importe": "#,##0.00", "cantidad": "#,##0.00##", "entero": "#,##0", "fecha": "DD/MM/YYYY"}
FILA_ENCABEZADO = 4  # title, filters, blank line, then the header


def _empresa(resultado: Resultado) -> str:
    f = resultado.filtros
    if f.sucursal:
        return f"{f.sucursal.empresa.razon_social} (RUC {f.sucursal.empresa.ruc})"
    empresas = Empresa.objects.filter(sucursales__in=f.sucursales).distinct()
    return " / ".join(f"{e.razon_social} (RUC {e.ruc})" for e in empresas)


def libro(resultado: Resultado, progreso=None) -> Workbook:
    """The workbook of `resultado`; `progreso(filas)` is called every 1,000 rows (the export task's progress bar)."""
    columnas = resultado.columnas
    wb = Workbook(write_only=True)
    hoja = wb.create_sheet(re.sub(r"[\\/*?:\[\]]", " ", resultado.reporte.titulo)[:31])  # Excel refuses these in a sheet name
    for i, c in enumerate(columnas, 1):
        hoja.column_dimensions[get_column_letter(i)].width = c.ancho
    hoja.freeze_panes = f"A{FILA_ENCABEZADO + 1}"
    negrita = Font(bold=True)

    def celda(valor, formato=None, fuente=None):
        cell = WriteOnlyCell(hoja, value=valor)
        if formato:
            cell.number_format = formato
        if fuente:
            cell.font = fuente
        return cell

    hoja.append([celda(f"{resultado.reporte.titulo} — {_empresa(resultado)}", fuente=Font(bold=True, size=13))])
    generado = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    hoja.append([f"{resultado.filtros.descripcion()} · Generado el {generado}"])
    hoja.append([])
    hoja.append([celda(c.titulo, fuente=negrita) for c in columnas])

    # One styled cell per typed column, reused on every row: the write-only sheet writes a row as soon as it is
    # appended, and building and styling a cell costs far more than setting its value. Other columns go as values.
    formatos = [FORMATOS.get(c.tipo) for c in columnas]
    plantillas = [celda(None, formato) if formato else None for formato in formatos]
    claves = [c.clave for c in columnas]
    # The totals are summed as the rows go by: asking the database would run a grouped report's query twice.
    # Exact sums (numbers of up to 22 digits, 100,000s of them, fit in 40).
    sumadas = [c.clave for c in columnas if c.total]
    sumas = dict.fromkeys(sumadas, decimal.Decimal(0))
    n = 0
    with decimal.localcontext(prec=40):
        for fila in resultado.iterar():
            valores = []
            for clave, plantilla in zip(claves, plantillas, strict=True):
                valor = fila.get(clave)
                if isinstance(valor, datetime.datetime):
                    valor = timezone.localtime(valor).replace(tzinfo=None) if timezone.is_aware(valor) else valor
                if valor is None or plantilla is None:
                    valores.append(valor)
                else:
                    plantilla.value = valor
                    valores.append(plantilla)
            hoja.append(valores)
            for clave in sumadas:
                sumas[clave] += fila.get(clave) or 0
            n += 1
            if progreso and n % 1000 == 0:
                progreso(n)
    totales = {c.clave: redondear(c, sumas[c.clave]) for c in columnas if c.total}
    if totales:
        fila_totales = []
        for i, (c, formato) in enumerate(zip(columnas, formatos, strict=True)):
            if c.clave in totales:
                fila_totales.append(celda(totales[c.clave], formato, negrita))
            else:
                fila_totales.append(celda("Totales", fuente=negrita) if i == 0 else None)
        hoja.append(fila_totales)
    ultima = FILA_ENCABEZADO + max(n, 1)
    hoja.auto_filter.ref = f"A{FILA_ENCABEZADO}:{get_column_letter(len(columnas))}{ultima}"
    if progreso:
        progreso(n)
    return wb
