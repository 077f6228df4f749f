"""Minimal unsigned UBL documents for the tests and benches of signing, packaging and sending.

They stand in for the XML builder (cpe/ubl*.py), written by hand from SUNAT's
published layout; the tests check they pass SUNAT's own XSD and XSL rules.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

DOS = Decimal("0.01")
IGV = Decimal("0.18")

_NS_UBL = (
    'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" '
    'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" '
    'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" '
    'xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"'
)


def _q(valor: Decimal) -> str:
    return str(valor.quantize(DOS, ROUND_HALF_UP))


def _firma(ruc: str, razon_social: str) -> str:
    return f"""
  <cac:Signature>
    <cbc:ID>{ruc}</cbc:ID>
    <cac:SignatoryParty>
      <cac:PartyIdentification><cbc:ID>{ruc}</cbc:ID></cac:PartyIdentification>
      <cac:PartyName><cbc:Name>{escape(razon_social)}</cbc:Name></cac:PartyName>
    </cac:SignatoryParty>
    <cac:DigitalSignatureAttachment>
      <cac:ExternalReference><cbc:URI>#ERP-SIGN</cbc:URI></cac:ExternalReference>
    </cac:DigitalSignatureAttachment>
  </cac:Signature>"""


def _tributo(base: Decimal, igv: Decimal, porcentaje: str | None = None) -> str:
    categoria = (
        f"<cbc:Percent>{porcentaje}</cbc:Percent><cbc:TaxExemptionReasonCode>10</cbc:TaxExemptionReasonCode>"
        if porcentaje
        else ""
    )
    return f"""
      <cac:TaxSubtotal>
        <cbc:TaxableAmount currencyID="PEN">{_q(base)}</cbc:TaxableAmount>
        <cbc:TaxAmount currencyID="PEN">{_q(igv)}</cbc:TaxAmount>
        <cac:TaxCategory>{categoria}
          <cac:TaxScheme><cbc:ID>1000</cbc:ID><cbc:Name>IGV</cbc:Name><cbc:TaxTypeCode>VAT</cbc:TaxTypeCode></cac:TaxScheme>
        </cac:TaxCategory>
      </cac:TaxSubtotal>"""


def _linea_xml(i: int, base: Decimal, igv: Decimal) -> str:
    return f"""
  <cac:InvoiceLine>
    <cbc:ID>{i}</cbc:ID>
    <cbc:InvoicedQuantity unitCode="NIU">1</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="PEN">{_q(base)}</cbc:LineExtensionAmount>
    <cac:PricingReference>
      <cac:AlternativeConditionPrice>
        <cbc:PriceAmount currencyID="PEN">{_q(base + igv)}</cbc:PriceAmount>
        <cbc:PriceTypeCode>01</cbc:PriceTypeCode>
      </cac:AlternativeConditionPrice>
    </cac:PricingReference>
    <cac:TaxTotal>
      <cbc:TaxAmount currencyID="PEN">{_q(igv)}</cbc:TaxAmount>{_tributo(base, igv, "18")}
    </cac:TaxTotal>
    <cac:Item>
      <cbc:Description>PRODUCTO DE PRUEBA {i}</cbc:Description>
      <cac:SellersItemIdentification><cbc:ID>P{i:03d}</cbc:ID></cac:SellersItemIdentification>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="PEN">{_q(base)}</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>"""


def _partes_xml(ruc: str, razon_social: str, cliente_tipo: str, cliente_documento: str) -> str:
    return f"""
  <cac:AccountingSupplierParty>
    <cac:Party>
      <cac:PartyIdentification><cbc:ID schemeID="6">{ruc}</cbc:ID></cac:PartyIdentification>
      <cac:PartyLegalEntity>
        <cbc:RegistrationName>{escape(razon_social)}</cbc:RegistrationName>
        <cac:RegistrationAddress>
          <cbc:ID>150101</cbc:ID>
          <cbc:AddressTypeCode>0000</cbc:AddressTypeCode>
          <cbc:CityName>LIMA</cbc:CityName>
          <cbc:CountrySubentity>LIMA</cbc:CountrySubentity>
          <cbc:District>LIMA</cbc:District>
          <cac:AddressLine><cbc:Line>AV. AREQUIPA 100</cbc:Line></cac:AddressLine>
          <cac:Country><cbc:IdentificationCode>PE</cbc:IdentificationCode></cac:Country>
        </cac:RegistrationAddress>
      </cac:PartyLegalEntity>
    </cac:Party>
  </cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty>
    <cac:Party>
      <cac:PartyIdentification><cbc:ID schemeID="{cliente_tipo}">{cliente_documento}</cbc:ID></cac:PartyIdentification>
      <cac:PartyLegalEntity><cbc:RegistrationName>CLIENTE DE PRUEBA S.A.</cbc:RegistrationName></cac:PartyLegalEntity>
    </cac:Party>
  </cac:AccountingCustomerParty>"""


def factura_xml(
    *,
    ruc: str,
    serie: str = "F001",
    numero: int = 1,
    lineas: int = 1,
    precio: Decimal = Decimal("100.00"),
    tipo: str = "01",
    razon_social: str = "EMPRESA DE PRUEBA S.A.C.",
    cliente_documento: str = "20100070970",
    descuadre: Decimal = Decimal("0"),
    fecha: datetime.date | None = None,
) -> bytes:
    """An unsigned factura (01) or boleta (03) with `lineas` lines of one unit at `precio` plus 18 % IGV.

    `descuadre` is added to PayableAmount: more than 1.00 is a rejection
    (3280) at SUNAT, a few cents an observation in the sandbox without SUNAT's rules.
    """
    fecha = fecha or datetime.date.today()
    base = precio.quantize(DOS)
    igv = (base * IGV).quantize(DOS, ROUND_HALF_UP)
    valor_venta, impuesto = base * lineas, igv * lineas
    total = valor_venta + impuesto
    cliente_tipo = "6" if len(cliente_documento) == 11 else "1"
    filas = "".join(_linea_xml(i, base, igv) for i in range(1, lineas + 1))
    pago = (
        """
  <cac:PaymentTerms><cbc:ID>FormaPago</cbc:ID><cbc:PaymentMeansID>Contado</cbc:PaymentMeansID></cac:PaymentTerms>"""
        if tipo == "01"
        else ""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" {_NS_UBL}>
  <ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent/></ext:UBLExtension></ext:UBLExtensions>
  <cbc:UBLVersionID>2.1</cbc:UBLVersionID>
  <cbc:CustomizationID>2.0</cbc:CustomizationID>
  <cbc:ID>{serie}-{numero}</cbc:ID>
  <cbc:IssueDate>{fecha.isoformat()}</cbc:IssueDate>
  <cbc:IssueTime>10:00:00</cbc:IssueTime>
  <cbc:InvoiceTypeCode listID="0101">{tipo}</cbc:InvoiceTypeCode>
  <cbc:Note languageLocaleID="1000">SON {_q(total)} SOLES</cbc:Note>
  <cbc:DocumentCurrencyCode>PEN</cbc:DocumentCurrencyCode>{_firma(ruc, razon_social)}{_partes_xml(ruc, razon_social, cliente_tipo, cliente_documento)}{pago}
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="PEN">{_q(impuesto)}</cbc:TaxAmount>{_tributo(valor_venta, impuesto)}
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="PEN">{_q(valor_venta)}</cbc:LineExtensionAmount>
    <cbc:TaxInclusiveAmount currencyID="PEN">{_q(total)}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="PEN">{_q(total + descuadre)}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>{filas}
</Invoice>
""".encode("utf-8")


