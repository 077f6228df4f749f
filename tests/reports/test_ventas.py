"""Sales reports over the known documents of conftest: totals, branch scoping, sorting, bad input, the Excel file."""

import datetime
import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.urls import reverse

from reports.framework import FiltrosInvalidos, reporte, resultado
from tests.ventas import HOY

pytestmark = pytest.mark.django_db
PERIODO = {"desde": "01/11/2026", "hasta": "30/11/2026"}


def _filas(ventas, codigo, usuario="gerente", **filtros):
    res = resultado(reporte(codigo), ventas[usuario], {**PERIODO, **filtros})
    return res, list(res.iterar())


def test_ventas_por_tipo_con_la_nota_que_resta_y_sin_la_anulada_ni_otra_sucursal(ventas, client):
    client.force_login(ventas["gerente"])
    resp = client.get(reverse("reports:ver", args=["ventas-tipo"]), PERIODO)
    assert resp.status_code == 200
    filas = {f[0][0]: [v for v, _ in f[1:]] for f in resp.context["filas"]}
    assert filas == {
        "Boleta de venta": [1, D("100.00"), D("0"), D("18.00"), D("118.00")],
        "Factura": [1, D("2150.00"), D("0"), D("387.00"), D("2537.00")],
        "Nota de crédito": [1, D("-50.00"), D("0"), D("-9.00"), D("-59.00")],
    }
    assert [v for v, _ in resp.context["totales"]] == [None, 3, D("2200.00"), D("0.00"), D("396.00"), D("2596.00")]
    texto = resp.content.decode()
    assert "2,596.00" in texto and 'id="grafico-reporte"' in texto and "Exportar a Excel" in texto
    # The voided boleta is its own listing.
    anulados = client.get(reverse("reports:ver", args=["ventas-tipo"]), {**PERIODO, "estado": "anulado"})
    assert [(f[0][0], f[5][0]) for f in anulados.context["filas"]] == [("Boleta de venta", D("118.00"))]


def test_por_cliente_producto_categoria_vendedor_sucursal_y_periodo(ventas):
    _, clientes = _filas(ventas, "ventas-cliente")
    assert [(f["razon_social"], f["documentos"], f["total"]) for f in clientes] == [("CLIENTE CON RUC S.A.C.", 2, D("2478.00")), ("JUAN PÉREZ", 1, D("118.00"))]
    _, productos = _filas(ventas, "ventas-producto")
    assert [(f["codigo_producto"], f["cantidad"], f["valor"], f["total"]) for f in productos] == [
        ("LAP-01", D("1"), D("2000"), D("2360")),
        ("MOU-01", D("4"), D("200"), D("236")),
    ]
    _, mas = _filas(ventas, "mas-vendidos")
    assert [f["codigo_producto"] for f in mas] == ["MOU-01", "LAP-01"]
    _, categorias = _filas(ventas, "ventas-categoria")
    assert [(f["categoria_nombre"], f["total"]) for f in categorias] == [("Sin categoría", D("2596"))]
    _, vendedores = _filas(ventas, "ventas-vendedor")
    assert [(f["usuario"], f["documentos"], f["total"]) for f in vendedores] == [("vendedor", 3, D("2596.00"))]
    _, sucursales = _filas(ventas, "ventas-sucursal")
    assert [(f["sucursal_nombre"], f["total"]) for f in sucursales] == [(ventas["sucursal"].nombre, D("2596.00"))]
    _, dias = _filas(ventas, "ventas-periodo", agrupar="dia")
    assert [(f["periodo"].date() if isinstance(f["periodo"], datetime.datetime) else f["periodo"], f["total"]) for f in dias] == [(HOY, D("2596.00"))]
    # A product filter keeps the documents that have it, whole.
    _, con_laptop = _filas(ventas, "ventas-tipo", producto="LAP-01")
    assert [(f["tipo_nombre"], f["total"]) for f in con_laptop] == [("Factura", D("2537.00"))]


