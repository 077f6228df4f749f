"""Weighted-average valuation, checked against numbers worked out by hand."""

from decimal import Decimal as D

import pytest

from inventory import valuacion
from inventory.models import Movimiento, Stock
from inventory.services import kardex_entrada, kardex_recalcular, kardex_salida
from inventory.valuacion import Saldo

from .conftest import dia, producto

pytestmark = pytest.mark.django_db


def _doc(numero):
    return {"documento_tipo": "01", "documento_serie": "F001", "documento_numero": numero}


def _compra(p, a, fecha, cantidad, costo, numero):
    return kardex_entrada(
        producto=p, almacen=a, fecha=fecha, cantidad=cantidad, costo_unitario=costo, tipo_operacion="02", **_doc(numero)
    )


def _venta(p, a, fecha, cantidad, numero):
    return kardex_salida(producto=p, almacen=a, fecha=fecha, cantidad=cantidad, tipo_operacion="01", **_doc(numero))


def _devolucion(p, a, fecha, cantidad, numero):
    # A customer's return comes back at the average cost of its date.
    return kardex_entrada(producto=p, almacen=a, fecha=fecha, cantidad=cantidad, tipo_operacion="24", **_doc(numero))


def _kardex(p, a):
    return [
        (m.fecha.day, m.naturaleza, m.cantidad, m.costo_unitario, m.costo_total, m.saldo_cantidad, m.saldo_costo_unitario, m.saldo_valor)
        for m in Movimiento.objects.filter(producto=p, almacen=a).order_by("fecha", "id")
    ]


def test_ejemplo_resuelto_con_compra_registrada_con_atraso(empresa, almacen):
    p = producto(empresa)
    _compra(p, almacen, dia(1), 10, D("10.00"), "1")  # 10 u × 10.00 = 100.00
    _compra(p, almacen, dia(5), 10, D("13.00"), "2")  # 20 u, 230.00 → promedio 11.50
    _venta(p, almacen, dia(10), 15, "3")  # 15 × 11.50 = 172.50 → 5 u, 57.50
    _devolucion(p, almacen, dia(12), 3, "4")  # 3 × 11.50 = 34.50 → 8 u, 92.00
    _venta(p, almacen, dia(15), 8, "5")  # the last 8 units take the 92.00 left
    assert _kardex(p, almacen) == [
        (1, "E", D("10"), D("10"), D("100.00"), D("10"), D("10"), D("100.00")),
        (5, "E", D("10"), D("13"), D("130.00"), D("20"), D("11.5"), D("230.00")),
        (10, "S", D("15"), D("11.5"), D("172.50"), D("5"), D("11.5"), D("57.50")),
        (12, "E", D("3"), D("11.5"), D("34.50"), D("8"), D("11.5"), D("92.00")),
        (15, "S", D("8"), D("11.5"), D("92.00"), D("0"), D("11.5"), D("0.00")),
    ]

    # A purchase of the 8th, entered last, changes every cost after it:
    # 30 u, 400.00 → promedio 400/30 = 13.333333 (6 decimals)
    # sale 15 × 13.333333 = 199.999995 → 200.00; 15 u, 200.00
    # return 3 × 13.333333 = 40.00; 18 u, 240.00, promedio 13.333333
    # sale 8 × 13.333333 = 106.666664 → 106.67; 10 u, 133.33, promedio 13.333
    _compra(p, almacen, dia(8), 10, D("17.00"), "6")
    esperado = [
        (1, "E", D("10"), D("10"), D("100.00"), D("10"), D("10"), D("100.00")),
        (5, "E", D("10"), D("13"), D("130.00"), D("20"), D("11.5"), D("230.00")),
        (8, "E", D("10"), D("17"), D("170.00"), D("30"), D("13.333333"), D("400.00")),
        (10, "S", D("15"), D("13.333333"), D("200.00"), D("15"), D("13.333333"), D("200.00")),
        (12, "E", D("3"), D("13.333333"), D("40.00"), D("18"), D("13.333333"), D("240.00")),
        (15, "S", D("8"), D("13.333333"), D("106.67"), D("10"), D("13.333"), D("133.33")),
    ]
    assert _kardex(p, almacen) == esperado
    stock = Stock.objects.get(producto=p, almacen=almacen)
    assert (stock.cantidad, stock.costo_promedio, stock.valor) == (D("10"), D("13.333"), D("133.33"))

    # Revaluing again from the first move gives the same kardex.
    kardex_recalcular(producto=p, almacen=almacen)
    kardex_recalcular(producto=p, almacen=almacen)
    assert _kardex(p, almacen) == esperado


def test_el_orden_de_registro_no_cambia_el_resultado(empresa, almacen, sucursal):
    """The same moves entered in date order give the balances the back-dated entry gave."""
    atrasado, en_orden = producto(empresa), producto(empresa)
    movimientos = [
        ("c", dia(1), 7, D("3.10")),
        ("c", dia(3), 5, D("3.70")),
        ("v", dia(4), 9, None),
        ("c", dia(6), 12, D("2.95")),
        ("v", dia(9), 11, None),
        ("d", dia(10), 2, None),
        ("v", dia(12), 6, None),
    ]
    atraso = ("c", dia(2), 4, D("4.05"))

    def registrar(p, mov, n):
        tipo, fecha, cantidad, costo = mov
        if tipo == "c":
            _compra(p, almacen, fecha, cantidad, costo, str(n))
        elif tipo == "v":
            _venta(p, almacen, fecha, cantidad, str(n))
        else:
            _devolucion(p, almacen, fecha, cantidad, str(n))

    for n, mov in enumerate(movimientos):
        registrar(atrasado, mov, n)
    registrar(atrasado, atraso, 99)
    for n, mov in enumerate(sorted([*movimientos, atraso], key=lambda m: m[1])):
        registrar(en_orden, mov, n)
    assert _kardex(atrasado, almacen) == _kardex(en_orden, almacen)


def test_salida_que_vacia_el_stock_se_lleva_el_valor_restante():
    # 3 units worth 10.00: the average 3.333333 would leave a cent behind.
    saldo = Saldo(D("3"), D("3.333333"), D("10.00"))
    primera = valuacion.salida(saldo, D("2"))
    assert (primera.costo_total, primera.saldo.valor) == (D("6.67"), D("3.33"))
    ultima = valuacion.salida(primera.saldo, D("1"))
    assert (ultima.costo_total, ultima.saldo) == (D("3.33"), Saldo(D("0"), D("3.33"), D("0")))


def test_con_stock_negativo_el_promedio_se_mantiene():
    r = valuacion.salida(Saldo(D("2"), D("10"), D("20.00")), D("5"))
    assert (r.costo_total, r.saldo) == (D("50.00"), Saldo(D("-3"), D("10"), D("-30.00")))
    r = valuacion.entrada(r.saldo, D("10"), D("12"))
    assert r.saldo == Saldo(D("7"), D("12.857143"), D("90.00"))
