"""The guía de remisión electrónica as plain data: what cpe.ubl_guia reads.

A `Guia` is one guía de remisión remitente (09) or transportista (31) as
SUNAT will see it, every code a catalogue code. Nothing here reads the ORM:
billing's guides and the tests build the same dataclasses.

Field -> UBL element, for the non-obvious ones:
- `motivo` -> cac:Shipment/cbc:HandlingCode (catálogo 20), 09 only.
- `modalidad` -> ShipmentStage/cbc:TransportModeCode (catálogo 18), 09 only:
  01 público names the `transportista` (RUC, name, MTC registration), 02
  privado the `vehiculos` and `conductores`. A 31 always names them.
- `partida` / `llegada` -> Delivery/Despatch/DespatchAddress and
  Delivery/DeliveryAddress, with ubigeo and, between the company's own
  premises (motivo 04), SUNAT's establishment code.
- `documentos` -> cac:AdditionalDocumentReference (catálogo 61).
- `remitente` (31 only) -> Delivery/Despatch/DespatchParty: whose goods these are.
- `proveedor` (motivos 02, 07) -> cac:SellerSupplierParty: who sold or transformed the goods.
- `puerto` (motivos 08, 09) -> Shipment/FirstArrivalPortLocation; an import or
  export guide also says it moves the whole declaration (DAM or DS, catálogo 61
  codes 50 and 52) with SpecialInstructions SUNAT_Envio_IndicadorTrasladoTotalDAMoDS.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from cpe.domain import Cliente, Emisor, Numerado

REMITENTE, TRANSPORTISTA = "09", "31"
PUBLICO, PRIVADO = "01", "02"

# Catálogo 20 (sunat/xsl/commons/cpe/catalogo/cat_20.xml).
MOTIVOS = {
    "01": "Venta",
    "02": "Compra",
    "03": "Venta con entrega a terceros",
    "04": "Traslado entre establecimientos de la misma empresa",
    "05": "Consignación",
    "06": "Devolución",
    "07": "Recojo de bienes transformados",
    "08": "Importación",
    "09": "Exportación",
    "13": "Otros",
    "14": "Venta sujeta a confirmación del comprador",
    "17": "Traslado de bienes para transformación",
    "18": "Traslado emisor itinerante CP",
}
MODALIDADES = {PUBLICO: "Transporte público", PRIVADO: "Transporte privado"}
# Catálogo 61: documents a guide may cite (the ones the product issues or receives).
DOCUMENTOS_RELACIONADOS = {
    "01": "Factura",
    "03": "Boleta de Venta",
    "04": "Liquidación de Compra",
    "09": "Guía de Remisión Remitente",
    "31": "Guía de Remisión Transportista",
    "50": "Declaración Aduanera de Mercancías",
    "52": "Declaración Simplificada (DS)",
}
IMPORTACION, EXPORTACION = "08", "09"
UNIDADES_PESO = {"KGM": "kilogramos", "TNE": "toneladas"}


@dataclass(frozen=True, slots=True)
class Punto:
    """A departure or arrival address."""

    ubigeo: str  # catálogo 13 (INEI), 6 digits
    direccion: str
    codigo_establecimiento: str = ""  # SUNAT's annex code, for the company's own premises
    ruc: str = ""  # whose establishment `codigo_establecimiento` is


@dataclass(frozen=True, slots=True)
class Puerto:
    """A port (tipo 1, catálogo 63) or airport (tipo 2, catálogo 64) of an import or export."""

    tipo: str
    codigo: str
    nombre: str


@dataclass(frozen=True, slots=True)
class Transportista:
    ruc: str
    razon_social: str
    registro_mtc: str = ""


@dataclass(frozen=True, slots=True)
class Vehiculo:
    placa: str  # without the dash: ABC123


@dataclass(frozen=True, slots=True)
class Conductor:
    tipo_documento: str  # catálogo 06
    numero_documento: str
    nombres: str
    apellidos: str
    licencia: str


@dataclass(frozen=True, slots=True)
class DocumentoGuia:
    tipo_documento: str  # catálogo 61
    numero: str  # "F001-25"
    ruc_emisor: str = ""  # none for a customs declaration


@dataclass(frozen=True, slots=True)
class LineaGuia:
    cantidad: Decimal
    unidad: str  # catálogo 03
    descripcion: str
    codigo: str = ""


@dataclass(frozen=True, slots=True)
class Guia(Numerado):
    tipo_documento: str  # 09 or 31
    serie: str
    numero: int
    fecha_emision: datetime.date
    hora_emision: datetime.time
    emisor: Emisor
    destinatario: Cliente
    fecha_inicio: datetime.date
    peso_bruto: Decimal
    partida: Punto
    llegada: Punto
    lineas: tuple[LineaGuia, ...]
    unidad_peso: str = "KGM"
    bultos: int | None = None
    motivo: str = "01"  # 09 only
    descripcion_motivo: str = ""
    modalidad: str = PRIVADO  # 09 only
    transportista: Transportista | None = None
    vehiculos: tuple[Vehiculo, ...] = ()
    conductores: tuple[Conductor, ...] = ()
    documentos: tuple[DocumentoGuia, ...] = ()
    remitente: Cliente | None = None  # 31 only
    proveedor: Cliente | None = None  # 02, 07
    puerto: Puerto | None = None  # 08, 09
    registro_mtc: str = ""  # 31: the issuing carrier's MTC registration
    pagador_flete: str = "Remitente"  # 31: Remitente, Subcontratador or Tercero
    observacion: str = ""
