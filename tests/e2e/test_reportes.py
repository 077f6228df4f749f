"""The dashboard and one report's chart in Chromium: Chart.js comes from the ERP's own static files and draws."""

import re

import pytest

from tests.reports.conftest import ventas  # noqa: F401  (fixture: the known sales of the reports' tests)
from tests.ventas import empresa_tienda, tienda  # noqa: F401  (fixtures)

from .conftest import entrar

pytestmark = pytest.mark.django_db(transaction=True)


def test_el_tablero_y_el_grafico_de_ventas_por_sucursal(pagina, ventas):  # noqa: F811
    page = pagina
    scripts = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    entrar(page, "gerente", "clave-segura-123")
    assert page.get_by_text("Resumen del negocio").is_visible()
    assert page.get_by_role("link", name="Por cobrar vencido").is_visible()
    assert page.get_by_text("Ventas del mes por sucursal").is_visible()

    page.goto(f"{page.base}/admin/reportes/ventas-sucursal/?desde=01/11/2026&hasta=30/11/2026")
    assert page.title().startswith("Ventas por sucursal |")
    lienzo = page.locator("#grafico-reporte canvas")
    lienzo.wait_for()
    datos = page.evaluate("() => { const c = Chart.getChart(document.querySelector('#grafico-reporte canvas')); return [c.data.labels, c.data.datasets[0].data]; }")
    assert datos == [[ventas["sucursal"].nombre], [2596]]
    # A bar wide enough to read and an axis with the amounts (unfold's defaults: 4 px and no values).
    ancho, marcas = page.evaluate("() => { const c = Chart.getChart(document.querySelector('#grafico-reporte canvas')); "
                                  "return [c.getDatasetMeta(0).data[0].width, c.scales.y.ticks.length]; }")  # fmt: skip
    assert ancho >= 40 and marcas >= 3
    assert page.locator("#totales").inner_text().split() == ["Totales", "3", "2,200.00", "0.00", "396.00", "2,596.00"]
    # Every script is the ERP's own: nothing from a CDN.
    assert scripts and all(url.startswith(page.base) for url in scripts)
    assert any(re.search(r"/static/unfold/js/chart/chart\.js$", url) for url in scripts)
