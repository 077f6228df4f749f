import pytest
from django.core.exceptions import ValidationError

from erp.validadores import validar_documento_identidad, validar_ruc, validar_serie


def mensaje(func, *args):
    with pytest.raises(ValidationError) as exc:
        func(*args)
    return exc.value.messages[0]


def test_ruc_con_digito_verificador():
    validar_ruc("20100070970")
    validar_ruc("10467793549")
    assert "dígito verificador" in mensaje(validar_ruc, "20100070971")
    assert "11 dígitos" in mensaje(validar_ruc, "2010007097")
    assert "empezar con" in mensaje(validar_ruc, "30100070970")


def test_documentos_por_tipo():
    validar_documento_identidad("1", "45678912")
    validar_documento_identidad("0", "-")
    validar_documento_identidad("7", "AB123456")
    assert mensaje(validar_documento_identidad, "1", "4567891") == "El DNI debe tener 8 dígitos."
    assert "dígito verificador" in mensaje(validar_documento_identidad, "6", "20100070971")
    assert "12 letras" in mensaje(validar_documento_identidad, "4", "X" * 13)


@pytest.mark.parametrize(
    "tipo,serie",
    [("01", "F001"), ("03", "B001"), ("07", "FC01"), ("07", "BC01"), ("08", "BD01"), ("09", "T001"), ("NV", "NV01")],
)
def test_series_validas(tipo, serie):
    validar_serie(tipo, serie)


@pytest.mark.parametrize(
    "tipo,serie,texto",
    [
        ("01", "B001", "La serie de las facturas debe empezar con F (por ejemplo F001)."),
        ("03", "F001", "La serie de las boletas debe empezar con B (por ejemplo B001)."),
        ("07", "XC01", "La serie de las notas de crédito debe empezar con F o B (por ejemplo F001)."),
        ("01", "F01", "La serie debe tener exactamente 4 caracteres en mayúsculas (letras o dígitos)."),
        ("01", "f001", "La serie debe tener exactamente 4 caracteres en mayúsculas (letras o dígitos)."),
    ],
)
def test_series_invalidas(tipo, serie, texto):
    assert mensaje(validar_serie, tipo, serie) == texto
