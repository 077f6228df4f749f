"""An order's reception screen in the browser: two partial receptions from the dialog, the pending quantities, the stock."""

import re
from decimal import Decimal

import pytest

from erp.models import Socio, TipoDocumentoIdentidad, Usuario
from inventory.models import Producto, Stock
from inventory.selectors import almacen_principal
from purchases import services
from tests import factories

from .conftest import entrar

pytestmark = pytest.mark.django_db(transaction=True)


def _recibir(page, linea_id, cantidad, guia=""):
    page.get_by_role("link", name=re.compile("Registrar recepción")).click()
    campo = page.locator(f"#id_l_{linea_id}")
    campo.wait_for()
    campo.fill(cantidad)
    if guia:
        page.fill("#id_guia_remision", guia)
    # The dialog posts with htmx and the answer sends the browser back to the order's page.
    with page.expect_navigation():
        page.locator("#modal-content button[type=submit]").click()


def test_la_orden_se_recibe_en_dos_partes_desde_su_pantalla(pagina):
    empresa = factories.empresa(razon_social="FERRETERÍA EL PERNO S.A.C.")
    sucursal = factories.sucursal(empresa, codigo="0000", nombre="Lima")
    jefa = Usuario.objects.create_superuser("jefa", "jefa@example.com", "Jefa-Clave-2026")
    jefa.sucursales.set([sucursal])
    proveedor = Socio.objects.create(
        sucursal=sucursal, tipo_documento=TipoDocumentoIdentidad.objects.get(codigo="6"), numero_documento=factories.ruc_valido(),
        razon_social="PERNOS DEL SUR S.A.C.", es_proveedor=True,
    )  # fmt: skip
    perno = Producto.objects.create(empresa=empresa, codigo="PER-1", nombre="PERNO 1/2", precio_venta=2, valor_venta=Decimal("1.69"))
    almacen = almacen_principal(sucursal)
    orden = services.orden_crear(sucursal=sucursal, almacen=almacen, proveedor=proveedor, usuario=jefa,
                                 lineas=[{"producto": perno, "cantidad": Decimal("100"), "valor_unitario": Decimal("0.80")}])  # fmt: skip
    services.orden_emitir(orden_id=orden.pk, usuario=jefa)
    linea = orden.lineas.get()

    page = pagina
    entrar(page, "jefa", "Jefa-Clave-2026")
    page.goto(f"{page.base}/admin/purchases/ordencompra/{orden.pk}/change/")
    assert page.locator("#pendiente-orden .pendiente").inner_text() == "100"

    # 60 arrive with the provider's guía: the order is partly received, 40 still pending.
    _recibir(page, linea.pk, "60", guia="T001-310")
    assert page.get_by_text(f"Recepción de {orden} registrada.").is_visible()
    assert page.locator("#pendiente-orden .pendiente").inner_text() == "40"
    assert "guía T001-310" in page.locator("#recepciones-orden").inner_text()
    assert Stock.objects.get(producto=perno, almacen=almacen).cantidad == Decimal("60")

    # The dialog offers what is pending; more than that is refused and nothing moves.
    page.get_by_role("link", name=re.compile("Registrar recepción")).click()
    assert page.locator(f"#id_l_{linea.pk}").input_value() == "40"
    page.keyboard.press("Escape")
    _recibir(page, linea.pk, "41")
    assert page.get_by_text(re.compile("se reciben más unidades de las pedidas; confirme la sobre-recepción")).is_visible()
    assert Stock.objects.get(producto=perno, almacen=almacen).cantidad == Decimal("60")

    # The remaining 40: received in full; 100 in stock at 0.80 each.
    _recibir(page, linea.pk, "40")
    orden.refresh_from_db()
    stock = Stock.objects.get(producto=perno, almacen=almacen)
    assert (orden.estado, stock.cantidad, stock.valor) == ("recibida", Decimal("100"), Decimal("80.00"))
    assert page.locator("#pendiente-orden .pendiente").inner_text() == "0"
    assert not page.get_by_role("link", name=re.compile("Registrar recepción")).count()
