"""Sales reports: by document type, client, product, category, seller, branch and period; best sellers, top clients,
the quotations, orders and work orders with their conversion, and the gross margin against the kardex cost.

Credit notes take off what they credit: every amount is signed by the document's type.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, Count, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce, Concat, TruncDay, TruncMonth

from billing.models import Cotizacion, DocumentoVenta, LineaDocumento, OrdenTrabajo, Pedido, TipoDocumentoVenta
from inventory.models import Movimiento, Naturaleza

from .framework import Binario, Columna, Filtros, Grafico, Reporte, en_periodo, registrar

IMPORTE = DecimalField(max_digits=22, decimal_places=10)
NOTA_CREDITO = TipoDocumentoVenta.NOTA_CREDITO
FILTROS_VENTA = ("desde", "hasta", "sucursal", "moneda", "tipo", "serie", "socio", "vendedor")


def filtro_ventas(f: Filtros, prefijo: str = "", estado: str = DocumentoVenta.Estado.EMITIDO) -> Q:
    """The sales documents the filters select (issued ones unless told), as a condition on `prefijo` (e.g. "documento__")."""
    p = prefijo
    q = Q(**{f"{p}estado": estado, f"{p}sucursal__in": f.sucursales}) & en_periodo(f, f"{p}fecha_emision", f"{p}moneda")
    datos = f.datos
    if datos.get("tipo"):
        q &= Q(**{f"{p}tipo": datos["tipo"]})
    if datos.get("serie"):
        q &= Q(**{f"{p}serie__serie__iexact": datos["serie"]})
    if datos.get("socio"):
        q &= Q(**{f"{p}cliente_numero_documento": datos["socio"]}) | Q(**{f"{p}cliente_razon_social__icontains": datos["socio"]})
    if datos.get("vendedor"):
        q &= Q(**{f"{p}creado_por": datos["vendedor"]})
    return q


def firmado(campo: str, tipo: str = "tipo"):
    """`campo` with the sign of its document: a credit note subtracts."""
    return Case(When(**{tipo: NOTA_CREDITO}, then=-F(campo)), default=F(campo), output_field=IMPORTE)


def etiqueta(campo: str, opciones) -> Case:
    """The display name of a choice field, inside the query (so the listing sorts and groups by it)."""
    return Case(*(When(**{campo: valor}, then=Value(str(nombre))) for valor, nombre in opciones), default=F(campo), output_field=CharField())


def documentos(f: Filtros, estado: str = DocumentoVenta.Estado.EMITIDO):
    """The documents selected; with a product filter, those that have a line of it (a subquery: no duplicate rows)."""
    docs = DocumentoVenta.objects.filter(filtro_ventas(f, estado=estado))
    if f.datos.get("producto"):
        docs = docs.filter(id__in=_lineas_del_producto(LineaDocumento.objects.all(), f).values("documento_id"))
    return docs


def lineas(f: Filtros):
    lineas = _lineas_del_producto(LineaDocumento.objects.filter(filtro_ventas(f, "documento__")), f)
    if f.datos.get("categoria"):
        lineas = lineas.filter(producto__categoria__nombre__icontains=f.datos["categoria"])
    return lineas


def _lineas_del_producto(lineas, f: Filtros):
    producto = f.datos.get("producto")
    return lineas.filter(Q(codigo__iexact=producto) | Q(descripcion__icontains=producto)) if producto else lineas


IMPORTES_DOCUMENTO = {
    "documentos": Count("id"),
    "gravadas": Sum(firmado("total_gravadas")),
    "no_gravadas": Sum(firmado("total_exoneradas") + firmado("total_inafectas") + firmado("total_exportacion")),
    "igv": Sum(firmado("total_igv")),
    "total": Sum(firmado("importe_total")),
}
COLUMNAS_IMPORTES = (
    Columna("documentos", "Documentos", "entero", total=True, ancho=11),
    Columna("gravadas", "Op. gravadas", "importe", total=True),
    Columna("no_gravadas", "Exoneradas, inafectas y exportación", "importe", total=True, ancho=18),
    Columna("igv", "IGV", "importe", total=True),
    Columna("total", "Importe total", "importe", total=True),
)


class _VentasAgrupadas(Reporte):
    grupo = "Ventas"
    permiso = "reports.ver_ventas"
    filtros = (*FILTROS_VENTA, "producto")
    opciones_tipo = tuple(TipoDocumentoVenta.choices)
    agrupacion: dict = {}

    def filas(self, f):
        return documentos(f).values(**self.agrupacion).annotate(**IMPORTES_DOCUMENTO)


@registrar
class VentasPorTipo(_VentasAgrupadas):
    codigo = "ventas-tipo"
    titulo = "Ventas por tipo de documento"
    descripcion = "Facturas, boletas, notas de crédito, notas de débito y notas de venta emitidas o anuladas."
    filtros = (*FILTROS_VENTA, "producto", "estado")
    opciones_estado = ((DocumentoVenta.Estado.EMITIDO, "Emitidos"), (DocumentoVenta.Estado.ANULADO, "Anulados"))
    columnas = (Columna("tipo_nombre", "Tipo de documento", ancho=22), *COLUMNAS_IMPORTES)
    orden = "tipo_nombre"
    grafico = Grafico("tipo_nombre", ("total",))

    def filas(self, f):
        docs = documentos(f, estado=f.datos.get("estado") or DocumentoVenta.Estado.EMITIDO)
        return docs.values("tipo").annotate(tipo_nombre=etiqueta("tipo", TipoDocumentoVenta.choices)).annotate(**IMPORTES_DOCUMENTO)


@registrar
class VentasPorCliente(_VentasAgrupadas):
    codigo = "ventas-cliente"
    titulo = "Ventas por cliente"
    agrupacion = {"numero_documento": Binario("cliente_numero_documento"), "razon_social": Binario("cliente_razon_social")}
    columnas = (Columna("numero_documento", "RUC / DNI", ancho=14), Columna("razon_social", "Cliente", ancho=40), *COLUMNAS_IMPORTES)
    orden = "-total"
    grafico = Grafico("razon_social", ("total",), maximo=15)


@registrar
class MejoresClientes(VentasPorCliente):
    codigo = "mejores-clientes"
    titulo = "Mejores clientes"
    descripcion = "Los clientes que más compraron en el período, de mayor a menor importe."
    grafico = Grafico("razon_social", ("total",), maximo=10)


@registrar
class VentasPorVendedor(_VentasAgrupadas):
    codigo = "ventas-vendedor"
    titulo = "Ventas por vendedor"
    agrupacion = {
        "usuario": F("creado_por__username"),
        "vendedor_nombre": Concat("creado_por__first_name", Value(" "), "creado_por__last_name", output_field=CharField()),
    }
    columnas = (Columna("usuario", "Usuario", ancho=14), Columna("vendedor_nombre", "Vendedor", ancho=30), *COLUMNAS_IMPORTES)
    orden = "-total"
    grafico = Grafico("vendedor_nombre", ("total",))


@registrar
class VentasPorSucursal(_VentasAgrupadas):
    codigo = "ventas-sucursal"
    titulo = "Ventas por sucursal"
    agrupacion = {"sucursal_nombre": F("sucursal__nombre")}
    columnas = (Columna("sucursal_nombre", "Sucursal", ancho=30), *COLUMNAS_IMPORTES)
    orden = "-total"
    grafico = Grafico("sucursal_nombre", ("total",))


@registrar
class VentasPorPeriodo(_VentasAgrupadas):
    codigo = "ventas-periodo"
    titulo = "Ventas por período"
    filtros = (*FILTROS_VENTA, "producto", "agrupar")
    opciones_agrupar = (("dia", "Día"), ("mes", "Mes"))
    columnas = (Columna("periodo", "Período", "fecha", ancho=12), *COLUMNAS_IMPORTES)
    orden = "periodo"
    grafico = Grafico("periodo", ("total",), tipo="line", maximo=400)

    def filas(self, f):
        corte = TruncMonth("fecha_emision") if f.datos.get("agrupar") == "mes" else TruncDay("fecha_emision")
        return documentos(f).annotate(periodo=corte).values("periodo").annotate(**IMPORTES_DOCUMENTO)


COLUMNAS_LINEAS = (
    Columna("cantidad", "Cantidad", "cantidad", total=True, ancho=12),
    Columna("valor", "Valor de venta", "importe", total=True),
    Columna("igv", "IGV", "importe", total=True),
    Columna("total", "Importe total", "importe", total=True),
)
IMPORTES_LINEA = {
    "cantidad": Sum(firmado("cantidad", "documento__tipo")),
    "valor": Sum(firmado("valor_venta", "documento__tipo")),
    "igv": Sum(firmado("igv", "documento__tipo")),
    "total": Sum(firmado("total", "documento__tipo")),
}


@registrar
class VentasPorProducto(_VentasAgrupadas):
    codigo = "ventas-producto"
    titulo = "Ventas por producto"
    filtros = (*FILTROS_VENTA, "producto", "categoria")
    columnas = (Columna("codigo_producto", "Código", ancho=14), Columna("producto_nombre", "Producto o servicio", ancho=40), *COLUMNAS_LINEAS)
    orden = "-total"
    grafico = Grafico("producto_nombre", ("total",), maximo=15)

    def filas(self, f):
        return lineas(f).values(codigo_producto=Binario("codigo"), producto_nombre=Binario("descripcion")).annotate(**IMPORTES_LINEA)


@registrar
class MasVendidos(VentasPorProducto):
    codigo = "mas-vendidos"
    titulo = "Productos más vendidos"
    descripcion = "Los productos y servicios de mayor cantidad vendida en el período."
    orden = "-cantidad"
    grafico = Grafico("producto_nombre", ("cantidad",), maximo=10)


@registrar
class VentasPorCategoria(VentasPorProducto):
    codigo = "ventas-categoria"
    titulo = "Ventas por categoría"
    columnas = (Columna("categoria_nombre", "Categoría", ancho=30), *COLUMNAS_LINEAS)
    grafico = Grafico("categoria_nombre", ("total",))

    def filas(self, f):
        categoria = Coalesce("producto__categoria__nombre", Value("Sin categoría"), output_field=CharField())
        return lineas(f).values(categoria_nombre=categoria).annotate(**IMPORTES_LINEA)


@registrar
class Conversion(Reporte):
    codigo = "conversion"
    titulo = "Cotizaciones, pedidos y órdenes de trabajo: conversión"
    grupo = "Ventas"
    permiso = "reports.ver_ventas"
    descripcion = "Cuántos se emitieron en el período y cuántos terminaron en un comprobante de venta."
    filtros = ("desde", "hasta", "sucursal", "moneda")
    columnas = (
        Columna("documento", "Documento", ancho=22),
        Columna("emitidos", "Emitidos", "entero", total=True, ancho=10),
        Columna("convertidos", "Convertidos", "entero", total=True, ancho=12),
        Columna("porcentaje", "% de conversión", "importe", ancho=12),
        Columna("importe", "Importe emitido", "importe", total=True),
        Columna("importe_convertido", "Importe convertido", "importe", total=True),
    )
    grafico = Grafico("documento", ("emitidos", "convertidos"))

    def filas(self, f):
        filas = []
        for nombre, modelo, anulado, fecha in (
            ("Cotizaciones", Cotizacion, None, "fecha_emision"),
            ("Pedidos de venta", Pedido, Pedido.Estado.ANULADO, "fecha_emision"),
        ):
            q = Q(sucursal__in=f.sucursales, **{f"{fecha}__range": (f.desde, f.hasta)})
            if f.moneda:
                q &= Q(moneda=f.moneda)
            qs = modelo.objects.filter(q).exclude(estado=anulado) if anulado else modelo.objects.filter(q)
            convertido = Q(documento_generado__isnull=False)
            fila = qs.aggregate(
                emitidos=Count("id"), convertidos=Count("id", filter=convertido),
                importe=Coalesce(Sum("importe_total"), Value(0), output_field=IMPORTE),
                importe_convertido=Coalesce(Sum("importe_total", filter=convertido), Value(0), output_field=IMPORTE),
            )  # fmt: skip
            filas.append({"documento": nombre, **fila})
        ordenes = OrdenTrabajo.objects.filter(sucursal__in=f.sucursales, fecha__range=(f.desde, f.hasta)).exclude(estado=OrdenTrabajo.Estado.ANULADA)
        fila = ordenes.aggregate(emitidos=Count("id"), convertidos=Count("id", filter=Q(estado=OrdenTrabajo.Estado.TERMINADA)))
        filas.append({"documento": "Órdenes de trabajo (terminadas)", **fila, "importe": None, "importe_convertido": None})
        for fila in filas:
            fila["porcentaje"] = round(fila["convertidos"] * 100 / fila["emitidos"], 2) if fila["emitidos"] else 0
        return filas


def costos_de_venta(f: Filtros, por: str) -> dict:
    """The kardex cost of what the selected documents took out (less what their credit notes put back), by `por`
    ("producto__codigo" or "origen_id"): the cost at the moment of the sale, as the kardex valued it."""
    tipo = ContentType.objects.get_for_model(DocumentoVenta)
    origenes = documentos(f).values("id")
    costo = Case(When(naturaleza=Naturaleza.SALIDA, then=F("costo_total")), default=-F("costo_total"), output_field=IMPORTE)
    filas = Movimiento.objects.filter(origen_tipo=tipo, origen_id__in=origenes).values(por).annotate(costo=Sum(costo))
    return {fila[por]: fila["costo"] for fila in filas}


def _margen(fila: dict) -> dict:
    fila["costo"] = fila.get("costo") or 0
    fila["margen"] = (fila["valor"] or 0) - fila["costo"]
    fila["porcentaje"] = round(fila["margen"] * 100 / fila["valor"], 2) if fila["valor"] else 0
    return fila


COLUMNAS_MARGEN = (
    Columna("valor", "Venta sin IGV", "importe", total=True),
    Columna("costo", "Costo (kardex)", "importe", total=True),
    Columna("margen", "Margen bruto", "importe", total=True),
    Columna("porcentaje", "% margen", "importe", ancho=10),
)


@registrar
class MargenPorProducto(Reporte):
    codigo = "margen-producto"
    titulo = "Margen bruto por producto"
    grupo = "Ventas"
    permiso = "reports.ver_margenes"
    descripcion = "Venta sin IGV menos el costo con que el kardex valorizó cada salida."
    filtros = (*FILTROS_VENTA, "producto", "categoria")
    opciones_tipo = tuple(TipoDocumentoVenta.choices)
    columnas = (Columna("codigo", "Código", ancho=14), Columna("descripcion", "Producto", ancho=40),
                Columna("cantidad", "Cantidad", "cantidad", total=True, ancho=12), *COLUMNAS_MARGEN)  # fmt: skip
    orden = "-margen"
    grafico = Grafico("descripcion", ("valor", "costo"), maximo=15)

    def filas(self, f):
        costos = costos_de_venta(f, "producto__codigo")
        ventas = lineas(f).filter(producto__isnull=False).values("codigo", "descripcion")
        ventas = ventas.annotate(cantidad=IMPORTES_LINEA["cantidad"], valor=IMPORTES_LINEA["valor"])
        return [_margen({**fila, "costo": costos.get(fila["codigo"])}) for fila in ventas]


@registrar
class MargenPorDocumento(Reporte):
    codigo = "margen-documento"
    titulo = "Margen bruto por documento"
    grupo = "Ventas"
    permiso = "reports.ver_margenes"
    descripcion = "Cada comprobante con su venta sin IGV, el costo de lo que salió del almacén y el margen."
    filtros = FILTROS_VENTA
    opciones_tipo = tuple(TipoDocumentoVenta.choices)
    columnas = (Columna("fecha", "Fecha", "fecha", ancho=11), Columna("documento", "Documento", ancho=16),
                Columna("cliente", "Cliente", ancho=36), *COLUMNAS_MARGEN)  # fmt: skip
    orden = "fecha"

    def filas(self, f):
        costos = costos_de_venta(f, "origen_id")
        valor = firmado("total_gravadas") + firmado("total_exoneradas") + firmado("total_inafectas") + firmado("total_exportacion")
        docs = documentos(f).order_by("fecha_emision", "id").annotate(valor=valor).values("id", "fecha_emision", "serie__serie", "numero", "cliente_razon_social", "valor")
        return [
            _margen({"fecha": d["fecha_emision"], "documento": f"{d['serie__serie']}-{d['numero']:08d}", "cliente": d["cliente_razon_social"],
                     "valor": d["valor"], "costo": costos.get(d["id"])})
            for d in docs
        ]  # fmt: skip
