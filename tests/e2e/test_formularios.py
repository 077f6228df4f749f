"""Forms that guide: the series offered follow the branch chosen, and the stock shown is that branch's warehouse."""

from decimal import Decimal

import pytest

from inventory.selectors import almacen_principal
from inventory.services import kardex_entrada
from tests import factories
from tests.ventas import HOY

from .conftest import elegir_autocompletado, entrar

pytestmark = pytest.mark.django_db(transaction=True)


def test_la_sucursal_elegida_decide_las_series_y_el_stock(pagina, tienda):
    arequipa = factories.sucursal(tienda["empresa"], codigo="0001", nombre="Arequipa", series=[("01", "F002")])
    kardex_entrada(
        producto=tienda["laptop"], almacen=almacen_principal(arequipa), cantidad=Decimal(20), fecha=HOY, tipo_operacion="16",
        documento_tipo="00", documento_serie="", documento_numero="", costo_unitario=Decimal("1500"),
    )  # fmt: skip
    vendedor = tienda["vendedor"]
    vendedor.sucursales.add(arequipa)
    vendedor.set_password("Vendedor-2026")
    vendedor.save()
    page = pagina
    entrar(page, "vendedor", "Vendedor-2026")

    page.goto(f"{page.base}/admin/billing/factura/add/")
    visibles = "Array.from(document.querySelectorAll('#id_serie option[data-sucursal]')).filter(o => !o.hidden).map(o => o.text)"
    assert page.evaluate(visibles) == ["F001"]
    page.select_option("#id_sucursal", label="Arequipa")
    assert page.evaluate(visibles) == ["F002"] and page.locator("#id_serie option:checked").inner_text() == "F002"

    page.get_by_role("link", name="Detalle").click()
    elegir_autocompletado(page, "id_lineas-0-producto", "laptop", "Laptop")
    page.locator(".stock-producto").filter(has_text="Arequipa").wait_for()
    assert page.locator(".stock-producto").inner_text().endswith(": 20")  # not "2", not Lima's 10
