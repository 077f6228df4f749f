"""The CPE as plain data: what the UBL builder reads, independent of any ORM row.

A `Comprobante` describes one factura (01), boleta (03), nota de crédito (07)
or nota de débito (08) exactly as SUNAT will see it: every amount is final
(2 decimals; unit values up to 10), every code is a SUNAT catalogue code.
Nothing here calculates. `cpe.desde_totales.comprobante_desde_totales` fills
a `Comprobante` from the totals engine (`billing.totals`); the JSON dialects
and the ORM adapter produce the same dataclasses, so one builder serves all.

Field -> UBL element, for the non-obvious ones:
- `Item.valor_unitario` -> cac:Price/cbc:PriceAmount (0 on free lines);
  `precio_venta_unitario` -> PricingReference with PriceTypeCode 01;
  `valor_referencial` -> PricingReference with PriceTypeCode 02 (free lines).
- `Impuesto` -> one cac:TaxSubtotal, in a line or in the document:
  `tributo` catálogo 05, `afectacion` catálogo 07 (TaxExemptionReasonCode),
  `sistema_isc` catálogo 08 (TierRange), `bolsas`/`monto_unitario` for ICBPER.
- `CargoDescuento` -> cac:AllowanceCharge (catálogo 53, factor as a fraction).
- `Importes` -> cac:LegalMonetaryTotal (RequestedMonetaryTotal in a 08).
- `Anticipo` -> cac:PrepaidPayment plus the cac:AdditionalDocumentReference
  of the advance's invoice, linked by `identificador`.
- `Detraccion` -> cac:PaymentMeans and cac:PaymentTerms "Detraccion" (soles).
- `Percepcion` -> cac:AllowanceCharge 51/52/53 and cac:PaymentTerms
  "Percepcion" (soles).
- `FormaPago` -> cac:PaymentTerms "FormaPago": Contado, or Credito with its
  pending amount plus one Cuota001, Cuota002... per installment.
- `NotaReferencia` -> cac:DiscrepancyResponse (reason, catálogo 09 or 10) and
  cac:BillingReference (the document the note modifies).
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from decimal import Decimal

FACTURA, BOLETA, NOTA_CREDITO, NOTA_DEBITO = "01", "03", "07", "08"


class Tributo(enum.StrEnum):
    """Catálogo 05: tax codes; `label` is the name SUNAT gives each in the XML."""

    IGV = "1000"
    IVAP = "1016"
    ISC = "2000"
    ICBPER = "7152"
    EXPORTACION = "9995"
    GRATUITO = "9996"
    EXONERADO = "9997"
    INAFECTO = "9998"
    OTROS = "9999"

    @property
    def label(self) -> str:
        return _NOMBRES_TRIBUTO[self]


_NOMBRES_TRIBUTO = {
    Tributo.IGV: "IGV",
    Tributo.IVAP: "IVAP",
    Tributo.ISC: "ISC",
    Tributo.ICBPER: "ICBPER",
    Tributo.EXPORTACION: "EXP",
    Tributo.GRATUITO: "GRA",
    Tributo.EXONERADO: "EXO",
    Tributo.INAFECTO: "INA",
    Tributo.OTROS: "OTROS",
}


@dataclass(frozen=True, slots=True)
class Direccion:
    direccion: str = ""  # AddressLine/Line
    ubigeo: str = ""  # catálogo 13 (INEI)
    departamento: str = ""
    provincia: str = ""
    distrito: str = ""
    urbanizacion: str = ""
    pais: str = "PE"  # ISO 3166-1 alpha-2
    codigo_establecimiento: str = "0000"  # SUNAT's annex code of the issuing branch


@dataclass(frozen=True, slots=True)
class Emisor:
    ruc: str
    razon_social: str
    direccion: Direccion
    nombre_comercial: str = ""


@dataclass(frozen=True, slots=True)
class Cliente:
    tipo_documento: str  # catálogo 06
    numero_documento: str
    razon_social: str
    direccion: Direccion | None = None


@dataclass(frozen=True, slots=True)
class Impuesto:
    tributo: str  # catálogo 05
    monto: Decimal
    base: Decimal | None = None  # None for ICBPER, which is per bag
    porcentaje: Decimal | None = None  # percent; lines only
    afectacion: str | None = None  # catálogo 07; lines only, IGV family
    sistema_isc: str | None = None  # catálogo 08
    bolsas: int | None = None  # ICBPER
    monto_unitario: Decimal | None = None  # ICBPER per bag


@dataclass(frozen=True, slots=True)
class CargoDescuento:
    codigo: str  # catálogo 53
    es_cargo: bool
    monto: Decimal
    base: Decimal
    factor: Decimal | None = None  # 0.10 for 10 %


@dataclass(frozen=True, slots=True)
class Item:
    numero: int
    cantidad: Decimal
    unidad: str  # catálogo 03
    descripcion: str
    valor_unitario: Decimal
    valor_venta: Decimal
    impuestos: tuple[Impuesto, ...]
    total_impuestos: Decimal
    precio_venta_unitario: Decimal | None = None
    valor_referencial: Decimal | None = None
    cargos_descuentos: tuple[CargoDescuento, ...] = ()
    codigo: str = ""
    codigo_sunat: str = ""  # UNSPSC, catálogo 25


@dataclass(frozen=True, slots=True)
class Importes:
    valor_venta: Decimal  # LineExtensionAmount
    precio_venta: Decimal  # TaxInclusiveAmount
    importe: Decimal  # PayableAmount
    descuentos: Decimal = Decimal("0")  # AllowanceTotalAmount
    cargos: Decimal = Decimal("0")  # ChargeTotalAmount
    anticipos: Decimal = Decimal("0")  # PrepaidAmount


@dataclass(frozen=True, slots=True)
class Leyenda:
    codigo: str  # catálogo 52
    texto: str


@dataclass(frozen=True, slots=True)
class DocumentoRelacionado:
    tipo_documento: str  # catálogo 01 (guías 09/31, notes' target 01/03) or 12
    numero: str  # "F001-25"


@dataclass(frozen=True, slots=True)
class Anticipo:
    identificador: str  # links PrepaidPayment and its AdditionalDocumentReference
    tipo_documento: str  # catálogo 12: 02 factura, 03 boleta
    numero: str
    monto: Decimal  # PaidAmount, with taxes
    ruc_emisor: str


@dataclass(frozen=True, slots=True)
class Detraccion:
    codigo: str  # catálogo 54
    porcentaje: Decimal
    monto: Decimal  # soles
    cuenta: str
    medio_pago: str  # catálogo 59


@dataclass(frozen=True, slots=True)
class Percepcion:
    codigo: str  # catálogo 53: 51, 52, 53
    porcentaje: Decimal
    base: Decimal  # soles
    monto: Decimal  # soles
    total: Decimal  # importe plus percepción, soles


@dataclass(frozen=True, slots=True)
class Cuota:
    monto: Decimal
    fecha_pago: datetime.date


@dataclass(frozen=True, slots=True)
class FormaPago:
    """Contado when there are no installments; Credito otherwise."""

    cuotas: tuple[Cuota, ...] = ()
    monto_pendiente: Decimal | None = None  # required for Credito

    @property
    def credito(self) -> bool:
        return bool(self.cuotas)


@dataclass(frozen=True, slots=True)
class NotaReferencia:
    codigo: str  # catálogo 09 (crédito) or 10 (débito)
    descripcion: str
    documento: DocumentoRelacionado  # the factura or boleta modified


class Numerado:
    """The series-number and SUNAT's file name of a document with `tipo_documento`, `serie`, `numero` and `emisor`."""

    __slots__ = ()

    @property
    def numeracion(self) -> str:
        return f"{self.serie}-{self.numero}"

    @property
    def nombre_archivo(self) -> str:
        """SUNAT's file name without extension: RUC-TIPO-SERIE-NUMERO."""
        return f"{self.emisor.ruc}-{self.tipo_documento}-{self.serie}-{self.numero}"


@dataclass(frozen=True, slots=True)
class Comprobante(Numerado):
    tipo_documento: str
    serie: str
    numero: int
    fecha_emision: datetime.date
    moneda: str
    emisor: Emisor
    cliente: Cliente
    items: tuple[Item, ...]
    impuestos: tuple[Impuesto, ...]
    total_impuestos: Decimal
    importes: Importes
    hora_emision: datetime.time | None = None
    fecha_vencimiento: datetime.date | None = None
    tipo_operacion: str = "0101"  # catálogo 51; facturas and boletas
    cargos_descuentos: tuple[CargoDescuento, ...] = ()
    leyendas: tuple[Leyenda, ...] = ()
    anticipos: tuple[Anticipo, ...] = ()
    detraccion: Detraccion | None = None
    percepcion: Percepcion | None = None
    forma_pago: FormaPago = FormaPago()
    guias: tuple[DocumentoRelacionado, ...] = ()
    documentos_relacionados: tuple[DocumentoRelacionado, ...] = ()
    nota: NotaReferencia | None = None
    orden_compra: str = ""
