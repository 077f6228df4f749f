"""The office's CPE screens and downloads: the pending list, "Enviar a SUNAT", the files."""

import datetime

import pytest
from django.utils import timezone

from billing import services
from cpe.models import ComprobanteElectronico, EstadoCpe
from cpe.tasks import reenviar_pendientes
from erp.celery import app as celery_app
from erp.models import ApiKey
from tests import factories
from tests.ventas import borrador

pytestmark = pytest.mark.django_db(transaction=True)


def _emitidas(tienda, n=2):
    return [
        services.documento_emitir(documento_id=borrador(tienda, lineas=[(tienda["soporte"], i + 1, "118")]).pk, usuario=tienda["vendedor"])
        for i in range(n)
    ]


@pytest.fixture
def oficina(client, tienda):
    perfil = factories.perfil("Facturación", modulos=["facturacion.cpe", "ventas.facturas"])
    tienda["vendedor"].perfiles.add(perfil)
    client.force_login(tienda["vendedor"])
    return client


def test_lista_de_pendientes_y_enviar_a_cpe(oficina, tienda):
    facturas = _emitidas(tienda)
    lista = oficina.get("/admin/cpe/comprobanteelectronico/?tipo=01").content.decode()
    assert "F001-1" in lista and "F001-2" in lista
    ids = [str(f.cpe.pk) for f in facturas]
    resp = oficina.post("/admin/cpe/comprobanteelectronico/?tipo=01", {"action": "enviar_a_cpe", "_selected_action": ids}, follow=True)
    texto = resp.content.decode()
    assert "La Factura numero F001-1, ha sido aceptada" in texto and "La Factura numero F001-2, ha sido aceptada" in texto
    # Sent documents leave the pending list.
    assert "F001-1" not in oficina.get("/admin/cpe/comprobanteelectronico/").content.decode()


def test_enviar_a_sunat_desde_la_factura(oficina, tienda):
    (factura,) = _emitidas(tienda, 1)
    resp = oficina.get(f"/admin/billing/factura/{factura.pk}/enviar-sunat/", follow=True)
    assert "La Factura numero F001-1, ha sido aceptada" in resp.content.decode()
    pagina = oficina.get(f"/admin/billing/factura/{factura.pk}/change/").content.decode()
    assert "Aceptado" in pagina and f"/cpe/R-{factura.cpe.nombre}.zip" in pagina


def test_descargas_para_personal_y_api_key(oficina, client, tienda):
    (factura,) = _emitidas(tienda, 1)
    nombre = factura.cpe.nombre
    oficina.get(f"/admin/billing/factura/{factura.pk}/enviar-sunat/")
    xml = oficina.get(f"/cpe/{nombre}.xml")
    assert xml.status_code == 200 and xml["Content-Type"] == "application/xml" and b"<ds:Signature" in xml.content
    assert oficina.get(f"/cpe/{nombre}.zip").content[:2] == b"PK"
    assert oficina.get(f"/cpe/R-{nombre}.zip").content[:2] == b"PK"
    oficina.logout()
    assert oficina.get(f"/cpe/{nombre}.xml").status_code == 404
    _, clave = ApiKey.generar(usuario=tienda["vendedor"], nombre="POS")
    assert client.get(f"/cpe/{nombre}.xml", HTTP_KEY=clave).status_code == 200
    # Another branch's user: as if it did not exist.
    otra = factories.sucursal(tienda["empresa"], codigo="0009")
    ajeno = factories.usuario("ajeno", sucursales=[otra], perfiles=[factories.perfil("Otra", modulos=["ventas.facturas"])])
    client.force_login(ajeno)
    assert client.get(f"/cpe/{nombre}.xml").status_code == 404


def test_beat_reenvia_los_pendientes_olvidados(tienda):
    facturas = _emitidas(tienda)
    ComprobanteElectronico.objects.update(creado=timezone.now() - datetime.timedelta(minutes=10))
    celery_app.conf.task_always_eager = True
    try:
        assert reenviar_pendientes() == 2
    finally:
        celery_app.conf.task_always_eager = False
    assert set(ComprobanteElectronico.objects.filter(documento__in=facturas).values_list("estado", flat=True)) == {EstadoCpe.ACEPTADO}
