import pytest

from erp.models import Departamento, Distrito, Moneda, Pais, Provincia, TipoComprobante, TipoDocumentoIdentidad, UnidadMedida

pytestmark = pytest.mark.django_db


def test_ubigeo_completo_con_jerarquia():
    assert Departamento.objects.count() == 25
    assert Provincia.objects.count() == 196
    assert Distrito.objects.count() == 1884
    miraflores = Distrito.objects.select_related("provincia__departamento").get(ubigeo="150122")
    assert miraflores.nombre == "MIRAFLORES"
    assert miraflores.provincia.codigo == "1501"
    assert miraflores.provincia.departamento.nombre == "LIMA"


def test_monedas_con_ids_del_api():
    assert list(Moneda.objects.values_list("id", "codigo")) == [(1, "PEN"), (2, "USD"), (3, "EUR"), (4, "GBP")]


def test_tipos_documento_identidad_con_ids_del_api():
    # The manual's API: 1 no domiciliado, 2 DNI, 3 carné de extranjería, 4 RUC, 5 pasaporte, 6 cédula diplomática.
    codigos = dict(TipoDocumentoIdentidad.objects.filter(id__lte=6).values_list("id", "codigo"))
    assert codigos == {1: "0", 2: "1", 3: "4", 4: "6", 5: "7", 6: "A"}


def test_catalogos_sunat():
    assert TipoComprobante.objects.get(codigo="01").nombre == "Factura"
    assert TipoComprobante.objects.get(codigo="07").nombre == "Nota de crédito"
    assert UnidadMedida.objects.get(codigo="NIU").nombre == "UNIDAD (BIENES)"
    assert UnidadMedida.objects.get(codigo="ZZ").frecuente
    assert UnidadMedida.objects.count() > 2000
    assert Pais.objects.get(codigo="PE").nombre == "Perú"
