"""SUNAT's REST API for guías de remisión (GRE): OAuth2 token, send, ticket status.

One `ClienteGre` per company and task. The token (password grant with the
company's client id and secret, RUC + SOL user and SOL password) is kept in
cpe.TokenGre, reused until it has less than RENOVAR_ANTES left, and fetched
again once when SUNAT answers 401. Failures are cpe.sunat's errors:
`SunatNoDisponible` (timeouts, connection, 5xx: retry later), `FallaSunat`
(credentials, 4xx with SUNAT's `cod`/`errors[]`: final), `CdrInvalido`, and
`ComprobanteYaRegistrado` when a send is answered 1033 (SUNAT already has that
guide, e.g. a send whose answer was lost): then `consultar_guia` reads its
result with a GET on the guide's own resource. That lookup is the sandbox's
contract; FACTS.md marks SUNAT's REST lookup of a guide by name as to verify,
and a SUNAT that does not serve it (404, 405) leaves the guide in error saying so.
Secrets never reach a log or an exception message.
"""

import base64
import binascii
import datetime
import hashlib
import logging
from dataclasses import dataclass

import requests
from django.conf import settings
from django.utils import timezone
from lxml import etree

from cpe.cdr import CdrIlegible, leer_cdr_zip
from cpe.empaquetado import ZipInvalido, leer_zip
from cpe.errores import YA_REGISTRADO, mensaje_sunat, normalizar_codigo
from cpe.models_guia import TokenGre
from cpe.sunat import CdrInvalido, ComprobanteYaRegistrado, FallaSunat, SunatNoDisponible

logger = logging.getLogger(__name__)

ALCANCE = "https://api-cpe.sunat.gob.pe"
# greenter renews with under 600 s left: a token never expires in the middle of a send.
RENOVAR_ANTES = datetime.timedelta(seconds=600)
RUTA_TOKEN = "api-seguridad/v1/clientessol/{client_id}/oauth2/token/"
RUTA_ENVIO = "api-cpe/v1/contribuyente/gem/comprobantes/{nombre}"
RUTA_TICKET = "api-cpe/v1/contribuyente/gem/comprobantes/envios/{ticket}"
PRODUCCION = ("https://api-seguridad.sunat.gob.pe", "https://api-cpe.sunat.gob.pe")
EN_PROCESO, ACEPTADO, RECHAZADO = "98", "0", "99"


def _bases(entorno: str) -> tuple[str, str]:
    """(security host, CPE host) of the environment; the sandbox serves both under its prefix."""
    if entorno == "sandbox":
        base = settings.SUNAT_SANDBOX_URL.rstrip("/")
        return base, base
    if entorno == "produccion":
        return PRODUCCION
    raise FallaSunat(
        "SUNAT no ofrece un entorno beta para la API de guías de remisión: use el sandbox del ERP o producción.",
        reintentable=False,
    )


@dataclass(frozen=True)
class EstadoEnvioGre:
    """The ticket's status: codRespuesta 98 (in process), 0 (accepted) or 99 (rejected)."""

    codigo: str
    cdr_zip: bytes | None = None
    error_codigo: str = ""
    error_mensaje: str = ""

    @property
    def en_proceso(self) -> bool:
        return self.codigo == EN_PROCESO


def enlace_del_cdr(cdr_zip: bytes) -> str:
    """The URL a GRE's CDR gives in DocumentResponse/DocumentReference/DocumentDescription (what the QR encodes)."""
    try:
        _, xml = leer_zip(cdr_zip)
        raiz = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except (ZipInvalido, etree.XMLSyntaxError):
        return ""
    for nodo in raiz.iter("{*}DocumentDescription"):
        if (nodo.text or "").strip().startswith("http"):
            return nodo.text.strip()
    return ""


