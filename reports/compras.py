"""Purchase reports: by provider and by product, credit notes taking off what they credit."""

from django.db.models import CharField, Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce, NullIf

from purchases.models import FacturaCompra, LineaFacturaCompra, TipoDocumentoCompra

from .framework import Columna, Filtros, Grafico, Reporte, en_periodo, registrar
from .ventas import firmado


def filtro_compras(f: Filtros, p: str = "") -> Q:
    q = Q(**{f"{p}estado": FacturaCompra.Estado.REGISTRADA, f"{p}sucursal__in": f.sucursales}) & en_periodo(f, f"{p}fecha_emision", f"{p}moneda")
    if f.datos.get("tipo"):
        q &= Q(**{f"{p}tipo": f.datos["tipo"]})
    if f.datos.get("socio"):
        q &= Q(**{f"{p}proveedor__numero_documento": f.datos["socio"]}) | Q(**{f"{p}proveedor__razon_social__icontains": f.datos["socio"]})
    return q


class _Compras(Reporte):
    grupo = "Compras"
    permiso = "reports.ver_compras"
    filtros = ("desde", "hasta", "sucursal", "moneda", "tipo", "socio")
    opciones_tipo = tuple(TipoDocumentoCompra.choices)


@registrar
class ComprasPorProveedor(_Compras):
    codigo = "compras-proveedor"
    titulo = "Compras por proveedor"
    columnas = (
        Columna("ruc", "RUC", ancho=14),
        Columna("proveedor_nombre", "Proveedor", ancho=40),
        Columna("documentos", "Documentos", "entero", total=True, ancho=11),
        Columna("gravadas", "Op. gravadas", "importe", total=True),
        Columna("igv", "IGV", "importe", total=True),
        Columna("total", "Importe total", "importe", total=True),
    )
    orden = "-total"
    grafico = Grafico("proveedor_nombre", ("total",), maximo=15)

    def filas(self, f):
        return (
            FacturaCompra.objects.filter(filtro_compras(f))
            .values(ruc=F("proveedor__numero_documento"), proveedor_nombre=F("proveedor__razon_social"))
            .annotate(documentos=Count("id"), gravadas=Sum(firmado("total_gravadas")), igv=Sum(firmado("total_igv")), total=Sum(firmado("importe_total")))
        )


@registrar
class ComprasPorProducto(_Compras):
    codigo = "compras-producto"
    titulo = "Compras por producto"
    filtros = (*_Compras.filtros, "producto")
    columnas = (
        Columna("codigo_producto", "Código", ancho=14),
        Columna("descripcion", "Producto o servicio", ancho=40),
        Columna("cantidad", "Cantidad", "cantidad", total=True, ancho=12),
        Columna("valor", "Valor de compra", "importe", total=True),
        Columna("total", "Importe total", "importe", total=True),
    )
    orden = "-total"
    grafico = Grafico("descripcion", ("total",), maximo=15)

    def filas(self, f):
        lineas = LineaFacturaCompra.objects.filter(filtro_compras(f, "documento__"))
        if f.datos.get("producto"):
            lineas = lineas.filter(Q(codigo__iexact=f.datos["producto"]) | Q(descripcion__icontains=f.datos["producto"]))
        # A purchase line may name its product only through the catalogue.
        codigo = Coalesce(NullIf("codigo", Value("")), "producto__codigo", output_field=CharField())
        return lineas.values("descripcion", codigo_producto=codigo).annotate(
            cantidad=Sum(firmado("cantidad", "documento__tipo")),
            valor=Sum(firmado("valor_venta", "documento__tipo")),
            total=Sum(firmado("total", "documento__tipo")),
        )
