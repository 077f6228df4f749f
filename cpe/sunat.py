"""SUNAT's SOAP services (billService, billConsultService), through zeep on the WSDL in cpe/wsdl.

One `ClienteSunat` per company and task; it talks to SUNAT beta, SUNAT
production or the ERP's own sandbox according to `Empresa.entorno_sunat`.

Every failure is an `ErrorSunat` with `codigo`, `mensaje` (SUNAT's
catalogue text, in Spanish, fit to show a user) and `reintentable`:

* `SunatNoDisponible` (reintentable): timeouts, connection errors, HTTP 5xx,
  answers that are not SOAP.
* `FallaSunat`: a SOAP fault with SUNAT's code; reintentable only for
  SUNAT's own outages (0100, 0109, 0130-0138, 0200-0254...), final for bad
  credentials (0102, 0111), zip and file names (0151-0161) and content (1xxx).
* `ComprobanteYaRegistrado` (a FallaSunat, code 1033): SUNAT already has this
  series-number, e.g. a previous send whose answer was lost. Fetch its CDR
  with `consultar_cdr` instead of sending again.
* `CdrInvalido` (reintentable): SUNAT answered but its CDR cannot be read.
  The document may be registered: the next send gets 1033, then
  `consultar_cdr` fetches a readable CDR.

A Celery task retries with backoff while `exc.reintentable`, records the
final error otherwise; an admin action shows `str(exc)` or the CDR's
`descripcion`. A call that returns was answered by SUNAT, but only the CDR
says whether the document was accepted: `respuesta.cdr.aceptado`.

The SOL password never reaches a log: zeep's transport logs whole envelopes
at DEBUG level, so ours does not log them.
"""

import dataclasses
import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import requests
from django.conf import settings
from lxml.etree import XMLSyntaxError as LxmlSyntaxError
from zeep import Client, Settings, Transport
from zeep.exceptions import Fault, TransportError, XMLSyntaxError
from zeep.wsdl import Document
from zeep.wsse.username import UsernameToken

from cpe.cdr import Cdr, CdrIlegible, leer_cdr_zip
from cpe.empaquetado import partes_nombre
from cpe.errores import YA_REGISTRADO, es_reintentable, mensaje_sunat, normalizar_codigo

logger = logging.getLogger(__name__)

_WSDL = Path(__file__).resolve().parent / "wsdl"
_BINDING_FACTURAS = "{http://service.gem.factura.comppago.registro.servicio.sunat.gob.pe/}BillServicePortBinding"
_BINDING_CONSULTA = (
    "{http://service.ws.consulta.comppago.electronico.registro.servicio2.sunat.gob.pe/}BillConsultServicePortBinding"
)

# Retención (20), percepción (40) and their reversions (RR) go to SUNAT's "otros CPE" service.
_TIPOS_OTROS = {"20", "40", "RR"}


@dataclass(frozen=True)
class Endpoints:
    facturas: str  # billService: 01, 03, 07, 08, RC, RA
    otros: str  # billService: 20, 40, RR
    consulta: str  # billConsultService


ENDPOINTS = {
    "beta": Endpoints(
        facturas="https://e-beta.sunat.gob.pe/ol-ti-itcpfegem-beta/billService",
        otros="https://e-beta.sunat.gob.pe/ol-ti-itemision-otroscpe-gem-beta/billService",
        # SUNAT documents the CDR consultation for production only; beta answers at this address.
        consulta="https://e-beta.sunat.gob.pe/ol-it-wsconscpegem-beta/billConsultService",
    ),
    "produccion": Endpoints(
        facturas="https://e-factura.sunat.gob.pe/ol-ti-itcpfegem/billService",
        otros="https://e-factura.sunat.gob.pe/ol-ti-itemision-otroscpe-gem/billService",
        consulta="https://e-factura.sunat.gob.pe/ol-it-wsconscpegem/billConsultService",
    ),
}

# Paths of the sandbox under settings.SUNAT_SANDBOX_URL: SUNAT's own.
RUTA_FACTURAS = "ol-ti-itcpfegem-beta/billService"
RUTA_OTROS = "ol-ti-itemision-otroscpe-gem-beta/billService"
RUTA_CONSULTA = "ol-it-wsconscpegem/billConsultService"


def endpoints(entorno: str) -> Endpoints:
    if entorno == "sandbox":
        base = settings.SUNAT_SANDBOX_URL.rstrip("/")
        return Endpoints(f"{base}/{RUTA_FACTURAS}", f"{base}/{RUTA_OTROS}", f"{base}/{RUTA_CONSULTA}")
    try:
        return ENDPOINTS[entorno]
    except KeyError:
        raise ValueError(f"Entorno SUNAT desconocido: {entorno!r}") from None