class ClienteGre:
    def __init__(self, empresa, *, sesion: requests.Session | None = None):
        self.empresa = empresa
        self.seguridad, self.cpe = _bases(empresa.entorno_sunat)
        self.sesion = sesion or requests.Session()
        self.tiempos = (settings.SUNAT_TIMEOUT_CONEXION, settings.SUNAT_TIMEOUT_LECTURA)

    def __repr__(self):
        return f"<ClienteGre {self.empresa.ruc} {self.cpe}>"

    # Token ------------------------------------------------------------------------------

    def _pedir_token(self) -> str:
        e = self.empresa
        if not e.tiene_credenciales_gre:
            raise FallaSunat(
                "La empresa no tiene el client id y client secret de la API de guías: regístrelos en Empresas › SUNAT.",
                reintentable=False,
            )
        if not e.tiene_sol:
            raise FallaSunat("La empresa no tiene usuario y clave SOL: regístrelos en Empresas › SUNAT.", reintentable=False)
        url = f"{self.seguridad}/{RUTA_TOKEN.format(client_id=e.gre_client_id)}"
        datos = {
            "grant_type": "password",
            "scope": ALCANCE,
            "client_id": e.gre_client_id,
            "client_secret": e.gre_client_secret,
            "username": f"{e.ruc}{e.sol_usuario}",
            "password": e.sol_clave,
        }
        respuesta = self._http("post", url, data=datos, etapa="obtener el token")
        if respuesta.status_code in (400, 401, 403):
            raise FallaSunat(
                "SUNAT rechazó las credenciales de la API de guías: revise el client id, el client secret, "
                "el usuario y la clave SOL de la empresa.",
                codigo="0102",
                reintentable=False,
            )
        cuerpo = self._json(respuesta, "obtener el token")
        token, segundos = cuerpo.get("access_token"), cuerpo.get("expires_in")
        if not token or not isinstance(segundos, int | float):
            raise SunatNoDisponible("SUNAT respondió al pedido de token sin access_token ni expires_in.")
        vence = timezone.now() + datetime.timedelta(seconds=segundos)
        TokenGre.objects.update_or_create(empresa=e, defaults={"token": token, "vence": vence})
        return token

    def token(self, *, renovar: bool = False) -> str:
        """The cached token while it has more than RENOVAR_ANTES left; a new one otherwise."""
        if not renovar:
            guardado = TokenGre.objects.filter(empresa=self.empresa, vence__gt=timezone.now() + RENOVAR_ANTES).first()
            if guardado is not None:
                return guardado.token
        return self._pedir_token()

    # HTTP -------------------------------------------------------------------------------

    def _http(self, metodo: str, url: str, *, etapa: str, **kwargs) -> requests.Response:
        try:
            respuesta = self.sesion.request(metodo, url, timeout=self.tiempos, **kwargs)
        except requests.Timeout as exc:
            raise SunatNoDisponible(f"SUNAT no respondió a tiempo al {etapa}.") from exc
        except requests.RequestException as exc:
            raise SunatNoDisponible(f"No se pudo conectar con SUNAT para {etapa}: {type(exc).__name__}.") from exc
        if respuesta.status_code >= 500:
            raise SunatNoDisponible(f"SUNAT falló al {etapa} (HTTP {respuesta.status_code}); se reintentará.")
        return respuesta

    @staticmethod
    def _json(respuesta: requests.Response, etapa: str) -> dict:
        try:
            cuerpo = respuesta.json()
        except ValueError as exc:
            raise SunatNoDisponible(f"SUNAT respondió al {etapa} algo que no es JSON (HTTP {respuesta.status_code}).") from exc
        if not isinstance(cuerpo, dict):
            raise SunatNoDisponible(f"SUNAT respondió al {etapa} un JSON inesperado.")
        return cuerpo

    def _llamar(self, metodo: str, url: str, *, etapa: str, opcional: bool = False, **kwargs) -> dict | None:
        """An authorised call; a 401 (token expired or revoked) gets one new token and one more try.

        `opcional`: None when SUNAT has no such resource (404) or does not serve the method (405)."""
        for renovar in (False, True):
            cabeceras = {"Authorization": f"Bearer {self.token(renovar=renovar)}"}
            respuesta = self._http(metodo, url, etapa=etapa, headers=cabeceras, **kwargs)
            if respuesta.status_code != 401:
                break
        if respuesta.status_code == 401:
            raise FallaSunat("SUNAT no aceptó el token de la API de guías ni uno nuevo: revise las credenciales.", codigo="0102", reintentable=False)
        if opcional and respuesta.status_code in (404, 405):
            return None
        cuerpo = self._json(respuesta, etapa)
        if respuesta.status_code >= 400:
            raise self._error(cuerpo, respuesta.status_code)
        return cuerpo

    @staticmethod
    def _error(cuerpo: dict, estado_http: int) -> FallaSunat:
        """SUNAT's {cod, msg, errors: [{cod, msg}]} as one error with clear text for each code."""
        errores = [e for e in cuerpo.get("errors") or [] if isinstance(e, dict)]
        codigo = normalizar_codigo(errores[0].get("cod", "")) if errores else normalizar_codigo(cuerpo.get("cod", estado_http))
        textos = [f"{normalizar_codigo(e.get('cod', ''))} {mensaje_sunat(e.get('cod', ''), e.get('msg') or '')}".strip() for e in errores]
        mensaje = "; ".join(textos) or str(cuerpo.get("msg") or f"HTTP {estado_http}")
        clase = ComprobanteYaRegistrado if codigo == YA_REGISTRADO else FallaSunat
        return clase(f"SUNAT no recibió la guía: {mensaje}", codigo=codigo, reintentable=False)

    # Operations -------------------------------------------------------------------------

    def enviar(self, nombre: str, contenido: bytes) -> tuple[str, str]:
        """Send a guide's zip (`nombre` without extension): SUNAT's (numTicket, fecRecepcion)."""
        cuerpo = {
            "archivo": {
                "nomArchivo": f"{nombre}.zip",
                "arcGreZip": base64.b64encode(contenido).decode("ascii"),
                "hashZip": hashlib.sha256(contenido).hexdigest(),
            }
        }
        respuesta = self._llamar("post", f"{self.cpe}/{RUTA_ENVIO.format(nombre=nombre)}", etapa="enviar la guía", json=cuerpo)
        ticket = str(respuesta.get("numTicket") or "").strip()
        if not ticket:
            raise SunatNoDisponible("SUNAT recibió la guía pero no devolvió el número de ticket.")
        return ticket, str(respuesta.get("fecRecepcion") or "")

    def consultar(self, ticket: str) -> EstadoEnvioGre:
        """The ticket's status; the CDR (zip) when SUNAT generated it."""
        respuesta = self._llamar("get", f"{self.cpe}/{RUTA_TICKET.format(ticket=ticket)}", etapa="consultar el ticket")
        return self._estado(respuesta, f"al ticket {ticket}")

    def consultar_guia(self, nombre: str) -> tuple[str, EstadoEnvioGre]:
        """(numTicket, status) of a guide SUNAT already registered (`nombre` without extension)."""
        respuesta = self._llamar("get", f"{self.cpe}/{RUTA_ENVIO.format(nombre=nombre)}", etapa="consultar la guía registrada", opcional=True)
        if respuesta is None:
            raise FallaSunat(
                f"SUNAT dice que ya registró la guía {nombre} pero no entregó su resultado: "
                "consulte su constancia en SUNAT Operaciones en Línea.",
                codigo=YA_REGISTRADO,
                reintentable=False,
            )
        return str(respuesta.get("numTicket") or "").strip(), self._estado(respuesta, f"a la guía {nombre}")

    @staticmethod
    def _estado(respuesta: dict, referencia: str) -> EstadoEnvioGre:
        codigo = str(respuesta.get("codRespuesta", "")).strip()
        if codigo not in (EN_PROCESO, ACEPTADO, RECHAZADO):
            raise SunatNoDisponible(f"SUNAT respondió {referencia} con un código desconocido ({codigo or 'vacío'}).")
        cdr = None
        if respuesta.get("arcCdr"):
            try:
                cdr = base64.b64decode(respuesta["arcCdr"], validate=True)
                leer_cdr_zip(cdr)
            except (binascii.Error, CdrIlegible) as exc:
                raise CdrInvalido(f"El CDR de la guía no se puede leer: {exc}") from exc
        error = respuesta.get("error") if isinstance(respuesta.get("error"), dict) else {}
        error_codigo = normalizar_codigo(error.get("numError", "")) if error.get("numError") else ""
        return EstadoEnvioGre(codigo, cdr, error_codigo, error.get("desError") or (mensaje_sunat(error_codigo) if error_codigo else ""))
