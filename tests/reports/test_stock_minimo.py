"""The minimum stock per product and warehouse: its report «Stock bajo mínimo», its Excel, the dashboard's count
and the product's admin screen, for the user's branches only.

Over conftest's stock (Lima: laptop 9, mouse 96; Trujillo: laptop 4), with these minimums:
- Lima's main warehouse: laptop 10 (1 short), mouse 96 (exactly at it: not below);
- Lima's «Depósito» (never moved): mouse 5 (0 in stock, 5 short);
- Trujillo: laptop 5 (1 short), a branch the manager may not see.
"""

import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inventory.models import Almacen, StockMinimo
from inventory.selectors import almacen_principal
from reports.framework import reporte, resultado
from reports.tablero import cifras
from tests import factories
from tests.ventas import HOY

pytestmark = pytest.mark.django_db


@pytest.fixture
def minimos(ventas):
    t = ventas
    deposito = Almacen.objects.create(sucursal=t["sucursal"], nombre="Depósito")
    for producto, almacen, cantidad in (
        (t["laptop"], t["almacen"], 10), (t["mouse"], t["almacen"], 96), (t["mouse"], deposito, 5), (t["laptop"], almacen_principal(t["trujillo"]), 5),
    ):  # fmt: skip
        StockMinimo.objects.create(producto=producto, almacen=almacen, cantidad=cantidad)
    return {**t, "deposito": deposito}


def _filas(usuario, **filtros):
    res = resultado(reporte("stock-bajo-minimo"), usuario, filtros)
    return res, [(f["codigo"], f["almacen_nombre"], f["minimo"], f["stock"], f["faltante"]) for f in res.iterar()]


def test_reporte_de_stock_bajo_minimo_solo_de_sus_sucursales(minimos, admin_user):
    t = minimos
    res, filas = _filas(t["gerente"])
    assert sorted(filas) == [("LAP-01", t["almacen"].nombre, D("10"), D("9"), D("1")), ("MOU-01", "Depósito", D("5"), D("0"), D("5"))]
    assert res.totales() == {"faltante": D("6")}
    _, todas = _filas(admin_user)
    assert sorted(f[:2] for f in todas) == [("LAP-01", t["almacen"].nombre), ("LAP-01", almacen_principal(t["trujillo"]).nombre), ("MOU-01", "Depósito")]
    _, mouse = _filas(t["gerente"], producto="MOU-01")
    assert [f[1] for f in mouse] == ["Depósito"]
    # An inactive product is not restocked.
    t["laptop"].__class__.objects.filter(pk=t["laptop"].pk).update(activo=False)
    assert [f[0] for f in _filas(t["gerente"])[1]] == ["MOU-01"]


def test_excel_de_stock_bajo_minimo_con_cantidades_como_numeros(minimos, client):
    client.force_login(minimos["gerente"])
    resp = client.get(reverse("reports:excel", args=["stock-bajo-minimo"]), {"o": "codigo"})
    hoja = openpyxl.load_workbook(io.BytesIO(resp.content)).active
    assert hoja["A1"].value.startswith("Stock bajo mínimo — ")
    assert [c.value for c in hoja[4]] == ["Código", "Producto", "Sucursal", "Almacén", "Stock mínimo", "Stock", "Falta para el mínimo"]
    assert [c.value for c in hoja[5]] == ["LAP-01", "Laptop 14 pulgadas", minimos["sucursal"].nombre, minimos["almacen"].nombre, 10, 9, 1]
    assert [c.value for c in hoja[6]][:4] == ["MOU-01", "Mouse inalámbrico", minimos["sucursal"].nombre, "Depósito"]
    assert isinstance(hoja["E5"].value, int | float) and hoja["E5"].number_format == "#,##0.00##"
    assert (hoja["A7"].value, hoja["G7"].value) == ("Totales", 6)


def test_el_tablero_cuenta_los_productos_bajo_minimo_con_enlace_al_reporte(minimos, client):
    c = cifras(minimos["gerente"], hoy=HOY)
    assert c["inventario"]["bajo_minimo"] == 2  # Trujillo's laptop is not the manager's
    assert c["inventario"]["enlaces"]["bajo_minimo"] == reverse("reports:ver", args=["stock-bajo-minimo"])
    client.force_login(minimos["gerente"])
    inicio = client.get(reverse("admin:index")).content.decode()
    assert "Stock bajo mínimo (por almacén)" in inicio and reverse("reports:ver", args=["stock-bajo-minimo"]) in inicio


