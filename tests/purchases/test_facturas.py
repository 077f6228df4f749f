"""Purchase invoices: totals by billing's engine, stock into the kardex at the cost in soles, back-dated edits."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from inventory import services as inventario
from inventory.models import Movimiento, Stock
from purchases import services
from purchases.models import FacturaCompra

from .conftest import cabecera, dia, linea, proveedor, usd

D = Decimal


def _stock(articulo, almacen):
    return Stock.objects.get(producto=articulo, almacen=almacen)


def _dos_compras_y_una_venta(sucursal, almacen, prov, articulo, usuario):
    # 1 Mar: 10 at S/ 20.00 = 200.00. 5 Mar: 5 at US$ 10.00 x 3.800 = S/ 38.00 each = 190.00.
    # Average (200 + 190) / 15 = 26.000000. 10 Mar: 3 leave at 26.00 = 78.00; 12 left worth 312.00.
    f1 = services.factura_registrar(
        cabecera=cabecera(sucursal, almacen, prov, 1, dia(1)), lineas=[linea(articulo, 10, "20")], usuario=usuario
    )
    f2 = services.factura_registrar(
        cabecera=cabecera(sucursal, almacen, prov, 2, dia(5), moneda=usd(), tipo_cambio=D("3.800")),
        lineas=[linea(articulo, 5, "10")],
        usuario=usuario,
    )
    inventario.kardex_salida(
        producto=articulo, almacen=almacen, cantidad=3, fecha=dia(10), tipo_operacion="01",
        documento_tipo="01", documento_serie="F001", documento_numero="9",
    )
    return f1, f2


def test_la_compra_calcula_con_el_motor_de_ventas_y_entra_al_costo_en_soles(sucursal, almacen, prov, articulo, usuario):
    f1, f2 = _dos_compras_y_una_venta(sucursal, almacen, prov, articulo, usuario)
    assert (f1.total_gravadas, f1.total_igv, f1.importe_total) == (D("200.00"), D("36.00"), D("236.00"))
    assert (f2.total_gravadas, f2.total_igv, f2.importe_total) == (D("50.00"), D("9.00"), D("59.00"))
    entrada_usd = Movimiento.objects.get(origen_id=f2.pk, documento_numero="2")
    assert entrada_usd.costo_unitario == D("38.000000")
    stock = _stock(articulo, almacen)
    assert (stock.cantidad, stock.costo_promedio, stock.valor) == (D("12"), D("26.000000"), D("312.00"))
    venta = Movimiento.objects.get(documento_numero="9")
    assert venta.costo_total == D("78.00")


def test_editar_una_compra_anterior_revaloriza_la_venta_posterior(sucursal, almacen, prov, articulo, usuario):
    f1, _ = _dos_compras_y_una_venta(sucursal, almacen, prov, articulo, usuario)
    # The first purchase was S/ 23.00: (230 + 190) / 15 = 28.000000; the sale leaves at 84.00; 12 x 28 = 336.00.
    services.factura_corregir(
        factura_id=f1.pk, cabecera={}, lineas=[linea(articulo, 10, "23")], usuario=usuario
    )
    stock = _stock(articulo, almacen)
    assert (stock.cantidad, stock.costo_promedio, stock.valor) == (D("12"), D("28.000000"), D("336.00"))
    assert Movimiento.objects.get(documento_numero="9").costo_total == D("84.00")
    assert FacturaCompra.objects.get(pk=f1.pk).importe_total == D("271.40")


def test_anular_una_compra_anterior_revaloriza(sucursal, almacen, prov, articulo, usuario):
    f1, _ = _dos_compras_y_una_venta(sucursal, almacen, prov, articulo, usuario)
    services.factura_anular(factura_id=f1.pk, usuario=usuario)
    # Only the 5 at 38.00 remain before the sale: 3 leave at 114.00, 2 left worth 76.00.
    stock = _stock(articulo, almacen)
    assert (stock.cantidad, stock.costo_promedio, stock.valor) == (D("2"), D("38.000000"), D("76.00"))
    assert Movimiento.objects.get(documento_numero="9").costo_total == D("114.00")


def test_anular_deja_stock_negativo_se_rechaza_sin_cambiar_nada(sucursal, almacen, prov, articulo, usuario):
    f1, f2 = _dos_compras_y_una_venta(sucursal, almacen, prov, articulo, usuario)
    services.factura_anular(factura_id=f1.pk, usuario=usuario)
    with pytest.raises(ValidationError, match="quedaría en"):
        services.factura_anular(factura_id=f2.pk, usuario=usuario)
    assert FacturaCompra.objects.get(pk=f2.pk).estado == FacturaCompra.Estado.REGISTRADA


def test_nota_de_credito_por_rebaja_baja_el_costo_de_la_compra(sucursal, almacen, prov, articulo, usuario):
    f1, _ = _dos_compras_y_una_venta(sucursal, almacen, prov, articulo, usuario)
    # S/ 20.00 off the first purchase: (180 + 190) / 15 = 24.666667; the sale takes 3 x 24.666667 = 74.00.
    services.factura_registrar(
        cabecera=cabecera(sucursal, almacen, prov, 7, dia(15), tipo="07", serie="FC01", documento_referencia=f1, motivo_nota="descuento"),
        lineas=[linea(articulo, 1, "20")],
        usuario=usuario,
    )
    assert Movimiento.objects.get(documento_numero="9").costo_total == D("74.00")
    stock = _stock(articulo, almacen)
    assert (stock.cantidad, stock.valor) == (D("12"), D("296.00"))


def test_nota_de_credito_por_devolucion_saca_stock(sucursal, almacen, prov, articulo, usuario):
    f1, _ = _dos_compras_y_una_venta(sucursal, almacen, prov, articulo, usuario)
    services.factura_registrar(
        cabecera=cabecera(sucursal, almacen, prov, 8, dia(12), tipo="07", serie="FC01", documento_referencia=f1, motivo_nota="devolucion"),
        lineas=[linea(articulo, 2, "20")],
        usuario=usuario,
    )
    # 2 of the 12 at 26.00 go back: 10 left worth 260.00.
    stock = _stock(articulo, almacen)
    assert (stock.cantidad, stock.valor) == (D("10"), D("260.00"))


def test_numero_del_proveedor_duplicado_se_rechaza(sucursal, almacen, prov, articulo, usuario):
    services.factura_registrar(cabecera=cabecera(sucursal, almacen, prov, 1, dia(1)), lineas=[linea(articulo, 1, "5")], usuario=usuario)
    with pytest.raises(ValidationError, match="F001-1 de PROVEEDOR S.A.C. ya está registrada"):
        services.factura_registrar(
            cabecera=cabecera(sucursal, almacen, prov, "00000001", dia(2), serie="f001"), lineas=[linea(articulo, 1, "5")], usuario=usuario
        )
    assert Movimiento.objects.filter(producto=articulo).count() == 1
    # Another provider, or another type of document, may carry the same number.
    otro = proveedor(sucursal, "OTRO PROVEEDOR S.A.C.")
    services.factura_registrar(cabecera=cabecera(sucursal, almacen, otro, 1, dia(2)), lineas=[linea(articulo, 1, "5")], usuario=usuario)
    services.factura_registrar(cabecera=cabecera(sucursal, almacen, prov, 1, dia(2), tipo="03"), lineas=[linea(articulo, 1, "5")], usuario=usuario)


def test_compra_en_dolares_sin_tipo_de_cambio_se_rechaza(sucursal, almacen, prov, articulo, usuario):
    with pytest.raises(ValidationError, match="Falta el tipo de cambio del 05/03/2025"):
        services.factura_registrar(
            cabecera=cabecera(sucursal, almacen, prov, 2, dia(5), moneda=usd()), lineas=[linea(articulo, 5, "10")], usuario=usuario
        )
    assert not FacturaCompra.objects.exists()


def test_pagos_parciales_y_pago_mayor_al_saldo(sucursal, almacen, prov, articulo, usuario):
    f = services.factura_registrar(cabecera=cabecera(sucursal, almacen, prov, 1, dia(1)), lineas=[linea(articulo, 10, "20")], usuario=usuario)
    services.pago_registrar(factura_id=f.pk, fecha=dia(2), monto="100.00", usuario=usuario)
    with pytest.raises(ValidationError, match=r"supera el saldo pendiente de Factura F001-1 \(136.00\)"):
        services.pago_registrar(factura_id=f.pk, fecha=dia(3), monto="136.01", usuario=usuario)
    services.pago_registrar(factura_id=f.pk, fecha=dia(3), monto="136.00", usuario=usuario)
    assert FacturaCompra.objects.get(pk=f.pk).por_pagar == D("0.00")
