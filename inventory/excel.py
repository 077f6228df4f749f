"""Excel files of the inventory.

The catalogue is written with openpyxl. A kardex can hold 100,000 moves, which
openpyxl needs over 10 s to write on an office machine; it is streamed as
SpreadsheetML by the small writer below, over 10 times faster.
"""

import datetime
import io
import zipfile
from xml.sax.saxutils import escape

from django.db.models import TextField
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .models import Naturaleza
from .selectors import Kardex

TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def respuesta_xlsx(libro, nombre: str) -> HttpResponse:
    """The workbook (openpyxl's or a HojaRapida) as a download."""
    salida = io.BytesIO()
    libro.save(salida)
    respuesta = HttpResponse(salida.getvalue(), content_type=TIPO_XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta


def lista_xlsx(titulo: str, columnas: list[str], filas) -> Workbook:
    """A plain list as a workbook: a bold header row, then one row per item of `filas` (values as they come)."""
    libro, hoja = _hoja(titulo[:31], [18] * len(columnas))
    hoja.append(_negrita(hoja, columnas))
    for fila in filas:
        hoja.append(list(fila))
    return libro


def _hoja(titulo: str, anchos: list[int]):
    libro = Workbook(write_only=True)
    hoja = libro.create_sheet(titulo)
    for i, ancho in enumerate(anchos, 1):
        hoja.column_dimensions[get_column_letter(i)].width = ancho
    return libro, hoja


def _negrita(hoja, valores) -> list:
    filas = []
    for valor in valores:
        celda = WriteOnlyCell(hoja, value=valor)
        celda.font = Font(bold=True)
        filas.append(celda)
    return filas


CATALOGO_COLUMNAS = [
    ("Tipo", 10),
    ("Código", 14),
    ("Código numérico", 16),
    ("Código SUNAT", 14),
    ("Nombre", 40),
    ("Descripción", 40),
    ("Categoría", 20),
    ("Subcategoría", 20),
    ("Marca", 16),
    ("Clasificación", 30),
    ("Unidad", 8),
    ("Afectación IGV", 28),
    ("Valor de venta (sin IGV)", 14),
    ("Precio de venta (con IGV)", 14),
    ("Sistema ISC", 18),
    ("Tasa o monto ISC", 12),
    ("ICBPER", 8),
    ("Controla series", 10),
    ("Stock total", 12),
    ("Estado", 10),
]


def catalogo_xlsx(productos) -> Workbook:
    """The catalogue as listed (with its filters), one product or service per row."""
    libro, hoja = _hoja("Catálogo", [ancho for _, ancho in CATALOGO_COLUMNAS])
    hoja.append(_negrita(hoja, [titulo for titulo, _ in CATALOGO_COLUMNAS]))
    productos = productos.select_related("categoria", "subcategoria__categoria", "marca", "clasificacion")
    for p in productos.iterator(chunk_size=2000):
        hoja.append(
            [
                p.get_tipo_display(),
                p.codigo,
                p.cod_num,
                p.codigo_sunat,
                p.nombre,
                p.descripcion,
                p.categoria.nombre if p.categoria else "",
                p.subcategoria.nombre if p.subcategoria else "",
                p.marca.nombre if p.marca else "",
                str(p.clasificacion) if p.clasificacion else "",
                p.unidad_id,
                p.get_afectacion_igv_display(),
                p.valor_venta,
                p.precio_venta,
                p.get_isc_sistema_display(),
                p.isc_tasa or None,
                "Sí" if p.icbper else "No",
                "Sí" if p.maneja_series else "No",
                getattr(p, "_stock", None),
                "Activo" if p.activo else "Inactivo",
            ]
        )
    return libro


_PAQUETE = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        '<Relationship Id="rId2" Target="styles.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/>'
        "</Relationships>"
    ),
    # Styles: 0 normal, 1 bold, 2 date dd/mm/yyyy.
    "xl/styles.xml": (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}
_EPOCA_EXCEL = datetime.date(1899, 12, 30)
# Control characters are not allowed in XML: a pasted one would make the file unreadable.
_CONTROL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])


def _texto(valor: str) -> str:
    return escape(valor.translate(_CONTROL))


def _celda(valor, negrita: bool = False) -> str:
    estilo = ' s="1"' if negrita else ""
    if valor is None:
        return "<c/>"
    if isinstance(valor, str):
        return f'<c t="inlineStr"{estilo}><is><t xml:space="preserve">{_texto(valor)}</t></is></c>'
    if isinstance(valor, datetime.date):
        return f'<c s="2"><v>{(valor - _EPOCA_EXCEL).days}</v></c>'
    return f"<c{estilo}><v>{valor}</v></c>"


