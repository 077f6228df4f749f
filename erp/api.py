"""The manual's action API: one URL, `POST /api/`, a JSON body with "action", a `Key` header.

Each app registers its actions in its own `acciones.py` with `@accion(...)`;
this module authenticates, parses, dispatches and shapes errors as the
manual's table says: {"error": ..., "codigo": N} with 10 (invalid token),
11 (missing or invalid fields), 12 (client or provider not found), 20 (token
not recognised), 30 (no action), 40 (internal error).
"""

import datetime
import json
import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from erp.models import ApiKey
from erp.red import dentro_del_limite, limite_alcanzado

log = logging.getLogger(__name__)

MENSAJES = {
    10: "El token no es válido",
    11: "No se recibió uno o más campos",
    12: "No se encontró el cliente/proveedor con el id {id}",
    20: "No se reconoció el token",
    30: "Se necesita la acción para poder realizar la consulta",
    40: "Error interno desconocido",
}


class ErrorApi(Exception):
    def __init__(self, codigo: int, mensaje: str | None = None, http: int = 400):
        super().__init__(mensaje or MENSAJES[codigo])
        self.codigo = codigo
        self.mensaje = mensaje or MENSAJES[codigo]
        self.http = http


def no_encontrado(tipo: str, id_) -> ErrorApi:
    return ErrorApi(12, f"No se encontró el {tipo} con el id {id_}")


def sucursal_de(usuario):
    """The branch where the key's user registers: their default one."""
    if usuario.sucursal_predeterminada is None:
        raise ErrorApi(11, "El usuario del token no tiene sucursal predeterminada: asígnele una en Usuarios.")
    return usuario.sucursal_predeterminada


@dataclass(frozen=True)
class Accion:
    nombre: str
    funcion: Callable[[dict, Any], tuple[Any, int]]
    permiso: str
    atomica: bool = True


_ACCIONES: dict[str, Accion] = {}


def accion(nombre: str, *, permiso: str, atomica: bool = True):
    """Register `funcion(datos, usuario) -> (respuesta, http_status)` as an API action.

    Each action runs in one transaction; `atomica=False` is for an action that
    talks to another server (SUNAT) and must keep what it answered whatever
    happens next, or that writes through a single service that is already one.
    """

    def registrar(funcion):
        _ACCIONES[nombre] = Accion(nombre, funcion, permiso, atomica)
        return funcion

    return registrar


def _respuesta_error(codigo: int, mensaje: str, http: int) -> JsonResponse:
    return JsonResponse({"error": mensaje, "codigo": codigo}, status=http, json_dumps_params={"ensure_ascii": False})


_FORMATO_KEY = re.compile(r"[0-9a-fA-F]{32}")


_PREFIJO_FALLOS = "api-key-fallos"


def _autenticar(request):
    # An address that keeps sending wrong keys is guessing: it waits out the window, whatever it sends.
    if limite_alcanzado(request, prefijo=_PREFIJO_FALLOS, intentos=settings.API_KEY_FALLOS):
        raise ErrorApi(10, "Demasiados intentos con un token no válido desde esta dirección; espere unos minutos.", http=429)
    clave = request.headers.get("Key", "").strip()
    bien_formada = _FORMATO_KEY.fullmatch(clave) is not None
    usuario = ApiKey.objects.autenticar(clave) if bien_formada else None
    if usuario is None:
        dentro_del_limite(request, prefijo=_PREFIJO_FALLOS, intentos=settings.API_KEY_FALLOS, ventana=settings.API_KEY_VENTANA)
        raise ErrorApi(20 if bien_formada else 10, http=401)
    return usuario


