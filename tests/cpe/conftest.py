"""SUNAT's validator and the product's signer for the CPE tests."""

import pytest
from django.test import override_settings

from cpe.models import ConfiguracionCpe
from tests import factories

from cpe.firma import firmar as firmar_xml
from erp.certificados import generar_autofirmado, leer_certificado
from tests.cpe.kit import KIT, modulo


@pytest.fixture(scope="session", autouse=True)
def _kit_sunat_por_defecto():
    # The sandbox's schema checks and the tests look at the same kit.
    with override_settings(SUNAT_VALIDACION_DIR=str(KIT)):
        yield


@pytest.fixture(scope="session")
def validador():
    return modulo()


@pytest.fixture(scope="session")
def firmar():
    """The product's signer with a self-signed certificate (RSA-SHA256, enveloped, inclusive C14N)."""
    certificado = leer_certificado(generar_autofirmado(ruc="20100000001", razon_social="EMPRESA DE PRUEBA S.A.C."))

    def _firmar(xml: bytes) -> bytes:
        return firmar_xml(xml, certificado=certificado.pem_certificado(), clave=certificado.pem_clave(), huella=certificado.huella).xml

    return _firmar


CLAVE_SOL = "Clave-SOL-9"


@pytest.fixture
def empresa_tienda(live_server, settings):
    """The shop's company, with certificate and SOL user, on the sandbox of a live server."""
    settings.SUNAT_SANDBOX_URL = live_server.url + "/sunat-sandbox"
    empresa = factories.empresa(con_certificado=True, sol_usuario="PRUEBA01", sol_clave=CLAVE_SOL)
    # Tests send explicitly; boletas one by one (the summary has its own tests).
    ConfiguracionCpe.objects.create(empresa=empresa, envio_automatico=False, boletas_por_resumen=False)
    return empresa
