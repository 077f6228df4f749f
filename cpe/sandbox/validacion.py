"""The checks SUNAT makes on a received zip, reproduced by the sandbox.

Envelope, file-name and identity problems raise FallaSandbox with SUNAT's
0151-0161 / 03xx / 1xxx codes (a SOAP fault: nothing is registered).
Amount problems are rejections (2000-3999) or observations (4000+) that go
into the CDR.
"""

import functools
import io
import os
import threading
import zipfile
import zlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from cpe.empaquetado import TIPOS_RESUMEN, partes_nombre
from cpe.sandbox.soap import FallaSandbox

CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
_NS = {
    "cbc": CBC,
    "cac": CAC,
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
}
_OASIS = "urn:oasis:names:specification:ubl:schema:xsd:"
_SUNAT = "urn:sunat:names:specification:ubl:peru:schema:xsd:"
_RAICES = {
    f"{{{_OASIS}Invoice-2}}Invoice": "invoice",
    f"{{{_OASIS}CreditNote-2}}CreditNote": "07",
    f"{{{_OASIS}DebitNote-2}}DebitNote": "08",
    f"{{{_OASIS}DespatchAdvice-2}}DespatchAdvice": "despatch",
    f"{{{_SUNAT}Retention-1}}Retention": "20",
    f"{{{_SUNAT}Perception-1}}Perception": "40",
    f"{{{_SUNAT}SummaryDocuments-1}}SummaryDocuments": "RC",
    f"{{{_SUNAT}VoidedDocuments-1}}VoidedDocuments": "voided",
}
# Schemas of the validation kit (SUNAT_VALIDACION_DIR) by document type.
_ESQUEMAS = {
    "01": "xsd/2.1/maindoc/UBL-Invoice-2.1.xsd",
    "03": "xsd/2.1/maindoc/UBL-Invoice-2.1.xsd",
    "07": "xsd/2.1/maindoc/UBL-CreditNote-2.1.xsd",
    "08": "xsd/2.1/maindoc/UBL-DebitNote-2.1.xsd",
    "09": "xsd/2.1/maindoc/UBL-DespatchAdvice-2.1.xsd",
    "31": "xsd/2.1/maindoc/UBL-DespatchAdvice-2.1.xsd",
    "20": "xsd/2.0/maindoc/UBLPE-Retention-1.0.xsd",
    "40": "xsd/2.0/maindoc/UBLPE-Perception-1.0.xsd",
    "RC": "xsd/2.0/maindoc/UBLPE-SummaryDocuments-1.0.xsd",
    "RA": "xsd/2.0/maindoc/UBLPE-VoidedDocuments-1.0.xsd",
    "RR": "xsd/2.0/maindoc/UBLPE-VoidedDocuments-1.0.xsd",
}
TIPOS_COMPROBANTE = ("01", "03", "07", "08", "20", "40")
TIPOS_GUIA = ("09", "31")  # only through the REST API (cpe.sandbox.gre)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_UNO = Decimal("1")
_CENTIMO = Decimal("0.01")


@dataclass(frozen=True)
class Archivo:
    """A received zip whose name and content passed the envelope checks."""

    nombre: str  # without extension
    ruc: str
    tipo: str
    serie: str  # YYYYMMDD for summaries
    numero: int
    raiz: etree._Element
    xml: bytes  # as received, for SUNAT's rules


def _texto(raiz, ruta: str) -> str:
    return (raiz.findtext(ruta, namespaces=_NS) or "").strip()


def leer_envio(nombre_zip: str, contenido: bytes, *, ruc_usuario: str, resumen: bool, tipos=TIPOS_COMPROBANTE) -> Archivo:
    """Check the zip and its names as SUNAT's web service does, then parse the XML."""
    base = os.path.basename(nombre_zip or "")
    partes = partes_nombre(base)
    if partes is None or not base.lower().endswith(".zip"):
        raise FallaSandbox("0151", f"Nombre recibido: {base!r}")
    if partes["tipo"] in TIPOS_RESUMEN and not resumen:
        raise FallaSandbox("0152")
    if partes["tipo"] not in TIPOS_RESUMEN and resumen:
        raise FallaSandbox("0151", "sendSummary recibe solo resúmenes (RC), bajas (RA) y reversiones (RR).")
    if partes["tipo"] not in (*tipos, *TIPOS_RESUMEN):
        raise FallaSandbox("0151", f"El tipo {partes['tipo']} no se envía por este servicio.")
    if partes["ruc"] != ruc_usuario:
        raise FallaSandbox("0154")
    try:
        with zipfile.ZipFile(io.BytesIO(contenido)) as zf:
            miembros = [i for i in zf.infolist() if not i.is_dir()]
            if not miembros:
                raise FallaSandbox("0155")
            xmls = [i for i in miembros if i.filename.lower().endswith(".xml")]
            if not xmls:
                raise FallaSandbox("0157")
            if len(xmls) > 1:
                raise FallaSandbox("0158")
            xml = zf.read(xmls[0])
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError) as exc:
        raise FallaSandbox("0156", str(exc)) from exc
    nombre = base[:-4]
    if os.path.splitext(os.path.basename(xmls[0].filename))[0] != nombre:
        raise FallaSandbox("0161", f"XML {xmls[0].filename!r} dentro de {base!r}")
    if not xml.strip():
        raise FallaSandbox("0160")
    try:
        raiz = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise FallaSandbox("0306", str(exc)) from exc
    return Archivo(nombre, partes["ruc"], partes["tipo"], partes["serie"], int(partes["numero"]), raiz, xml)


