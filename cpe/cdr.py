"""Reading SUNAT's CDR (Constancia de Recepción, a UBL ApplicationResponse) and its verdict.

The verdict is the CDR's ResponseCode, not the SOAP call's success:
0 accepted, 0 with 4000+ notes accepted with observations, 2000-3999
rejected. The parser reads no DTD, expands no entity and opens no URL.
"""

import datetime
import enum
import re
from dataclasses import dataclass

from lxml import etree

from cpe.empaquetado import ZipInvalido, leer_zip
from cpe.errores import es_observacion, normalizar_codigo

CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
AR = "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2"
_NS = {"cbc": CBC, "cac": CAC}
_NOTA = re.compile(r"^\s*(\d{4})\s*-\s*(.*)$", re.DOTALL)


class CdrIlegible(ValueError):
    """The bytes are not a CDR that can be read; the message says why."""


class EstadoCdr(enum.StrEnum):
    ACEPTADO = "aceptado"
    OBSERVADO = "observado"  # accepted, with 4000+ observations
    RECHAZADO = "rechazado"  # 2000-3999
    EXCEPCION = "excepcion"  # 0100-1999: not registered, SUNAT could not process it


@dataclass(frozen=True)
class Nota:
    codigo: str  # "4252"; empty when the note carries no code
    mensaje: str


@dataclass(frozen=True)
class Cdr:
    codigo: str  # ResponseCode: "0", or four digits such as "2335"
    descripcion: str
    referencia: str  # ReferenceID: "F001-1", "RC-20240131-1"
    notas: tuple[Nota, ...]
    id: str  # the CDR's own cbc:ID
    fecha: datetime.date | None  # ResponseDate (IssueDate when absent)
    hora: str  # ResponseTime as written
    ruc_receptor: str  # the issuer the CDR is addressed to
    hash_documento: str  # DocumentHash of the answered document, when the CDR carries it

    @property
    def estado(self) -> EstadoCdr:
        codigo = int(self.codigo) if self.codigo.isdigit() else -1
        if codigo == 0 or codigo >= 4000:
            if codigo or any(es_observacion(n.codigo) for n in self.notas):
                return EstadoCdr.OBSERVADO
            return EstadoCdr.ACEPTADO
        if 2000 <= codigo <= 3999:
            return EstadoCdr.RECHAZADO
        return EstadoCdr.EXCEPCION

    @property
    def aceptado(self) -> bool:
        """True when SUNAT registered the document as valid (observations included)."""
        return self.estado in (EstadoCdr.ACEPTADO, EstadoCdr.OBSERVADO)

    @property
    def observaciones(self) -> tuple[Nota, ...]:
        return tuple(n for n in self.notas if es_observacion(n.codigo))


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
)
_PARSER_LATIN1 = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
    encoding="iso-8859-1",
)


def _texto(raiz, ruta: str) -> str:
    valor = raiz.findtext(ruta, namespaces=_NS)
    return " ".join(valor.split()) if valor else ""


def _parsear(xml: bytes):
    try:
        return etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        # A CDR in ISO-8859-1 without an encoding declaration is not valid UTF-8.
        if b"encoding=" not in xml[:100]:
            try:
                return etree.fromstring(xml, _PARSER_LATIN1)
            except etree.XMLSyntaxError:
                pass
        raise CdrIlegible(f"El CDR no es un XML válido ({exc}).") from exc


def leer_cdr(xml: bytes) -> Cdr:
    """Parse a CDR's XML (UTF-8 or ISO-8859-1)."""
    if not xml or not xml.strip():
        raise CdrIlegible("El CDR está vacío.")
    raiz = _parsear(xml)
    if etree.QName(raiz).localname != "ApplicationResponse":
        raise CdrIlegible(f"El XML no es un CDR: su raíz es {etree.QName(raiz).localname}.")
    respuesta = raiz.find("cac:DocumentResponse/cac:Response", _NS)
    if respuesta is None:
        raise CdrIlegible("El CDR no contiene cac:DocumentResponse/cac:Response.")
    codigo = _texto(respuesta, "cbc:ResponseCode")
    if not codigo:
        raise CdrIlegible("El CDR no contiene el código de respuesta (ResponseCode).")
    notas = []
    for nota in raiz.findall("cbc:Note", _NS):
        texto = " ".join((nota.text or "").split())
        if not texto:
            continue
        partes = _NOTA.match(texto)
        notas.append(Nota(partes.group(1), partes.group(2)) if partes else Nota("", texto))
    fecha_texto = _texto(raiz, "cbc:ResponseDate") or _texto(raiz, "cbc:IssueDate")
    try:
        fecha = datetime.date.fromisoformat(fecha_texto) if fecha_texto else None
    except ValueError:
        fecha = None
    receptor = _texto(raiz, "cac:ReceiverParty/cac:PartyIdentification/cbc:ID") or _texto(
        raiz, "cac:ReceiverParty/cac:PartyLegalEntity/cbc:CompanyID"
    )
    return Cdr(
        codigo="0" if codigo.isdigit() and int(codigo) == 0 else normalizar_codigo(codigo),
        descripcion=_texto(respuesta, "cbc:Description"),
        referencia=_texto(respuesta, "cbc:ReferenceID")
        or _texto(raiz, "cac:DocumentResponse/cac:DocumentReference/cbc:ID"),
        notas=tuple(notas),
        id=_texto(raiz, "cbc:ID"),
        fecha=fecha,
        hora=_texto(raiz, "cbc:ResponseTime") or _texto(raiz, "cbc:IssueTime"),
        ruc_receptor=receptor,
        hash_documento=_texto(
            raiz, "cac:DocumentResponse/cac:DocumentReference/cac:Attachment/cac:ExternalReference/cbc:DocumentHash"
        ),
    )


def leer_cdr_zip(contenido: bytes) -> Cdr:
    """Parse the CDR inside SUNAT's answer zip (the first XML; folders skipped)."""
    try:
        _, xml = leer_zip(contenido)
    except ZipInvalido as exc:
        raise CdrIlegible(f"El ZIP del CDR no se puede leer: {exc}") from exc
    return leer_cdr(xml)

