"""Stock reports: all products across the branches side by side (TODOS LOS PRODUCTOS), each product per warehouse
(POR PRODUCTO) valued at its average cost, the stock valued per product, the products below their minimum, and the
kardex's moves."""

from django.db.models import Case, CharField, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Concat

from erp.models import Sucursal
from inventory.models import Movimiento, Naturaleza, Stock
from inventory.selectors import bajo_minimo

from .framework import Columna, Filtros, Grafico, Reporte, registrar

CANTIDAD = DecimalField(max_digits=22, decimal_places=6)


def _stock(f: Filtros):
    return _del_producto(Stock.objects.filter(almacen__sucursal__in=f.sucursales, producto__tipo="P"), f)


def _del_producto(filas, f: Filtros):
    """Rows with a `producto` limited by the product and category filters."""
    if f.datos.get("producto"):
        filas = filas.filter(Q(producto__codigo__iexact=f.datos["producto"]) | Q(producto__nombre__icontains=f.datos["producto"]))
    if f.datos.get("categoria"):
        filas = filas.filter(producto__categoria__nombre__icontains=f.datos["categoria"])
    return filas


# A product in a warehouse: the columns the per-warehouse reports start with, and their values.
COLUMNAS_ALMACEN = (
    Columna("codigo", "Código", ancho=14),
    Columna("nombre", "Producto", ancho=40),
    Columna("sucursal_nombre", "Sucursal", ancho=20),
    Columna("almacen_nombre", "Almacén", ancho=20),
)
EN_ALMACEN = {
    "codigo": F("producto__codigo"), "nombre": F("producto__nombre"), "sucursal_nombre": F("almacen__sucursal__nombre"),
    "almacen_nombre": F("almacen__nombre"),
}  # fmt: skip


class _Inventario(Reporte):
    grupo = "Inventario"
    permiso = "reports.ver_inventario"
    filtros = ("sucursal", "producto", "categoria")


@registrar
class StockSucursales(_Inventario):
    codigo = "stock-sucursales"
    titulo = "Stock: todos los productos"
    descripcion = "Cada producto con su stock en cada sucursal, lado a lado."
    orden = "codigo"

    def columnas_para(self, f):
        sucursales = Sucursal.objects.filter(pk__in=f.sucursales).order_by("codigo_establecimiento", "pk")
        return (
            Columna("codigo", "Código", ancho=14),
            Columna("nombre", "Producto", ancho=40),
            *(Columna(f"s{s.pk}", s.nombre, "cantidad", total=True, ancho=12) for s in sucursales),
            Columna("total", "Total", "cantidad", total=True, ancho=12),
        )

    def filas(self, f):
        por_sucursal = {f"s{pk}": Sum("cantidad", filter=Q(almacen__sucursal_id=pk), default=0) for pk in f.sucursales}
        return _stock(f).values(codigo=F("producto__codigo"), nombre=F("producto__nombre")).annotate(**por_sucursal, total=Sum("cantidad"))


@registrar
class StockPorAlmacen(_Inventario):
    codigo = "stock-almacen"
    titulo = "Stock: por producto y almacén"
    descripcion = "El stock de cada producto en cada almacén, valorizado al costo promedio."
    columnas = (
        *COLUMNAS_ALMACEN,
        Columna("cantidad", "Cantidad", "cantidad", total=True, ancho=12),
        Columna("costo_promedio", "Costo promedio", "cantidad", ancho=14),
        Columna("valor", "Valor", "importe", total=True),
    )
    orden = "codigo"

    def filas(self, f):
        return _stock(f).values("cantidad", "costo_promedio", "valor", **EN_ALMACEN)


@registrar
class StockValorizado(_Inventario):
    codigo = "stock-valorizado"
    titulo = "Stock valorizado"
    descripcion = "Cada producto con su stock total y su valor al costo promedio de sus almacenes."
    columnas = (
        Columna("codigo", "Código", ancho=14),
        Columna("nombre", "Producto", ancho=40),
        Columna("categoria", "Categoría", ancho=20),
        Columna("cantidad", "Cantidad", "cantidad", total=True, ancho=12),
        Columna("valor", "Valor", "importe", total=True),
    )
    orden = "-valor"
    grafico = Grafico("nombre", ("valor",), maximo=15)

    def filas(self, f):
        return _stock(f).values(codigo=F("producto__codigo"), nombre=F("producto__nombre"), categoria=F("producto__categoria__nombre")).annotate(
            cantidad=Sum("cantidad"), valor=Sum("valor")
        )


@registrar
class StockBajoMinimo(_Inventario):
    codigo = "stock-bajo-minimo"
    titulo = "Stock bajo mínimo"
    descripcion = "Los productos con menos stock en un almacén que el mínimo fijado para ese almacén, y lo que falta para reponerlo."
    columnas = (
        *COLUMNAS_ALMACEN,
        Columna("minimo", "Stock mínimo", "cantidad", ancho=12),
        Columna("stock", "Stock", "cantidad", ancho=12),
        Columna("faltante", "Falta para el mínimo", "cantidad", total=True, ancho=14),
    )
    orden = "codigo"

    def filas(self, f):
        return _del_producto(bajo_minimo(f.sucursales), f).values("stock", "faltante", minimo=F("cantidad"), **EN_ALMACEN)


def _si(naturaleza, campo):
    return Case(When(naturaleza=naturaleza, then=F(campo)), default=None, output_field=CANTIDAD)


@registrar
class Kardex(_Inventario):
    codigo = "kardex"
    titulo = "Kardex: movimientos valorizados"
    descripcion = "Las entradas y salidas del período con el saldo después de cada una; el kardex de un producto y almacén con su saldo inicial está en Inventario › Kardex."
    filtros = ("desde", "hasta", "sucursal", "producto", "categoria")
    max_dias = 366
    columnas = (
        Columna("fecha", "Fecha", "fecha", ancho=11),
        Columna("codigo", "Código", ancho=14),
        Columna("nombre", "Producto", ancho=32),
        Columna("almacen_nombre", "Almacén", ancho=18),
        Columna("operacion", "Operación (tabla 12)", ancho=8),
        Columna("documento", "Documento", ancho=16),
        Columna("entrada", "Entrada", "cantidad", total=True, ancho=11),
        Columna("salida", "Salida", "cantidad", total=True, ancho=11),
        Columna("costo_unitario", "Costo unitario", "cantidad", ancho=12),
        Columna("costo_total", "Costo total", "importe"),
        Columna("saldo_cantidad", "Saldo", "cantidad", ancho=11),
        Columna("saldo_valor", "Valor del saldo", "importe"),
    )
    orden = "fecha"

    def filas(self, f):
        moves = Movimiento.objects.filter(almacen__sucursal__in=f.sucursales)
        if f.desde and f.hasta:
            moves = moves.filter(fecha__range=(f.desde, f.hasta))
        return _del_producto(moves, f).order_by("fecha", "id").values(
            "fecha", "costo_unitario", "costo_total", "saldo_cantidad", "saldo_valor",
            codigo=F("producto__codigo"), nombre=F("producto__nombre"), almacen_nombre=F("almacen__nombre"), operacion=F("tipo_operacion"),
            documento=Concat("documento_serie", Value("-"), "documento_numero", output_field=CharField()),
            entrada=_si(Naturaleza.ENTRADA, "cantidad"), salida=_si(Naturaleza.SALIDA, "cantidad"),
        )  # fmt: skip
