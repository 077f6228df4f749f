"""SOAP 1.1 messages of SUNAT's contract, read and written directly: the sandbox answers in milliseconds."""

import base64
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lxml import etree

from cpe.errores import es_reintentable, mensaje_sunat

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
SERVICIO = "http://service.sunat.gob.pe"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class FallaSandbox(Exception):
    """The sandbox answers with a SOAP fault carrying SUNAT's `codigo`."""

    def __init__(self, codigo: str, detalle: str = ""):
        super().__init__(detalle)
        self.codigo = codigo
        self.detalle = detalle


@dataclass(frozen=True)
class Peticion:
    operacion: str  # local name of the Body's element: sendBill, getStatus...
    usuario: str  # RUC followed by the SOL user
    clave: str
    argumentos: dict[str, str]  # child element local name -> text

    @property
    def ruc(self) -> str:
        return self.usuario[:11]


def leer_peticion(cuerpo: bytes) -> Peticion:
    try:
        sobre = etree.fromstring(cuerpo, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise FallaSandbox("0306", f"El mensaje SOAP no es un XML válido: {exc}") from exc
    cuerpo_soap = sobre.find(f"{{{SOAP_ENV}}}Body")
    if etree.QName(sobre).text != f"{{{SOAP_ENV}}}Envelope" or cuerpo_soap is None or len(cuerpo_soap) == 0:
        raise FallaSandbox("0300", "El mensaje no es un sobre SOAP 1.1 con cuerpo.")
    token = sobre.find(f"{{{SOAP_ENV}}}Header/{{{WSSE}}}Security/{{{WSSE}}}UsernameToken")
    if token is None:
        raise FallaSandbox("0101", f"Falta wsse:Security/wsse:UsernameToken (espacio de nombres {WSSE}).")
    usuario = (token.findtext(f"{{{WSSE}}}Username") or "").strip()
    clave = token.findtext(f"{{{WSSE}}}Password") or ""
    operacion = cuerpo_soap[0]
    argumentos = {etree.QName(hijo).localname: (hijo.text or "").strip() for hijo in operacion}
    return Peticion(etree.QName(operacion).localname, usuario, clave, argumentos)


def _sobre(contenido: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<soap-env:Envelope xmlns:soap-env="{SOAP_ENV}"><soap-env:Header/>'
        f"<soap-env:Body>{contenido}</soap-env:Body></soap-env:Envelope>"
    ).encode("utf-8")


def _b64(contenido: bytes | None) -> str:
    return f"<content>{base64.b64encode(contenido).decode('ascii')}</content>" if contenido else ""


def respuesta_send_bill(cdr_zip: bytes) -> bytes:
    contenido = base64.b64encode(cdr_zip).decode("ascii")
    return _sobre(
        f'<br:sendBillResponse xmlns:br="{SERVICIO}"><applicationResponse>{contenido}</applicationResponse>'
        "</br:sendBillResponse>"
    )


def respuesta_send_summary(ticket: str) -> bytes:
    return _sobre(
        f'<br:sendSummaryResponse xmlns:br="{SERVICIO}"><ticket>{escape(ticket)}</ticket></br:sendSummaryResponse>'
    )


def respuesta_get_status(codigo: str, cdr_zip: bytes | None) -> bytes:
    return _sobre(
        f'<br:getStatusResponse xmlns:br="{SERVICIO}"><status>{_b64(cdr_zip)}'
        f"<statusCode>{escape(codigo)}</statusCode></status></br:getStatusResponse>"
    )


def respuesta_get_status_cdr(codigo: str, mensaje: str, cdr_zip: bytes | None) -> bytes:
    return _sobre(
        f'<br:getStatusCdrResponse xmlns:br="{SERVICIO}"><statusCdr>{_b64(cdr_zip)}'
        f"<statusCode>{escape(codigo)}</statusCode><statusMessage>{escape(mensaje)}</statusMessage>"
        "</statusCdr></br:getStatusCdrResponse>"
    )


def falla(codigo: str, detalle: str = "") -> bytes:
    """A SOAP fault as SUNAT writes it: faultcode soap-env:Client.0102 (Server.XXXX for its own outages)."""
    lado = "Server" if es_reintentable(codigo) else "Client"
    texto = mensaje_sunat(codigo) if codigo else detalle
    if codigo and detalle:
        texto = f"{texto} - Detalle: {detalle}"
    faultcode = f"soap-env:{lado}.{codigo}" if codigo else f"soap-env:{lado}"
    return _sobre(
        f"<soap-env:Fault><faultcode>{faultcode}</faultcode><faultstring>{escape(texto)}</faultstring></soap-env:Fault>"
    )
