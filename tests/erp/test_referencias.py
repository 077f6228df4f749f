import json
from pathlib import Path

import pytest
from django.conf import settings

from erp.models import (
    Departamento,
    Distrito,
    Moneda,
    Pais,
    Provincia,
    TipoComprobante,
    TipoDocumentoIdentidad,
    UnidadMedida,
)

pytestmark = pytest.mark.django_db


def test_ubigeo_completo_con_jerarquia():
    assert Departamento.objects.count() == 25
    assert Provincia.objects.count() == 196
    assert Distrito.objects.count() == 1884
    miraflores = Distrito.objects.select_related("provincia__departamento").get(ubigeo="150122")
    assert miraflores.nombre == "MIRAFLORES"
    assert miraflores.provincia.codigo == "1501"
    assert miraflores.provincia.departamento.nombre == "LIMA"
    # Every district hangs from the province its ubigeo names.
    assert not [d.ubigeo for d in Distrito.objects.select_related("provincia") if d.provincia.codigo != d.ubigeo[:4]]


def test_ate_tiene_los_ids_del_api_anterior():
    # The old API's "cliente-nuevo" example: distrito 1253, provincia 127, departamento 15.
    ate = Distrito.objects.select_related("provincia__departamento").get(pk=1253)
    assert (ate.nombre, ate.ubigeo) == ("ATE", "150103")
    assert (ate.provincia.pk, ate.provincia.nombre, ate.provincia.codigo) == (127, "LIMA", "1501")
    assert (ate.provincia.departamento.pk, ate.provincia.departamento.nombre) == (15, "LIMA")
    assert Distrito.objects.get(pk=1251).ubigeo == "150101"


@pytest.mark.parametrize(
    ("distrito", "ubigeo", "provincia", "departamento"),
    [
        (679, "070101", 66, 7),  # CALLAO
        (330, "040101", 35, 4),  # AREQUIPA (cercado)
        (685, "080101", 67, 8),  # CUSCO
        (84, "020101", 8, 2),  # HUARAZ
        (1129, "130101", 112, 13),  # TRUJILLO
        (1422, "160101", 137, 16),  # IQUITOS
        (1831, "250401", 193, 25),  # PURUS, the last legacy district
        (1271, "150121", 127, 15),  # MAGDALENA VIEJA, today PUEBLO LIBRE
        (1799, "230402", 186, 23),  # CHUCATAMANI, today HEROES ALBARRACIN
        (22, "010201", 2, 1),  # LA PECA, today BAGUA
        (170, "021201", 19, 2),  # CARAZ: the legacy table linked it to the wrong province
        (650, "061101", 194, 6),  # SAN MIGUEL (Cajamarca): its province was missing there
    ],
)
def test_distritos_con_ids_del_api_anterior(distrito, ubigeo, provincia, departamento):
    d = Distrito.objects.select_related("provincia").get(pk=distrito)
    assert (d.ubigeo, d.provincia_id, d.provincia.departamento_id) == (ubigeo, provincia, departamento)


def test_lugares_creados_despues_tienen_ids_nuevos():
    # Ids the legacy tables used never name another place: newer districts start after 1831.
    assert Distrito.objects.get(ubigeo="070107").pk > 1831  # MI PERU
    assert Distrito.objects.get(ubigeo="010206").pk > 1831  # LA PECA, created after the rename
    assert sorted(Provincia.objects.filter(pk__gt=193).values_list("codigo", flat=True)) == ["0611", "1607", "1608"]
    assert Distrito.objects.filter(pk__gt=1831).count() == 56
    # Duplicate legacy rows (second CAJAMARCA and SAN MIGUEL, GRAN CHIMU) stay unused.
    assert not Distrito.objects.filter(pk__in=[551, 651, 1205]).exists()


def test_paises_con_ids_del_api_anterior():
    peru = Pais.objects.get(pk=179)
    assert (peru.codigo, peru.nombre) == ("PE", "Perú")
    assert dict(Pais.objects.filter(codigo__in=["US", "CL", "ES"]).values_list("codigo", "pk")) == {
        "US": 65,
        "CL": 41,
        "ES": 64,
    }
    assert Pais.objects.count() == 249
    # Not in the legacy list: they follow its last id (246).
    assert sorted(Pais.objects.filter(pk__gt=246).values_list("codigo", flat=True)) == ["BQ", "CW", "SS", "SX"]


def test_ids_sin_repetir_en_los_datos():
    datos = Path(settings.BASE_DIR) / "erp" / "data"
    ubigeo = json.loads((datos / "ubigeo.json").read_text(encoding="utf-8"))
    for nivel in (
        lambda c: c.endswith("0000"),
        lambda c: c.endswith("00") and not c.endswith("0000"),
        lambda c: not c.endswith("00"),
    ):
        ids = [i for i, codigo, _ in ubigeo if nivel(codigo)]
        assert len(ids) == len(set(ids))
    paises = json.loads((datos / "paises.json").read_text(encoding="utf-8"))
    assert len({i for i, _, _ in paises}) == len(paises)


def test_nuevo_pais_toma_el_siguiente_id():
    assert Pais.objects.create(codigo="XK", nombre="Kosovo").pk == 251


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
