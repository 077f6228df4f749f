"""The kardex page of a product and warehouse between two dates, its Excel file, and stock on the product page."""

import io
import re
from decimal import Decimal as D

import openpyxl
import pytest
from django.urls import reverse

from inventory.services import kardex_entrada, kardex_salida

from .conftest import dia, producto

pytestmark = pytest.mark.django_db

DOC = {"documento_tipo": "01", "documento_serie": "F001"}


@pytest.fixture
def movimientos(empresa, almacen):
    p = producto(empresa, codigo="T-85A", nombre="TÓNER 85A")
    kardex_entrada(producto=p, almacen=almacen, cantidad=10, costo_unitario=D("50"), fecha=dia(20, 2), tipo_operacion="02", documento_numero="7", **DOC)
    kardex_salida(producto=p, almacen=almacen, cantidad=4, fecha=dia(3), tipo_operacion="01", documento_numero="101", **DOC)
    kardex_entrada(producto=p, almacen=almacen, cantidad=6, costo_unitario=D("56"), fecha=dia(9), tipo_operacion="02", documento_numero="8", **DOC)
    kardex_salida(producto=p, almacen=almacen, cantidad=5, fecha=dia(15), tipo_operacion="01", documento_numero="102", **DOC)
    kardex_salida(producto=p, almacen=almacen, cantidad=1, fecha=dia(2, 4), tipo_operacion="01", documento_numero="103", **DOC)
    return p


def _filtro(p, almacen, desde="01/03/2025", hasta="31/03/2025", **extra):
    return {"producto": p.pk, "almacen": almacen.pk, "desde": desde, "hasta": hasta, **extra}


def test_kardex_de_un_mes_con_saldo_corrido(admin_client, movimientos, almacen):
    resp = admin_client.get(reverse("admin:inventory_movimiento_kardex"), _filtro(movimientos, almacen))
    assert resp.status_code == 200
    k = resp.context["kardex"]
    assert (k.saldo_inicial.cantidad, k.saldo_inicial.valor) == (D("10"), D("500.00"))
    # 10 @ 50 → sale 4 (200.00) → 6, 300.00 → buy 6 @ 56 → 12, 636.00, 53.00 → sale 5 (265.00) → 7, 371.00
    filas = [(m.fecha.day, m.naturaleza, m.costo_total, m.saldo_cantidad, m.saldo_valor) for m in resp.context["pagina"]]
    assert filas == [
        (3, "S", D("200.00"), D("6"), D("300.00")),
        (9, "E", D("336.00"), D("12"), D("636.00")),
        (15, "S", D("265.00"), D("7"), D("371.00")),
    ]
    assert (k.entradas_cantidad, k.entradas_valor, k.salidas_cantidad, k.salidas_valor) == (D("6"), D("336.00"), D("9"), D("465.00"))
    texto = resp.content.decode()
    for visible in ("Saldo inicial", "01 Venta nacional", "F001-101", "636.00", "Totales del período", "Exportar a Excel"):
        assert visible in texto


def test_fechas_al_reves_y_sin_producto(admin_client, movimientos, almacen):
    resp = admin_client.get(reverse("admin:inventory_movimiento_kardex"), _filtro(movimientos, almacen, desde="31/03/2025", hasta="01/03/2025"))
    assert "La fecha final debe ser posterior a la inicial." in resp.content.decode()
    resp = admin_client.get(reverse("admin:inventory_movimiento_kardex"), {"almacen": almacen.pk})
    assert "Elija el producto." in resp.content.decode()


def test_kardex_a_excel(admin_client, movimientos, almacen, empresa):
    resp = admin_client.get(reverse("admin:inventory_movimiento_kardex"), _filtro(movimientos, almacen, formato="xlsx"))
    assert resp["Content-Disposition"] == 'attachment; filename="kardex-T-85A-20250301-20250331.xlsx"'
    filas = list(openpyxl.load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True))
    encabezado = {fila[0]: fila[1] for fila in filas[1:9]}
    assert encabezado["RUC"] == empresa.ruc and encabezado["Código de la existencia"] == "T-85A"
    assert encabezado["Método de valuación"] == "Promedio ponderado"
    titulos = filas.index(next(f for f in filas if f[0] == "Fecha"))
    assert filas[titulos + 1][1] == "Saldo inicial" and filas[titulos + 1][12:] == (10, 50, 500)
    venta = filas[titulos + 2]
    assert venta[1:5] == ("01 Venta nacional", "01", "F001", "101")
    assert venta[6:] == (None, None, None, 4, 50, 200, 6, 50, 300)
    assert filas[-1] == ("Totales", None, None, None, None, None, 6, None, 336, 9, None, 465, 7, 53, 371)


def test_stock_por_almacen_en_la_pagina_del_producto(admin_client, movimientos, almacen):
    texto = admin_client.get(reverse("admin:inventory_producto_change", args=[movimientos.pk])).content.decode()
    assert "Stock por almacén" in texto and "Almacén principal" in texto
    assert re.search(r'data-label="cantidad">\s*6 NIU\s*<', texto)
    assert f"?producto={movimientos.pk}&almacen={almacen.pk}" in texto
