"""No English on the office's main pages: their visible text (and placeholders) read in headless Chromium."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

from billing import services
from erp.models import Usuario
from tests.ventas import borrador

from .conftest import entrar

pytestmark = pytest.mark.django_db(transaction=True)

# The admin's own English words, besides every phrase the theme and Django translate.
PALABRAS = ["Search", "Select", "Choose", "Filters", "Add", "Save", "Delete", "Change", "History", "results", "selected", "Welcome"]


def _ingles() -> re.Pattern:
    catalogo = gettext.GNUTranslations((Path(settings.BASE_DIR) / "locale/es/LC_MESSAGES/django.mo").open("rb"))._catalog
    frases = {k for k, v in catalogo.items() if isinstance(k, str) and k and "%" not in k and "\n" not in k and k != v and len(k) > 3}
    return re.compile(r"\b(" + "|".join(re.escape(f) for f in sorted(frases | set(PALABRAS), key=len, reverse=True)) + r")\b")


def _texto_visible(page) -> str:
    marcadores = page.eval_on_selector_all("[placeholder]", "nodos => nodos.filter(n => n.offsetParent).map(n => n.placeholder)")
    return page.locator("body").inner_text() + "\n" + "\n".join(marcadores)


def test_las_pantallas_principales_no_tienen_ingles(pagina, tienda):
    factura = services.documento_emitir(documento_id=borrador(tienda, lineas=[(tienda["laptop"], 1, "2360")]).pk, usuario=tienda["vendedor"])
    Usuario.objects.create_superuser("jefa", "jefa@example.com", "Jefa-Clave-2026")
    page = pagina
    entrar(page, "jefa", "Jefa-Clave-2026")
    ingles = _ingles()
    encontrados = {}
    for ruta in (
        "/admin/",
        "/admin/billing/factura/",
        "/admin/billing/factura/add/",
        f"/admin/billing/factura/{factura.pk}/change/",
        "/admin/billing/boleta/",
        "/admin/billing/notacredito/",
        "/admin/billing/cotizacion/add/",
        "/admin/erp/cliente/",
        "/admin/erp/cliente/add/",
        "/admin/inventory/producto/",
        "/admin/inventory/producto/add/",
        "/admin/inventory/ajuste/add/",
        "/admin/inventory/movimiento/kardex/",
        "/admin/cpe/comprobanteelectronico/",
        "/admin/cpe/resumendiario/",
        "/admin/erp/sucursal/",
        "/admin/erp/usuario/add/",
    ):
        page.goto(page.base + ruta)
        page.wait_for_load_state("networkidle")
        if hallados := sorted(set(ingles.findall(_texto_visible(page)))):
            encontrados[ruta] = hallados
    assert encontrados == {}
