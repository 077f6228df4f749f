"""A comprobante de retención or percepción (billing.ComprobanteOtro) as the CPE engine's dataclasses."""

from billing.models import ComprobanteOtro
from cpe import domain, domain_otros
from cpe.datos_documento import _emisor


def otro_de(otro: ComprobanteOtro) -> domain_otros.ComprobanteOtro:
    direccion = domain.Direccion(direccion=otro.receptor_direccion) if otro.receptor_direccion else None
    return domain_otros.ComprobanteOtro(
        tipo_documento=otro.tipo,
        serie=otro.serie.serie,
        numero=otro.numero,
        fecha_emision=otro.fecha_emision,
        emisor=_emisor(otro),
        receptor=domain.Cliente(otro.receptor_tipo_documento, otro.receptor_numero_documento, otro.receptor_razon_social, direccion),
        regimen=otro.regimen,
        tasa=otro.tasa,
        documentos=tuple(
            domain_otros.DocumentoPagado(
                tipo_documento=ln.tipo_documento,
                numero=ln.numero_documento,
                fecha_emision=ln.fecha_documento,
                moneda=ln.moneda,
                importe_total=ln.importe_documento,
                pago_numero=ln.pago_numero,
                pago_fecha=ln.pago_fecha,
                pago_monto=ln.pago_monto,
                monto=ln.monto,
                neto=ln.neto,
                fecha=ln.pago_fecha,
                tipo_cambio=ln.tipo_cambio,
            )
            for ln in otro.lineas.order_by("id")
        ),
        total=otro.total,
        total_neto=otro.total_neto,
        observacion=otro.observacion,
    )
