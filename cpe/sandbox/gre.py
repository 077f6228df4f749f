"""SUNAT's REST API for guías de remisión, served by the sandbox at SUNAT's paths under its prefix.

- POST api-seguridad/v1/clientessol/<client_id>/oauth2/token/: password grant; the
  company's client id (in the path and the form), client secret, RUC + SOL user and
  SOL password must match. The token is signed, carries the RUC and expires after
  settings.SUNAT_SANDBOX_GRE_TOKEN_SEGUNDOS.
- POST api-cpe/v1/contribuyente/gem/comprobantes/<name>: {"archivo": {nomArchivo,
  arcGreZip, hashZip}} → {"numTicket", "fecRecepcion"}; the name must match the zip
  and its content, hashZip the zip's SHA-256; then the GRE rules, as for sendBill.
- GET api-cpe/v1/contribuyente/gem/comprobantes/envios/<ticket>: codRespuesta 98 for
  SUNAT_SANDBOX_CONSULTAS_EN_PROCESO polls, then 0 with arcCdr or 99 with error and arcCdr.
- GET api-cpe/v1/contribuyente/gem/comprobantes/<name>: the guide SUNAT already
  registered under that name (a send answered 1033), as the ticket's status plus
  its numTicket, without counting a poll; 404 if SUNAT has no such guide.

Problems answer as SUNAT does: 401 for a missing, foreign or expired token, 422
{"cod", "msg", "errors": [{"cod", "msg"}]} for what it refuses, 400 for bad JSON.
Faults (cpe.sandbox.models.Falla) on greToken, greEnvio and greTicket.
"""

import base64
import binascii
import hashlib
import hmac
import json
import time

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cpe.errores import mensaje_sunat
from cpe.sandbox.models import DocumentoRecibido, Operacion, Ticket, TipoFalla
from cpe.sandbox.reglas import revisar_esquema_y_reglas
from cpe.sandbox.services import (
    _anotando_fallas,
    _constancia,
    _registrados,
    _registrar,
    _revisar_contenido,
    falla_tomar,
    sandbox_autenticar,
    sandbox_consultar_ticket,
)
from cpe.sandbox.soap import FallaSandbox
from cpe.sandbox.validacion import TIPOS_GUIA, exigir_firma, leer_envio, revisar_identidad
from cpe.sandbox.views import CDR_CORRUPTO
from erp.models import Empresa

_SAL = "cpe.sandbox.gre.token"


class NoAutorizado(Exception):
    """HTTP 401: no token, a forged one or one past its expiry."""


def _json(datos: dict, status: int = 200) -> JsonResponse:
    respuesta = JsonResponse(datos, status=status)
    respuesta._has_been_logged = status == 500  # an answer of the contract, not a server error
    return respuesta


def _rechazo(codigo: str, detalle: str = "") -> JsonResponse:
    mensaje = f"{mensaje_sunat(codigo)} {detalle}".strip() if codigo else detalle
    return _json({"cod": "422", "msg": "Unprocessable Entity", "errors": [{"cod": codigo, "msg": mensaje}]}, 422)


def _falla(ruc: str, operacion: str):
    """The configured misbehaviour for this call: an answer to give instead, or the fault to keep applying."""
    falla = falla_tomar(ruc=ruc, operacion=operacion)
    if falla is None:
        return None, None
    if falla.tipo == TipoFalla.HTTP_500:
        return _json({"cod": "500", "msg": "Internal Server Error"}, 500), falla
    if falla.tipo == TipoFalla.FALLA_SOAP:
        return _rechazo(falla.codigo), falla
    if falla.tipo == TipoFalla.TOKEN_VENCIDO:
        return _json({"cod": "401", "msg": "Token vencido"}, 401), falla
    if falla.tipo == TipoFalla.DEMORA:
        time.sleep(float(falla.segundos))
    return None, falla


def emitir_token(ruc: str) -> tuple[str, int]:
    segundos = settings.SUNAT_SANDBOX_GRE_TOKEN_SEGUNDOS
    return signing.dumps({"ruc": ruc, "vence": time.time() + segundos}, salt=_SAL), segundos


