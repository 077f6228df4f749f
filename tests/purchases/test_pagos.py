"""Paying providers moves money: out of the branch's register or the chosen bank account, back on voiding."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from billing.models import CuentaBancaria
from billing.tesoreria import services as tesoreria
from billing.tesoreria.models import MovimientoCaja, OperacionBancaria
from erp.models import Moneda
from purchases import services
from purchases.models import FacturaCompra, PagoCompra

from .conftest import cabecera, dia, linea

D = Decimal


@pytest.fixture
def factura(sucursal, almacen, prov, articulo, usuario):
    # 10 x 20.00 + IGV 36.00 = 236.00 owed.
    return services.factura_registrar(cabecera=cabecera(sucursal, almacen, prov, 7, dia(1)), lineas=[linea(articulo, 10, "20")], usuario=usuario)


def test_el_pago_sale_de_la_caja_de_la_sucursal_y_anularlo_lo_devuelve(caja, factura, usuario):
    pago = services.pago_registrar(factura_id=factura.pk, fecha=dia(2), monto="200.00", usuario=usuario)
    caja.refresh_from_db()
    assert caja.saldo == D("300.00")
    salida = MovimientoCaja.objects.get(documento_id=pago.pk, sentido="egreso")
    assert (salida.monto, salida.referencia, salida.turno.caja) == (D("200.00"), "F001-7", caja)
    assert PagoCompra.objects.get(pk=pago.pk).caja == caja

    services.pago_anular(pago_id=pago.pk, usuario=usuario)
    caja.refresh_from_db()
    assert caja.saldo == D("500.00")
    assert MovimientoCaja.objects.get(revierte=salida).monto == D("200.00")
    assert FacturaCompra.objects.get(pk=factura.pk).por_pagar == D("236.00")


def test_el_pago_desde_una_cuenta_bancaria_baja_su_saldo(empresa, caja, factura, usuario):
    cuenta = CuentaBancaria.objects.create(
        empresa=empresa, banco="BBVA", moneda=Moneda.objects.get(codigo="PEN"), numero="0011-01", saldo_inicial=D("1000.00")
    )
    services.pago_registrar(factura_id=factura.pk, fecha=dia(2), monto="236.00", usuario=usuario, origen=cuenta, referencia="OP-551")
    cuenta.refresh_from_db()
    caja.refresh_from_db()
    assert (cuenta.saldo, caja.saldo) == (D("764.00"), D("500.00"))
    assert OperacionBancaria.objects.get(cuenta=cuenta).numero_operacion == "OP-551"
    assert FacturaCompra.objects.get(pk=factura.pk).por_pagar == D("0.00")


def test_un_pago_mayor_que_el_efectivo_de_la_caja_no_se_registra(caja, factura, usuario):
    usuario.is_superuser = False
    usuario.save()
    caja.usuarios.add(usuario)
    tesoreria.movimiento_registrar(caja=caja, sentido="egreso", monto="450.00", usuario=usuario, fecha=dia(1))
    with pytest.raises(ValidationError, match=r"supera el saldo de la caja"):
        services.pago_registrar(factura_id=factura.pk, fecha=dia(2), monto="100.00", usuario=usuario)
    assert not PagoCompra.objects.exists()
    assert FacturaCompra.objects.get(pk=factura.pk).pagado == D("0.00")


def test_cuentas_por_pagar_por_tramos_y_pago_de_los_elegidos(client, sucursal, almacen, prov, articulo, caja, usuario):
    from billing.models import MetodoPago

    # Owed 236.00 each: #21 due 1 Mar (45 days overdue at 15 Apr), #22 due 30 Apr (not due yet).
    vencida = services.factura_registrar(
        cabecera=cabecera(sucursal, almacen, prov, 21, dia(1), fecha_vencimiento=dia(1)), lineas=[linea(articulo, 10, "20")], usuario=usuario
    )
    por_vencer = services.factura_registrar(
        cabecera=cabecera(sucursal, almacen, prov, 22, dia(2), fecha_vencimiento=dia(30, 4)), lineas=[linea(articulo, 10, "20")], usuario=usuario
    )
    efectivo = MetodoPago.objects.create(empresa=sucursal.empresa, nombre="Efectivo")
    client.force_login(usuario)
    url = f"/admin/purchases/cuentaporpagar/?corte={dia(15, 4).isoformat()}"
    html = client.get(url).content.decode()
    assert 'id="tramo-d31_60">S/ 236.00<' in html and 'id="tramo-por_vencer">S/ 236.00<' in html
    assert 'id="tramo-total">S/ 472.00<' in html

    # 300.00 settles the overdue one first (236.00) and 64.00 of the other, out of the register's 500.00.
    datos = {"documentos": [por_vencer.pk, vencida.pk], "monto": "300.00", "medio": f"caja:{caja.pk}", "metodo_pago": efectivo.pk,
             "fecha": dia(15, 4).isoformat()}  # fmt: skip
    client.post(url, datos)
    assert FacturaCompra.objects.get(pk=vencida.pk).por_pagar == D("0.00")
    assert FacturaCompra.objects.get(pk=por_vencer.pk).por_pagar == D("172.00")
    caja.refresh_from_db()
    assert caja.saldo == D("200.00")
    html = client.get(url).content.decode()
    assert 'id="tramo-d31_60">S/ 0.00<' in html and 'id="tramo-total">S/ 172.00<' in html

    demasiado = client.post(url, {**datos, "monto": "200.00"}, follow=True).content.decode()
    assert "excede el saldo de los documentos elegidos (172.00)" in demasiado
    caja.refresh_from_db()
    assert caja.saldo == D("200.00")


def test_la_pagina_del_proveedor_y_el_inicio_muestran_lo_que_se_le_debe(client, sucursal, almacen, prov, articulo, usuario):
    import datetime

    from django.utils import timezone

    hoy = timezone.localdate()
    services.factura_registrar(
        cabecera=cabecera(sucursal, almacen, prov, 31, hoy - datetime.timedelta(days=20), fecha_vencimiento=hoy - datetime.timedelta(days=2)),
        lineas=[linea(articulo, 10, "20")], usuario=usuario,
    )  # fmt: skip
    client.force_login(usuario)
    pagina = " ".join(client.get(f"/admin/erp/proveedor/{prov.pk}/change/").content.decode().split())
    assert "Compras al proveedor" in pagina and "Por pagar: S/ 236.00 en 1 documento" in pagina and "Factura F001-31" in pagina
    inicio = " ".join(client.get("/admin/").content.decode().split())
    assert f"Factura F001-31 de {prov.razon_social}, venció el {hoy - datetime.timedelta(days=2):%d/%m/%Y}" in inicio
