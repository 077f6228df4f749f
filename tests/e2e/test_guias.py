"""A guía de remisión starts from its factura: "Emitir guía de remisión", weight, arrival and carrier, Emitir, SUNAT accepts it, its PDF downloads."""

import io
import re

import pytest
from pypdf import PdfReader

from cpe.models import EstadoCpe
from cpe.services import cpe_enviar_sincrono
from erp.models import Modulo, Serie
from tests import factories
from tests.cpe.resumen.conftest import emisor, emitir, sandbox  # noqa: F401  (fixtures)

from .conftest import elegir_autocompletado, entrar

pytestmark = pytest.mark.django_db(transaction=True)


def test_guia_desde_la_factura_aceptada_y_su_pdf(pagina, emisor, sandbox):  # noqa: F811
    t = emisor
    empresa = t["empresa"]
    empresa.gre_client_id, empresa.gre_client_secret = "cliente-e2e", "secreto-e2e"
    empresa.save()
    Serie.objects.create(sucursal=t["sucursal"], tipo_documento="09", serie="T001")
    factura = emitir(t, "01", cliente=t["con_ruc"], lineas=[(t["laptop"], 2, "2360.00")]).documento
    assert cpe_enviar_sincrono(documento=factura).estado == EstadoCpe.ACEPTADO
    vendedor = t["vendedor"]
    vendedor.set_password("Vendedor-2026")
    vendedor.save()
    vendedor.perfiles.get().modulos.add(*Modulo.objects.filter(codigo__in=["facturacion.cpe", "ventas.guias"]))
    page = pagina
    entrar(page, "vendedor", "Vendedor-2026")

    page.goto(f"{page.base}/admin/billing/factura/{factura.pk}/change/")
    page.get_by_role("link", name=re.compile("Emitir guía de remisión")).click()
    page.wait_for_url(re.compile(r"/admin/billing/guiaremision/\d+/change/"))
    assert page.get_by_text(re.compile("Se copiaron el cliente y los bienes")).is_visible()
    page.locator("a", has_text=re.compile(r"^\s*Traslado\s*$")).click()  # fieldset tabs are links without href
    page.fill("#id_peso_bruto", "4.8")
    page.fill("#id_bultos", "2")
    elegir_autocompletado(page, "id_llegada_distrito", "150122", "MIRAFLORES - LIMA")
    page.fill("#id_llegada_direccion", "Calle Libertad 116")
    page.locator("a", has_text=re.compile(r"^\s*Transporte\s*$")).click()
    page.select_option("#id_modalidad", value="01")
    page.fill("#id_transportista_ruc", factories.ruc_valido("2051234567"))
    page.fill("#id_transportista_razon_social", "TRANSPORTES DEL SUR S.A.C.")
    page.fill("#id_transportista_mtc", "1534567CNG")
    page.locator("button[name=_continue]").click()
    page.wait_for_load_state()
    assert not page.locator(".errorlist").count(), page.locator(".errorlist").all_inner_texts()
    page.get_by_role("link", name=re.compile(r"Emitir\s*$")).click()
    page.get_by_text(re.compile("Se emitió la guía")).wait_for()
    page.get_by_role("link", name=re.compile("Enviar a SUNAT")).first.click()
    page.get_by_text(re.compile("La guía T001-1")).first.wait_for()
    if page.get_by_role("link", name=re.compile("Enviar a SUNAT")).count():  # SUNAT answered 98: ask again
        page.get_by_role("link", name=re.compile("Enviar a SUNAT")).first.click()
    page.get_by_text(re.compile("fue aceptada por SUNAT")).first.wait_for()

    nombre = f"{empresa.ruc}-09-T001-1"
    respuesta = page.request.get(f"{page.base}/cpe/{nombre}.pdf?descargar=1")
    assert respuesta.status == 200 and respuesta.headers["content-type"] == "application/pdf"
    texto = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(respuesta.body())).pages)
    assert "GUÍA DE REMISIÓN REMITENTE ELECTRÓNICA" in texto and "T001-00000001" in texto and "Laptop 14 pulgadas" in texto
