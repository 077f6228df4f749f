"""SUNAT's validation kit (../shared/sunat): its validate.py and samples, for the tests."""

import functools
import importlib.util
from pathlib import Path

import pytest
from django.conf import settings

KIT = Path(settings.BASE_DIR).parent / "shared" / "sunat"
MUESTRAS = KIT / "samples"


def requiere_kit():
    if not (KIT / "validate.py").exists():
        pytest.skip("Falta el kit de validación de SUNAT (../shared/sunat).")


@functools.cache
def _modulo():
    spec = importlib.util.spec_from_file_location("sunat_validate", KIT / "validate.py")
    modulo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modulo)
    return modulo


def validar(xml: bytes, nombre: str) -> dict:
    """SUNAT's XSD and XSL verdict on a document, as validate.py reports it."""
    requiere_kit()
    return _modulo().validate_bytes(xml, source_name=nombre)
