"""UBL 2.0 XML of a comprobante de retención (Retention) or de percepción (Perception).

`construir_otro(comprobante)` returns the unsigned document as UTF-8 bytes,
UBLVersionID 2.0 and CustomizationID 1.0, in the element order of SUNAT's
UBLPE-Retention/Perception schemas and following the rules of
ValidaExprRegRetencion-1.0.3 and ValidaExprRegPercepcion-1.0.2: the totals in
soles, one SUNATRetention/PerceptionDocumentReference per document with its
payment, and the exchange rate only for a document not in PEN. It leaves the
empty ext:ExtensionContent the signer fills, and is written in its own inclusive
C14N form (namespaces sorted on the root, no empty-element tags, C14N's
escapes), so firma.firmar_canonico digests it as it is. The reversal of an accepted one
is a VoidedDocuments RR-YYYYMMDD-N, which `cpe.ubl_resumen.construir_baja`
writes.
"""

from __future__ import annotations

from cpe.domain import Direccion
from cpe.domain_otros import PERCEPCION, RETENCION, ComprobanteOtro, DocumentoPagado
from cpe.ubl import ID_FIRMA, NS_CAC, NS_CBC, NS_DS, NS_EXT, _a, _sin_ceros, _t
from cpe.ubl_resumen import NS_SAC

# Document type -> (root, regime element, percent element, total element, reference, information, net element).
_TIPOS = {
    RETENCION: (
        "Retention",
        "SUNATRetentionSystemCode",
        "SUNATRetentionPercent",
        "SUNATTotalPaid",
        "SUNATRetentionDocumentReference",
        "SUNATRetentionInformation",
        "SUNATRetentionAmount",
        "SUNATRetentionDate",
        "SUNATNetTotalPaid",
    ),
    PERCEPCION: (
        "Perception",
        "SUNATPerceptionSystemCode",
        "SUNATPerceptionPercent",
        "SUNATTotalCashed",
        "SUNATPerceptionDocumentReference",
        "SUNATPerceptionInformation",
        "SUNATPerceptionAmount",
        "SUNATPerceptionDate",
        "SUNATNetTotalCashed",
    ),
}
MAX_NOMBRE = 100  # PartyLegalEntity/RegistrationName and PartyName/Name: up to 100 characters


def _direccion(out: list, d: Direccion) -> None:
    out.append("<cac:PostalAddress>")
    if d.ubigeo:
        out.append(f"<cbc:ID>{_t(d.ubigeo)}</cbc:ID>")
    # The schema's order: StreetName, CitySubdivisionName, CityName, CountrySubentity, District (each up to 100/30).
    for tag, valor, largo in (
        ("StreetName", d.direccion, 100),
        ("CitySubdivisionName", d.urbanizacion, 25),
        ("CityName", d.provincia, 30),
        ("CountrySubentity", d.departamento, 30),
        ("District", d.distrito, 30),
    ):
        if valor.strip():
            out.append(f"<cbc:{tag}>{_t(valor.strip()[:largo])}</cbc:{tag}>")
    out.append(f"<cac:Country><cbc:IdentificationCode>{_t(d.pais)}</cbc:IdentificationCode></cac:Country></cac:PostalAddress>")


def _documento(out: list, d: DocumentoPagado, tags: tuple) -> None:
    *_, referencia, informacion, monto, fecha, neto = tags
    moneda = _a(d.moneda)
    out.append(
        f'<sac:{referencia}><cbc:ID schemeID="{_a(d.tipo_documento)}">{_t(d.numero)}</cbc:ID>'
        f"<cbc:IssueDate>{d.fecha_emision.isoformat()}</cbc:IssueDate>"
        f'<cbc:TotalInvoiceAmount currencyID="{moneda}">{d.importe_total:.2f}</cbc:TotalInvoiceAmount>'
        f"<cac:Payment><cbc:ID>{d.pago_numero}</cbc:ID>"
        f'<cbc:PaidAmount currencyID="{moneda}">{d.pago_monto:.2f}</cbc:PaidAmount>'
        f"<cbc:PaidDate>{d.pago_fecha.isoformat()}</cbc:PaidDate></cac:Payment>"
        f'<sac:{informacion}><sac:{monto} currencyID="PEN">{d.monto:.2f}</sac:{monto}>'
        f"<sac:{fecha}>{d.fecha.isoformat()}</sac:{fecha}>"
        f'<sac:{neto} currencyID="PEN">{d.neto:.2f}</sac:{neto}>'
    )
    if d.moneda != "PEN":
        if d.tipo_cambio is None:
            raise ValueError(f"El documento {d.numero} en {d.moneda} necesita el tipo de cambio.")
        out.append(
            f"<cac:ExchangeRate><cbc:SourceCurrencyCode>{moneda}</cbc:SourceCurrencyCode>"
            "<cbc:TargetCurrencyCode>PEN</cbc:TargetCurrencyCode>"
            f"<cbc:CalculationRate>{_sin_ceros(d.tipo_cambio, 6)}</cbc:CalculationRate>"
            f"<cbc:Date>{(d.fecha_cambio or d.pago_fecha).isoformat()}</cbc:Date></cac:ExchangeRate>"
        )
    out.append(f"</sac:{informacion}></sac:{referencia}>")


