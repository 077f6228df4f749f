"""Two sellers take the last unit at the same moment: the stock row lock lets only one through."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from inventory.models import Movimiento, Stock
from inventory.selectors import almacen_principal
from inventory.services import kardex_entrada, kardex_salida
from tests import factories

from .conftest import dia, producto

pytestmark = pytest.mark.django_db(transaction=True)


def test_dos_ventas_simultaneas_de_la_ultima_unidad():
    empresa = factories.empresa()
    almacen = almacen_principal(factories.sucursal(empresa))
    p = producto(empresa)
    doc = {"documento_tipo": "03", "documento_serie": "B001"}
    kardex_entrada(producto=p, almacen=almacen, cantidad=1, costo_unitario=10, fecha=dia(1), tipo_operacion="02", documento_numero="1", **doc)

    salida = threading.Barrier(2)
    resultados = []

    def vender(numero):
        try:
            salida.wait()
            kardex_salida(producto=p, almacen=almacen, cantidad=1, fecha=dia(2), tipo_operacion="01", documento_numero=numero, **doc)
            resultados.append("vendida")
        except ValidationError as exc:
            resultados.append(exc.messages[0])
        finally:
            connection.close()

    hilos = [threading.Thread(target=vender, args=(str(n),)) for n in (10, 11)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()

    assert sorted(resultados)[1] == "vendida"
    assert sorted(resultados)[0].startswith("Stock insuficiente")
    assert Stock.objects.get(producto=p).cantidad == 0
    assert Movimiento.objects.filter(producto=p, naturaleza="S").count() == 1
