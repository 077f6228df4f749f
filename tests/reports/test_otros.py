"""Purchases, stock, kardex, receivables and CPE reports over the known data of conftest, each as the user's
branches allow."""

import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.urls import reverse

from cpe.models import ComprobanteElectronico, EstadoCpe
from purchases import services as compras
from reports.framework import reporte, resultado
from tests.purchases.conftest import cabecera, linea, proveedor
from tests.ventas import HOY

pytestmark = pytest.mark.django_db
PERIODO = {"desde": "01/11/2026", "hasta": "30/11/2026"}


def _filas(usuario, codigo, **filtros):
    res = resultado(reporte(codigo), usuario, {**PERIODO, **filtros})
    return res, list(res.iterar())


def test_compras_por_proveedor_y_producto_con_la_nota_que_resta(ventas):
    t = ventas
    prov = proveedor(t["sucursal"], "DISTRIBUIDORA S.A.C.")
    factura = compras.factura_registrar(cabecera=cabecera(t["sucursal"], t["almacen"], prov, 10, HOY), lineas=[linea(t["mouse"], 10, "20")], usuario=t["vendedor"])
    compras.factura_registrar(
        cabecera=cabecera(t["sucursal"], t["almacen"], prov, 3, HOY, tipo="07", serie="FC01", documento_referencia=factura, motivo_nota="descuento"),
        lineas=[linea(t["mouse"], 1, "20")], usuario=t["vendedor"],
    )  # fmt: skip
    # 10 × 20 = 200 + 36 IGV = 236; the note takes off 20 + 3.60.
    res, filas = _filas(t["gerente"], "compras-proveedor")
    assert [(f["proveedor_nombre"], f["documentos"], f["gravadas"], f["igv"], f["total"]) for f in filas] == [
        ("DISTRIBUIDORA S.A.C.", 2, D("180.00"), D("32.40"), D("212.40"))
    ]
    _, productos = _filas(t["gerente"], "compras-producto")
    assert [(f["codigo_producto"], f["cantidad"], f["valor"]) for f in productos] == [("MOU-01", D("9"), D("180"))]


def test_stock_de_todas_las_sucursales_lado_a_lado_solo_las_del_usuario(ventas, admin_user):
    t = ventas
    # Lima: laptop 10 − 1 = 9, mouse 100 − 3 − 2 + 1 = 96; Trujillo: laptop 5 − 1 = 4.
    res, filas = _filas(t["gerente"], "stock-sucursales")
    assert [c.titulo for c in res.columnas] == ["Código", "Producto", t["sucursal"].nombre, "Total"]
    lima = f"s{t['sucursal'].pk}"
    assert [(f["codigo"], f[lima], f["total"]) for f in filas] == [("LAP-01", D("9"), D("9")), ("MOU-01", D("96"), D("96"))]
    res, filas = _filas(admin_user, "stock-sucursales")
    trujillo = f"s{t['trujillo'].pk}"
    assert [(f["codigo"], f[lima], f[trujillo], f["total"]) for f in filas] == [("LAP-01", D("9"), D("4"), D("13")), ("MOU-01", D("96"), D("0"), D("96"))]
    # Valued at average cost: 9 × 1,500 + 96 × 20.
    res, filas = _filas(t["gerente"], "stock-almacen")
    assert res.totales()["valor"] == D("15420.00")
    _, valorizado = _filas(t["gerente"], "stock-valorizado")
    assert [(f["codigo"], f["valor"]) for f in valorizado] == [("LAP-01", D("13500.00")), ("MOU-01", D("1920.00"))]


def test_kardex_del_periodo_con_entradas_y_salidas(ventas):
    res, filas = _filas(ventas["gerente"], "kardex", producto="MOU-01")
    # The opening entry is in October; in November: 3 and 2 out, 1 back.
    assert [(f["entrada"], f["salida"], f["saldo_cantidad"]) for f in filas] == [(None, D("3"), D("97")), (None, D("2"), D("95")), (D("1"), None, D("96"))]
    assert res.totales()["salida"] == D("5")


def test_cuentas_por_cobrar_por_antiguedad_de_la_cartera(ventas):
    # Nothing paid: the factura owes 2,537 − 59 (its credit note), the boleta 118; both due today.
    res, filas = _filas(ventas["gerente"], "por-cobrar", hasta="20/11/2026")
    assert sorted((f["socio"], f["por_vencer"], f["total"]) for f in filas) == [
        ("CLIENTE CON RUC S.A.C.", D("2478.00"), D("2478.00")), ("JUAN PÉREZ", D("118.00"), D("118.00"))
    ]
    res, filas = _filas(ventas["gerente"], "por-cobrar", hasta="25/12/2026")
    assert res.totales()["d31_60"] == D("2596.00")


def test_estado_de_los_comprobantes_electronicos_con_el_codigo_de_sunat(ventas):
    ComprobanteElectronico.objects.filter(documento=ventas["boleta"]).update(estado=EstadoCpe.RECHAZADO, codigo_respuesta="2800")
    _, filas = _filas(ventas["gerente"], "cpe-estado")
    resumen = {(f["tipo_nombre"], f["estado_nombre"], f["codigo_respuesta"]): f["cantidad"] for f in filas}
    # The shop has no certificate: what was not rejected waits in "error" to be retried; the Trujillo factura is not the user's.
    assert resumen == {
        ("Boleta de venta", "Rechazado", "2800"): 1,
        ("Boleta de venta", "Error (se reintentará)", ""): 1,
        ("Factura", "Error (se reintentará)", ""): 1,
        ("Nota de crédito", "Error (se reintentará)", ""): 1,
    }


def test_cada_reporte_abre_con_sus_encabezados_y_exporta_aunque_no_haya_datos(ventas, admin_client):
    from reports.framework import reportes

    for definicion in reportes():
        pagina = admin_client.get(reverse("reports:ver", args=[definicion.codigo]), PERIODO)
        assert pagina.status_code == 200, definicion.codigo
        texto = pagina.content.decode()
        assert all(c["col"].titulo in texto for c in pagina.context["columnas"]), definicion.codigo
        excel = admin_client.get(reverse("reports:excel", args=[definicion.codigo]), PERIODO)
        encabezado = [c.value for c in openpyxl.load_workbook(io.BytesIO(excel.content)).active[4]]
        assert encabezado == [c["col"].titulo for c in pagina.context["columnas"]], definicion.codigo
    indice = admin_client.get(reverse("reports:indice")).content.decode()
    assert "Ventas por producto" in indice and "Libros electrónicos (PLE)" in indice


def test_el_menu_lista_los_reportes_que_el_perfil_permite(ventas, client):
    client.force_login(ventas["analista"])
    texto = client.get(reverse("reports:indice")).content.decode()
    assert "Ventas por cliente" in texto and "Margen bruto por producto" not in texto and "Stock valorizado" not in texto
    assert reverse("reports:r_ventas-cliente") in texto
