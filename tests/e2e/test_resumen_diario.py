"""The office voids a factura with "Comunicar baja" and follows a day's summary in "Resumen diario"."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cpe import resumen as servicio
from cpe.models import ComprobanteElectronico, EstadoCpe, Resumen
from erp.models import Usuario
from tests.cpe.resumen.conftest import emisor, emitir, sandbox, tareas_encoladas  # noqa: F401  (fixtures)

from .conftest import entrar

pytestmark = pytest.mark.django_db(transaction=True)


def test_comunicar_baja_y_resumen_diario(pagina, emisor, sandbox):  # noqa: F811
    Usuario.objects.create_superuser("jefa", "jefa@example.com", "Jefa-Clave-2026")
    factura = emitir(emisor, "01", cliente=emisor["con_ruc"])
    ComprobanteElectronico.objects.filter(pk=factura.pk).update(estado=EstadoCpe.ACEPTADO)
    boletas = [emitir(emisor) for _ in range(2)]
    page = pagina
    entrar(page, "jefa", "Jefa-Clave-2026")

    page.goto(f"{page.base}/admin/billing/factura/{factura.documento_id}/change/")
    page.get_by_role("link", name=re.compile("Comunicar baja")).click()
    page.get_by_label("Motivo de la baja").fill("Error en el RUC del cliente")
    page.get_by_role("button", name=re.compile("Comunicar baja")).click()

    hoy = timezone.localdate()
    page.get_by_text(re.compile(rf"Se envió la comunicación de baja RA-{hoy:%Y%m%d}-1: ticket \d+\.")).wait_for()
    baja = Resumen.objects.get(tipo="RA")
    assert page.get_by_text(f"ticket {baja.ticket}.").is_visible()
    assert page.get_by_text(re.compile("SUNAT la está procesando")).is_visible()
    page.get_by_role("link", name=re.compile("Consultar baja")).click()
    page.get_by_role("link", name=re.compile("Consultar baja")).click()
    page.get_by_text(re.compile(rf"SUNAT aceptó la baja RA-{hoy:%Y%m%d}-1 .*quedó anulado")).wait_for()
    assert page.get_by_text(re.compile("Anulado en SUNAT")).first.is_visible()

    (resumen,) = servicio.resumen_diario_ejecutar(empresa_id=emisor["empresa"].pk)
    page.goto(f"{page.base}/admin/cpe/resumendiario/")
    page.get_by_role("link", name=resumen.identificador).click()
    page.get_by_role("link", name="Comprobantes", exact=True).click()
    for boleta in boletas:
        # The tab shows its rows after a script runs: wait for them rather than sample once.
        expect(page.get_by_role("link", name=re.compile(boleta.documento.numero_completo))).to_be_visible()
    page.get_by_role("link", name=re.compile("Consultar estado")).click()
    page.get_by_role("link", name=re.compile("Consultar estado")).click()
    page.get_by_text(re.compile(rf"{resumen.identificador} \(ticket {resumen.ticket}\): Aceptado")).wait_for()
