"""SUNAT's validator and a test signer for the CPE tests.

The validation kit is found through settings.SUNAT_VALIDACION_DIR; when the
setting is empty the tests use ../shared/sunat beside the project, and they
skip (saying why) only if that folder is missing.
"""

import importlib.util
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from lxml import etree
from signxml import SignatureConstructionMethod, XMLSigner

from cpe.ubl import ID_FIRMA, NS_DS, NS_EXT
from erp.certificados import generar_autofirmado, leer_certificado
from tests.cpe.emitidos import tienda, tienda_cpe  # noqa: F401  (fixtures: issued, signed documents)


@pytest.fixture(scope="session", autouse=True)
def _kit_sunat_por_defecto():
    if settings.SUNAT_VALIDACION_DIR:
        yield
        return
    with override_settings(SUNAT_VALIDACION_DIR=str(Path(settings.BASE_DIR).parent / "shared" / "sunat")):
        yield


@pytest.fixture(scope="session")
def validador():
    """SUNAT's validate.py (XSD + the XSL rule sets) loaded as a module."""
    carpeta = Path(settings.SUNAT_VALIDACION_DIR)
    script = carpeta / "validate.py"
    if not script.is_file():
        pytest.skip(f"No está el kit de validación de SUNAT en {carpeta} (ajuste SUNAT_VALIDACION_DIR).")
    spec = importlib.util.spec_from_file_location("sunat_validate", script)
    modulo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modulo)
    return modulo


@pytest.fixture(scope="session")
def firmar():
    """Sign an XML the way SUNAT expects, with a self-signed certificate (the product's signer is elsewhere).

    RSA-SHA256, enveloped, inclusive C14N, the ds:Signature inside ext:ExtensionContent
    with the Id that cac:Signature points at.
    """
    certificado = leer_certificado(generar_autofirmado(ruc="20100000001", razon_social="EMPRESA DE PRUEBA S.A.C."))
    firmante = XMLSigner(
        method=SignatureConstructionMethod.enveloped,
        signature_algorithm="rsa-sha256",
        digest_algorithm="sha256",
        c14n_algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
    )

    def _firmar(xml: bytes) -> bytes:
        raiz = etree.fromstring(xml)
        contenido = raiz.find(f"{{{NS_EXT}}}UBLExtensions/{{{NS_EXT}}}UBLExtension/{{{NS_EXT}}}ExtensionContent")
        etree.SubElement(contenido, f"{{{NS_DS}}}Signature", Id="placeholder")
        firmado = firmante.sign(raiz, key=certificado.clave_privada, cert=[certificado.certificado])
        firmado.find(f".//{{{NS_DS}}}Signature").set("Id", ID_FIRMA)
        return etree.tostring(firmado, xml_declaration=True, encoding="UTF-8")

    return _firmar
