"""Reading a file of exchange rates: one row per day with fecha, compra and venta, as CSV (comma or semicolon) or Excel.

The first row may be a header. Dates are dd/mm/aaaa or aaaa-mm-dd; decimals
take a point (a comma too, in a semicolon-separated file).
"""

import csv
import datetime
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from openpyxl import load_workbook

MAXIMO_FILAS = 5000


def _filas(contenido: bytes, nombre: str) -> list[list]:
    if nombre.lower().endswith(".xlsx"):
        try:
            hoja = load_workbook(io.BytesIO(contenido), read_only=True, data_only=True).active
        except Exception as exc:  # openpyxl raises several kinds on a file that is not a workbook
            raise ValidationError("El archivo no es un libro de Excel (.xlsx) válido.") from exc
        return [list(fila) for fila in hoja.iter_rows(values_only=True)]
    try:
        texto = contenido.decode("utf-8-sig")
    except UnicodeDecodeError:
        texto = contenido.decode("latin-1")
    separador = ";" if texto.count(";") > texto.count(",") else ","
    return [fila for fila in csv.reader(io.StringIO(texto), delimiter=separador)]


def _fecha(valor) -> datetime.date:
    if isinstance(valor, datetime.datetime):
        return valor.date()
    if isinstance(valor, datetime.date):
        return valor
    texto = str(valor or "").strip()
    for formato in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(texto, formato).date()
        except ValueError:
            continue
    raise ValueError(f"la fecha «{texto}» no es dd/mm/aaaa")


def _tasa(valor, nombre: str) -> Decimal:
    try:
        tasa = Decimal(str(valor).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValueError(f"el tipo de {nombre} «{valor}» no es un número") from None
    if not tasa.is_finite() or tasa <= 0 or tasa >= 1000:
        raise ValueError(f"el tipo de {nombre} «{valor}» no es válido")
    return tasa.quantize(Decimal("0.001"))


def leer_tipos_cambio(contenido: bytes, nombre: str) -> list[tuple[datetime.date, Decimal, Decimal]]:
    """The file's rates, or a ValidationError naming every bad row (then nothing is imported)."""
    filas = [f for f in _filas(contenido, nombre) if any(str(c or "").strip() for c in f)]
    if filas and str(filas[0][0] or "").strip().lower() == "fecha":
        filas = filas[1:]
    if not filas:
        raise ValidationError("El archivo no tiene filas con fecha, compra y venta.")
    if len(filas) > MAXIMO_FILAS:
        raise ValidationError(f"El archivo tiene {len(filas)} filas; importe como máximo {MAXIMO_FILAS} a la vez.")
    tasas, errores, vistas = [], [], set()
    for numero, fila in enumerate(filas, start=1):
        try:
            if len(fila) < 3:
                raise ValueError("faltan columnas (fecha, compra, venta)")
            fecha, compra, venta = _fecha(fila[0]), _tasa(fila[1], "compra"), _tasa(fila[2], "venta")
            if fecha in vistas:
                raise ValueError(f"el {fecha:%d/%m/%Y} ya aparece en otra fila")
        except ValueError as exc:
            errores.append(f"Fila {numero}: {exc}.")
            continue
        vistas.add(fecha)
        tasas.append((fecha, compra, venta))
    if errores:
        raise ValidationError(errores[:20] + ([f"… y {len(errores) - 20} filas más con errores."] if len(errores) > 20 else []))
    return tasas
