import base64

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from lxml import etree
from signxml import DigestAlgorithm, SignatureConfiguration, SignatureMethod, XMLVerifier
from signxml.exceptions import InvalidDigest, InvalidSignature

from cpe import firma
from cpe.firma import FirmaError, FirmaInvalida, firmar, firmar_para_empresa, verificar_firma
from erp.certificados import generar_autofirmado, leer_certificado
from tests import factories
from tests.cpe.documentos import factura_xml
from tests.cpe.kit import MUESTRAS, requiere_kit, validar

DS = "http://www.w3.org/2000/09/xmldsig#"
NS = {"ds": DS, "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"}
RUC = "20605446788"


@pytest.fixture(scope="module")
def certificado():
    return leer_certificado(generar_autofirmado(ruc=RUC, razon_social="NEO TECHNOLOGY PERU E.I.R.L."))


def _firmar(xml, certificado, **kwargs):
    return firmar(
        xml, certificado=certificado.pem_certificado(), clave=certificado.pem_clave(), huella=certificado.huella, **kwargs
    )


def _verificar_con_signxml(xml: bytes, certificado, **config):
    """An independent check: signxml's verifier, trusting only the test certificate."""
    pem = certificado.certificado.public_bytes(serialization.Encoding.PEM).decode()
    return XMLVerifier().verify(xml, x509_cert=pem, expect_config=SignatureConfiguration(**config))


@pytest.fixture
def muestra_sin_firma():
    """SUNAT's sample factura (accepted in 2024) with its signature taken out."""
    requiere_kit()
    raiz = etree.parse(str(MUESTRAS / "20605446788-01-F002-00000031.xml")).getroot()
    for nodo in raiz.iterfind(".//ds:Signature", NS):
        nodo.getparent().remove(nodo)
    return etree.tostring(raiz, xml_declaration=True, encoding="UTF-8")


