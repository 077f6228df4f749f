"""SUNAT's error catalogue (CatalogoErrores.xml) and what each code means for a sender.

cpe/data/errores_sunat.json is SUNAT's CatalogoErrores.xml turned into
{code: message}, whitespace collapsed; the product carries it so it runs
without the validation kit.
"""

import functools
import json
from pathlib import Path

_CATALOGO = Path(__file__).resolve().parent / "data" / "errores_sunat.json"

# Codes SUNAT answers when its own service fails, not the document: sending
# the same file again later can succeed. Everything else (credentials, zip
# and file names, content) fails again until someone fixes it.
_TRANSITORIOS = frozenset(
    {
        "0014",  # no se pudo obtener la constancia
        "0100",  # el sistema no puede responder su solicitud
        "0109",  # servicio de autenticación no disponible
        "0110",  # no se pudo obtener la información del tipo de usuario
        "0125",  # no se pudo obtener la constancia
        *(f"{n:04d}" for n in range(130, 139)),  # 0130-0138: ticket, storage, cola, batch, base de datos
        "0140",  # existe un documento igual en proceso
        *(f"{n:04d}" for n in range(200, 205)),  # 0200-0204: errores del batch
        *(f"{n:04d}" for n in range(250, 255)),  # 0250-0254: unzip, constancia, mensajería
        "0303",  # no existe el directorio de schemas (servidor)
        "0304",  # no existe el archivo de schema (servidor)
        "0307",  # no se pudo recuperar la constancia
    }
)

YA_REGISTRADO = "1033"


def normalizar_codigo(codigo: str | int) -> str:
    """'102', 102 and '0102' are the same SUNAT code."""
    texto = str(codigo).strip()
    return texto.zfill(4) if texto.isdigit() else texto


@functools.cache
def _catalogo() -> dict[str, str]:
    return json.loads(_CATALOGO.read_text(encoding="utf-8"))


def mensaje_sunat(codigo: str | int, predeterminado: str | None = None) -> str:
    """SUNAT's message for an error or observation code.

    An unknown code gives `predeterminado`, or a sentence naming the code.
    """
    codigo = normalizar_codigo(codigo)
    mensaje = _catalogo().get(codigo)
    if mensaje:
        return mensaje
    if predeterminado is not None:
        return predeterminado
    return f"El código {codigo} no figura en el catálogo de errores de SUNAT."


def es_reintentable(codigo: str | int) -> bool:
    """True for codes of SUNAT's own failures, worth sending again later."""
    return normalizar_codigo(codigo) in _TRANSITORIOS


def es_observacion(codigo: str | int) -> bool:
    codigo = normalizar_codigo(codigo)
    return codigo.isdigit() and int(codigo) >= 4000


def es_rechazo(codigo: str | int) -> bool:
    codigo = normalizar_codigo(codigo)
    return codigo.isdigit() and 2000 <= int(codigo) <= 3999
