"""SUNAT's own XSD and XSL rule sets, run through the validation kit's validate.py.

The kit lives outside the product (settings.SUNAT_VALIDACION_DIR) and is
optional: without its validate.py, or with SUNAT_SANDBOX_REGLAS off, the
sandbox checks the XSD of that folder, if any, and makes its own checks.
"""

import functools
import importlib.util
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from cpe.errores import es_rechazo
from cpe.sandbox.soap import FallaSandbox
from cpe.sandbox.validacion import Archivo, validar_esquema

logger = logging.getLogger(__name__)


@functools.cache
def kit_sunat(carpeta: str):
    """The kit's validate.py in `carpeta`, loaded once per process (it caches compiled rules); None if absent."""
    ruta = Path(carpeta) / "validate.py" if carpeta else None
    if ruta is None or not ruta.is_file():
        return None
    spec = importlib.util.spec_from_file_location("sunat_validate", ruta)
    modulo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modulo)
    return modulo


@dataclass(frozen=True)
class Veredicto:
    """What SUNAT's rules say of a document that passed its schema."""

    rechazo: str | None  # the first rejection (2000-3999): SUNAT stops there
    observaciones: list[str]  # 4000+, each code once


def revisar_esquema_y_reglas(archivo: Archivo) -> Veredicto | None:
    """SUNAT's schema, then its rules for the type in the file name; None when the rules are not available.

    A schema error is 0305 and a rule's code below 2000 (e.g. 1037, no
    supplier name) a SOAP fault, as at SUNAT: FallaSandbox.
    """
    kit = kit_sunat(settings.SUNAT_VALIDACION_DIR) if settings.SUNAT_SANDBOX_REGLAS else None
    if kit is None:
        validar_esquema(archivo.raiz, archivo.tipo, settings.SUNAT_VALIDACION_DIR)
        return None
    resultado = kit.validate_bytes(archivo.xml, source_name=f"{archivo.nombre}.xml")
    if resultado["xsd_errors"]:
        # The kit writes "line N: message"; SUNAT's users read Spanish.
        raise FallaSandbox("0305", re.sub(r"^line (\d+):", r"línea \1:", resultado["xsd_errors"][0]))
    if resultado["rejections"]:
        primero = resultado["rejections"][0]
        if not es_rechazo(primero["code"]):
            raise FallaSandbox(primero["code"], primero["detail"])
        return Veredicto(primero["code"], [])
    if resultado["xsl_errors"]:
        # The kit's stylesheet stopped (a limitation of its XSLT 1.0 port, not SUNAT's answer).
        logger.warning("Las reglas de SUNAT no terminaron con %s: %s", archivo.nombre, resultado["xsl_errors"])
        return None
    return Veredicto(None, list(dict.fromkeys(o["code"] for o in resultado["observations"])))
