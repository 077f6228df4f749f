import pytest
from django.core.management import call_command

from erp.models import Sucursal
from inventory.models import Ajuste, Almacen, Movimiento, NumeroSerie, Producto, Stock
from inventory.selectors import almacen_principal
from inventory.services import kardex_salida

pytestmark = pytest.mark.django_db


def test_demo_de_inventario_idempotente_con_los_productos_del_manual(capsys):
    call_command("demo")
    conteos = [m.objects.count() for m in (Producto, Almacen, Ajuste, Movimiento, Stock, NumeroSerie)]
    call_command("demo")
    assert [m.objects.count() for m in (Producto, Almacen, Ajuste, Movimiento, Stock, NumeroSerie)] == conteos
    assert "43677910 y 35363770" in capsys.readouterr().out

    mouse, disco = Producto.objects.get(cod_num=43677910), Producto.objects.get(cod_num=35363770)
    assert not mouse.maneja_series and disco.maneja_series
    assert Producto.objects.servicios().count() >= 2
    for sucursal in Sucursal.objects.all():
        assert Stock.objects.filter(almacen=almacen_principal(sucursal), cantidad__gt=0).exists()

    # The manual's example: one unit of 35363770 with serial ABC132, from the main branch.
    principal = almacen_principal(Sucursal.objects.get(codigo_establecimiento="0000"))
    venta = kardex_salida(
        producto=disco, almacen=principal, cantidad=1, fecha=principal.movimientos.latest("fecha").fecha,
        tipo_operacion="01", documento_tipo="01", documento_serie="F001", documento_numero="1", series=["ABC132"],
    )
    assert venta.saldo_cantidad == 4 and NumeroSerie.objects.get(numero="ABC132").estado == "F"
