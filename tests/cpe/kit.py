"""SUNAT's validation kit (settings.SUNAT_VALIDACION_DIR, else ../shared/sunat): validate.py and samples."""

from pathlib import Path

import pytest
from django.conf import settings

from cpe.sandbox.reglas import kit_sunat

KIT = Path(settings.SUNAT_VALIDACION_DIR or Path(settings.BASE_DIR).parent / "shared" / "sunat")
MUESTRAS = KIT / "samples"


def requiere_kit():
    if not (KIT / "validate.py").exists():
        pytest.skip(f"No está el kit de validación de SUNAT en {KIT} (ajuste SUNAT_VALIDACION_DIR).")


def modulo():
    """SUNAT's validate.py (XSD + the XSL rule sets), the same module the sandbox runs."""
    requiere_kit()
    return kit_sunat(str(KIT))


def validar(xml: bytes, nombre: str, **opciones) -> dict:
    """SUNAT's XSD and XSL verdict on a document, as validate.py reports it."""
    return modulo().validate_bytes(xml, source_name=nombre, **opciones)
