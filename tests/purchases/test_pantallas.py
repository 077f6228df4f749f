"""The purchase screens list the registered documents and void through the service."""

from decimal import Decimal

from django.urls import reverse

from purchases import services
from purchases.models import FacturaCompra

from .conftest import cabecera, dia, linea


def test_la_lista_de_compras_muestra_el_documento_y_anular_devuelve_el_stock(client, sucursal, almacen, prov, articulo, usuario):
    factura = services.factura_registrar(
        cabecera=cabecera(sucursal, almacen, prov, "123", dia(3)), lineas=[linea(articulo, 10, 20)], usuario=usuario
    )
    client.force_login(usuario)
    lista = client.get(reverse("admin:purchases_facturacompra_changelist"))
    assert lista.status_code == 200
    assert "F001-123" in lista.content.decode()
    assert "236,00" in lista.content.decode() or "236.00" in lista.content.decode()

    respuesta = client.post(
        reverse("admin:purchases_facturacompra_changelist"),
        {"action": "anular", "_selected_action": [factura.pk]},
        follow=True,
    )
    assert "anulado" in respuesta.content.decode()
    factura.refresh_from_db()
    assert factura.estado == FacturaCompra.Estado.ANULADA
    assert articulo.stocks.get(almacen=almacen).cantidad == Decimal("0")


def test_las_pantallas_de_compras_abren(client, usuario):
    client.force_login(usuario)
    for modelo in ("ordencompra", "recepcion", "pagocompra", "solicitudcompra", "solicitudcotizacion"):
        assert client.get(reverse(f"admin:purchases_{modelo}_changelist")).status_code == 200


def test_la_pagina_del_producto_muestra_sus_proveedores_con_el_ultimo_precio(client, sucursal, almacen, prov, articulo, usuario):
    services.factura_registrar(cabecera=cabecera(sucursal, almacen, prov, "123", dia(3)), lineas=[linea(articulo, 10, 20)], usuario=usuario)
    services.factura_registrar(cabecera=cabecera(sucursal, almacen, prov, "124", dia(5)), lineas=[linea(articulo, 4, "21.50")], usuario=usuario)
    client.force_login(usuario)
    pagina = client.get(reverse("admin:inventory_producto_change", args=[articulo.pk])).content.decode()
    assert "Proveedores que lo vendieron" in pagina
    # Only the provider's last purchase: F001-124 at 21.50.
    assert "Factura F001-124" in pagina and "S/ 21.50" in pagina
    assert "F001-123" not in pagina
