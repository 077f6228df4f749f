"""Registering a purchase from its form: the whole document through the service, or the service's refusal on screen."""

from decimal import Decimal

import pytest

from inventory.models import Stock
from purchases.models import FacturaCompra

from .conftest import datos_factura, usd

pytestmark = pytest.mark.django_db
URL = "/admin/purchases/facturacompra/add/"


def test_la_compra_se_registra_desde_el_formulario_y_entra_al_almacen(client, sucursal, almacen, prov, articulo, usuario):
    client.force_login(usuario)
    respuesta = client.post(URL, datos_factura(sucursal, almacen, prov, articulo))
    assert respuesta.status_code == 302, [str(e) for e in respuesta.context["errors"]] if respuesta.context else ""
    factura = FacturaCompra.objects.get(numero="880")
    # 4 x 25.00 = 100.00 + IGV 18.00.
    assert (factura.importe_total, factura.lineas.count()) == (Decimal("118.00"), 1)
    assert Stock.objects.get(producto=articulo, almacen=almacen).cantidad == Decimal("4")


def test_la_compra_en_dolares_sin_tipo_de_cambio_muestra_el_error_y_no_guarda(client, sucursal, almacen, prov, articulo, usuario):
    client.force_login(usuario)
    html = client.post(URL, datos_factura(sucursal, almacen, prov, articulo, moneda=usd().pk, tipo_cambio="")).content.decode()
    assert "Falta el tipo de cambio del 03/03/2025" in html
    assert not FacturaCompra.objects.exists()
    assert not Stock.objects.filter(producto=articulo, almacen=almacen, cantidad__gt=0).exists()


def test_un_usuario_con_el_modulo_de_compras_registra_las_lineas(client, sucursal, almacen, prov, articulo):
    from tests import factories

    compras = factories.usuario("comprador", sucursales=[sucursal], perfiles=[factories.perfil("Compras", modulos=["compras.documentos"])])
    client.force_login(compras)
    respuesta = client.post(URL, datos_factura(sucursal, almacen, prov, articulo))
    assert respuesta.status_code == 302, [str(e) for e in respuesta.context["errors"]] if respuesta.context else ""
    assert FacturaCompra.objects.get(numero="880").lineas.count() == 1
