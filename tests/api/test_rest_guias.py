"""REST API of the guías de remisión: create and issue in one call, refusals in Spanish with no number used, queries, schema."""

import pytest
import yaml
from django.core.management import call_command

from billing.models import GuiaRemision
from erp.models import ApiKey, Serie
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def despacho(tienda):
    Serie.objects.create(sucursal=tienda["sucursal"], tipo_documento="09", serie="T001")
    perfil = factories.perfil("Despacho", modulos=["ventas.guias"])
    usuario = factories.usuario("despacho", sucursales=[tienda["sucursal"]], perfiles=[perfil])
    return ApiKey.generar(usuario=usuario, nombre="x")[1]


def _guia(tienda, **cambios):
    datos = {
        "sucursal": tienda["sucursal"].pk, "serie": "T001", "fecha_emision": "2026-12-07", "fecha_inicio": "2026-12-07",
        "destinatario": tienda["con_ruc"].pk, "motivo": "01", "peso_bruto": "25.000", "bultos": 3,
        "partida_ubigeo": "150101", "partida_direccion": "Jr. de la Unión 500", "llegada_ubigeo": "150122", "llegada_direccion": "Calle Libertad 116",
        "modalidad": "02", "vehiculos": [{"placa": "ABC123"}],
        "conductores": [{"numero_documento": "45678912", "nombres": "Juan", "apellidos": "Pérez", "licencia": "Q45678912"}],
        "lineas": [{"producto": tienda["laptop"].pk, "codigo": "LAP-01", "descripcion": "Laptop 14 pulgadas", "cantidad": "2"}],
        "documentos": [{"tipo": "01", "numero": "F001-7", "ruc_emisor": tienda["empresa"].ruc}],
    }  # fmt: skip
    return {**datos, **cambios}


def test_crear_emite_la_guia_y_la_consulta_la_devuelve(client, tienda, despacho):
    resp = client.post("/api/rest/guias-remision/", _guia(tienda), content_type="application/json", HTTP_KEY=despacho)
    assert resp.status_code == 201, resp.content
    guia = resp.json()
    assert (guia["numero_completo"], guia["estado"], guia["llegada_ubigeo"]) == ("T001-00000001", "emitida", "150122")
    assert guia["cpe"]["nombre"] == f"{tienda['empresa'].ruc}-09-T001-1"
    assert guia["cpe"]["xml"].endswith(f"/cpe/{tienda['empresa'].ruc}-09-T001-1.xml")
    lista = client.get("/api/rest/guias-remision/", {"motivo": "01"}, HTTP_KEY=despacho).json()["results"]
    assert [g["numero_completo"] for g in lista] == ["T001-00000001"]


@pytest.mark.parametrize(
    ("cambios", "mensaje"),
    [
        ({"peso_bruto": None}, "peso bruto"),
        ({"llegada_ubigeo": None}, "llegada necesita su ubigeo"),
        ({"conductores": []}, "conductor"),
        ({"vehiculos": [{"placa": "ABC-12"}]}, "placa"),
        ({"motivo": "04", "destinatario": None, "partida_establecimiento": "0000", "llegada_establecimiento": "0000"}, "mismo código SUNAT"),
    ],
    ids=["sin-peso", "sin-ubigeo", "sin-conductor", "placa-invalida", "mismo-establecimiento"],
)
def test_rechazos_en_espanol_sin_gastar_numero(client, tienda, despacho, cambios, mensaje):
    resp = client.post("/api/rest/guias-remision/", _guia(tienda, **cambios), content_type="application/json", HTTP_KEY=despacho)
    assert resp.status_code == 400 and mensaje in resp.content.decode(), resp.content
    assert not GuiaRemision.objects.exists() and Serie.objects.get(serie="T001").ultimo_numero == 0


def test_sin_el_modulo_no_hay_acceso(client, tienda):
    clave = ApiKey.generar(usuario=factories.usuario("nadie", sucursales=[tienda["sucursal"]]), nombre="x")[1]
    assert client.get("/api/rest/guias-remision/", HTTP_KEY=clave).status_code == 403


def test_esquema_incluye_las_guias(tmp_path):
    destino = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(destino))
    rutas = yaml.safe_load(destino.read_text())["paths"]
    assert {"get", "post"} <= set(rutas["/api/rest/guias-remision/"]) and "get" in rutas["/api/rest/guias-remision/{id}/"]