def _producto(producto, minimos: list[tuple], iniciales: int) -> dict:
    """The product's change form as posted: its data and `minimos` (id or None, warehouse, quantity)."""
    datos = {
        "empresa": producto.empresa_id, "codigo": producto.codigo, "cod_num": producto.cod_num, "nombre": producto.nombre, "unidad": "NIU",
        "afectacion_igv": "10", "valor_venta": str(producto.valor_venta), "precio_venta": str(producto.precio_venta), "isc_tasa": "0", "activo": "on",
        "precios-TOTAL_FORMS": 0, "precios-INITIAL_FORMS": 0, "minimos-TOTAL_FORMS": len(minimos), "minimos-INITIAL_FORMS": iniciales,
    }  # fmt: skip
    for i, (pk, almacen, cantidad) in enumerate(minimos):
        datos.update({f"minimos-{i}-id": pk or "", f"minimos-{i}-producto": producto.pk, f"minimos-{i}-almacen": almacen.pk, f"minimos-{i}-cantidad": cantidad})
    return datos


def test_stock_minimo_en_la_pantalla_del_producto(minimos, admin_client):
    t = minimos
    url = reverse("admin:inventory_producto_change", args=[t["mouse"].pk])
    pagina = admin_client.get(url)
    assert pagina.status_code == 200 and "Stock mínimo" in pagina.content.decode()
    actuales = list(StockMinimo.objects.filter(producto=t["mouse"]).order_by("almacen__nombre"))  # Depósito, then the main one
    # Raise the main warehouse's minimum to 100 (96 in stock: now below) and drop the Depósito's.
    datos = _producto(t["mouse"], [(actuales[0].pk, t["deposito"], "5"), (actuales[1].pk, t["almacen"], "100")], iniciales=2)
    datos["minimos-0-DELETE"] = "on"
    resp = admin_client.post(url, datos)
    assert resp.status_code == 302, resp.context["errors"]
    assert [(m.almacen, m.cantidad) for m in StockMinimo.objects.filter(producto=t["mouse"])] == [(t["almacen"], D("100"))]
    assert [(f[0], f[4]) for f in _filas(t["gerente"], producto="MOU-01")[1]] == [("MOU-01", D("4"))]
    # A zero or a second row for the same warehouse: a message, nothing written.
    for filas, mensaje in (
        ([(actuales[1].pk, t["almacen"], "0")], "El stock mínimo debe ser mayor que cero."),
        ([(actuales[1].pk, t["almacen"], "100"), (None, t["almacen"], "3")], "corrija el dato duplicado para almacen"),
    ):  # fmt: skip
        resp = admin_client.post(url, _producto(t["mouse"], filas, iniciales=1))
        assert resp.status_code == 200 and mensaje in resp.content.decode()
        assert StockMinimo.objects.filter(producto=t["mouse"]).count() == 1 and StockMinimo.objects.get(producto=t["mouse"]).cantidad == D("100")
    servicio = admin_client.get(reverse("admin:inventory_servicio_change", args=[t["soporte"].pk])).content.decode()
    assert "minimos-TOTAL_FORMS" not in servicio
    with pytest.raises(ValidationError, match="mayor que cero"):
        StockMinimo(producto=t["laptop"], almacen=t["deposito"], cantidad=0).full_clean()
    with pytest.raises(ValidationError, match="no lleva stock mínimo"):
        StockMinimo(producto=t["soporte"], almacen=t["deposito"], cantidad=1).full_clean()


def test_quien_edita_productos_fija_minimos_solo_en_almacenes_de_sus_sucursales(minimos, client):
    t = minimos
    encargado = factories.usuario("logistica", sucursales=[t["sucursal"]], perfiles=[factories.perfil("Logística", modulos=["inventario.productos"])])
    client.force_login(encargado)
    url = reverse("admin:inventory_producto_change", args=[t["laptop"].pk])
    pagina = client.get(url)
    formset = next(f.formset for f in pagina.context["inline_admin_formsets"] if f.formset.prefix == "minimos")
    # Trujillo's minimum of the laptop is not shown, nor its warehouse offered.
    assert [m.almacen for m in formset.queryset] == [t["almacen"]]
    assert set(formset.forms[0].fields["almacen"].queryset) == {t["almacen"], t["deposito"]}
    datos = _producto(t["laptop"], [(formset.queryset[0].pk, t["almacen"], "9")], iniciales=1)
    assert client.post(url, datos).status_code == 302
    assert sorted(StockMinimo.objects.filter(producto=t["laptop"]).values_list("cantidad", flat=True)) == [D("5"), D("9")]  # Trujillo's kept