def tipo_de_documento(raiz) -> str:
    clase = _RAICES.get(raiz.tag)
    if clase is None:
        raise FallaSandbox("0301", f"Raíz {etree.QName(raiz).localname}")
    if clase == "invoice":
        return _texto(raiz, "cbc:InvoiceTypeCode")
    if clase == "despatch":
        return _texto(raiz, "cbc:DespatchAdviceTypeCode")
    if clase == "voided":
        return "RR" if _texto(raiz, "cbc:ID").upper().startswith("RR") else "RA"
    return clase


def ruc_emisor(raiz, tipo: str) -> str:
    rutas = {
        "20": ("cac:AgentParty/cac:PartyIdentification/cbc:ID",),
        "40": ("cac:AgentParty/cac:PartyIdentification/cbc:ID",),
        "09": ("cac:DespatchSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID",),
        "31": ("cac:DespatchSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID",),
    }.get(
        tipo,
        (
            "cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID",
            "cac:AccountingSupplierParty/cbc:CustomerAssignedAccountID",
        ),
    )
    return next((valor for ruta in rutas if (valor := _texto(raiz, ruta))), "")


def id_documento(raiz) -> str:
    return _texto(raiz, "cbc:ID")


def receptor(raiz) -> str:
    """The customer as SUNAT's CDR names it: '6-20100000001' (document type, number)."""
    nodo = raiz.find("cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID", _NS)
    if nodo is None or not (nodo.text or "").strip():
        return ""
    return f"{nodo.get('schemeID', '-')}-{nodo.text.strip()}"


def revisar_identidad(archivo: Archivo) -> None:
    """The XML must be the document its file name says (type, RUC, series and number)."""
    tipo = tipo_de_documento(archivo.raiz)
    if tipo != archivo.tipo:
        raise FallaSandbox("1003", f"El XML es de tipo {tipo or '(vacío)'} y el archivo dice {archivo.tipo}.")
    if ruc_emisor(archivo.raiz, tipo) != archivo.ruc:
        raise FallaSandbox("1034")
    if tipo in TIPOS_RESUMEN:
        return  # a summary's ID is checked by its CDR (2220)
    serie, _, numero = id_documento(archivo.raiz).partition("-")
    if serie != archivo.serie:
        raise FallaSandbox("1035")
    if not numero.isdigit() or int(numero) != archivo.numero:
        raise FallaSandbox("1036")


def exigir_firma(raiz) -> None:
    """An unsigned document is refused before its schema (whose ExtensionContent cannot be empty)."""
    if raiz.find("ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/ds:Signature", _NS) is None:
        raise FallaSandbox("1059")


def id_de_resumen_coincide(archivo: Archivo) -> bool:
    tipo, fecha, numero = (id_documento(archivo.raiz).split("-") + ["", "", ""])[:3]
    return tipo == archivo.tipo and fecha == archivo.serie and numero.isdigit() and int(numero) == archivo.numero


_esquemas_lock = threading.Lock()


@functools.cache
def _esquema(ruta: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(ruta, _PARSER))


def validar_esquema(raiz, tipo: str, carpeta: str) -> None:
    """XSD check against SUNAT's schemas in `carpeta` (the validation kit); 0305 with the first error."""
    relativa = _ESQUEMAS.get(tipo)
    if not carpeta or not relativa:
        return
    with _esquemas_lock:  # an XMLSchema's error log belongs to its last run
        esquema = _esquema(str(Path(carpeta) / relativa))
        if esquema.validate(raiz):
            return
        error = esquema.error_log[0]
    raise FallaSandbox("0305", f"línea {error.line}: {error.message}")


def _importe(elemento, ruta: str) -> Decimal | None:
    texto = elemento.findtext(ruta, namespaces=_NS) if elemento is not None else None
    if texto is None or not texto.strip():
        return None
    try:
        return Decimal(texto.strip())
    except InvalidOperation:
        return None


def _esquema_tributo(subtotal) -> str:
    return _texto(subtotal, "cac:TaxCategory/cac:TaxScheme/cbc:ID")


@dataclass
class _Revision:
    rechazos: list[str]
    observaciones: list[str]

    def comparar(self, declarado: Decimal | None, calculado: Decimal, rechazo: str, observacion: str) -> None:
        """SUNAT tolerates one unit of difference; beyond a cent the sandbox observes it."""
        if declarado is None:
            return
        diferencia = abs(declarado - calculado)
        if diferencia > _UNO:
            self.rechazos.append(rechazo)
        elif diferencia > _CENTIMO and observacion not in self.observaciones:
            self.observaciones.append(observacion)