class ErrorSunat(Exception):
    """SUNAT did not give a usable answer. `reintentable`: sending again later may work."""

    reintentable = False

    def __init__(self, mensaje: str, *, codigo: str = "", detalle: str = "", reintentable: bool | None = None):
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.codigo = codigo
        self.detalle = detalle
        if reintentable is not None:
            self.reintentable = reintentable

    def __str__(self):
        return f"{self.codigo} - {self.mensaje}" if self.codigo else self.mensaje


class SunatNoDisponible(ErrorSunat):
    reintentable = True


class FallaSunat(ErrorSunat):
    """A SOAP fault carrying one of SUNAT's codes (0100-1999)."""


class ComprobanteYaRegistrado(FallaSunat):
    """1033: SUNAT already registered this series-number; get its CDR with consultar_cdr."""


class CdrInvalido(ErrorSunat):
    reintentable = True

    def __init__(self, mensaje: str, *, contenido: bytes | None = None):
        super().__init__(mensaje)
        self.contenido = contenido  # what SUNAT sent, to keep as evidence


@dataclass(frozen=True)
class RespuestaCdr:
    """sendBill's answer: the CDR zip as received (to store) and its verdict."""

    zip: bytes
    cdr: Cdr


@dataclass(frozen=True)
class EstadoTicket:
    """getStatus: statusCode 0 processed, 98 in process, 99 processed with errors; the CDR when done."""

    codigo: str
    zip: bytes | None
    cdr: Cdr | None

    @property
    def en_proceso(self) -> bool:
        return self.codigo == "98"


@dataclass(frozen=True)
class ConsultaCdr:
    """getStatusCdr: statusCode ('0004' when the CDR exists), statusMessage and the CDR."""

    codigo: str
    mensaje: str
    zip: bytes | None
    cdr: Cdr | None


class _Transporte(Transport):
    """zeep's transport without its DEBUG dump of each envelope, which holds the SOL password."""

    def post(self, address, message, headers):
        return self.session.post(address, data=message, headers=headers, timeout=self.operation_timeout)


@functools.cache
def _wsdl(nombre: str) -> Document:
    # Parsed once per process; clients share it.
    return Document(str(_WSDL / nombre), Transport(), settings=Settings())


_CODIGO = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def _falla(exc: Fault) -> FallaSunat:
    """SUNAT writes its code in faultcode ('soap-env:Client.0102') or at the start of faultstring."""
    texto = (exc.message or "").strip()
    codigo = _CODIGO.search(exc.code or "") or re.match(r"\s*(\d{4})\b", texto)
    if not codigo:
        servidor = "server" in (exc.code or "").lower()
        return FallaSunat(texto or "SUNAT respondió con una falla sin código.", detalle=texto, reintentable=servidor)
    codigo = normalizar_codigo(codigo.group(1))
    clase = ComprobanteYaRegistrado if codigo == YA_REGISTRADO else FallaSunat
    return clase(
        mensaje_sunat(codigo, predeterminado=texto), codigo=codigo, detalle=texto, reintentable=es_reintentable(codigo)
    )


def _leer_cdr(contenido: bytes) -> Cdr:
    try:
        return leer_cdr_zip(contenido)
    except CdrIlegible as exc:
        raise CdrInvalido(f"SUNAT devolvió un CDR que no se puede leer: {exc}", contenido=contenido) from exc