def _empresa_del_token(request) -> Empresa:
    cabecera = request.headers.get("Authorization", "")
    if not cabecera.startswith("Bearer "):
        raise NoAutorizado("Falta el token")
    try:
        datos = signing.loads(cabecera[7:].strip(), salt=_SAL)
    except signing.BadSignature as exc:
        raise NoAutorizado("Token inválido") from exc
    if datos.get("vence", 0) < time.time():
        raise NoAutorizado("Token vencido")
    empresa = Empresa.objects.filter(ruc=datos.get("ruc")).first()
    if empresa is None:
        raise NoAutorizado("Token inválido")
    return empresa


@csrf_exempt
@require_POST
def token(request, client_id: str):
    usuario = request.POST.get("username", "")
    respuesta, _ = _falla(usuario[:11], Operacion.GRE_TOKEN)
    if respuesta is not None:
        return respuesta
    if request.POST.get("grant_type") != "password":
        return _json({"error": "unsupported_grant_type", "error_description": "grant_type debe ser password"}, 400)
    try:
        empresa = sandbox_autenticar(usuario=usuario, clave=request.POST.get("password", ""))
    except FallaSandbox:
        return _json({"error": "access_denied", "error_description": "Usuario o clave SOL incorrectos"}, 401)
    secreto = request.POST.get("client_secret", "")
    if (
        not empresa.gre_client_id
        or not hmac.compare_digest(client_id.encode(), empresa.gre_client_id.encode())
        or request.POST.get("client_id", "") != client_id
        or not hmac.compare_digest(secreto.encode(), empresa.gre_client_secret.encode())
    ):
        return _json({"error": "invalid_client", "error_description": "Client id o client secret incorrectos"}, 401)
    valor, segundos = emitir_token(empresa.ruc)
    return _json({"access_token": valor, "token_type": "JWT", "expires_in": segundos})


def enlace_qr(archivo_hash: str) -> str:
    """The URL SUNAT's CDR of a guide gives for the printed QR."""
    return f"{settings.SUNAT_SANDBOX_URL.rstrip('/')}/v1/contribuyente/gre/comprobantes/descargaqr?hashqr={archivo_hash}"