def test_margen_bruto_contra_el_costo_del_kardex_solo_con_permiso(ventas, client):
    _, filas = _filas(ventas, "margen-producto")
    # Laptop 2,000 − 1,500; mice 200 − 80 (3 + 2 out at 20, 1 back at 20).
    assert sorted((f["codigo"], f["valor"], f["costo"], f["margen"]) for f in filas) == [
        ("LAP-01", D("2000"), D("1500.00"), D("500.00")),
        ("MOU-01", D("200"), D("80.00"), D("120.00")),
    ]
    res, docs = _filas(ventas, "margen-documento")
    assert [(f["documento"], f["margen"]) for f in docs] == [("F001-00000001", D("590.00")), ("B001-00000001", D("60.00")), ("FC01-00000001", D("-30.00"))]
    assert res.totales()["margen"] == D("620.00")
    client.force_login(ventas["analista"])
    assert client.get(reverse("reports:ver", args=["margen-producto"]), PERIODO).status_code == 403
    assert client.get(reverse("reports:ver", args=["ventas-tipo"]), PERIODO).status_code == 200


def test_otra_sucursal_fechas_al_reves_periodo_largo_y_mes_vacio(ventas, client):
    client.force_login(ventas["gerente"])
    url = reverse("reports:ver", args=["ventas-tipo"])
    ajena = client.get(url, {**PERIODO, "sucursal": ventas["trujillo"].pk})
    assert ajena.status_code == 400 and "No tiene acceso a esa sucursal." in ajena.content.decode()
    alreves = client.get(url, {"desde": "30/11/2026", "hasta": "01/11/2026"})
    assert alreves.status_code == 400 and "La fecha «desde» es posterior a la fecha «hasta»." in alreves.content.decode()
    largo = client.get(url, {"desde": "01/01/2024", "hasta": "30/11/2026"})
    assert "El período no puede pasar de 366 días" in largo.content.decode()
    vacio = client.get(url, {"desde": "01/10/2026", "hasta": "31/10/2026"})
    assert vacio.status_code == 200
    texto = vacio.content.decode()
    assert "No hay datos para estos filtros." in texto and "Importe total" in texto
    excel = client.get(reverse("reports:excel", args=["ventas-tipo"]), {"desde": "01/10/2026", "hasta": "31/10/2026"})
    hoja = openpyxl.load_workbook(io.BytesIO(excel.content)).active
    assert [c.value for c in hoja[4]] == ["Tipo de documento", "Documentos", "Op. gravadas", "Exoneradas, inafectas y exportación", "IGV", "Importe total"]
    with pytest.raises(FiltrosInvalidos):
        resultado(reporte("ventas-tipo"), ventas["gerente"], {**PERIODO, "sucursal": str(ventas["trujillo"].pk)})


def test_ordenar_por_una_columna_y_la_url_guarda_los_filtros(ventas, client):
    client.force_login(ventas["gerente"])
    resp = client.get(reverse("reports:ver", args=["ventas-cliente"]), {**PERIODO, "o": "total"})
    assert [f[1][0] for f in resp.context["filas"]] == ["JUAN PÉREZ", "CLIENTE CON RUC S.A.C."]
    assert "desde=01%2F11%2F2026" in resp.context["consulta"] and "o=total" in resp.context["consulta"]


def test_excel_con_titulo_tipos_formatos_encabezado_fijo_filtro_y_totales(ventas, client):
    client.force_login(ventas["gerente"])
    resp = client.get(reverse("reports:excel", args=["margen-documento"]), PERIODO)
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    libro = openpyxl.load_workbook(io.BytesIO(resp.content))
    hoja = libro.active
    assert hoja["A1"].value.startswith("Margen bruto por documento — ") and ventas["empresa"].ruc in hoja["A1"].value
    assert "Del 01/11/2026 al 30/11/2026" in hoja["A2"].value and "Todas sus sucursales" in hoja["A2"].value
    assert [c.value for c in hoja[4]] == ["Fecha", "Documento", "Cliente", "Venta sin IGV", "Costo (kardex)", "Margen bruto", "% margen"]
    assert hoja["A4"].font.b
    fila = hoja[5]
    assert fila[0].value == datetime.datetime(2026, 11, 20) and fila[0].is_date and fila[0].number_format == "DD/MM/YYYY"
    assert fila[1].value == "F001-00000001"
    assert fila[3].value == 2150 and fila[3].data_type == "n" and fila[3].number_format == "#,##0.00"
    assert fila[5].value == 590
    totales = hoja[8]
    assert totales[0].value == "Totales" and totales[3].value == 2200 and totales[5].value == 620 and totales[5].font.b
    assert hoja.freeze_panes == "A5"
    assert hoja.auto_filter.ref == "A4:G7"
    assert hoja.column_dimensions["C"].width == 36
