"""Electronic documents' status with SUNAT: how many are accepted, observed, rejected or pending, by type, state
and SUNAT's answer code."""

from django.db.models import Count, F, Sum

from billing.models import TipoDocumentoVenta
from cpe.models import ComprobanteElectronico, EstadoCpe

from .framework import Columna, Grafico, Reporte, registrar
from .ventas import etiqueta


@registrar
class EstadoComprobantes(Reporte):
    codigo = "cpe-estado"
    titulo = "Comprobantes electrónicos por estado"
    grupo = "Facturación electrónica"
    permiso = "reports.ver_cpe"
    descripcion = "Los comprobantes emitidos en el período por tipo, estado ante SUNAT y código de respuesta."
    filtros = ("desde", "hasta", "sucursal", "tipo", "estado")
    opciones_tipo = tuple(c for c in TipoDocumentoVenta.choices if c[0] != TipoDocumentoVenta.NOTA_VENTA)
    opciones_estado = tuple(EstadoCpe.choices)
    columnas = (
        Columna("tipo_nombre", "Tipo", ancho=18),
        Columna("estado_nombre", "Estado", ancho=26),
        Columna("codigo_respuesta", "Código SUNAT", ancho=12),
        Columna("cantidad", "Comprobantes", "entero", total=True, ancho=13),
        Columna("importe", "Importe total", "importe", total=True),
    )
    orden = "tipo_nombre"
    grafico = Grafico("estado_nombre", ("cantidad",))

    def filas(self, f):
        cpes = ComprobanteElectronico.objects.filter(documento__sucursal__in=f.sucursales, fecha_emision__range=(f.desde, f.hasta))
        if f.datos.get("tipo"):
            cpes = cpes.filter(tipo=f.datos["tipo"])
        if f.datos.get("estado"):
            cpes = cpes.filter(estado=f.datos["estado"])
        return (
            cpes.values("tipo", "estado", "codigo_respuesta")
            .annotate(tipo_nombre=etiqueta("tipo", TipoDocumentoVenta.choices), estado_nombre=etiqueta("estado", EstadoCpe.choices))
            .annotate(cantidad=Count("id"), importe=Sum(F("documento__importe_total")))
        )
