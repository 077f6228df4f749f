"""SUNAT's validation kit (settings.SUNAT_VALIDACION_DIR, else ../shared/sunat): validate.py and samples."""

import functools
import importlib.util
from pathlib import Path

import pytest
from django.conf import settings

KIT = Path(settings.SUNAT_VALIDACION_DIR or Path(settings.BASE_DIR).parent / "shared" / "sunat")
MUESTRAS = KIT / "samples"


def requiere_kit():
    if not (KIT / "validate.py").exists():
        pytest.skip(f"No está el kit de validación de SUNAT en {KIT} (ajuste SUNAT_VALIDACION_DIR).")


@functools.cache
def modulo():
    """SUNAT's validate.py (XSD + the XSL rule sets) loaded as a module."""
    requiere_kit()
    spec = importlib.util.spec_from_file_location("sunat_validate", KIT / "validate.py")
    cargado = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cargado)
    return cargado


def validar(xml: bytes, nombre: str, **opciones) -> dict:
    """SUNAT's XSD and XSL verdict on a document, as validate.py reports it."""
    return modulo().validate_bytes(xml, source_name=nombre, **opciones)
