"""REST API of purchases: orders drafted, issued and received; documents registered; payments; refusals as 400; branches."""

from decimal import Decimal

import pytest

from erp.models import ApiKey
from inventory.models import Stock
from purchases.models import FacturaCompra, PagoCompra
from tests import factories

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def clave(sucursal):
    comprador = factories.usuario(
        "comprador", sucursales=[sucursal], perfiles=[factories.perfil("Compras", modulos=["compras.documentos", "compras.pagos"])]
    )
    return ApiKey.generar(usuario=comprador, nombre="integración")[1]


def _post(client, clave, url, **datos):
    return client.post(url, datos, content_type="application/json", HTTP_KEY=clave)


def test_orden_por_api_emitida_y_recibida_en_parte(client, clave, sucursal, almacen, prov, articulo):
    lineas = [{"producto": articulo.pk, "cantidad": "10", "valor_unitario": "12.50"}]
    resp = _post(client, clave, "/api/rest/compras/ordenes/", sucursal=sucursal.pk, almacen=almacen.pk, proveedor=prov.pk, fecha="2025-03-03",
                 lineas=lineas)  # fmt: skip
    assert resp.status_code == 201, resp.content
    orden = resp.json()
    # 10 x 12.50 = 125.00 + IGV 22.50.
    assert (orden["numero"], orden["estado"], orden["importe_total"]) == ("OC-000001", "borrador", "147.50")
    url = f"/api/rest/compras/ordenes/{orden['id']}/"
    assert _post(client, clave, url + "emitir/").json()["estado"] == "emitida"
    linea = orden["lineas"][0]["id"]
    resp = _post(client, clave, url + "recibir/", fecha="2025-03-05", lineas=[{"linea": linea, "cantidad": "6"}])
    assert resp.status_code == 201, resp.content
    assert (resp.json()["estado"], resp.json()["lineas"][0]["pendiente"]) == ("parcial", "4.0000000000")
    # More than pending, without the permission: 400 with the reason, no stock moved.
    resp = _post(client, clave, url + "recibir/", fecha="2025-03-06", lineas=[{"linea": linea, "cantidad": "5"}], exceso_confirmado=True)
    assert resp.status_code == 400 and "requiere el permiso de sobre-recepción" in resp.json()["detail"]
    assert Stock.objects.get(producto=articulo, almacen=almacen).cantidad == D("6")
    assert client.get("/api/rest/compras/ordenes/", {"estado": "parcial"}, HTTP_KEY=clave).json()["count"] == 1


def test_factura_y_pagos_por_api(client, clave, empresa, sucursal, almacen, prov, articulo):
    from billing.models import CuentaBancaria
    from erp.models import Moneda

    datos = {"sucursal": sucursal.pk, "almacen": almacen.pk, "proveedor": prov.pk, "serie": "F001", "numero": "77", "fecha_emision": "2025-03-02",
             "lineas": [{"producto": articulo.pk, "cantidad": "4", "valor_unitario": "25.00"}]}  # fmt: skip
    resp = _post(client, clave, "/api/rest/compras/facturas/", **datos)
    assert resp.status_code == 201, resp.content
    factura = resp.json()
    # 4 x 25.00 + IGV 18.00 = 118.00 owed; the goods entered.
    assert (factura["importe_total"], factura["por_pagar"]) == ("118.00", "118.00")
    assert Stock.objects.get(producto=articulo, almacen=almacen).cantidad == D("4")
    repetida = _post(client, clave, "/api/rest/compras/facturas/", **datos)
    assert repetida.status_code == 400 and "ya está registrada" in repetida.json()["detail"]
    sin_tc = _post(client, clave, "/api/rest/compras/facturas/", **{**datos, "numero": "78", "moneda": "USD"})
    assert sin_tc.status_code == 400 and "Falta el tipo de cambio del 02/03/2025" in sin_tc.json()["detail"]
    assert FacturaCompra.objects.count() == 1

    banco = CuentaBancaria.objects.create(empresa=empresa, banco="BCP", moneda=Moneda.objects.get(codigo="PEN"), numero="1", saldo_inicial=D("500"))
    pagos = "/api/rest/compras/pagos/"
    assert _post(client, clave, pagos, factura=factura["id"], fecha="2025-03-03", monto="18.00", cuenta_bancaria=banco.pk).status_code == 201
    demasiado = _post(client, clave, pagos, factura=factura["id"], fecha="2025-03-04", monto="100.01", cuenta_bancaria=banco.pk)
    assert demasiado.status_code == 400 and "supera el saldo pendiente" in demasiado.json()["detail"]
    assert _post(client, clave, pagos, factura=factura["id"], fecha="2025-03-04", monto="100.00", cuenta_bancaria=banco.pk).status_code == 201
    assert client.get(f"/api/rest/compras/facturas/{factura['id']}/", HTTP_KEY=clave).json()["por_pagar"] == "0.00"
    banco.refresh_from_db()
    assert (banco.saldo, PagoCompra.objects.count()) == (D("382.00"), 2)


def test_otra_sucursal_no_se_ve_ni_se_usa(client, clave, empresa, sucursal, almacen, prov, articulo):
    from inventory.selectors import almacen_principal

    otra = factories.sucursal(empresa, codigo="0001", nombre="Arequipa")
    ajeno = almacen_principal(otra)
    resp = _post(client, clave, "/api/rest/compras/facturas/", sucursal=otra.pk, almacen=ajeno.pk, proveedor=prov.pk, serie="F001", numero="1",
                 fecha_emision="2025-03-02", lineas=[{"producto": articulo.pk, "cantidad": "1", "valor_unitario": "1"}])  # fmt: skip
    assert resp.status_code == 400 and "sucursal" in resp.json()
    assert not FacturaCompra.objects.exists()


def test_las_rutas_de_compras_estan_en_el_esquema(client, usuario):
    client.force_login(usuario)
    esquema = client.get("/api/rest/schema/").content.decode()
    for ruta in ("/api/rest/compras/ordenes/{id}/recibir/", "/api/rest/compras/facturas/", "/api/rest/compras/pagos/{id}/anular/"):
        assert ruta in esquema
