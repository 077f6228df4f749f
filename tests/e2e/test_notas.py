"""A credit note starts from its factura: "Emitir nota de crédito", one laptop back, accepted by SUNAT; both pages agree."""

import re

import pytest

from billing.models import DocumentoVenta
from cpe.models import ComprobanteElectronico, EstadoCpe
from cpe.services import cpe_enviar_sincrono
from erp.models import Modulo
from tests.cpe.resumen.conftest import emisor, emitir, sandbox, tareas_encoladas  # noqa: F401  (fixtures)

from .conftest import entrar

pytestmark = pytest.mark.django_db(transaction=True)


def test_nota_de_credito_parcial_desde_la_factura(pagina, emisor, sandbox):  # noqa: F811
    t = emisor
    cpe = emitir(t, "01", cliente=t["con_ruc"], lineas=[(t["laptop"], 2, "2360.00")])
    factura = cpe.documento
    assert cpe_enviar_sincrono(documento=factura).estado == EstadoCpe.ACEPTADO
    vendedor = t["vendedor"]
    vendedor.set_password("Vendedor-2026")
    vendedor.save()
    vendedor.perfiles.get().modulos.add(Modulo.objects.get(codigo="facturacion.cpe"))  # may send to SUNAT
    page = pagina
    entrar(page, "vendedor", "Vendedor-2026")

    page.goto(f"{page.base}/admin/billing/factura/{factura.pk}/change/")
    page.get_by_role("link", name=re.compile("Emitir nota de crédito")).click()
    page.wait_for_url(re.compile(r"/admin/billing/notacredito/\d+/change/"))
    assert page.get_by_text(re.compile("Se copiaron el cliente y las líneas")).is_visible()
    assert page.locator("#id_serie option:checked").inner_text().startswith("FC01")
    page.select_option("#id_motivo_nota", value="07")
    page.fill("#id_sustento", "Devolución de una laptop")
    page.get_by_role("link", name="Detalle").click()
    assert page.locator("#id_lineas-0-cantidad").input_value().startswith("2")
    page.fill("#id_lineas-0-cantidad", "1")
    page.get_by_role("button", name="Guardar y emitir").click()
    page.get_by_text(re.compile("Se emitió Nota de crédito FC01-00000001")).wait_for()
    page.get_by_role("link", name=re.compile("Enviar a SUNAT")).first.click()
    page.get_by_text(re.compile("aceptad", re.I)).first.wait_for()
    nota = DocumentoVenta.objects.get(tipo="07")
    assert ComprobanteElectronico.objects.get(documento=nota).estado == EstadoCpe.ACEPTADO and nota.importe_total == 2360

    # The note points at the factura, and the factura at the note, with the same balance.
    relacionados = page.locator("#relacionados")
    assert re.search(r"Modifica a\s+Factura F001-00000001.*saldo S/ 2360\.00 · Pagado parcialmente", relacionados.inner_text(), re.S)
    relacionados.get_by_role("link", name="Factura F001-00000001").click()
    page.wait_for_url(re.compile(rf"/admin/billing/factura/{factura.pk}/change/"))
    assert page.get_by_role("link", name="Nota de crédito FC01-00000001").is_visible()
    assert re.search(r"Saldo\s+S/ 2360\.00\s+Estado de pago\s+Pagado parcialmente", page.locator("body").inner_text())
    page.goto(f"{page.base}/admin/billing/factura/")
    fila = page.locator("#result_list tbody tr", has_text="F001-00000001").inner_text().lower()  # badges are upper-cased
    assert "pagado parcialmente\ts/ 2,360.00" in fila and "aceptado" in fila
    page.goto(f"{page.base}/admin/billing/notacredito/")
    fila = page.locator("#result_list tbody tr", has_text="FC01-00000001").inner_text().lower()
    assert "aplicada a f001-00000001" in fila and "factura f001-00000001" in fila and "pendiente" not in fila
