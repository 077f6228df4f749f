"""SUNAT's UBL 2.0 documents sent with sendSummary: the daily summary (RC) and the voiding (RA).

`construir_resumen` writes a SummaryDocuments (UBLVersionID 2.0,
CustomizationID 1.1): one sac:SummaryDocumentsLine per boleta or note of a
boleta, all issued on `fecha_emision`, each with its condition (catálogo 19:
1 add, 2 modify, 3 void), totals by operation type (catálogo 11), one
cac:TaxTotal per tax, the document a note modifies and the percepción.
`construir_baja` writes a VoidedDocuments (CustomizationID 1.0) voiding
facturas and their notes with a reason. Both leave the empty
ext:ExtensionContent the signer fills, and follow the element order of
SUNAT's XSD and the rules of ValidaExprRegSummary-1.1.0 and
ValidaExprRegSummaryVoided-1.0.1. Written as text, like cpe/ubl.py: a
500-line summary takes a few milliseconds.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from cpe.domain import Tributo
from cpe.ubl import _ESQUEMAS, ID_FIRMA, NS_CAC, NS_CBC, NS_DS, NS_EXT, _a, _t

NS_SAC = "urn:sunat:names:specification:ubl:peru:schema:xsd:SunatAggregateComponents-1"
MAX_LINEAS = 500  # SUNAT rejects a summary of more lines (0158)
MAX_RAZON_SOCIAL = 100  # RegistrationName: 3 to 100 characters (2228)
CERO = Decimal("0")

# Catálogo 22: percepción regime -> rate (%), the only rate SUNAT accepts for it (2891).
TASAS_PERCEPCION = {"01": Decimal("2"), "02": Decimal("1"), "03": Decimal("0.5")}


@dataclass(frozen=True, slots=True)
class Percepcion:
    regimen: str  # catálogo 22
    base: Decimal  # soles
    monto: Decimal  # soles
    total: Decimal  # importe total plus percepción, soles


@dataclass(frozen=True, slots=True)
class LineaResumen:
    """One boleta (03) or note of a boleta (07, 08) in a daily summary, amounts as issued."""

    numero: int  # cbc:LineID, 1..n
    tipo: str
    serie: str
    correlativo: int
    condicion: str  # catálogo 19
    moneda: str
    cliente_tipo: str  # catálogo 06, "-" when there is none
    cliente_numero: str
    importe_total: Decimal
    gravadas: Decimal = CERO  # catálogo 11 code 01 (IVAP included)
    exoneradas: Decimal = CERO  # 02
    inafectas: Decimal = CERO  # 03
    exportacion: Decimal = CERO  # 04
    gratuitas: Decimal = CERO  # 05
    otros_cargos: Decimal = CERO
    igv: Decimal = CERO
    ivap: Decimal = CERO
    isc: Decimal = CERO
    icbper: Decimal = CERO
    referencia: tuple[str, str] | None = None  # (tipo, "B001-15") of the boleta a note modifies
    percepcion: Percepcion | None = None


@dataclass(frozen=True, slots=True)
class LineaBaja:
    """One factura or note voided by a voiding communication."""

    numero: int
    tipo: str
    serie: str
    correlativo: int
    motivo: str


def _cabecera(
    raiz: str,
    version: str,
    identificador: str,
    ruc: str,
    razon_social: str,
    fecha_emision: datetime.date,
    fecha_generacion: datetime.date,
) -> str:
    ruc, razon = _t(ruc), _t(razon_social.strip()[:MAX_RAZON_SOCIAL])
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{raiz} xmlns="urn:sunat:names:specification:ubl:peru:schema:xsd:{raiz}-1"'
        f' xmlns:cac="{NS_CAC}" xmlns:cbc="{NS_CBC}" xmlns:ext="{NS_EXT}" xmlns:ds="{NS_DS}" xmlns:sac="{NS_SAC}">'
        "<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent/></ext:UBLExtension></ext:UBLExtensions>"
        f"<cbc:UBLVersionID>2.0</cbc:UBLVersionID><cbc:CustomizationID>{version}</cbc:CustomizationID>"
        f"<cbc:ID>{_t(identificador)}</cbc:ID><cbc:ReferenceDate>{fecha_emision.isoformat()}</cbc:ReferenceDate>"
        f"<cbc:IssueDate>{fecha_generacion.isoformat()}</cbc:IssueDate>"
        f"<cac:Signature><cbc:ID>{ID_FIRMA}</cbc:ID><cac:SignatoryParty>"
        f"<cac:PartyIdentification><cbc:ID>{ruc}</cbc:ID></cac:PartyIdentification>"
        f"<cac:PartyName><cbc:Name>{razon}</cbc:Name></cac:PartyName></cac:SignatoryParty>"
        f"<cac:DigitalSignatureAttachment><cac:ExternalReference><cbc:URI>#{ID_FIRMA}</cbc:URI>"
        "</cac:ExternalReference></cac:DigitalSignatureAttachment></cac:Signature>"
        f"<cac:AccountingSupplierParty><cbc:CustomerAssignedAccountID>{ruc}</cbc:CustomerAssignedAccountID>"
        "<cbc:AdditionalAccountID>6</cbc:AdditionalAccountID><cac:Party><cac:PartyLegalEntity>"
        f"<cbc:RegistrationName>{razon}</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party>"
        "</cac:AccountingSupplierParty>"
    )


def _linea_resumen(out: list, ln: LineaResumen) -> None:
    moneda = _a(ln.moneda)
    out.append(
        f"<sac:SummaryDocumentsLine><cbc:LineID>{ln.numero}</cbc:LineID>"
        f"<cbc:DocumentTypeCode>{_t(ln.tipo)}</cbc:DocumentTypeCode><cbc:ID>{_t(ln.serie)}-{ln.correlativo}</cbc:ID>"
    )
    if ln.cliente_numero:
        out.append(
            f"<cac:AccountingCustomerParty><cbc:CustomerAssignedAccountID>{_t(ln.cliente_numero)}"
            f"</cbc:CustomerAssignedAccountID><cbc:AdditionalAccountID>{_t(ln.cliente_tipo or '-')}"
            "</cbc:AdditionalAccountID></cac:AccountingCustomerParty>"
        )
    if ln.referencia is not None:
        tipo, numero = ln.referencia
        out.append(
            f"<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>{_t(numero)}</cbc:ID>"
            f"<cbc:DocumentTypeCode>{_t(tipo)}</cbc:DocumentTypeCode></cac:InvoiceDocumentReference></cac:BillingReference>"
        )
    # Only a boleta being added or voided carries its percepción (2986).
    if ln.percepcion is not None and ln.tipo == "03" and ln.condicion != "2":
        p = ln.percepcion
        out.append(
            f"<sac:SUNATPerceptionSummaryDocumentReference><sac:SUNATPerceptionSystemCode>{_t(p.regimen)}"
            f"</sac:SUNATPerceptionSystemCode><sac:SUNATPerceptionPercent>{TASAS_PERCEPCION[p.regimen]:f}"
            f'</sac:SUNATPerceptionPercent><cbc:TotalInvoiceAmount currencyID="PEN">{p.monto:.2f}</cbc:TotalInvoiceAmount>'
            f'<sac:SUNATTotalCashed currencyID="PEN">{p.total:.2f}</sac:SUNATTotalCashed>'
            f'<cbc:TaxableAmount currencyID="PEN">{p.base:.2f}</cbc:TaxableAmount></sac:SUNATPerceptionSummaryDocumentReference>'
        )
    out.append(
        f"<cac:Status><cbc:ConditionCode>{_t(ln.condicion)}</cbc:ConditionCode></cac:Status>"
        f'<sac:TotalAmount currencyID="{moneda}">{ln.importe_total:.2f}</sac:TotalAmount>'
    )
    # Catálogo 11; the taxed total always, the others when there are any.
    for codigo, monto in (
        ("01", ln.gravadas),
        ("02", ln.exoneradas),
        ("03", ln.inafectas),
        ("04", ln.exportacion),
        ("05", ln.gratuitas),
    ):
        if codigo == "01" or monto:
            out.append(
                f'<sac:BillingPayment><cbc:PaidAmount currencyID="{moneda}">{monto:.2f}</cbc:PaidAmount>'
                f"<cbc:InstructionID>{codigo}</cbc:InstructionID></sac:BillingPayment>"
            )
    if ln.otros_cargos:
        out.append(
            "<cac:AllowanceCharge><cbc:ChargeIndicator>true</cbc:ChargeIndicator>"
            f'<cbc:Amount currencyID="{moneda}">{ln.otros_cargos:.2f}</cbc:Amount></cac:AllowanceCharge>'
        )
    # One TaxTotal per tax, each with its single TaxSubtotal (2344); IGV always (2278).
    for tributo, monto in (
        (Tributo.IGV, ln.igv),
        (Tributo.IVAP, ln.ivap),
        (Tributo.ISC, ln.isc),
        (Tributo.ICBPER, ln.icbper),
    ):
        if tributo == Tributo.IGV or monto:
            out.append(
                f'<cac:TaxTotal><cbc:TaxAmount currencyID="{moneda}">{monto:.2f}</cbc:TaxAmount><cac:TaxSubtotal>'
                f'<cbc:TaxAmount currencyID="{moneda}">{monto:.2f}</cbc:TaxAmount><cac:TaxCategory>'
                f"{_ESQUEMAS[tributo.value]}</cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>"
            )
    out.append("</sac:SummaryDocumentsLine>")


def construir_resumen(
    *,
    ruc: str,
    razon_social: str,
    identificador: str,
    fecha_emision: datetime.date,
    fecha_generacion: datetime.date,
    lineas: list[LineaResumen],
) -> bytes:
    """The unsigned SummaryDocuments `identificador` (RC-YYYYMMDD-N) of documents issued on `fecha_emision`."""
    if not 0 < len(lineas) <= MAX_LINEAS:
        raise ValueError(f"Un resumen diario lleva de 1 a {MAX_LINEAS} comprobantes; se recibieron {len(lineas)}.")
    out = [_cabecera("SummaryDocuments", "1.1", identificador, ruc, razon_social, fecha_emision, fecha_generacion)]
    for linea in lineas:
        _linea_resumen(out, linea)
    out.append("</SummaryDocuments>")
    return "".join(out).encode("utf-8")


def construir_baja(
    *,
    ruc: str,
    razon_social: str,
    identificador: str,
    fecha_emision: datetime.date,
    fecha_generacion: datetime.date,
    lineas: list[LineaBaja],
) -> bytes:
    """The unsigned VoidedDocuments `identificador` (RA-YYYYMMDD-N) of documents issued on `fecha_emision`."""
    if not lineas:
        raise ValueError("Una comunicación de baja lleva al menos un comprobante.")
    out = [_cabecera("VoidedDocuments", "1.0", identificador, ruc, razon_social, fecha_emision, fecha_generacion)]
    for ln in lineas:
        out.append(
            f"<sac:VoidedDocumentsLine><cbc:LineID>{ln.numero}</cbc:LineID>"
            f"<cbc:DocumentTypeCode>{_t(ln.tipo)}</cbc:DocumentTypeCode>"
            f"<sac:DocumentSerialID>{_t(ln.serie)}</sac:DocumentSerialID>"
            f"<sac:DocumentNumberID>{ln.correlativo}</sac:DocumentNumberID>"
            f"<sac:VoidReasonDescription>{_t(' '.join(ln.motivo.split()))}</sac:VoidReasonDescription>"
            "</sac:VoidedDocumentsLine>"
        )
    out.append("</VoidedDocuments>")
    return "".join(out).encode("utf-8")
