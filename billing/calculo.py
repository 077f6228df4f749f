"""Sales documents through the totals engine: the model's inputs in, its computed fields out."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from billing import totals
from billing.models import CuentaBancaria, DocumentoVenta, TasaImpuesto
from billing.selectors import tasas_vigentes

# Perception regime of the document (catálogo 22) -> catálogo 53 code the engine uses, and its rate (%).
PERCEPCION = {"01": ("51", Decimal("2")), "02": ("52", Decimal("1")), "03": ("53", Decimal("0.5"))}


def tasas(fecha: datetime.date) -> totals.Tasas:
    vigentes = tasas_vigentes(fecha)
    return totals.Tasas(
        igv=vigentes[TasaImpuesto.Tributo.IGV],
        ivap=vigentes[TasaImpuesto.Tributo.IVAP],
        icbper=vigentes[TasaImpuesto.Tributo.ICBPER],
    )


def _linea(linea) -> totals.Linea:
    isc = None
    if linea.isc_sistema:
        clave = "monto_unitario" if linea.isc_sistema == "02" else "tasa"
        isc = totals.Isc(sistema=linea.isc_sistema, **{clave: linea.isc_tasa})
    precio = {"precio_unitario": linea.precio_unitario} if linea.ingreso_con_igv else {"valor_unitario": linea.valor_unitario}
    ajustes = (totals.Ajuste("00", porcentaje=linea.descuento_porcentaje),) if linea.descuento_porcentaje else ()
    return totals.Linea(cantidad=linea.cantidad, afectacion=linea.afectacion_igv, ajustes=ajustes, isc=isc, icbper=linea.icbper, **precio)


def entrada(documento, lineas=None) -> totals.Documento:
    """The engine's input for a quotation, order or sales document (with `lineas` when given, else its saved ones)."""
    ajustes = []
    if documento.descuento_global:
        ajustes.append(totals.Ajuste("02", monto=documento.descuento_global))
    if documento.otros_cargos:
        ajustes.append(totals.Ajuste("50", monto=documento.otros_cargos))
    extra = {}
    if isinstance(documento, DocumentoVenta):
        extra = _tributos_de_venta(documento)
    moneda = documento.moneda.codigo
    return totals.Documento(
        lineas=[_linea(linea) for linea in (documento.lineas.all() if lineas is None else lineas)],
        moneda=moneda,
        tipo_cambio=documento.tipo_cambio if moneda != "PEN" else None,
        ajustes=ajustes,
        **extra,
    )


def _tributos_de_venta(documento: DocumentoVenta) -> dict:
    # A document not saved yet deducts the advances it is about to apply (services.documento_registrar).
    aplicados = documento.anticipos_aplicados.select_related("anticipo__serie") if documento.pk else documento.anticipos_por_aplicar
    extra = {
        "anticipos": [
            totals.Anticipo(
                tipo_documento="02" if a.anticipo.tipo == "01" else "03",
                numero=f"{a.anticipo.serie.serie}-{a.anticipo.numero}",
                valor=a.monto,
                afectacion=a.anticipo.lineas.values_list("afectacion_igv", flat=True).first() or "10",
            )
            for a in aplicados
        ]
    }
    if documento.detraccion_codigo:
        cuenta = CuentaBancaria.objects.filter(empresa=documento.empresa_id, es_detraccion=True, activo=True).first()
        extra["detraccion"] = totals.Detraccion(
            codigo=documento.detraccion_codigo,
            porcentaje=documento.detraccion_porcentaje,
            cuenta=cuenta.numero if cuenta else "",
            medio_pago=documento.detraccion_medio_pago,
        )
    # On credit the percepción is collected with each payment, in a comprobante de percepción:
    # the sale itself does not carry it (SUNAT 3330).
    if documento.percepcion_regimen and documento.forma_pago != DocumentoVenta.FormaPago.CREDITO:
        codigo, porcentaje = PERCEPCION[documento.percepcion_regimen]
        extra["percepcion"] = totals.Percepcion(codigo=codigo, porcentaje=porcentaje)
    if documento.retencion_porcentaje:
        extra["retencion"] = totals.Retencion(porcentaje=documento.retencion_porcentaje)
    return extra


def calcular(documento, lineas=None) -> totals.Totales:
    try:
        return totals.calcular(entrada(documento, lineas), tasas(documento.fecha_emision))
    except totals.DatosInvalidos as exc:
        raise ValidationError(str(exc)) from exc


def recalcular(documento, lineas=None) -> totals.Totales:
    """Compute every line amount and total, and store those of the saved lines; the caller saves the header and new lines."""
    lineas = list(documento.lineas.all()) if lineas is None else lineas
    resultado = calcular(documento, lineas)
    for linea, calculada in zip(lineas, resultado.lineas, strict=True):
        # The entered figure stays as entered; the other one is derived (a free line keeps its reference value).
        if linea.ingreso_con_igv:
            linea.valor_unitario = calculada.valor_referencial if calculada.gratuita else calculada.valor_unitario
        else:
            linea.precio_unitario = calculada.precio_unitario
        linea.valor_venta = calculada.valor_venta
        linea.descuento = calculada.descuentos
        linea.igv = calculada.igv
        linea.isc = calculada.isc
        linea.monto_icbper = calculada.icbper
        linea.total = calculada.total
        linea.valor_referencial = calculada.valor_referencial
    guardadas = [linea for linea in lineas if linea.pk is not None]
    if guardadas:
        documento.lineas.model.objects.bulk_update(
            guardadas, ["valor_unitario", "precio_unitario", "valor_venta", "descuento", "igv", "isc", "monto_icbper", "total", "valor_referencial"]
        )
    documento.total_gravadas = resultado.gravadas
    documento.total_gravadas_ivap = resultado.gravadas_ivap
    documento.total_exoneradas = resultado.exoneradas
    documento.total_inafectas = resultado.inafectas
    documento.total_exportacion = resultado.exportacion
    documento.total_gratuitas = resultado.gratuitas
    documento.total_descuentos = resultado.descuentos
    documento.total_igv = resultado.igv
    documento.total_ivap = resultado.ivap
    documento.total_isc = resultado.isc
    documento.total_icbper = resultado.icbper
    documento.total_otros_cargos = resultado.otros_cargos
    documento.total_anticipos = resultado.anticipos
    documento.importe_total = resultado.importe_total
    documento.monto_letras = resultado.importe_en_letras
    if isinstance(documento, DocumentoVenta):
        documento.detraccion_monto = resultado.detraccion.monto if resultado.detraccion else 0
        documento.percepcion_base = resultado.percepcion.base if resultado.percepcion else 0
        documento.percepcion_monto = resultado.percepcion.monto if resultado.percepcion else 0
        documento.retencion_base = resultado.retencion.base if resultado.retencion else 0
        documento.retencion_monto = resultado.retencion.monto if resultado.retencion else 0
    return resultado
