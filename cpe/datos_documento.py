"""A sales document as the CPE engine's dataclasses (cpe.domain): the ORM side of the adapter."""

from billing import calculo
from billing.models import DocumentoVenta
from cpe import domain
from cpe.desde_totales import Cabecera, DatosItem, comprobante_desde_totales
from erp.models.referencia import distrito_por_id


def _numeracion(documento: DocumentoVenta) -> str:
    return f"{documento.serie.serie}-{documento.numero}"


def _emisor(documento: DocumentoVenta) -> domain.Emisor:
    empresa = documento.empresa
    distrito = distrito_por_id(empresa.distrito_id)
    return domain.Emisor(
        ruc=empresa.ruc,
        razon_social=empresa.razon_social,
        nombre_comercial=empresa.nombre_comercial,
        direccion=domain.Direccion(
            direccion=empresa.direccion,
            ubigeo=distrito.ubigeo,
            departamento=distrito.provincia.departamento.nombre,
            provincia=distrito.provincia.nombre,
            distrito=distrito.nombre,
            urbanizacion=empresa.urbanizacion,
            codigo_establecimiento=documento.sucursal.codigo_establecimiento,
        ),
    )


def _cliente(documento: DocumentoVenta) -> domain.Cliente:
    direccion = domain.Direccion(direccion=documento.cliente_direccion) if documento.cliente_direccion else None
    return domain.Cliente(
        tipo_documento=documento.cliente_tipo_documento,
        numero_documento=documento.cliente_numero_documento or "-",
        razon_social=documento.cliente_razon_social,
        direccion=direccion,
    )


def comprobante_de(documento: DocumentoVenta, *, lineas=None, cuotas=None, totales=None) -> domain.Comprobante:
    """The issued document as a CPE; raises billing.totals.DatosInvalidos where SUNAT would reject it.

    The issue passes the lines (with their products), instalments and totals
    it just stored; otherwise they are read and calculated again.
    """
    if lineas is None:
        lineas = list(documento.lineas.select_related("producto"))
    if cuotas is None:
        cuotas = documento.cuotas.all()
    totales = totales or calculo.calcular(documento, lineas)
    nota = None
    if documento.es_nota:
        referencia = documento.documento_referencia
        nota = domain.NotaReferencia(
            codigo=documento.motivo_nota,
            descripcion=documento.sustento,
            documento=domain.DocumentoRelacionado(referencia.tipo, _numeracion(referencia)),
        )
    guias = [domain.DocumentoRelacionado("09", g.strip()) for g in documento.guias.split(",") if g.strip()]
    cabecera = Cabecera(
        tipo_documento=documento.tipo,
        serie=documento.serie.serie,
        numero=documento.numero,
        fecha_emision=documento.fecha_emision,
        hora_emision=documento.hora_emision,
        fecha_vencimiento=documento.fecha_vencimiento,
        emisor=_emisor(documento),
        cliente=_cliente(documento),
        tipo_operacion=documento.tipo_operacion if documento.tipo in ("01", "03") else None,
        cuotas=[domain.Cuota(c.monto, c.fecha_pago) for c in cuotas],
        guias=guias,
        nota=nota,
        orden_compra=documento.orden_compra,
    )
    items = [
        DatosItem(
            descripcion=linea.descripcion,
            unidad=linea.unidad_id,
            codigo=linea.codigo,
            codigo_sunat=linea.producto.codigo_sunat if linea.producto_id else "",
        )
        for linea in lineas
    ]
    return comprobante_desde_totales(cabecera, totales, items)
