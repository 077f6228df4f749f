"""UBL 2.1 XML of a CPE in SUNAT's profile (UBLVersionID 2.1, CustomizationID 2.0).

`construir_xml(comprobante)` returns the unsigned document as UTF-8 bytes;
`construir_arbol` returns it parsed by lxml, for a signer that works in memory.
Factura and boleta are an Invoice (InvoiceTypeCode 01/03 with the catálogo 51
operation type as listID), the notes a CreditNote or a DebitNote.

The document carries an empty ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent
where the signer places the ds:Signature whose Id is `ID_FIRMA`; cac:Signature
points at it ("#" + ID_FIRMA). The ds prefix is declared on the root. Element
order follows the UBL 2.1 schemas; the SUNAT-specific content follows the
rules in ValidaExprReg*-2.0.1.xsl.

The text is written directly rather than through an lxml tree: a factura has
some 330 elements and creating each one costs more than formatting it, so a
10-line factura takes about a tenth of a millisecond (bench/cpe_ubl.py).
Every value that is not a number we formatted goes through `_t` (element text)
or `_a` (attribute), which escape markup and drop characters XML forbids.

After its declaration the document is written in its own inclusive C14N form
(namespaces sorted on the root, single attributes, no empty-element tags,
C14N's escapes), so the signer digests it as it is (firma.firmar_canonico).
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from cpe.domain import (
    BOLETA,
    FACTURA,
    NOTA_CREDITO,
    NOTA_DEBITO,
    CargoDescuento,
    Comprobante,
    Direccion,
    Impuesto,
    Item,
    Tributo,
)

ID_FIRMA = "FirmaCPE"

NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NS_EXT = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
NS_DS = "http://www.w3.org/2000/09/xmldsig#"

# Document type -> (root element, line element, quantity element).
_TIPOS = {
    FACTURA: ("Invoice", "InvoiceLine", "InvoicedQuantity"),
    BOLETA: ("Invoice", "InvoiceLine", "InvoicedQuantity"),
    NOTA_CREDITO: ("CreditNote", "CreditNoteLine", "CreditedQuantity"),
    NOTA_DEBITO: ("DebitNote", "DebitNoteLine", "DebitedQuantity"),
}

# Catálogo 05 gives each tributo a name and a UN/ECE 5153 type code.
_TIPOS_UNECE = {
    Tributo.IGV: "VAT",
    Tributo.IVAP: "VAT",
    Tributo.ISC: "EXC",
    Tributo.ICBPER: "OTH",
    Tributo.EXPORTACION: "FRE",
    Tributo.GRATUITO: "FRE",
    Tributo.EXONERADO: "VAT",
    Tributo.INAFECTO: "FRE",
    Tributo.OTROS: "OTH",
}
_ESQUEMAS = {
    tributo.value: f"<cac:TaxScheme><cbc:ID>{tributo.value}</cbc:ID><cbc:Name>{tributo.label}</cbc:Name>"
    f"<cbc:TaxTypeCode>{_TIPOS_UNECE[tributo]}</cbc:TaxTypeCode></cac:TaxScheme>"
    for tributo in Tributo
}

# XML 1.0 forbids most control characters: a pasted description must not break the document.
_PROHIBIDOS = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))
# Escaped as inclusive C14N writes them, so the document is its own canonical form (firma.firmar_canonico).
_ESCAPES = str.maketrans({**_PROHIBIDOS, "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;"})
_ESCAPES_ATRIBUTO = str.maketrans(
    {**_PROHIBIDOS, "&": "&amp;", "<": "&lt;", '"': "&quot;", "\t": "&#x9;", "\n": "&#xA;", "\r": "&#xD;"}
)


def _t(texto: str) -> str:
    return texto.translate(_ESCAPES)


def _a(texto: str) -> str:
    return texto.translate(_ESCAPES_ATRIBUTO)


def _sin_ceros(valor: Decimal, decimales: int) -> str:
    texto = f"{valor:.{decimales}f}"
    return texto.rstrip("0").rstrip(".") if "." in texto else texto


def _unitario(valor: Decimal) -> str:
    """Unit values: up to 10 decimals, at least 2."""
    entero, _, fraccion = f"{valor:.10f}".partition(".")
    return f"{entero}.{fraccion.rstrip('0').ljust(2, '0')}"


def _cargo_descuento(out: list, cd: CargoDescuento, moneda: str) -> None:
    factor = (
        f"<cbc:MultiplierFactorNumeric>{_sin_ceros(cd.factor, 5)}</cbc:MultiplierFactorNumeric>"
        if cd.factor is not None
        else ""
    )
    out.append(
        f"<cac:AllowanceCharge><cbc:ChargeIndicator>{'true' if cd.es_cargo else 'false'}</cbc:ChargeIndicator>"
        f"<cbc:AllowanceChargeReasonCode>{_t(cd.codigo)}</cbc:AllowanceChargeReasonCode>{factor}"
        f'<cbc:Amount currencyID="{moneda}">{cd.monto:.2f}</cbc:Amount>'
        f'<cbc:BaseAmount currencyID="{moneda}">{cd.base:.2f}</cbc:BaseAmount></cac:AllowanceCharge>'
    )


def _impuestos(out: list, total: Decimal, impuestos: tuple[Impuesto, ...], moneda: str) -> None:
    out.append(f'<cac:TaxTotal><cbc:TaxAmount currencyID="{moneda}">{total:.2f}</cbc:TaxAmount>')
    for imp in impuestos:
        out.append("<cac:TaxSubtotal>")
        if imp.base is not None:
            out.append(f'<cbc:TaxableAmount currencyID="{moneda}">{imp.base:.2f}</cbc:TaxableAmount>')
        out.append(f'<cbc:TaxAmount currencyID="{moneda}">{imp.monto:.2f}</cbc:TaxAmount>')
        if imp.bolsas is not None:
            out.append(f'<cbc:BaseUnitMeasure unitCode="NIU">{imp.bolsas}</cbc:BaseUnitMeasure>')
        out.append("<cac:TaxCategory>")
        if imp.porcentaje is not None:
            out.append(f"<cbc:Percent>{_sin_ceros(imp.porcentaje, 5)}</cbc:Percent>")
        if imp.monto_unitario is not None:
            out.append(
                f'<cbc:PerUnitAmount currencyID="{moneda}">{_sin_ceros(imp.monto_unitario, 5)}</cbc:PerUnitAmount>'
            )
        if imp.afectacion is not None:
            out.append(f"<cbc:TaxExemptionReasonCode>{_t(imp.afectacion)}</cbc:TaxExemptionReasonCode>")
        if imp.sistema_isc is not None:
            out.append(f"<cbc:TierRange>{_t(imp.sistema_isc)}</cbc:TierRange>")
        out.append(_ESQUEMAS[imp.tributo])
        out.append("</cac:TaxCategory></cac:TaxSubtotal>")
    out.append("</cac:TaxTotal>")


def _direccion(out: list, d: Direccion, emisor: bool) -> None:
    out.append("<cac:RegistrationAddress>")
    if d.ubigeo:
        out.append(f"<cbc:ID>{_t(d.ubigeo)}</cbc:ID>")
    if emisor:
        out.append(f"<cbc:AddressTypeCode>{_t(d.codigo_establecimiento)}</cbc:AddressTypeCode>")
    for tag, valor in (
        ("CitySubdivisionName", d.urbanizacion),
        ("CityName", d.provincia),
        ("CountrySubentity", d.departamento),
        ("District", d.distrito),
    ):
        if valor:
            out.append(f"<cbc:{tag}>{_t(valor)}</cbc:{tag}>")
    if d.direccion:
        out.append(f"<cac:AddressLine><cbc:Line>{_t(d.direccion)}</cbc:Line></cac:AddressLine>")
    out.append(
        f"<cac:Country><cbc:IdentificationCode>{_t(d.pais)}</cbc:IdentificationCode></cac:Country>"
        "</cac:RegistrationAddress>"
    )


def firma_referida(ruc: str, razon: str) -> str:
    """cac:Signature pointing at the ds:Signature (ID_FIRMA) the signer places; `ruc` and `razon` already escaped."""
    return (
        f"<cac:Signature><cbc:ID>{ID_FIRMA}</cbc:ID><cac:SignatoryParty>"
        f"<cac:PartyIdentification><cbc:ID>{ruc}</cbc:ID></cac:PartyIdentification>"
        f"<cac:PartyName><cbc:Name>{razon}</cbc:Name></cac:PartyName></cac:SignatoryParty>"
        f"<cac:DigitalSignatureAttachment><cac:ExternalReference><cbc:URI>#{ID_FIRMA}</cbc:URI>"
        "</cac:ExternalReference></cac:DigitalSignatureAttachment></cac:Signature>"
    )


def _partes(out: list, c: Comprobante) -> None:
    emisor, cliente = c.emisor, c.cliente
    ruc, razon = _t(emisor.ruc), _t(emisor.razon_social)
    out.append(
        firma_referida(ruc, razon) + f'<cac:AccountingSupplierParty><cac:Party><cac:PartyIdentification><cbc:ID schemeID="6">{ruc}</cbc:ID>'
        "</cac:PartyIdentification>"
    )
    if emisor.nombre_comercial:
        out.append(f"<cac:PartyName><cbc:Name>{_t(emisor.nombre_comercial)}</cbc:Name></cac:PartyName>")
    out.append(f"<cac:PartyLegalEntity><cbc:RegistrationName>{razon}</cbc:RegistrationName>")
    _direccion(out, emisor.direccion, emisor=True)
    out.append(
        "</cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>"
        "<cac:AccountingCustomerParty><cac:Party><cac:PartyIdentification>"
        f'<cbc:ID schemeID="{_a(cliente.tipo_documento)}">{_t(cliente.numero_documento)}</cbc:ID>'
        "</cac:PartyIdentification>"
        f"<cac:PartyLegalEntity><cbc:RegistrationName>{_t(cliente.razon_social)}</cbc:RegistrationName>"
    )
    if cliente.direccion is not None:
        _direccion(out, cliente.direccion, emisor=False)
    out.append("</cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>")


def _referencias(out: list, c: Comprobante) -> None:
    if c.orden_compra:
        out.append(f"<cac:OrderReference><cbc:ID>{_t(c.orden_compra)}</cbc:ID></cac:OrderReference>")
    if c.nota is not None:
        doc = c.nota.documento
        out.append(
            f"<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>{_t(doc.numero)}</cbc:ID>"
            f"<cbc:DocumentTypeCode>{_t(doc.tipo_documento)}</cbc:DocumentTypeCode>"
            "</cac:InvoiceDocumentReference></cac:BillingReference>"
        )
    for guia in c.guias:
        out.append(
            f"<cac:DespatchDocumentReference><cbc:ID>{_t(guia.numero)}</cbc:ID>"
            f"<cbc:DocumentTypeCode>{_t(guia.tipo_documento)}</cbc:DocumentTypeCode></cac:DespatchDocumentReference>"
        )
    for doc in c.documentos_relacionados:
        out.append(
            f"<cac:AdditionalDocumentReference><cbc:ID>{_t(doc.numero)}</cbc:ID>"
            f"<cbc:DocumentTypeCode>{_t(doc.tipo_documento)}</cbc:DocumentTypeCode></cac:AdditionalDocumentReference>"
        )
    for anticipo in c.anticipos:
        out.append(
            f"<cac:AdditionalDocumentReference><cbc:ID>{_t(anticipo.numero)}</cbc:ID>"
            f"<cbc:DocumentTypeCode>{_t(anticipo.tipo_documento)}</cbc:DocumentTypeCode>"
            f"<cbc:DocumentStatusCode>{_t(anticipo.identificador)}</cbc:DocumentStatusCode>"
            f'<cac:IssuerParty><cac:PartyIdentification><cbc:ID schemeID="6">{_t(anticipo.ruc_emisor)}</cbc:ID>'
            "</cac:PartyIdentification></cac:IssuerParty></cac:AdditionalDocumentReference>"
        )


def _pagos(out: list, c: Comprobante, moneda: str) -> None:
    """PaymentMeans and PaymentTerms: detracción, percepción, contado or credit installments."""
    if c.detraccion is not None:
        d = c.detraccion
        out.append(
            "<cac:PaymentMeans><cbc:ID>Detraccion</cbc:ID>"
            f"<cbc:PaymentMeansCode>{_t(d.medio_pago)}</cbc:PaymentMeansCode>"
            f"<cac:PayeeFinancialAccount><cbc:ID>{_t(d.cuenta)}</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>"
            f"<cac:PaymentTerms><cbc:ID>Detraccion</cbc:ID><cbc:PaymentMeansID>{_t(d.codigo)}</cbc:PaymentMeansID>"
            f"<cbc:PaymentPercent>{_sin_ceros(d.porcentaje, 5)}</cbc:PaymentPercent>"
            f'<cbc:Amount currencyID="PEN">{d.monto:.2f}</cbc:Amount></cac:PaymentTerms>'
        )
    if c.percepcion is not None:
        out.append(
            "<cac:PaymentTerms><cbc:ID>Percepcion</cbc:ID>"
            f'<cbc:Amount currencyID="PEN">{c.percepcion.total:.2f}</cbc:Amount></cac:PaymentTerms>'
        )
    forma = c.forma_pago
    # SUNAT requires the payment form on facturas; other documents state it for credit sales only.
    if not forma.credito:
        if c.tipo_documento == FACTURA:
            out.append(
                "<cac:PaymentTerms><cbc:ID>FormaPago</cbc:ID>"
                "<cbc:PaymentMeansID>Contado</cbc:PaymentMeansID></cac:PaymentTerms>"
            )
        return
    out.append(
        "<cac:PaymentTerms><cbc:ID>FormaPago</cbc:ID><cbc:PaymentMeansID>Credito</cbc:PaymentMeansID>"
        f'<cbc:Amount currencyID="{moneda}">{forma.monto_pendiente:.2f}</cbc:Amount></cac:PaymentTerms>'
    )
    for n, cuota in enumerate(forma.cuotas, 1):
        out.append(
            f"<cac:PaymentTerms><cbc:ID>FormaPago</cbc:ID><cbc:PaymentMeansID>Cuota{n:03d}</cbc:PaymentMeansID>"
            f'<cbc:Amount currencyID="{moneda}">{cuota.monto:.2f}</cbc:Amount>'
            f"<cbc:PaymentDueDate>{cuota.fecha_pago.isoformat()}</cbc:PaymentDueDate></cac:PaymentTerms>"
        )


def _cargos_y_anticipos(out: list, c: Comprobante, moneda: str) -> None:
    for anticipo in c.anticipos:
        out.append(
            f"<cac:PrepaidPayment><cbc:ID>{_t(anticipo.identificador)}</cbc:ID>"
            f'<cbc:PaidAmount currencyID="{moneda}">{anticipo.monto:.2f}</cbc:PaidAmount></cac:PrepaidPayment>'
        )
    for cd in c.cargos_descuentos:
        _cargo_descuento(out, cd, moneda)
    if c.percepcion is not None:
        p = c.percepcion
        _cargo_descuento(out, CargoDescuento(p.codigo, True, p.monto, p.base, p.porcentaje / 100), "PEN")


def _totales(out: list, c: Comprobante, moneda: str) -> None:
    tag = "RequestedMonetaryTotal" if c.tipo_documento == NOTA_DEBITO else "LegalMonetaryTotal"
    imp = c.importes
    out.append(
        f'<cac:{tag}><cbc:LineExtensionAmount currencyID="{moneda}">{imp.valor_venta:.2f}</cbc:LineExtensionAmount>'
        f'<cbc:TaxInclusiveAmount currencyID="{moneda}">{imp.precio_venta:.2f}</cbc:TaxInclusiveAmount>'
    )
    if imp.descuentos:
        out.append(f'<cbc:AllowanceTotalAmount currencyID="{moneda}">{imp.descuentos:.2f}</cbc:AllowanceTotalAmount>')
    if imp.cargos:
        out.append(f'<cbc:ChargeTotalAmount currencyID="{moneda}">{imp.cargos:.2f}</cbc:ChargeTotalAmount>')
    if imp.anticipos:
        out.append(f'<cbc:PrepaidAmount currencyID="{moneda}">{imp.anticipos:.2f}</cbc:PrepaidAmount>')
    out.append(f'<cbc:PayableAmount currencyID="{moneda}">{imp.importe:.2f}</cbc:PayableAmount></cac:{tag}>')


def _linea(out: list, item: Item, moneda: str, tag_linea: str, tag_cantidad: str) -> None:
    if item.valor_referencial is not None:
        precio, tipo_precio = item.valor_referencial, "02"
    else:
        precio, tipo_precio = item.precio_venta_unitario, "01"
    out.append(
        f"<cac:{tag_linea}><cbc:ID>{item.numero}</cbc:ID>"
        f'<cbc:{tag_cantidad} unitCode="{_a(item.unidad)}">{_sin_ceros(item.cantidad, 10)}</cbc:{tag_cantidad}>'
        f'<cbc:LineExtensionAmount currencyID="{moneda}">{item.valor_venta:.2f}</cbc:LineExtensionAmount>'
        f'<cac:PricingReference><cac:AlternativeConditionPrice><cbc:PriceAmount currencyID="{moneda}">'
        f"{_unitario(precio)}</cbc:PriceAmount><cbc:PriceTypeCode>{tipo_precio}</cbc:PriceTypeCode>"
        "</cac:AlternativeConditionPrice></cac:PricingReference>"
    )
    # Invoice lines list charges before taxes; credit and debit note lines the other way round.
    if tag_linea == "InvoiceLine":
        for cd in item.cargos_descuentos:
            _cargo_descuento(out, cd, moneda)
        _impuestos(out, item.total_impuestos, item.impuestos, moneda)
    else:
        _impuestos(out, item.total_impuestos, item.impuestos, moneda)
        for cd in item.cargos_descuentos:
            _cargo_descuento(out, cd, moneda)
    out.append(f"<cac:Item><cbc:Description>{_t(item.descripcion)}</cbc:Description>")
    if item.codigo:
        out.append(f"<cac:SellersItemIdentification><cbc:ID>{_t(item.codigo)}</cbc:ID></cac:SellersItemIdentification>")
    if item.codigo_sunat:
        out.append(
            "<cac:CommodityClassification><cbc:ItemClassificationCode>"
            f"{_t(item.codigo_sunat)}</cbc:ItemClassificationCode></cac:CommodityClassification>"
        )
    out.append(
        f'</cac:Item><cac:Price><cbc:PriceAmount currencyID="{moneda}">{_unitario(item.valor_unitario)}'
        f"</cbc:PriceAmount></cac:Price></cac:{tag_linea}>"
    )


def construir_xml(c: Comprobante) -> bytes:
    """The unsigned UBL document of `c`, UTF-8 encoded with an XML declaration."""
    raiz, tag_linea, tag_cantidad = _TIPOS[c.tipo_documento]
    moneda = _a(c.moneda)
    out = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{raiz} xmlns="urn:oasis:names:specification:ubl:schema:xsd:{raiz}-2"'
        f' xmlns:cac="{NS_CAC}" xmlns:cbc="{NS_CBC}" xmlns:ds="{NS_DS}" xmlns:ext="{NS_EXT}">'
        "<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent></ext:ExtensionContent>"
        "</ext:UBLExtension></ext:UBLExtensions>"
        "<cbc:UBLVersionID>2.1</cbc:UBLVersionID><cbc:CustomizationID>2.0</cbc:CustomizationID>"
        f"<cbc:ID>{_t(c.numeracion)}</cbc:ID><cbc:IssueDate>{c.fecha_emision.isoformat()}</cbc:IssueDate>"
    ]
    if c.hora_emision is not None:
        out.append(f"<cbc:IssueTime>{c.hora_emision:%H:%M:%S}</cbc:IssueTime>")
    if raiz == "Invoice":
        if c.fecha_vencimiento is not None:
            out.append(f"<cbc:DueDate>{c.fecha_vencimiento.isoformat()}</cbc:DueDate>")
        out.append(f'<cbc:InvoiceTypeCode listID="{_a(c.tipo_operacion)}">{c.tipo_documento}</cbc:InvoiceTypeCode>')
    for leyenda in c.leyendas:
        out.append(f'<cbc:Note languageLocaleID="{_a(leyenda.codigo)}">{_t(leyenda.texto)}</cbc:Note>')
    out.append(f"<cbc:DocumentCurrencyCode>{moneda}</cbc:DocumentCurrencyCode>")
    if c.nota is not None:
        out.append(
            f"<cac:DiscrepancyResponse><cbc:ReferenceID>{_t(c.nota.documento.numero)}</cbc:ReferenceID>"
            f"<cbc:ResponseCode>{_t(c.nota.codigo)}</cbc:ResponseCode>"
            f"<cbc:Description>{_t(c.nota.descripcion)}</cbc:Description></cac:DiscrepancyResponse>"
        )
    _referencias(out, c)
    _partes(out, c)
    # A debit note lists advances and charges before the payment terms; the others after.
    if c.tipo_documento == NOTA_DEBITO:
        _cargos_y_anticipos(out, c, moneda)
        _pagos(out, c, moneda)
    else:
        _pagos(out, c, moneda)
        _cargos_y_anticipos(out, c, moneda)
    _impuestos(out, c.total_impuestos, c.impuestos, moneda)
    _totales(out, c, moneda)
    for item in c.items:
        _linea(out, item, moneda, tag_linea, tag_cantidad)
    out.append(f"</{raiz}>")
    return "".join(out).encode("utf-8")


def construir_arbol(c: Comprobante) -> etree._Element:
    """The unsigned UBL document of `c` as an lxml element (to sign in memory)."""
    return etree.fromstring(construir_xml(c))