def test_firma_rsa_sha256_verificable_independientemente(muestra_sin_firma, certificado):
    firmado = _firmar(muestra_sin_firma, certificado)

    resultado = _verificar_con_signxml(firmado.xml, certificado)

    raiz = etree.fromstring(firmado.xml)
    firma_xml = raiz.find("ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/ds:Signature", NS)
    assert firma_xml.get("Id") == "NEOTECPERU-SIGN"  # what cac:Signature's URI points at
    assert firma_xml.find("ds:SignedInfo/ds:CanonicalizationMethod", NS).get("Algorithm") == (
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    )
    assert firma_xml.find("ds:SignedInfo/ds:SignatureMethod", NS).get("Algorithm").endswith("rsa-sha256")
    assert firma_xml.find("ds:SignedInfo/ds:Reference", NS).get("URI") == ""
    assert [t.get("Algorithm") for t in firma_xml.iterfind(".//ds:Transform", NS)] == [
        "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    ]
    certificado_der = base64.b64decode(firma_xml.findtext(".//ds:X509Certificate", namespaces=NS))
    assert certificado_der == certificado.certificado.public_bytes(serialization.Encoding.DER)
    # The hash printed in the QR is the reference's DigestValue: 44 base64 characters for SHA-256.
    assert firmado.hash == firma_xml.findtext(".//ds:DigestValue", namespaces=NS)
    assert len(firmado.hash) == 44
    assert etree.tostring(resultado.signed_xml, method="c14n") == etree.tostring(
        etree.fromstring(muestra_sin_firma), method="c14n"
    )


def test_firma_rsa_sha1_a_pedido(muestra_sin_firma, certificado):
    firmado = _firmar(muestra_sin_firma, certificado, algoritmo="sha1")

    _verificar_con_signxml(
        firmado.xml,
        certificado,
        signature_methods=frozenset({SignatureMethod.RSA_SHA1}),
        digest_algorithms=frozenset({DigestAlgorithm.SHA1}),
    )
    assert b'Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"' in firmado.xml
    assert len(firmado.hash) == 28


def test_documento_alterado_no_verifica(muestra_sin_firma, certificado):
    firmado = _firmar(muestra_sin_firma, certificado)
    alterado = firmado.xml.replace(b">100.30<", b">1000.30<", 1)
    assert alterado != firmado.xml

    with pytest.raises((InvalidDigest, InvalidSignature)):
        _verificar_con_signxml(alterado, certificado)
    with pytest.raises(FirmaInvalida) as error:
        verificar_firma(alterado)
    assert error.value.codigo == "2335"
    assert verificar_firma(firmado.xml).hash == firmado.hash


def test_firma_alterada_no_verifica(muestra_sin_firma, certificado):
    firmado = _firmar(muestra_sin_firma, certificado)
    raiz = etree.fromstring(firmado.xml)
    valor = raiz.find(".//ds:SignatureValue", NS)
    valor.text = base64.b64encode(bytes(256)).decode()

    with pytest.raises(FirmaInvalida) as error:
        verificar_firma(etree.tostring(raiz))
    assert error.value.codigo == "2334"


def test_factura_firmada_pasa_las_reglas_de_sunat(certificado):
    firmado = _firmar(factura_xml(ruc=RUC, lineas=10), certificado)

    resultado = validar(firmado.xml, f"{RUC}-01-F001-1.xml")

    assert resultado["status"] == "accepted", (resultado["xsd_errors"], resultado["rejections"])


def test_clave_se_carga_una_vez_por_certificado(monkeypatch, certificado):
    firma._firmantes.clear()
    cargas = []
    original = serialization.load_pem_private_key

    def contar(*args, **kwargs):
        cargas.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(firma.serialization, "load_pem_private_key", contar)
    for numero in (1, 2, 3):
        _firmar(factura_xml(ruc=RUC, numero=numero), certificado)

    assert len(cargas) == 1


def test_id_de_firma_desde_cbc_id_cuando_no_hay_uri(certificado):
    xml = factura_xml(ruc=RUC).replace(b"<cbc:URI>#ERP-SIGN</cbc:URI>", b"<cbc:URI></cbc:URI>")

    firmado = _firmar(xml, certificado)

    # cac:Signature/cbc:ID is the RUC, and an XML Id cannot start with a digit.
    assert etree.fromstring(firmado.xml).find(".//ds:Signature", NS).get("Id") == f"SIGN{RUC}"


def test_no_firma_dos_veces_ni_sin_lugar(certificado):
    firmado = _firmar(factura_xml(ruc=RUC), certificado)
    with pytest.raises(FirmaError, match="ya está firmado"):
        _firmar(firmado.xml, certificado)

    sin_extension = factura_xml(ruc=RUC).replace(
        b"<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent/></ext:UBLExtension></ext:UBLExtensions>", b""
    )
    with pytest.raises(FirmaError, match="ExtensionContent vacío"):
        _firmar(sin_extension, certificado)


def test_clave_que_no_corresponde_al_certificado(certificado):
    otro = leer_certificado(generar_autofirmado(ruc=RUC, razon_social="OTRA"))

    with pytest.raises(FirmaError, match="no corresponde al certificado"):
        firmar(factura_xml(ruc=RUC), certificado=certificado.pem_certificado(), clave=otro.pem_clave())


@pytest.mark.django_db
def test_firma_con_el_certificado_de_la_empresa():
    empresa = factories.empresa(con_certificado=True)

    firmado = firmar_para_empresa(factura_xml(ruc=empresa.ruc), empresa)

    verificada = verificar_firma(firmado.xml)
    assert verificada.hash == firmado.hash
    assert verificada.certificado.fingerprint(hashes.SHA256()).hex() == empresa.certificado_huella


@pytest.mark.django_db
def test_empresa_sin_certificado_no_firma():
    empresa = factories.empresa()

    with pytest.raises(FirmaError, match="no tiene un certificado digital"):
        firmar_para_empresa(factura_xml(ruc=empresa.ruc), empresa)