@csrf_exempt
def api_view(request):
    try:
        if request.method != "POST":
            raise ErrorApi(30, "Use POST con un cuerpo JSON que incluya la acción.")
        usuario = _autenticar(request)
        try:
            datos = json.loads(request.body or b"", parse_float=_decimal_json)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ErrorApi(11, f"El cuerpo no es un JSON válido: {exc}") from exc
        except RecursionError as exc:
            raise ErrorApi(11, "El cuerpo no es un JSON válido: demasiados niveles anidados.") from exc
        if not isinstance(datos, dict):
            raise ErrorApi(11, "El cuerpo debe ser un objeto JSON.")
        nombre = datos.get("action")
        if not nombre:
            raise ErrorApi(30)
        definicion = _ACCIONES.get(nombre) if isinstance(nombre, str) else None
        if definicion is None:
            legible = isinstance(nombre, str) and len(nombre) <= 50 and not _NO_IMPRIMIBLES.search(nombre)
            raise ErrorApi(30, f"La acción «{nombre}» no existe. {MENSAJES[30]}." if legible else f"La acción no existe. {MENSAJES[30]}.")
        if not usuario.has_perm(definicion.permiso):
            raise ErrorApi(10, "El usuario de este token no tiene permiso para esta acción.", http=401)
        if definicion.atomica:
            with transaction.atomic():
                cuerpo, status = definicion.funcion(datos, usuario)
        else:
            cuerpo, status = definicion.funcion(datos, usuario)
        return JsonResponse(cuerpo, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    except ErrorApi as exc:
        return _respuesta_error(exc.codigo, exc.mensaje, exc.http)
    except ValidationError as exc:
        return _respuesta_error(11, " ".join(exc.messages), 400)
    except PermissionDenied as exc:
        return _respuesta_error(10, str(exc) or "No autorizado.", 401)
    except Exception as exc:  # the manual's code 40: report the problem, never a bare 500 page
        log.exception("Error interno en el API de acciones")
        return _respuesta_error(40, f"{MENSAJES[40]}: {exc.__class__.__name__}", 500)


# Reading fields with the manual's types -------------------------------------------------


def _falta(campo: str) -> ErrorApi:
    return ErrorApi(11, f"{MENSAJES[11]}: falta «{campo}».")


def _invalido(campo: str, detalle: str) -> ErrorApi:
    return ErrorApi(11, f"El campo «{campo}» {detalle}.")


# Control characters (NUL above all) and lone surrogates cannot be stored in PostgreSQL text.
_NO_IMPRIMIBLES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Ids and numbers beyond a bigint would make the database fail instead of saying "not found".
ENTERO_MAXIMO = 2**63 - 1
_DIGITOS = re.compile(r"[0-9]{1,19}")


class _ConExponente(str):
    """A JSON number written with an exponent (1E+1), kept as written for `numerico` to refuse by its field."""


def _decimal_json(literal: str):
    return _ConExponente(literal) if "e" in literal or "E" in literal else Decimal(literal)


# The manual's numbers: digits with an optional decimal point, never an exponent.
_NUMERO = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def _valor(datos: dict, campo: str, requerido: bool):
    valor = datos.get(campo)
    if valor is None or (isinstance(valor, str) and not valor.strip()):
        if requerido:
            raise _falta(campo)
        return None
    if isinstance(valor, str) and _NO_IMPRIMIBLES.search(valor):
        raise _invalido(campo, "contiene caracteres no permitidos")
    return valor


def entero(datos: dict, campo: str, *, requerido=True, opciones=None) -> int | None:
    valor = _valor(datos, campo, requerido)
    if valor is None:
        return None
    if isinstance(valor, bool) or not (isinstance(valor, int) or (isinstance(valor, str) and _DIGITOS.fullmatch(valor.strip()))):
        raise _invalido(campo, "debe ser un número entero")
    numero = int(valor)
    if abs(numero) > ENTERO_MAXIMO:
        raise _invalido(campo, "es un número demasiado grande")
    if opciones is not None and numero not in opciones:
        raise _invalido(campo, "debe ser uno de " + ", ".join(str(o) for o in sorted(opciones)))
    return numero


def texto(datos: dict, campo: str, *, requerido=True, maximo=250, exacto=None) -> str:
    valor = _valor(datos, campo, requerido)
    if valor is None:
        return ""
    if isinstance(valor, bool) or not isinstance(valor, (str, int)):
        raise _invalido(campo, "debe ser un texto")
    valor = str(valor).strip()
    if exacto is not None and len(valor) != exacto:
        raise _invalido(campo, f"debe tener exactamente {exacto} caracteres")
    if len(valor) > maximo:
        raise _invalido(campo, f"admite hasta {maximo} caracteres")
    return valor


def correo(datos: dict, campo: str, *, requerido=True) -> str:
    valor = texto(datos, campo, requerido=requerido)
    if valor:
        try:
            validate_email(valor)
        except ValidationError as exc:
            raise _invalido(campo, "no es un correo válido") from exc
    return valor


def numerico(datos: dict, campo: str, *, requerido=True, enteros=12, decimales=2) -> Decimal | None:
    valor = _valor(datos, campo, requerido)
    if valor is None:
        return None
    if isinstance(valor, bool) or not isinstance(valor, (int, Decimal, str)):
        raise _invalido(campo, "debe ser un número con punto decimal, por ejemplo 2034.56")
    if isinstance(valor, str) and not _NUMERO.fullmatch(valor.strip()):
        raise _invalido(campo, "debe ser un número con punto decimal y sin exponente, por ejemplo 2034.56")
    numero = Decimal(str(valor).strip())
    if -numero.as_tuple().exponent > decimales:
        raise _invalido(campo, f"admite hasta {decimales} decimales")
    if numero.adjusted() + 1 > enteros:
        raise _invalido(campo, f"admite hasta {enteros} dígitos enteros")
    return numero


def fecha(datos: dict, campo: str, *, requerido=True) -> datetime.date | None:
    """Both forms the manual uses: YYYY-MM-DD (examples) and DD-MM-YYYY (tables)."""
    valor = _valor(datos, campo, requerido)
    if valor is None:
        return None
    for formato in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(str(valor).strip(), formato).date()
        except ValueError:
            continue
    raise _invalido(campo, "debe ser una fecha DD-MM-AAAA o AAAA-MM-DD")


def hora(datos: dict, campo: str, *, requerido=True) -> datetime.time | None:
    valor = _valor(datos, campo, requerido)
    if valor is None:
        return None
    try:
        return datetime.datetime.strptime(str(valor).strip(), "%H:%M:%S").time()
    except ValueError as exc:
        raise _invalido(campo, "debe ser una hora HH:mm:ss") from exc


def lista(datos: dict, campo: str, *, requerido=True) -> list:
    valor = datos.get(campo)
    if valor is None or valor == []:
        if requerido:
            raise _falta(campo)
        return []
    if not isinstance(valor, list) or not all(isinstance(item, dict) for item in valor):
        raise _invalido(campo, "debe ser una lista de objetos")
    return valor
