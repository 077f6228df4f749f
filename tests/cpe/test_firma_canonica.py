"""The issuing path signs cpe.ubl's documents as written: the same signature as through lxml's C14N."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from signxml import DigestAlgorithm, SignatureMethod

from cpe import ubl
from cpe.firma import firmar, firmar_canonico, verificar_firma
from erp.certificados import generar_autofirmado, leer_certificado
from tests.cpe.test_firma import _verificar_con_signxml
from tests.cpe.test_ubl import CASOS

DS = {"ds": "http://www.w3.org/2000/09/xmldsig#"}
_SIGNXML = {
    "sha256": {"signature_methods": frozenset({SignatureMethod.RSA_SHA256})},
    "sha1": {
        "signature_methods": frozenset({SignatureMethod.RSA_SHA1}),
        "digest_algorithms": frozenset({DigestAlgorithm.SHA1}),
    },
}


@pytest.fixture(scope="module")
def certificado():
    return leer_certificado(generar_autofirmado(ruc="20100000001", razon_social="EMPRESA DE PRUEBA S.A.C."))


def _claves(certificado):
    return {"certificado": certificado.pem_certificado(), "clave": certificado.pem_clave(), "huella": certificado.huella}


@pytest.mark.parametrize("caso", CASOS, ids=lambda c: c.id)
def test_el_documento_de_ubl_es_su_propia_forma_canonica(caso):
    xml = caso.emitir()[2]
    cuerpo = xml.split(b"?>\n", 1)[1]
    assert etree.tostring(etree.fromstring(xml), method="c14n") == cuerpo


@pytest.mark.parametrize("algoritmo", ["sha256", "sha1"])
@pytest.mark.parametrize("caso", CASOS[:6], ids=lambda c: c.id)
def test_firma_sin_canonicalizar_igual_a_la_de_lxml(caso, algoritmo, certificado):
    xml = caso.emitir()[2]
    rapida = firmar_canonico(xml, algoritmo=algoritmo, **_claves(certificado))
    lxml = firmar(xml, algoritmo=algoritmo, **_claves(certificado))
    assert rapida.hash == lxml.hash
    valores = [etree.fromstring(f.xml).findtext(".//ds:SignatureValue", namespaces=DS) for f in (rapida, lxml)]
    assert valores[0] == valores[1]
    assert verificar_firma(rapida.xml).hash == rapida.hash
    _verificar_con_signxml(rapida.xml, certificado, **_SIGNXML[algoritmo])


def test_un_xml_que_no_es_de_ubl_se_firma_por_lxml(certificado):
    # Not in canonical form (ds not declared, an empty-element tag): the digest needs lxml's C14N.
    ajeno = (
        f'<?xml version="1.0"?>\n<Invoice xmlns="urn:x" xmlns:ext="{ubl.NS_EXT}">'
        "<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent/></ext:UBLExtension></ext:UBLExtensions>"
        "</Invoice>"
    ).encode()
    firmado = firmar_canonico(ajeno, **_claves(certificado))
    assert firmado.hash == firmar(ajeno, **_claves(certificado)).hash
    assert verificar_firma(firmado.xml).hash == firmado.hash


_TEXTO = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@given(texto=_TEXTO)
def test_los_escapes_son_los_de_c14n(texto):
    escrito = f'<a b="{ubl._a(texto)}">{ubl._t(texto)}</a>'.encode()
    assert etree.tostring(etree.fromstring(escrito), method="c14n") == escrito
