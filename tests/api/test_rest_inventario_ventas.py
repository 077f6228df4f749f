"""REST API of products, stock and sales documents: the admin's permissions and branches, filters, CPE links."""

from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command

from billing import services
from erp.models import ApiKey
from inventory.models import Producto
from inventory.selectors import almacen_principal
from inventory.services import kardex_entrada
from tests import factories
from tests.api.conftest import venta
from tests.ventas import HOY, borrador

pytestmark = pytest.mark.django_db


def _get(client, clave, url, **params):
    resp = client.get(url, params, HTTP_KEY=clave)
    assert resp.status_code == 200, resp.content
    return resp.json()


def test_productos_de_su_empresa_filtrables_y_creables(client, caja, tienda):
    otra = factories.empresa()
    Producto.objects.create(empresa=otra, codigo="AJENO", nombre="Producto de otra empresa")
    nombres = [p["nombre"] for p in _get(client, caja.clave, "/api/rest/productos/")["results"]]
    assert nombres == ["Laptop 14 pulgadas", "Mouse inalámbrico", "Soporte técnico"]
    filtrado = _get(client, caja.clave, "/api/rest/productos/", cod_num=tienda["mouse"].cod_num)["results"]
    assert [p["codigo"] for p in filtrado] == ["MOU-01"]


def test_crear_producto_requiere_el_modulo_y_calcula_el_valor(client, tienda):
    perfil = factories.perfil("Almacén", modulos=["inventario.productos"])
    almacenero = factories.usuario("almacen", sucursales=[tienda["sucursal"]], perfiles=[perfil])
    clave = ApiKey.generar(usuario=almacenero, nombre="x")[1]
    datos = {"codigo": "TEC-01", "nombre": "Teclado", "precio_venta": "59.00"}
    resp = client.post("/api/rest/productos/", datos, content_type="application/json", HTTP_KEY=clave)
    assert resp.status_code == 201, resp.content
    producto = Producto.objects.get(codigo="TEC-01")
    assert (producto.empresa, producto.valor_venta, producto.cod_num > 0) == (tienda["empresa"], Decimal("50.000000"), True)
    resp = client.post("/api/rest/productos/", datos, content_type="application/json", HTTP_KEY=clave)
    assert resp.status_code == 400 and "Ya existe un producto o servicio con ese código." in str(resp.json())
    sin_modulo = ApiKey.generar(usuario=factories.usuario("otro", sucursales=[tienda["sucursal"]]), nombre="x")[1]
    assert client.post("/api/rest/productos/", {**datos, "codigo": "X"}, content_type="application/json", HTTP_KEY=sin_modulo).status_code == 403


def test_stock_por_almacen_de_sus_sucursales(client, tienda):
    perfil = factories.perfil("Kardex", modulos=["inventario.kardex"])
    clave = ApiKey.generar(usuario=factories.usuario("kardex", sucursales=[tienda["sucursal"]], perfiles=[perfil]), nombre="x")[1]
    cusco = factories.sucursal(tienda["empresa"], codigo="0001", nombre="Cusco")
    kardex_entrada(
        producto=tienda["mouse"], almacen=almacen_principal(cusco), cantidad=7, fecha=HOY, tipo_operacion="16",
        documento_tipo="00", documento_serie="", documento_numero="", costo_unitario=Decimal(20),
    )
    filas = _get(client, clave, "/api/rest/stock/", producto__cod_num=tienda["mouse"].cod_num)["results"]
    assert [(f["producto_codigo"], f["sucursal"], Decimal(f["cantidad"])) for f in filas] == [("MOU-01", tienda["sucursal"].pk, Decimal(100))]
    assert _get(client, clave, "/api/rest/stock/", cantidad__gt=50)["count"] == 1


def test_documentos_de_venta_con_cpe_y_enlaces(client, caja, tienda, firma):
    id_ = int(caja(venta(tienda)).json()["id"])
    borrador(tienda, "01", lineas=[(tienda["mouse"], 1, "59")])
    datos = _get(client, caja.clave, "/api/rest/documentos-venta/", estado="emitido")
    assert datos["count"] == 1
    documento = datos["results"][0]
    assert (documento["id"], documento["numero_completo"], documento["importe_total"]) == (id_, "F001-00000001", "118.00")
    assert documento["lineas"][0]["descripcion"] == "Mouse inalámbrico"
    cpe = documento["cpe"]
    assert (cpe["estado"], cpe["cdr"]) == ("pendiente", None)
    assert cpe["xml"].endswith(f"/cpe/{tienda['empresa'].ruc}-01-F001-1.xml")
    descarga = client.get(cpe["xml"], HTTP_KEY=caja.clave)
    assert descarga.status_code == 200 and b"<cbc:ID>F001-1</cbc:ID>" in descarga.content
    assert _get(client, caja.clave, "/api/rest/documentos-venta/", fecha_desde=HOY.isoformat(), cpe_estado="aceptado")["count"] == 0


def test_documentos_segun_modulo_y_sucursal(client, tienda):
    cusco = factories.sucursal(tienda["empresa"], codigo="0001", nombre="Cusco", series=[("03", "B002")])
    solo_boletas = factories.perfil("Boletas", modulos=["ventas.boletas"])
    usuario = factories.usuario("boletera", sucursales=[tienda["sucursal"]], perfiles=[solo_boletas])
    clave = ApiKey.generar(usuario=usuario, nombre="x")[1]
    for tipo, sucursal in (("01", tienda["sucursal"]), ("03", tienda["sucursal"]), ("03", cusco)):
        documento = borrador(tienda, tipo, cliente=tienda["con_dni"] if tipo == "03" else None, lineas=[(tienda["soporte"], 1, "118")])
        if sucursal == cusco:
            documento.sucursal, documento.serie = cusco, cusco.series.get()
            documento.save()
        services.documento_emitir(documento_id=documento.pk, usuario=tienda["vendedor"])
    filas = _get(client, clave, "/api/rest/documentos-venta/")["results"]
    assert [f["numero_completo"] for f in filas] == ["B001-00000001"]
    sin_ventas = ApiKey.generar(usuario=factories.usuario("nadie", sucursales=[tienda["sucursal"]]), nombre="x")[1]
    assert client.get("/api/rest/documentos-venta/", HTTP_KEY=sin_ventas).status_code == 403


def test_esquema_incluye_inventario_y_ventas(tmp_path):
    destino = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(destino))
    rutas = yaml.safe_load(destino.read_text())["paths"]
    assert {"/api/rest/productos/", "/api/rest/stock/", "/api/rest/almacenes/", "/api/rest/documentos-venta/"} <= set(rutas)
    assert "post" not in rutas["/api/rest/documentos-venta/"] and "post" not in rutas["/api/rest/stock/"]