def _cargos_globales(raiz, *codigos: str) -> Decimal:
    return sum(
        (
            _importe(cargo, "cbc:Amount") or Decimal(0)
            for cargo in raiz.findall("cac:AllowanceCharge", _NS)
            if _texto(cargo, "cbc:AllowanceChargeReasonCode") in codigos
        ),
        Decimal(0),
    )


def _lineas(raiz) -> list:
    return raiz.findall("cac:InvoiceLine", _NS) or raiz.findall("cac:CreditNoteLine", _NS) or raiz.findall(
        "cac:DebitNoteLine", _NS
    )


def tasa_igv_vigente(raiz, tasas_igv: set[Decimal]) -> bool:
    """SUNAT's rule 3462: every taxed line at the same IGV rate, one of those in force."""
    tasas = {
        tasa
        for linea in _lineas(raiz)
        for subtotal in linea.findall("cac:TaxTotal/cac:TaxSubtotal", _NS)
        if _esquema_tributo(subtotal) == "1000"
        and _importe(subtotal, "cbc:TaxableAmount")
        and (tasa := _importe(subtotal, "cac:TaxCategory/cbc:Percent")) is not None
    }
    return not (tasas - tasas_igv or len(tasas) > 1)


def revisar_totales(raiz, tasas_igv: set[Decimal]) -> tuple[str | None, list[str]]:
    """(first rejection code or None, observation codes) of a factura, boleta or nota's amounts.

    SUNAT's own formulas (ValidaExprRegFactura): the sale value is the sum of
    the onerous lines' values less global discounts (02) plus global charges
    (49); the IGV base also less advances (04); each line's IGV at a rate in force.
    """
    lineas = _lineas(raiz)
    totales = raiz.find("cac:LegalMonetaryTotal", _NS)
    if totales is None:
        totales = raiz.find("cac:RequestedMonetaryTotal", _NS)
    if not lineas or totales is None:
        return None, []
    revision = _Revision([], [])
    valor_venta = base_igv = Decimal(0)
    for linea in lineas:
        valor = _importe(linea, "cbc:LineExtensionAmount") or Decimal(0)
        onerosa = False
        for subtotal in linea.findall("cac:TaxTotal/cac:TaxSubtotal", _NS):
            tributo = _esquema_tributo(subtotal)
            base = _importe(subtotal, "cbc:TaxableAmount") or Decimal(0)
            # Free transfers (9996) do not add to the sale value.
            onerosa = onerosa or (tributo in ("1000", "1016", "9995", "9997", "9998") and base > 0)
            if tributo != "1000" or not base:
                continue
            base_igv += valor
            tasa = _importe(subtotal, "cac:TaxCategory/cbc:Percent")
            if tasa is not None:
                revision.comparar(_importe(subtotal, "cbc:TaxAmount") or Decimal(0), base * tasa / 100, "3103", "4290")
        if onerosa:
            valor_venta += valor
    if not tasa_igv_vigente(raiz, tasas_igv):
        revision.rechazos.append("3462")

    descuentos, anticipos, cargos = (_cargos_globales(raiz, codigo) for codigo in ("02", "04", "49"))
    valor_venta += cargos - descuentos
    base_igv += cargos - descuentos - anticipos
    revision.comparar(_importe(totales, "cbc:LineExtensionAmount"), valor_venta, "3278", "4309")
    subtotales = raiz.findall("cac:TaxTotal/cac:TaxSubtotal", _NS)
    igv = [s for s in subtotales if _esquema_tributo(s) == "1000"]
    if igv:
        revision.comparar(_importe(igv[0], "cbc:TaxableAmount"), base_igv, "3277", "4299")
    # IGV, IVAP, ISC, ICBPER and other taxes make up the document's TaxAmount.
    tributos = {"1000", "1016", "2000", "7152", "9999"}
    impuestos = sum(
        (_importe(s, "cbc:TaxAmount") or 0 for s in subtotales if _esquema_tributo(s) in tributos), Decimal(0)
    )
    revision.comparar(_importe(raiz, "cac:TaxTotal/cbc:TaxAmount"), impuestos, "3294", "4301")
    incluido = _importe(totales, "cbc:TaxInclusiveAmount")
    if incluido is not None:
        calculado = (
            incluido
            - (_importe(totales, "cbc:AllowanceTotalAmount") or 0)
            + (_importe(totales, "cbc:ChargeTotalAmount") or 0)
            - (_importe(totales, "cbc:PrepaidAmount") or 0)
            + (_importe(totales, "cbc:PayableRoundingAmount") or 0)
        )
        revision.comparar(_importe(totales, "cbc:PayableAmount"), calculado, "3280", "4312")
    return (revision.rechazos[0] if revision.rechazos else None), revision.observaciones
