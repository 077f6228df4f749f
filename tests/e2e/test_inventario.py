"""A product's first days: created, its opening balance, an adjustment, a transfer, and its kardex."""

import re
from decimal import Decimal

import pytest

from erp.models import Usuario
from inventory.models import Producto, Stock
from tests import factories

from .conftest import elegir_autocompletado, entrar, guardar

pytestmark = pytest.mark.django_db(transaction=True)


def _registrar(page, mensaje):
    page.get_by_role("link", name="Registrar").click()
    page.wait_for_load_state()
    assert page.get_by_text(re.compile(mensaje)).is_visible()


def test_producto_saldo_inicial_ajuste_transferencia_y_kardex(pagina):
    empresa = factories.empresa(razon_social="FERRETERÍA EL PERNO S.A.C.")
    factories.sucursal(empresa, codigo="0000", nombre="Lima")
    factories.sucursal(empresa, codigo="0001", nombre="Trujillo")
    Usuario.objects.create_superuser("jefa", "jefa@example.com", "Jefa-Clave-2026")
    page = pagina
    entrar(page, "jefa", "Jefa-Clave-2026")

    # The product, priced with IGV on its first tab.
    page.goto(f"{page.base}/admin/inventory/producto/add/")
    page.fill("#id_codigo", "TAL-500")
    page.fill("#id_nombre", "TALADRO PERCUTOR 500 W")
    page.fill("#id_precio_venta", "236")
    page.locator("button[name=_continue]").click()
    page.wait_for_load_state()
    assert page.get_by_text("El producto TAL-500 - TALADRO PERCUTOR 500 W se registró. Puede seguir editándolo abajo.").is_visible()
    taladro = Producto.objects.get(codigo="TAL-500")
    assert (taladro.valor_venta, taladro.unidad_id, taladro.cod_num) == (Decimal("200"), "NIU", 10_000_001)

    # Opening balance from the product's page: 10 at 150.00.
    page.get_by_role("link", name=re.compile("Registrar saldo inicial")).click()
    page.wait_for_url(re.compile("/admin/inventory/ajuste/add/"))
    assert page.locator("#id_tipo_operacion option:checked").inner_text() == "Saldo inicial"
    assert "TALADRO PERCUTOR" in page.locator("#id_lineas-0-producto option:checked").inner_text()
    page.select_option("#id_almacen", label="Almacén principal (Lima)")
    page.fill("#id_motivo", "Inventario al abrir la tienda")
    page.fill("#id_lineas-0-cantidad", "10")
    page.fill("#id_lineas-0-costo_unitario", "150")
    guardar(page)
    assert page.get_by_text("AJ-000001 guardado como borrador.", exact=False).is_visible()
    _registrar(page, "AJ-000001 registrado en el kardex.")

    # An adjustment: two broken in the shop.
    page.goto(f"{page.base}/admin/inventory/ajuste/add/")
    page.select_option("#id_almacen", label="Almacén principal (Lima)")
    page.select_option("#id_tipo_operacion", label="Ajuste por diferencia de inventario")
    page.fill("#id_motivo", "Dos unidades dañadas en exhibición")
    elegir_autocompletado(page, "id_lineas-0-producto", "taladro", "TALADRO PERCUTOR")
    page.select_option("#id_lineas-0-naturaleza", label="Salida")
    page.fill("#id_lineas-0-cantidad", "2")
    guardar(page)
    _registrar(page, "AJ-000002 registrado en el kardex.")

    # Three go to Trujillo.
    page.goto(f"{page.base}/admin/inventory/transferencia/add/")
    page.select_option("#id_almacen_origen", label="Almacén principal (Lima)")
    page.select_option("#id_almacen_destino", label="Almacén principal (Trujillo)")
    elegir_autocompletado(page, "id_lineas-0-producto", "taladro", "TALADRO PERCUTOR")
    page.fill("#id_lineas-0-cantidad", "3")
    guardar(page)
    _registrar(page, "TR-000001 registrada: el stock salió del origen y entró al destino.")
    assert sorted(Stock.objects.values_list("almacen__sucursal__nombre", "cantidad")) == [("Lima", 5), ("Trujillo", 3)]

    # The kardex of Lima: 10 in at 150, 2 out, 3 out; 5 left worth 750.00.
    page.goto(f"{page.base}/admin/inventory/movimiento/kardex/")
    elegir_autocompletado(page, "id_producto", "taladro", "TALADRO PERCUTOR")
    page.select_option("#id_almacen", label="Almacén principal (Lima)")
    page.get_by_role("button", name="Ver kardex").click()
    page.wait_for_load_state()
    filas = page.locator("#kardex tbody tr")
    assert filas.count() == 4  # opening line plus three moves
    textos = [re.sub(r"\s+", " ", filas.nth(i).inner_text()) for i in range(4)]
    assert "Saldo inicial" in textos[0]
    assert "16 Saldo inicial" in textos[1] and "1,500.00" in textos[1]
    assert "28 Ajuste por diferencia de inventario" in textos[2] and "300.00" in textos[2] and "1,200.00" in textos[2]
    assert "11 Salida por transferencia entre almacenes" in textos[3] and "TR-000001" in textos[3] and "750.00" in textos[3]
    assert page.locator("#saldo-final").inner_text().startswith("5 NIU")
