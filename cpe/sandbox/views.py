"""SUNAT's SOAP endpoints, served by the sandbox at SUNAT's own paths, with their WSDL."""

import base64
import binascii
import time
from pathlib import Path

from django.http import Http404, HttpResponse, HttpResponseNotAllowed, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt
from lxml import etree

from cpe.sandbox import soap
from cpe.sandbox.models import Operacion, TipoFalla
from cpe.sandbox.services import (
    falla_tomar,
    sandbox_autenticar,
    sandbox_consultar_cdr,
    sandbox_consultar_ticket,
    sandbox_recibir_comprobante,
    sandbox_recibir_resumen,
)
from cpe.sandbox.soap import FallaSandbox

_WSDL = Path(__file__).resolve().parent.parent / "wsdl"
_XML = "text/xml; charset=utf-8"
# What a "corrupt CDR" misbehaviour sends: the start of a zip and nothing usable.
CDR_CORRUPTO = b"PK\x03\x04" + b"\x00" * 26 + b"CDR corrupto del sandbox"


def _zip(argumentos) -> bytes:
    try:
        return base64.b64decode(argumentos.get("contentFile", ""), validate=False)
    except (binascii.Error, ValueError) as exc:
        raise FallaSandbox("0156", "contentFile no está en base64") from exc


def _send_bill(empresa, argumentos, falla):
    documento = sandbox_recibir_comprobante(
        empresa=empresa, nombre_zip=argumentos.get("fileName", ""), contenido=_zip(argumentos)
    )
    return soap.respuesta_send_bill(CDR_CORRUPTO if _es(falla, TipoFalla.CDR_CORRUPTO) else documento.cdr_zip)


def _send_summary(empresa, argumentos, falla):
    ticket = sandbox_recibir_resumen(
        empresa=empresa, nombre_zip=argumentos.get("fileName", ""), contenido=_zip(argumentos)
    )
    return soap.respuesta_send_summary(ticket.numero)


def _get_status(empresa, argumentos, falla):
    codigo, cdr = sandbox_consultar_ticket(
        empresa=empresa, ticket=argumentos.get("ticket", ""), en_proceso=_es(falla, TipoFalla.EN_PROCESO)
    )
    return soap.respuesta_get_status(codigo, CDR_CORRUPTO if cdr and _es(falla, TipoFalla.CDR_CORRUPTO) else cdr)


def _get_status_cdr(empresa, argumentos, falla):
    codigo, mensaje, cdr = sandbox_consultar_cdr(
        empresa=empresa,
        ruc=argumentos.get("rucComprobante", ""),
        tipo=argumentos.get("tipoComprobante", ""),
        serie=argumentos.get("serieComprobante", ""),
        numero=argumentos.get("numeroComprobante", ""),
    )
    return soap.respuesta_get_status_cdr(
        codigo, mensaje, CDR_CORRUPTO if cdr and _es(falla, TipoFalla.CDR_CORRUPTO) else cdr
    )


def _es(falla, tipo) -> bool:
    return falla is not None and falla.tipo == tipo


_FACTURAS = {
    Operacion.SEND_BILL: _send_bill,
    Operacion.SEND_SUMMARY: _send_summary,
    Operacion.GET_STATUS: _get_status,
}
_CONSULTA = {Operacion.GET_STATUS_CDR: _get_status_cdr}


def _respuesta(cuerpo: bytes, status: int = 200, content_type: str = _XML) -> StreamingHttpResponse:
    """A SOAP answer, streamed so it carries no Content-Length.

    Django's development server then closes the connection after it. On a
    kept-alive connection it sends headers and body in two packets, and
    Nagle's algorithm with the client's delayed ACK adds some 40 ms to every
    call; a new local connection per call costs far less.
    """
    respuesta = StreamingHttpResponse([cuerpo], status=status, content_type=content_type)
    # A SOAP fault travels as HTTP 500: an answer, not a server error for django.request's log.
    respuesta._has_been_logged = status == 500
    return respuesta


def _falla_soap(codigo: str, detalle: str = "") -> StreamingHttpResponse:
    return _respuesta(soap.falla(codigo, detalle), status=500)


def _atender(request, operaciones) -> HttpResponse:
    try:
        peticion = soap.leer_peticion(request.body)
        if peticion.operacion not in operaciones:
            raise FallaSandbox("", f"Operación no soportada por este servicio: {peticion.operacion}")
        falla = falla_tomar(ruc=peticion.ruc, operacion=peticion.operacion)
        if _es(falla, TipoFalla.HTTP_500):
            return _respuesta("Error interno del servidor".encode(), 500, "text/plain; charset=utf-8")
        if _es(falla, TipoFalla.FALLA_SOAP):
            return _falla_soap(falla.codigo)
        if _es(falla, TipoFalla.DEMORA):
            # Then served as usual: what SUNAT did with a call whose answer the client never saw.
            time.sleep(float(falla.segundos))
        empresa = sandbox_autenticar(usuario=peticion.usuario, clave=peticion.clave)
        cuerpo = operaciones[peticion.operacion](empresa, peticion.argumentos, falla)
    except FallaSandbox as exc:
        return _falla_soap(exc.codigo, exc.detalle)
    return _respuesta(cuerpo)


def _wsdl(request, archivo: str) -> HttpResponse:
    """SUNAT's WSDL with this server's address in soap:address."""
    raiz = etree.parse(str(_WSDL / archivo)).getroot()
    for direccion in raiz.iter("{http://schemas.xmlsoap.org/wsdl/soap/}address"):
        direccion.set("location", request.build_absolute_uri(request.path))
    return HttpResponse(etree.tostring(raiz, xml_declaration=True, encoding="UTF-8"), content_type=_XML)


def _servicio(request, archivo: str, operaciones) -> HttpResponse:
    if request.method == "GET":
        return _wsdl(request, archivo)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    return _atender(request, operaciones)


@csrf_exempt
def bill_service(request):
    return _servicio(request, "billService.wsdl", _FACTURAS)


@csrf_exempt
def bill_consult_service(request):
    return _servicio(request, "billConsultService.wsdl", _CONSULTA)


_IMPORTADOS = {"billService.ns1.wsdl", "billService.xsd2.xsd", "billConsultService.ns1.wsdl", "billConsultService.xsd"}


def archivo_wsdl(request, archivo: str):
    """The files the WSDL imports, at the address relative to the service."""
    if archivo not in _IMPORTADOS:
        raise Http404("Archivo WSDL desconocido.")
    return HttpResponse((_WSDL / archivo).read_bytes(), content_type=_XML)