class HojaRapida:
    """A one-sheet .xlsx written as SpreadsheetML text: numbers, text and dates, bold rows."""

    def __init__(self, titulo: str, anchos: list[int]):
        self.titulo = titulo
        self.anchos = anchos
        self.partes: list[str] = []

    def append(self, valores=(), negrita: bool = False) -> None:
        self.partes.append("<row>" + "".join(_celda(v, negrita) for v in valores) + "</row>")

    def append_xml(self, filas: str) -> None:
        """Rows already rendered as <row> elements (the fast path for thousands of rows)."""
        self.partes.append(filas)

    def save(self, destino) -> None:
        columnas = "".join(f'<col min="{i}" max="{i}" width="{a}" customWidth="1"/>' for i, a in enumerate(self.anchos, 1))
        libro = (
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{escape(self.titulo)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        )
        with zipfile.ZipFile(destino, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as paquete:
            for nombre, contenido in {**_PAQUETE, "xl/workbook.xml": libro}.items():
                paquete.writestr(nombre, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + contenido)
            with paquete.open("xl/worksheets/sheet1.xml", "w") as hoja:
                hoja.write(
                    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                )
                hoja.write(f"<cols>{columnas}</cols><sheetData>".encode())
                for parte in self.partes:
                    hoja.write(parte.encode())
                hoja.write(b"</sheetData></worksheet>")


KARDEX_COLUMNAS = [
    ("Fecha", 11),
    ("Tipo de operación (tabla 12)", 30),
    ("Tipo de documento (tabla 10)", 14),
    ("Serie", 8),
    ("Número", 12),
    ("Glosa", 30),
    ("Entrada: cantidad", 12),
    ("Entrada: costo unitario", 14),
    ("Entrada: costo total", 14),
    ("Salida: cantidad", 12),
    ("Salida: costo unitario", 14),
    ("Salida: costo total", 14),
    ("Saldo: cantidad", 12),
    ("Saldo: costo promedio", 14),
    ("Saldo: valor", 14),
]

_TEXTO = '<c t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>'
_NUMEROS = "<c><v>{}</v></c>" * 3
_VACIAS = "<c/>" * 3
_INICIO = '<row><c s="2"><v>{}</v></c>' + _TEXTO * 5
_FIN = "<c><v>{}</v></c>" * 3 + "</row>"
# One template per direction: entries fill the "Entrada" columns, exits the "Salida" ones.
_FILA = {Naturaleza.ENTRADA: _INICIO + _NUMEROS + _VACIAS + _FIN, Naturaleza.SALIDA: _INICIO + _VACIAS + _NUMEROS + _FIN}


def kardex_xlsx(k: Kardex) -> HojaRapida:
    """SUNAT's valued kardex layout (formato 13.1): heading, opening balance, moves, totals."""
    hoja = HojaRapida("Kardex", [ancho for _, ancho in KARDEX_COLUMNAS])
    empresa, producto = k.almacen.empresa, k.producto
    hoja.append(["REGISTRO DE INVENTARIO PERMANENTE VALORIZADO - DETALLE DEL INVENTARIO VALORIZADO"], negrita=True)
    for etiqueta, valor in [
        ("Período", f"{k.desde:%d/%m/%Y} al {k.hasta:%d/%m/%Y}"),
        ("RUC", empresa.ruc),
        ("Razón social", empresa.razon_social),
        ("Establecimiento", f"{k.almacen.sucursal.codigo_establecimiento} {k.almacen.sucursal.nombre} - {k.almacen.nombre}"),
        ("Código de la existencia", producto.codigo),
        ("Descripción", producto.nombre),
        ("Unidad de medida (tabla 6)", producto.unidad_id),
        ("Método de valuación", "Promedio ponderado"),
        ("Generado", timezone.localtime().strftime("%d/%m/%Y %H:%M")),
    ]:
        hoja.append([etiqueta, valor])
    hoja.append()
    hoja.append([titulo for titulo, _ in KARDEX_COLUMNAS], negrita=True)
    inicial = k.saldo_inicial
    hoja.append([k.desde, "Saldo inicial", *([None] * 10), inicial.cantidad, inicial.costo_unitario, inicial.valor])
    operaciones = {codigo: escape(f"{codigo} {nombre}") for codigo, nombre in k.movimientos.model._meta.get_field("tipo_operacion").choices}
    dias: dict[datetime.date, int] = {}
    # Amounts come as the database's text: they go into the file as text anyway, and
    # building 600,000 Decimals would take longer than writing the whole file.
    importes = ("cantidad", "costo_unitario", "costo_total", "saldo_cantidad", "saldo_costo_unitario", "saldo_valor")
    filas = k.movimientos.annotate(**{f"{c}_txt": Cast(c, TextField()) for c in importes}).values_list(
        "fecha",
        "tipo_operacion",
        "documento_tipo",
        "documento_serie",
        "documento_numero",
        "glosa",
        "naturaleza",
        *(f"{c}_txt" for c in importes),
    )
    textos: dict[str, str] = {}  # series and glosas repeat: escape each once

    def texto(valor):
        limpio = textos.get(valor)
        if limpio is None:
            limpio = textos[valor] = _texto(valor)
        return limpio

    lote = []
    for fecha, operacion, doc_tipo, serie, numero, glosa, naturaleza, *valores in filas.iterator(chunk_size=10_000):
        dia = dias.get(fecha)
        if dia is None:
            dia = dias[fecha] = (fecha - _EPOCA_EXCEL).days
        numero = numero if numero.isalnum() else _texto(numero)
        lote.append(_FILA[naturaleza].format(dia, operaciones[operacion], doc_tipo, texto(serie), numero, texto(glosa), *valores))
        if len(lote) == 10_000:
            hoja.append_xml("".join(lote))
            lote = []
    hoja.append_xml("".join(lote))
    final = k.saldo_final
    totales = [k.entradas_cantidad, None, k.entradas_valor, k.salidas_cantidad, None, k.salidas_valor]
    hoja.append(["Totales", *([None] * 5), *totales, final.cantidad, final.costo_unitario, final.valor], negrita=True)
    return hoja
