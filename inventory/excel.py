"""Excel files of the inventory (openpyxl in write-only mode, so large kardex stream fast)."""

import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .models import Naturaleza
from .selectors import Kardex

TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def respuesta_xlsx(libro: Workbook, nombre: str) -> HttpResponse:
    salida = io.BytesIO()
    libro.save(salida)
    respuesta = HttpResponse(salida.getvalue(), content_type=TIPO_XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta


def _hoja(titulo: str, anchos: list[int]):
    libro = Workbook(write_only=True)
    hoja = libro.create_sheet(titulo)
    for i, ancho in enumerate(anchos):
        hoja.column_dimensions[chr(ord("A") + i)].width = ancho
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


def kardex_xlsx(k: Kardex) -> Workbook:
    """SUNAT's valued kardex layout (formato 13.1): heading, opening balance, moves, totals."""
    libro, hoja = _hoja("Kardex", [ancho for _, ancho in KARDEX_COLUMNAS])
    empresa, producto = k.almacen.empresa, k.producto
    hoja.append(_negrita(hoja, ["REGISTRO DE INVENTARIO PERMANENTE VALORIZADO - DETALLE DEL INVENTARIO VALORIZADO"]))
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
    hoja.append([])
    hoja.append(_negrita(hoja, [titulo for titulo, _ in KARDEX_COLUMNAS]))
    inicial = k.saldo_inicial
    hoja.append([k.desde, "Saldo inicial", None, None, None, None, *([None] * 6), inicial.cantidad, inicial.costo_unitario, inicial.valor])
    operaciones = dict(k.movimientos.model._meta.get_field("tipo_operacion").choices)
    filas = k.movimientos.values_list(
        "fecha",
        "tipo_operacion",
        "documento_tipo",
        "documento_serie",
        "documento_numero",
        "glosa",
        "naturaleza",
        "cantidad",
        "costo_unitario",
        "costo_total",
        "saldo_cantidad",
        "saldo_costo_unitario",
        "saldo_valor",
    )
    vacio = (None, None, None)
    for fecha, operacion, doc_tipo, serie, numero, glosa, naturaleza, cantidad, costo, total, s_cant, s_costo, s_valor in filas.iterator(
        chunk_size=5000
    ):
        mov = (cantidad, costo, total)
        entrada, salida = (mov, vacio) if naturaleza == Naturaleza.ENTRADA else (vacio, mov)
        hoja.append(
            [fecha, f"{operacion} {operaciones[operacion]}", doc_tipo, serie, numero, glosa, *entrada, *salida, s_cant, s_costo, s_valor]
        )
    final = k.saldo_final
    hoja.append(
        _negrita(
            hoja,
            [
                "Totales",
                None,
                None,
                None,
                None,
                None,
                k.entradas_cantidad,
                None,
                k.entradas_valor,
                k.salidas_cantidad,
                None,
                k.salidas_valor,
                final.cantidad,
                final.costo_unitario,
                final.valor,
            ],
        )
    )
    return libro