class ClienteSunat:
    def __init__(
        self,
        *,
        ruc: str,
        usuario_sol: str,
        clave_sol: str,
        entorno: str = "sandbox",
        timeout: tuple[float, float] | None = None,
        url_otros: str = "",
    ):
        """`usuario_sol` is the secondary SOL user without the RUC; `timeout` is (connect, read) in seconds;
        `url_otros` replaces the environment's "otros CPE" address (retentions, perceptions, reversals)."""
        self.ruc = ruc
        self.entorno = entorno
        self.endpoints = endpoints(entorno)
        if url_otros:
            self.endpoints = dataclasses.replace(self.endpoints, otros=url_otros)
        sesion = requests.Session()
        transporte = _Transporte(
            session=sesion,
            operation_timeout=timeout or (settings.SUNAT_TIMEOUT_CONEXION, settings.SUNAT_TIMEOUT_LECTURA),
        )
        credenciales = UsernameToken(f"{ruc}{usuario_sol}", clave_sol)
        facturas = Client(_wsdl("billService.wsdl"), wsse=credenciales, transport=transporte)
        consulta = Client(_wsdl("billConsultService.wsdl"), wsse=credenciales, transport=transporte)
        self._facturas = facturas.create_service(_BINDING_FACTURAS, self.endpoints.facturas)
        self._otros = facturas.create_service(_BINDING_FACTURAS, self.endpoints.otros)
        self._consulta = consulta.create_service(_BINDING_CONSULTA, self.endpoints.consulta)

    @classmethod
    def para_empresa(cls, empresa, **kwargs) -> "ClienteSunat":
        """The client of an erp.Empresa: its RUC, SOL user and password, and SUNAT environment."""
        if not empresa.tiene_sol:
            raise ErrorSunat(f"La empresa {empresa.ruc} no tiene usuario y clave SOL configurados.")
        configuracion = getattr(empresa, "configuracion_cpe", None)  # none yet: SUNAT's address
        return cls(
            ruc=empresa.ruc,
            usuario_sol=empresa.sol_usuario,
            clave_sol=empresa.sol_clave,
            entorno=empresa.entorno_sunat,
            url_otros=getattr(configuracion, "url_otros_cpe", ""),
            **kwargs,
        )

    def __repr__(self):
        return f"<ClienteSunat {self.ruc} {self.entorno}>"

    def _servicio(self, tipo: str):
        return self._otros if tipo in _TIPOS_OTROS else self._facturas

    def _llamar(self, servicio, operacion: str, referencia: str, **argumentos):
        try:
            return getattr(servicio, operacion)(**argumentos)
        except Fault as exc:
            error = _falla(exc)
        except requests.Timeout as exc:
            error = SunatNoDisponible(f"SUNAT no respondió a tiempo ({exc.__class__.__name__}).")
        except requests.ConnectionError as exc:
            error = SunatNoDisponible(f"No se pudo conectar con SUNAT: {exc}")
        except requests.RequestException as exc:
            error = SunatNoDisponible(f"Error de comunicación con SUNAT: {exc}")
        except TransportError as exc:
            estado = exc.status_code or 0
            error = ErrorSunat(
                f"SUNAT respondió con el error HTTP {estado}.", detalle=str(exc)[:500], reintentable=estado >= 500
            )
        except (XMLSyntaxError, LxmlSyntaxError) as exc:
            error = SunatNoDisponible(f"La respuesta de SUNAT no es un mensaje SOAP válido: {exc}")
        logger.warning("SUNAT %s %s (%s): %s", operacion, referencia, self.ruc, error)
        raise error

    def _enviar_zip(self, operacion: str, nombre_zip: str, contenido: bytes):
        nombre_zip = nombre_zip if nombre_zip.endswith(".zip") else f"{nombre_zip}.zip"
        tipo = (partes_nombre(nombre_zip) or {}).get("tipo", "")
        respuesta = self._llamar(self._servicio(tipo), operacion, nombre_zip, fileName=nombre_zip, contentFile=contenido)
        return nombre_zip, respuesta

    def enviar_comprobante(self, nombre_zip: str, contenido: bytes) -> RespuestaCdr:
        """sendBill: a factura, boleta, nota, retención or percepción zip; SUNAT answers with the CDR."""
        nombre_zip, respuesta = self._enviar_zip("sendBill", nombre_zip, contenido)
        if not respuesta:
            raise CdrInvalido("SUNAT no devolvió el CDR.")
        cdr = _leer_cdr(respuesta)
        logger.info("SUNAT sendBill %s: %s %s", nombre_zip, cdr.codigo, cdr.descripcion)
        return RespuestaCdr(respuesta, cdr)

    def enviar_resumen(self, nombre_zip: str, contenido: bytes) -> str:
        """sendSummary: a daily summary (RC), voiding (RA) or reversion (RR) zip; returns SUNAT's ticket."""
        nombre_zip, ticket = self._enviar_zip("sendSummary", nombre_zip, contenido)
        if not ticket:
            raise SunatNoDisponible("SUNAT no devolvió el número de ticket.")
        logger.info("SUNAT sendSummary %s: ticket %s", nombre_zip, ticket)
        return str(ticket)

    def consultar_ticket(self, ticket: str, *, tipo: str = "RC") -> EstadoTicket:
        """getStatus of a summary's ticket; `tipo` RR asks the 'otros CPE' service."""
        estado = self._llamar(self._servicio(tipo), "getStatus", f"ticket {ticket}", ticket=ticket)
        codigo = str(estado.statusCode or "").strip() if estado else ""
        if not codigo:
            raise SunatNoDisponible("SUNAT no devolvió el estado del ticket.")
        contenido = estado.content or None
        return EstadoTicket(codigo, contenido, _leer_cdr(contenido) if contenido else None)

    def consultar_cdr(self, *, tipo: str, serie: str, numero: int | str, ruc: str = "") -> ConsultaCdr:
        """getStatusCdr: the CDR SUNAT keeps for a document (by default one of this company)."""
        referencia = f"{tipo}-{serie}-{numero}"
        respuesta = self._llamar(
            self._consulta,
            "getStatusCdr",
            referencia,
            rucComprobante=ruc or self.ruc,
            tipoComprobante=tipo,
            serieComprobante=serie,
            numeroComprobante=int(numero),
        )
        if respuesta is None:
            raise SunatNoDisponible("SUNAT no devolvió el resultado de la consulta.")
        contenido = respuesta.content or None
        return ConsultaCdr(
            str(respuesta.statusCode or "").strip(),
            respuesta.statusMessage or "",
            contenido,
            _leer_cdr(contenido) if contenido else None,
        )
