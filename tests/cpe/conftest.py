"""SUNAT's validator and the product's signer for the CPE tests."""

import pytest
from django.test import override_settings

from cpe.firma import firmar_canonico
from cpe.models import ConfiguracionCpe
from erp.certificados import generar_autofirmado, leer_certificado
from tests import factories
from tests.cpe.emitidos import tienda_cpe  # noqa: F401  (fixture: issued, signed documents)
from tests.cpe.kit import KIT, modulo


@pytest.fixture(scope="session", autouse=True)
def _kit_sunat_por_defecto():
    # The sandbox runs SUNAT's schemas and rules from the same kit the tests look at.
    with override_settings(SUNAT_VALIDACION_DIR=str(KIT), SUNAT_SANDBOX_REGLAS=True):
        yield


@pytest.fixture(scope="session")
def validador():
    return modulo()


@pytest.fixture(scope="session")
def firmar():
    """The product's signer with a self-signed certificate (RSA-SHA256, enveloped, inclusive C14N).

    The issuing path's: documents of cpe.ubl are signed as written, others through firmar().
    """
    certificado = leer_certificado(generar_autofirmado(ruc="20100000001", razon_social="EMPRESA DE PRUEBA S.A.C."))

    def _firmar(xml: bytes) -> bytes:
        return firmar_canonico(xml, certificado=certificado.pem_certificado(), clave=certificado.pem_clave(), huella=certificado.huella).xml

    return _firmar


CLAVE_SOL = "Clave-SOL-9"


@pytest.fixture
def empresa_tienda(request, settings):
    """The shop's company; in tests marked `sandbox`, with certificate and SOL user, on the sandbox of a live server."""
    if not request.node.get_closest_marker("sandbox"):
        return factories.empresa()
    live_server = request.getfixturevalue("live_server")
    settings.SUNAT_SANDBOX_URL = live_server.url + "/sunat-sandbox"
    empresa = factories.empresa(con_certificado=True, sol_usuario="PRUEBA01", sol_clave=CLAVE_SOL)
    # Tests send explicitly; boletas one by one (the summary has its own tests).
    ConfiguracionCpe.objects.create(empresa=empresa, envio_automatico=False, boletas_por_resumen=False)
    return empresa
