"""A day at the counter: a factura created, issued, paid and e-mailed, then a credit note against it."""

import re

import pytest
from django.core import mail

from billing.models import DocumentoVenta
from cpe.models import ConfiguracionCpe

from .conftest import elegir_autocompletado, entrar

pytestmark = pytest.mark.django_db(transaction=True)


def _accion(page, nombre):
    page.get_by_role("link", name=nombre).first.click()


def test_factura_emitida_pagada_enviada_y_nota_de_credito(pagina, tienda):
    ConfiguracionCpe.objects.create(empresa=tienda["empresa"], envio_automatico=False)
    vendedor = tienda["vendedor"]
    vendedor.set_password("Vendedor-2026")
    vendedor.save()
    page = pagina
    entrar(page, "vendedor", "Vendedor-2026")

    # A factura of two laptops: the product search fills price and shows stock.
    page.goto(f"{page.base}/admin/billing/factura/add/")
    elegir_autocompletado(page, "id_cliente", "con ruc", "CLIENTE CON RUC")
    page.get_by_role("link", name="Detalle").click()
    elegir_autocompletado(page, "id_lineas-0-producto", "laptop", "Laptop")
    page.wait_for_function("document.querySelector('#id_lineas-0-precio_unitario').value === '2360.00'")
    assert "Stock en" in page.locator(".stock-producto").inner_text() and ": 10" in page.locator(".stock-producto").inner_text()
    page.fill("#id_lineas-0-cantidad", "2")
    page.locator("button[name=_continue]").click()
    page.wait_for_load_state()
    factura = DocumentoVenta.objects.get(tipo="01")
    assert factura.estado == "borrador" and factura.importe_total == 4720

    # Issue it: number F001-00000001.
    _accion(page, "Emitir")
    page.wait_for_load_state()
    assert page.get_by_text(re.compile("Se emitió Factura F001-00000001")).is_visible()
    factura.refresh_from_db()
    assert factura.estado == "emitido" and factura.numero == 1

    # Paid in full.
    _accion(page, "Registrar pago")
    page.select_option("select[name=metodo_pago]", label="Efectivo")
    page.fill("input[name=fecha]", "20/11/2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Registrar").click()
    assert page.get_by_text("Pago registrado.").is_visible()
    factura.refresh_from_db()
    assert factura.estado_pago == "pagado"

    # E-mailed to the client's contact, with a blind copy to the seller.
    _accion(page, "Enviar por correo")
    assert page.locator("input[name=destinatarios]").input_value() == "lucia@example.com"
    with page.expect_navigation():
        page.get_by_role("button", name="Enviar correo").click()
    assert page.get_by_text(re.compile("Correo enviado a lucia@example.com")).is_visible()
    assert mail.outbox[-1].to == ["lucia@example.com"] and mail.outbox[-1].bcc == ["vendedor@example.com"]

    # A credit note that takes back one laptop.
    page.goto(f"{page.base}/admin/billing/notacredito/add/")
    page.select_option("#id_serie", label="FC01")
    elegir_autocompletado(page, "id_cliente", "con ruc", "CLIENTE CON RUC")
    elegir_autocompletado(page, "id_documento_referencia", "F001", "F001-00000001")
    page.select_option("#id_motivo_nota", value="07")
    page.fill("#id_sustento", "Devolución de una laptop")
    page.locator("button[name=_continue]").click()
    page.wait_for_load_state()
    _accion(page, "Importar líneas del documento")
    page.wait_for_load_state()
    nota = DocumentoVenta.objects.get(tipo="07")
    assert nota.lineas.get().cantidad == 2
    page.get_by_role("link", name="Detalle").click()
    page.fill("#id_lineas-0-cantidad", "1")
    page.locator("button[name=_continue]").click()
    page.wait_for_load_state()
    _accion(page, "Emitir")
    page.wait_for_load_state()
    assert page.get_by_text(re.compile("Se emitió Nota de crédito FC01-00000001")).is_visible()
    nota.refresh_from_db()
    assert nota.estado == "emitido" and nota.importe_total == 2360