def sandbox_recibir_guia(*, empresa: Empresa, nombre: str, archivo: dict) -> Ticket:
    """Check a sent guide as SUNAT does and give it a ticket (FallaSandbox for what SUNAT refuses at once)."""
    nombre_zip = str(archivo.get("nomArchivo") or "")
    try:
        contenido = base64.b64decode(str(archivo.get("arcGreZip") or ""), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise FallaSandbox("0156", "arcGreZip no está en base64") from exc
    with _anotando_fallas(empresa.ruc, nombre_zip, contenido, Operacion.GRE_ENVIO):
        if nombre_zip != f"{nombre}.zip":
            raise FallaSandbox("0151", f"nomArchivo {nombre_zip!r} no corresponde a {nombre!r} de la dirección")
        if str(archivo.get("hashZip") or "").lower() != hashlib.sha256(contenido).hexdigest():
            raise FallaSandbox("0156", "hashZip no corresponde al SHA-256 del ZIP recibido")
        envio = leer_envio(nombre_zip, contenido, ruc_usuario=empresa.ruc, resumen=False, tipos=TIPOS_GUIA)
        revisar_identidad(envio)
        referencia = f"{envio.serie}-{envio.numero}"
        ya_registrado = FallaSandbox("1033", f"La guía {referencia} fue informada anteriormente")
        if _registrados(envio).exists():
            raise ya_registrado
        exigir_firma(envio.raiz)
        veredicto = revisar_esquema_y_reglas(envio)
    codigo, observaciones, hash_documento = _revisar_contenido(envio, empresa, veredicto)
    enlace = enlace_qr(hash_documento) if codigo == "0" else ""
    descripcion, cdr = _constancia(envio, referencia, codigo, observaciones, enlace=enlace)
    try:
        with transaction.atomic():
            documento = _registrar(
                envio, Operacion.GRE_ENVIO, contenido, hash_documento=hash_documento, codigo=codigo,
                descripcion=descripcion, cdr=cdr, observaciones=observaciones,
            )  # fmt: skip
            return Ticket.objects.create(
                numero=f"{int(time.time() * 1000)}{documento.pk % 1000:03d}",
                documento=documento,
                en_proceso=settings.SUNAT_SANDBOX_CONSULTAS_EN_PROCESO,
            )
    except IntegrityError:
        raise ya_registrado from None


def sandbox_consultar_guia(*, empresa: Empresa, nombre: str) -> tuple[Ticket, str, bytes | None] | None:
    """(ticket, codRespuesta, CDR) of the guide registered as `nombre` (RUC-TT-SERIE-NUMERO) for this company, or None."""
    partes = nombre.split("-")
    if len(partes) != 4 or partes[0] != empresa.ruc or partes[1] not in TIPOS_GUIA or not partes[3].isdigit():
        return None
    documento = (
        DocumentoRecibido.objects.filter(registrado=True, ruc=empresa.ruc, tipo=partes[1], serie=partes[2], numero=int(partes[3]))
        .select_related("ticket")
        .first()
    )
    if documento is None or not hasattr(documento, "ticket"):
        return None
    if documento.ticket.en_proceso:
        return documento.ticket, "98", None
    return documento.ticket, ("0" if documento.codigo == "0" else "99"), documento.cdr_zip


def _estado(codigo: str, cdr, ticket: str, tipo_falla=None) -> JsonResponse:
    """A ticket's status in SUNAT's JSON: 98 alone, or the verdict with the CDR and, for 99, the error."""
    if codigo == "98":
        return _json({"codRespuesta": "98", "numTicket": ticket})
    cuerpo = {"codRespuesta": codigo, "numTicket": ticket, "indCdrGenerado": "1" if cdr else "0"}
    if cdr:
        cuerpo["arcCdr"] = base64.b64encode(CDR_CORRUPTO if tipo_falla == TipoFalla.CDR_CORRUPTO else bytes(cdr)).decode("ascii")
    if codigo == "99":
        documento = DocumentoRecibido.objects.only("codigo", "descripcion").get(ticket__numero=ticket)
        cuerpo["error"] = {"numError": documento.codigo, "desError": documento.descripcion}
    return _json(cuerpo)


def _autorizar(request, operacion: str):
    """(company, answer to give instead, fault in force) of a call with a Bearer token."""
    try:
        empresa = _empresa_del_token(request)
    except NoAutorizado as exc:
        return None, _json({"cod": "401", "msg": str(exc)}, 401), None
    respuesta, falla = _falla(empresa.ruc, operacion)
    return empresa, respuesta, falla


@csrf_exempt
@require_http_methods(["GET", "POST"])
def envio(request, nombre: str):
    if request.method == "GET":
        return _consulta_guia(request, nombre)
    empresa, respuesta, _ = _autorizar(request, Operacion.GRE_ENVIO)
    if respuesta is not None:
        return respuesta
    try:
        cuerpo = json.loads(request.body)
        archivo = cuerpo["archivo"]
        if not isinstance(archivo, dict):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return _json({"cod": "400", "msg": "El cuerpo debe ser JSON con archivo: {nomArchivo, arcGreZip, hashZip}"}, 400)
    try:
        ticket = sandbox_recibir_guia(empresa=empresa, nombre=nombre, archivo=archivo)
    except FallaSandbox as exc:
        return _rechazo(exc.codigo, exc.detalle)
    return _json({"numTicket": ticket.numero, "fecRecepcion": timezone.localtime(ticket.creado).strftime("%Y-%m-%dT%H:%M:%S")})


@csrf_exempt
@require_GET
def consulta_ticket(request, ticket: str):
    empresa, respuesta, falla = _autorizar(request, Operacion.GRE_TICKET)
    if respuesta is not None:
        return respuesta
    tipo_falla = falla.tipo if falla is not None else None
    try:
        codigo, cdr = sandbox_consultar_ticket(empresa=empresa, ticket=ticket, en_proceso=tipo_falla == TipoFalla.EN_PROCESO)
    except FallaSandbox as exc:
        return _rechazo(exc.codigo, exc.detalle)
    return _estado(codigo, cdr, ticket.strip(), tipo_falla)


def _consulta_guia(request, nombre: str):
    empresa, respuesta, _ = _autorizar(request, Operacion.GRE_TICKET)
    if respuesta is not None:
        return respuesta
    encontrada = sandbox_consultar_guia(empresa=empresa, nombre=nombre)
    if encontrada is None:
        return _json({"cod": "404", "msg": f"No existe la guía {nombre} para el RUC {empresa.ruc}"}, 404)
    ticket, codigo, cdr = encontrada
    return _estado(codigo, cdr, ticket.numero)
