"""The "other" CPE as plain data: comprobante de retención (20) and de percepción (40).

Both have the same shape: the agent (the company issuing it), the receiver
(the provider retained or the customer perceived), the regime (catálogo 23
for retention, 22 for perception) and its rate, and one `DocumentoPagado` per
document paid or collected. Amounts are final: what SUNAT sees, nothing here
calculates. `cpe.ubl_otros` writes them; the reversal (RR) of an accepted one
is a VoidedDocuments line (`cpe.ubl_resumen.LineaBaja`).

Per document, amounts of the document and of the payment are in the
document's currency; the retained/perceived amount and the net are in soles,
converted at `tipo_cambio` when the document is not in PEN.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from cpe.domain import Cliente, Emisor, Numerado

RETENCION, PERCEPCION = "20", "40"


@dataclass(frozen=True, slots=True)
class DocumentoPagado:
    tipo_documento: str  # catálogo 01: 01 factura, 03 boleta, 07, 08, 12 ticket
    numero: str  # "F001-12"
    fecha_emision: datetime.date
    moneda: str
    importe_total: Decimal  # the document's total, its currency
    pago_numero: int  # cac:Payment/cbc:ID: the payment's correlative for this document, 1..n
    pago_fecha: datetime.date
    pago_monto: Decimal  # paid or collected, the document's currency
    monto: Decimal  # retained or perceived, soles
    neto: Decimal  # soles: paid minus retained (20), collected plus perceived (40)
    fecha: datetime.date  # date of the retention or perception
    tipo_cambio: Decimal | None = None  # soles per unit of `moneda`; required when it is not PEN
    fecha_cambio: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class ComprobanteOtro(Numerado):
    tipo_documento: str  # 20 or 40
    serie: str
    numero: int
    fecha_emision: datetime.date
    emisor: Emisor  # the retention or perception agent
    receptor: Cliente  # the provider (20) or the customer (40)
    regimen: str  # catálogo 23 (20) or 22 (40)
    tasa: Decimal  # percent: 3, 2, 1, 0.5
    documentos: tuple[DocumentoPagado, ...]
    total: Decimal  # retained or perceived, soles: the sum of the documents'
    total_neto: Decimal  # paid (20) or collected (40), soles: the sum of the documents' net
    observacion: str = ""
