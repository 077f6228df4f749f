import pytest
from lxml import etree

from cpe.errores import _catalogo, es_observacion, es_rechazo, es_reintentable, mensaje_sunat
from tests.cpe.kit import KIT, requiere_kit


def test_mensajes_del_catalogo():
    assert mensaje_sunat("0102") == "Usuario o contrasena incorrectos"
    assert mensaje_sunat(102) == "Usuario o contrasena incorrectos"
    assert mensaje_sunat("1033") == "El comprobante fue registrado previamente con otros datos"
    assert mensaje_sunat("2335") == "El documento electrónico ingresado ha sido alterado"
    assert mensaje_sunat("4252") == "El dato ingresado como atributo @listName es incorrecto."


def test_codigo_desconocido():
    assert mensaje_sunat("9999") == "El código 9999 no figura en el catálogo de errores de SUNAT."
    assert mensaje_sunat("9999", predeterminado="Falla del servidor") == "Falla del servidor"


def test_el_catalogo_es_el_de_sunat():
    requiere_kit()
    raiz = etree.parse(str(KIT / "xsl/commons/cpe/catalogo/CatalogoErrores.xml")).getroot()
    sunat = {e.get("numero"): " ".join((e.text or "").split()) for e in raiz.iter("error")}

    assert _catalogo() == sunat


@pytest.mark.parametrize("codigo", ["0100", "0109", "0130", "0133", "0200", "0250", "0140"])
def test_fallas_transitorias_de_sunat(codigo):
    assert es_reintentable(codigo)


@pytest.mark.parametrize("codigo", ["0102", "0111", "0151", "0156", "0161", "0306", "1033", "1034", "2335", "0127"])
def test_fallas_definitivas(codigo):
    assert not es_reintentable(codigo)


def test_rechazos_y_observaciones():
    assert es_rechazo("2335") and es_rechazo("3999") and not es_rechazo("4000") and not es_rechazo("1033")
    assert es_observacion("4252") and not es_observacion("3280")
