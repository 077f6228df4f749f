"""The printed comprobante de retención or percepción (A4, A5 or ticket), in the sales documents' layout, with its QR."""

from decimal import Decimal

from django.conf import settings

from billing.models import ComprobanteOtro
from cpe.empaquetado import nombre_comprobante
from cpe.models import ComprobanteElectronico, EstadoCpe
from cpe.pdf import TITULOS, Dato, Impreso, Tabla, _cliente, _dinero, _emisor, _fecha, formato_de, renderizar
from cpe.qr import contenido_qr

NOMBRES_DOCUMENTO = {"01": "Factura", "03": "Boleta", "07": "Nota de crédito", "08": "Nota de débito", "12": "Ticket"}


def impreso_de_otro(otro: ComprobanteOtro) -> Impreso:
    comprobante = ComprobanteElectronico.objects.filter(otro=otro).only("hash", "estado").first()
    titulo, articulo = TITULOS[otro.tipo]
    retencion = otro.es_retencion
    hash_cpe = comprobante.hash if comprobante else ""
    qr = representacion = ""
    if hash_cpe:
        qr = contenido_qr(
            ruc=otro.empresa.ruc, tipo=otro.tipo, serie=otro.serie.serie, numero=otro.numero, igv=Decimal("0"), total=otro.total,
            fecha=otro.fecha_emision, cliente_tipo=otro.receptor_tipo_documento, cliente_numero=otro.receptor_numero_documento, hash=hash_cpe,
        )  # fmt: skip
        representacion = f"Representación impresa {articulo} {titulo.lower()}. Consulte su documento en {settings.URL_PUBLICA}/consulta/"
    revertido = otro.estado == ComprobanteOtro.Estado.REVERTIDO or (comprobante is not None and comprobante.estado == EstadoCpe.ANULADO)
    filas = tuple(
        # Five columns, each wrapping at its spaces: the A4 page gives the table the width beside the totals.
        (
            f"{NOMBRES_DOCUMENTO.get(ln.tipo_documento, ln.tipo_documento)} {ln.numero_documento} del {_fecha(ln.fecha_documento)}",
            f"{ln.moneda} {_dinero(ln.importe_documento)}",
            f"N.º {ln.pago_numero} del {_fecha(ln.pago_fecha)}: {ln.moneda} {_dinero(ln.pago_monto)}"
            + (f" (T. C. {ln.tipo_cambio.normalize():f})" if ln.tipo_cambio else ""),
            _dinero(ln.monto),
            _dinero(ln.neto),
        )
        for ln in otro.lineas.order_by("id")
    )
    accion = "retenido" if retencion else "percibido"
    return Impreso(
        tipo=otro.tipo,
        titulo=titulo,
        numero=otro.numeracion,
        emisor=_emisor(otro.empresa, otro.sucursal),
        cliente=_cliente(otro.receptor_razon_social, otro.receptor_tipo_documento, otro.receptor_numero_documento, otro.receptor_direccion, "01"),
        datos=(
            Dato("Fecha de emisión", _fecha(otro.fecha_emision)),
            Dato("Régimen", f"{otro.regimen} — tasa {otro.tasa.normalize():f} %"),
        ),
        lineas=(),
        moneda="S/",
        totales=(Dato(f"Importe {'pagado' if retencion else 'cobrado'} (S/)", _dinero(otro.total_neto)),),
        importe_total=_dinero(otro.total),
        observaciones=otro.observacion,
        tablas=(
            Tabla(
                "Documentos relacionados",
                ("Documento", "Total", "Pago", f"{accion.capitalize()} (S/)", "Neto (S/)"),
                filas,
            ),
        ),
        leyendas=(f"Importe total {accion} en soles.",),
        aviso="COMPROBANTE REVERTIDO" if revertido else "",
        hash=hash_cpe,
        qr=qr,
        representacion=representacion,
    )


def pdf_de_otro(otro: ComprobanteOtro, formato: str | None = None) -> bytes:
    return renderizar(impreso_de_otro(otro), formato_de(otro.sucursal, formato) if formato else otro.sucursal.formato_impresion)


def nombre_pdf_otro(otro: ComprobanteOtro) -> str:
    return f"{nombre_comprobante(otro.empresa.ruc, otro.tipo, otro.serie.serie, otro.numero)}.pdf"