def resumen_xml(
    *,
    ruc: str,
    fecha: datetime.date,
    correlativo: int = 1,
    boletas: tuple[str, ...] = ("B001-1",),
    razon_social: str = "EMPRESA DE PRUEBA S.A.C.",
) -> bytes:
    """An unsigned daily summary (RC) informing `boletas`, each of 100.00 plus IGV, issued on `fecha`."""
    filas = "".join(
        f"""
  <sac:SummaryDocumentsLine>
    <cbc:LineID>{i}</cbc:LineID>
    <cbc:DocumentTypeCode>03</cbc:DocumentTypeCode>
    <cbc:ID>{boleta}</cbc:ID>
    <cac:AccountingCustomerParty>
      <cbc:CustomerAssignedAccountID>4411257{i}</cbc:CustomerAssignedAccountID>
      <cbc:AdditionalAccountID>1</cbc:AdditionalAccountID>
    </cac:AccountingCustomerParty>
    <cac:Status><cbc:ConditionCode>1</cbc:ConditionCode></cac:Status>
    <sac:TotalAmount currencyID="PEN">118.00</sac:TotalAmount>
    <sac:BillingPayment>
      <cbc:PaidAmount currencyID="PEN">100.00</cbc:PaidAmount>
      <cbc:InstructionID>01</cbc:InstructionID>
    </sac:BillingPayment>
    <cac:TaxTotal>
      <cbc:TaxAmount currencyID="PEN">18.00</cbc:TaxAmount>
      <cac:TaxSubtotal>
        <cbc:TaxAmount currencyID="PEN">18.00</cbc:TaxAmount>
        <cac:TaxCategory>
          <cac:TaxScheme><cbc:ID>1000</cbc:ID><cbc:Name>IGV</cbc:Name><cbc:TaxTypeCode>VAT</cbc:TaxTypeCode></cac:TaxScheme>
        </cac:TaxCategory>
      </cac:TaxSubtotal>
    </cac:TaxTotal>
  </sac:SummaryDocumentsLine>"""
        for i, boleta in enumerate(boletas, 1)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<SummaryDocuments xmlns="urn:sunat:names:specification:ubl:peru:schema:xsd:SummaryDocuments-1" {_NS_UBL} xmlns:sac="urn:sunat:names:specification:ubl:peru:schema:xsd:SunatAggregateComponents-1">
  <ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent/></ext:UBLExtension></ext:UBLExtensions>
  <cbc:UBLVersionID>2.0</cbc:UBLVersionID>
  <cbc:CustomizationID>1.1</cbc:CustomizationID>
  <cbc:ID>RC-{fecha:%Y%m%d}-{correlativo}</cbc:ID>
  <cbc:ReferenceDate>{fecha.isoformat()}</cbc:ReferenceDate>
  <cbc:IssueDate>{fecha.isoformat()}</cbc:IssueDate>{_firma(ruc, razon_social)}
  <cac:AccountingSupplierParty>
    <cbc:CustomerAssignedAccountID>{ruc}</cbc:CustomerAssignedAccountID>
    <cbc:AdditionalAccountID>6</cbc:AdditionalAccountID>
    <cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>{escape(razon_social)}</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party>
  </cac:AccountingSupplierParty>{filas}
</SummaryDocuments>
""".encode("utf-8")