def construir_otro(c: ComprobanteOtro) -> bytes:
    """The unsigned Retention (20) or Perception (40) of `c`."""
    if c.tipo_documento not in _TIPOS:
        raise ValueError(f"Tipo de comprobante desconocido: {c.tipo_documento!r} (se espera 20 o 40).")
    if not c.documentos:
        raise ValueError("El comprobante debe listar al menos un documento pagado o cobrado.")
    tags = _TIPOS[c.tipo_documento]
    raiz, regimen, tasa, total_neto = tags[:4]
    emisor, receptor = c.emisor, c.receptor
    ruc, razon = _t(emisor.ruc), _t(emisor.razon_social.strip()[:MAX_NOMBRE])
    out = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{raiz} xmlns="urn:sunat:names:specification:ubl:peru:schema:xsd:{raiz}-1"'
        f' xmlns:cac="{NS_CAC}" xmlns:cbc="{NS_CBC}" xmlns:ds="{NS_DS}" xmlns:ext="{NS_EXT}" xmlns:sac="{NS_SAC}">'
        "<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>"
        "<cbc:UBLVersionID>2.0</cbc:UBLVersionID><cbc:CustomizationID>1.0</cbc:CustomizationID>"
        f"<cac:Signature><cbc:ID>{ID_FIRMA}</cbc:ID><cac:SignatoryParty>"
        f"<cac:PartyIdentification><cbc:ID>{ruc}</cbc:ID></cac:PartyIdentification>"
        f"<cac:PartyName><cbc:Name>{razon}</cbc:Name></cac:PartyName></cac:SignatoryParty>"
        f"<cac:DigitalSignatureAttachment><cac:ExternalReference><cbc:URI>#{ID_FIRMA}</cbc:URI>"
        "</cac:ExternalReference></cac:DigitalSignatureAttachment></cac:Signature>"
        f"<cbc:ID>{_t(c.numeracion)}</cbc:ID><cbc:IssueDate>{c.fecha_emision.isoformat()}</cbc:IssueDate>"
        f'<cac:AgentParty><cac:PartyIdentification><cbc:ID schemeID="6">{ruc}</cbc:ID></cac:PartyIdentification>'
    ]
    if emisor.nombre_comercial.strip():
        out.append(f"<cac:PartyName><cbc:Name>{_t(emisor.nombre_comercial.strip()[:MAX_NOMBRE])}</cbc:Name></cac:PartyName>")
    _direccion(out, emisor.direccion)
    out.append(
        f"<cac:PartyLegalEntity><cbc:RegistrationName>{razon}</cbc:RegistrationName></cac:PartyLegalEntity></cac:AgentParty>"
        f'<cac:ReceiverParty><cac:PartyIdentification><cbc:ID schemeID="{_a(receptor.tipo_documento)}">'
        f"{_t(receptor.numero_documento)}</cbc:ID></cac:PartyIdentification>"
    )
    if receptor.direccion is not None:
        _direccion(out, receptor.direccion)
    out.append(
        f"<cac:PartyLegalEntity><cbc:RegistrationName>{_t(receptor.razon_social.strip()[:MAX_NOMBRE])}"
        "</cbc:RegistrationName></cac:PartyLegalEntity></cac:ReceiverParty>"
        f"<sac:{regimen}>{_t(c.regimen)}</sac:{regimen}><sac:{tasa}>{_sin_ceros(c.tasa, 2)}</sac:{tasa}>"
    )
    if c.observacion.strip():
        out.append(f"<cbc:Note>{_t(' '.join(c.observacion.split())[:250])}</cbc:Note>")
    out.append(
        f'<cbc:TotalInvoiceAmount currencyID="PEN">{c.total:.2f}</cbc:TotalInvoiceAmount>'
        f'<sac:{total_neto} currencyID="PEN">{c.total_neto:.2f}</sac:{total_neto}>'
    )
    for documento in c.documentos:
        _documento(out, documento, tags)
    out.append(f"</{raiz}>")
    return "".join(out).encode("utf-8")
