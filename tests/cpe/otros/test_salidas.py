"""An accepted retention where people look for it: its PDF (A4 and ticket) with QR, the office's screens and Excel,
the control platform, the public consultation, the provider's portal and the REST API."""

import re

import pytest

from billing.models import ComprobanteOtro
from cpe.consulta import NO_ENCONTRADO
from cpe.models import ComprobanteElectronico, EstadoCpe
from erp.models import Usuario
from purchases import services as compras
from tests import factories
from tests.cpe.emitidos import texto_pdf

from .conftest import compra, hoy, proveedor

pytestmark = pytest.mark.django_db


@pytest.fixture
def retencion(agente):
    prov = proveedor(agente["sucursal"])
    factura = compra(agente, prov, 777, "1180.00")
    compras.pagos_registrar(facturas=[factura], monto="1180.00", usuario=agente["vendedor"], origen=agente["caja"], fecha=hoy())
    otro = ComprobanteOtro.objects.get()
    ComprobanteElectronico.objects.filter(otro=otro).update(estado=EstadoCpe.ACEPTADO, codigo_respuesta="0")  # as SUNAT would
    return otro


@pytest.fixture
def jefa(agente):
    return factories.usuario("jefa", sucursales=[agente["sucursal"]], is_superuser=True)


def test_pdf_a4_y_ticket_con_qr(client, retencion, jefa):
    client.force_login(jefa)
    nombre = retencion.cpe.nombre
    for formato in ("a4", "ticket"):
        respuesta = client.get(f"/cpe/{nombre}.pdf?formato={formato}")
        assert respuesta.status_code == 200 and respuesta["Content-Type"] == "application/pdf"
        texto = texto_pdf(respuesta.content)
        assert "COMPROBANTE DE RETENCIÓN ELECTRÓNICO" in texto and "R001-1" in texto
        assert "F001-777" in texto and "35.40" in texto and "1,144.60" in texto
        assert "Código hash" in texto
    assert client.get(f"/cpe/{nombre}.xml").status_code == 200


def test_pantallas_de_la_oficina_y_excel(client, retencion, jefa):
    client.force_login(jefa)
    lista = client.get("/admin/billing/comprobanteotro/?tipo__exact=20")
    assert lista.status_code == 200 and "R001-1" in lista.text and "Aceptado" in lista.text
    detalle = client.get(f"/admin/billing/comprobanteotro/{retencion.pk}/change/")
    assert detalle.status_code == 200 and "F001-777" in detalle.text and "Revertir" in detalle.text
    excel = client.get("/admin/billing/comprobanteotro/exportar-excel/")
    assert excel.status_code == 200 and excel["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/admin/billing/tributoporpagar/").status_code == 200
    cpes = client.get("/admin/cpe/comprobanteelectronico/?tipo=20&estado__exact=aceptado")
    assert cpes.status_code == 200 and "R001-00000001" in cpes.text and "S/ 35.40" in cpes.text
    assert client.get(f"/admin/cpe/comprobanteelectronico/{retencion.cpe.pk}/change/").status_code == 200
    assert client.get("/admin/cpe/resumenreversion/").status_code == 200
    assert client.get("/admin/billing/regimenotro/").status_code == 200
    plataforma = client.get("/cpe/plataforma/")
    assert "R001-1" in plataforma.text and "Retención" in plataforma.text


def test_revertir_desde_la_pantalla_sin_motivo_no_escribe_nada(client, retencion, jefa):
    client.force_login(jefa)
    client.post(f"/admin/billing/comprobanteotro/{retencion.pk}/revertir/", {"_form_submitted": "on", "motivo": "x"})
    retencion.refresh_from_db()
    assert retencion.estado == ComprobanteOtro.Estado.EMITIDO and not retencion.cpe.lineas_resumen.exists()


def test_consulta_publica(client, retencion, settings):
    settings.CONSULTA_CPE_TIEMPO_MINIMO = 0
    datos = {"ruc": retencion.empresa.ruc, "tipo": "20", "numero": "R001-1", "fecha": f"{hoy():%Y-%m-%d}", "total": "35.40"}
    respuesta = client.post("/consulta/", datos)
    assert "35.40 retenido" in respuesta.text
    pdf = re.search(r'href="(/consulta/descargar/[^"]+/pdf)"', respuesta.text)[1]
    assert client.get(pdf)["Content-Type"] == "application/pdf"
    assert NO_ENCONTRADO in client.post("/consulta/", {**datos, "total": "35.41"}).text


def test_portal_del_proveedor(client, retencion):
    acceso = Usuario.objects.create_user(username="proveedor-web", password="Portal-Norte-2026", cliente=retencion.socio, is_staff=False)
    client.force_login(acceso)
    pagina = client.get("/portal/")
    assert pagina.status_code == 200 and "R001-1" in pagina.text and "Retenciones y percepciones" in pagina.text
    pdf = client.get(f"/portal/archivos/{retencion.cpe.nombre}.pdf")
    assert pdf.status_code == 200 and "R001-1" in texto_pdf(pdf.content)


def test_api_rest(client, retencion, jefa):
    client.force_login(jefa)
    datos = client.get("/api/rest/retenciones-percepciones/?tipo=20").json()
    [fila] = datos["results"] if isinstance(datos, dict) else datos
    assert (fila["numero_completo"], fila["total"], fila["total_neto"], fila["cpe"]["estado"]) == ("R001-1", "35.40", "1144.60", "aceptado")
    assert fila["lineas"][0]["numero_documento"] == "F001-777"
    assert client.get(f"/api/rest/retenciones-percepciones/{retencion.pk}/").status_code == 200
    assert client.get("/api/rest/retenciones-percepciones/999999/").status_code == 404
