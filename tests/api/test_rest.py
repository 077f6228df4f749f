import pytest
import yaml
from django.core.management import call_command

from erp.models import Pais
from tests import factories

pytestmark = pytest.mark.django_db


def test_clientes_paginados_filtrados_y_por_sucursal(client, api, empresa_api, integrador):
    _, lima, cusco = empresa_api
    factories.cliente(lima, nombre="ALFA S.A.C.")
    factories.cliente(lima, nombre="BETA S.A.C.")
    factories.cliente(cusco, nombre="GAMMA DEL CUSCO S.A.C.")
    resp = client.get("/api/rest/clientes/", {"search": "a s.a.c"}, HTTP_KEY=api.clave)
    assert resp.status_code == 200
    nombres = [r["razon_social"] for r in resp.json()["results"]]
    assert nombres == ["ALFA S.A.C.", "BETA S.A.C."]
    assert resp.json()["count"] == 2


def test_crear_cliente_valida_como_el_admin(client, api, empresa_api):
    _, lima, cusco = empresa_api
    datos = {"sucursal": lima.pk, "tipo_documento": 4, "numero_documento": "20550117969", "razon_social": "X"}
    resp = client.post("/api/rest/clientes/", datos, content_type="application/json", HTTP_KEY=api.clave)
    assert resp.status_code == 400
    assert "dígito verificador" in resp.json()["numero_documento"][0]
    datos.update(numero_documento="20550117968", sucursal=cusco.pk)
    resp = client.post("/api/rest/clientes/", datos, content_type="application/json", HTTP_KEY=api.clave)
    assert resp.status_code == 400 and "sucursal" in resp.json()
    datos.update(sucursal=lima.pk)
    resp = client.post("/api/rest/clientes/", datos, content_type="application/json", HTTP_KEY=api.clave)
    assert resp.status_code == 201 and resp.json()["es_cliente"] is True


def test_contactos_y_direcciones_no_pasan_a_otra_sucursal(client, api, empresa_api):
    _, lima, cusco = empresa_api
    propio, ajeno = factories.cliente(lima, nombre="ALFA S.A.C."), factories.cliente(cusco, nombre="GAMMA S.A.C.")
    contacto = propio.contactos.create(nombres="Ana", apellidos="Quispe")
    direccion = propio.direcciones.create(nombre="Almacén", direccion="Av. Argentina 100", pais=Pais.objects.get(codigo="PE"))
    for ruta, registro in (("contactos", contacto), ("direcciones", direccion)):
        resp = client.patch(f"/api/rest/{ruta}/{registro.pk}/", {"socio": ajeno.pk}, content_type="application/json", HTTP_KEY=api.clave)
        assert resp.status_code == 403 and "No tiene acceso" in resp.json()["detail"]
        registro.refresh_from_db()
        assert registro.socio == propio
    resp = client.post("/api/rest/contactos/", {"socio": ajeno.pk, "nombres": "Luis"}, content_type="application/json", HTTP_KEY=api.clave)
    assert resp.status_code == 403 and not ajeno.contactos.exists()
    resp = client.patch(f"/api/rest/contactos/{contacto.pk}/", {"cargo": "Compras"}, content_type="application/json", HTTP_KEY=api.clave)
    assert resp.status_code == 200 and resp.json()["cargo"] == "Compras"


def test_sin_clave_no_hay_acceso(client):
    assert client.get("/api/rest/clientes/").status_code == 401


def test_esquema_openapi_valido_y_documentacion(client, api, tmp_path):
    destino = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(destino))
    esquema = yaml.safe_load(destino.read_text())
    assert "/api/rest/clientes/" in esquema["paths"]
    assert client.get("/api/rest/docs/", HTTP_KEY=api.clave).status_code == 200
