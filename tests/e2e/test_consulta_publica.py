"""A customer downloads their factura from the public consultation page, in Chromium."""

from pathlib import Path

import pytest
from django.core.cache import cache

from cpe.consulta import NO_ENCONTRADO
from tests.cpe.emitidos import emitir, texto_pdf

pytestmark = pytest.mark.django_db(transaction=True)


def _llenar(page, ruc, total):
    page.fill("#id_ruc", ruc)
    page.select_option("#id_tipo", label="Factura")
    page.fill("#id_numero", "F001-1")
    page.fill("#id_fecha", "2026-11-20")
    page.fill("#id_total", total)
    page.get_by_role("button", name="Ver documento").click()
    page.wait_for_load_state()


def test_el_cliente_descarga_su_factura(pagina, tienda_cpe, settings):
    settings.CONSULTA_CPE_TIEMPO_MINIMO = 0.1
    cache.clear()
    t = tienda_cpe
    _, cpe = emitir(t, lineas=[(t["mouse"], 2, "59.00")])
    page = pagina

    page.goto(f"{page.base}/consulta/")
    _llenar(page, t["empresa"].ruc, "108.00")
    assert page.locator("#mensaje").inner_text() == NO_ENCONTRADO
    assert page.get_by_text("Descargar PDF").count() == 0

    _llenar(page, t["empresa"].ruc, "118.00")
    assert "Factura F001-1" in page.locator("#resultado").inner_text()
    with page.expect_download() as descarga:
        page.get_by_text("Descargar PDF").click()
    pdf = descarga.value
    assert pdf.suggested_filename == f"{cpe.nombre}.pdf"
    texto = texto_pdf(Path(pdf.path()).read_bytes())
    assert "FACTURA ELECTRÓNICA" in texto and "F001-00000001" in texto and "S/ 118.00" in texto
    with page.expect_download() as descarga:
        page.get_by_text("Descargar XML").click()
    assert Path(descarga.value.path()).read_bytes() == bytes(cpe.xml)
