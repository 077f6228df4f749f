"""The sandbox's screens and records, without HTTP to the SOAP endpoints."""

import pytest
from django.urls import reverse

from cpe.empaquetado import empaquetar, leer_zip, nombre_comprobante
from cpe.firma import firmar_para_empresa
from cpe.sandbox.models import DocumentoRecibido, Falla, TipoFalla
from cpe.sandbox.services import falla_tomar, sandbox_recibir_comprobante
from cpe.sandbox.soap import FallaSandbox
from erp.navigation import sidebar
from tests import factories
from tests.cpe.documentos import factura_xml

pytestmark = pytest.mark.django_db


@pytest.fixture
def empresa():
    return factories.empresa(con_certificado=True, sol_usuario="PRUEBA01", sol_clave="clave")


def _recibir(empresa, numero):
    nombre = nombre_comprobante(empresa.ruc, "01", "F001", numero)
    xml = firmar_para_empresa(factura_xml(ruc=empresa.ruc, numero=numero), empresa).xml
    return sandbox_recibir_comprobante(empresa=empresa, nombre_zip=f"{nombre}.zip", contenido=empaquetar(nombre, xml))


def test_pantallas_del_sandbox(admin_client, empresa):
    documento = _recibir(empresa, 1)
    with pytest.raises(FallaSandbox):
        sandbox_recibir_comprobante(empresa=empresa, nombre_zip="malo.zip", contenido=b"")
    Falla.objects.create(ruc=empresa.ruc, tipo=TipoFalla.FALLA_SOAP, codigo="0109", restantes=3)

    lista = admin_client.get(reverse("admin:sunat_sandbox_documentorecibido_changelist")).content.decode()
    assert f"{empresa.ruc}-01-F001-1" in lista
    assert "Aceptado" in lista and "Falla SOAP" in lista
    ficha = admin_client.get(reverse("admin:sunat_sandbox_documentorecibido_change", args=[documento.pk])).content.decode()
    assert "La Factura numero F001-1, ha sido aceptada" in ficha
    assert "Descargar CDR" in ficha
    fallas = admin_client.get(reverse("admin:sunat_sandbox_falla_changelist")).content.decode()
    assert "0109" in fallas
    assert admin_client.get(reverse("admin:sunat_sandbox_ticket_changelist")).status_code == 200


def test_descargar_el_cdr(admin_client, empresa):
    documento = _recibir(empresa, 2)

    respuesta = admin_client.get(
        reverse("admin:sunat_sandbox_documentorecibido_descargar_cdr", args=[documento.pk])
    )

    assert respuesta["Content-Disposition"] == f'attachment; filename="R-{empresa.ruc}-01-F001-2.zip"'
    assert leer_zip(respuesta.content)[0] == f"R-{empresa.ruc}-01-F001-2.xml"


def test_menu_facturacion_electronica(rf, admin_user):
    solicitud = rf.get("/admin/")
    solicitud.user = admin_user

    secciones = {s["title"]: [i["title"] for i in s["items"]] for s in sidebar(solicitud)}

    entradas = secciones["Facturación electrónica"]
    sandbox = [e for e in entradas if e.startswith("Sandbox")]
    assert sandbox == ["Sandbox: recibidos", "Sandbox: tickets", "Sandbox: fallas simuladas"]
    assert "CPE pendientes" in entradas


def test_falla_se_agota(empresa):
    Falla.objects.create(ruc=empresa.ruc, tipo=TipoFalla.HTTP_500, restantes=2)
    Falla.objects.create(ruc="", tipo=TipoFalla.EN_PROCESO, restantes=1)

    tomadas = [falla_tomar(ruc=empresa.ruc, operacion="sendBill") for _ in range(3)]

    assert [f.tipo if f else None for f in tomadas] == ["http500", "http500", None]
    assert falla_tomar(ruc=empresa.ruc, operacion="getStatus").tipo == "en_proceso"  # any company
    assert Falla.objects.get(tipo="http500").aplicadas == 2


def test_falla_soap_necesita_codigo(admin_client):
    respuesta = admin_client.post(
        reverse("admin:sunat_sandbox_falla_add"),
        {"tipo": "falla", "codigo": "", "segundos": "5", "ruc": "", "operacion": "", "restantes": "1"},
    )

    assert "Una falla SOAP necesita el código SUNAT que responderá." in respuesta.content.decode()
    assert not Falla.objects.exists()


def test_un_envio_con_falla_queda_listado_sin_registrarse(empresa):
    with pytest.raises(FallaSandbox) as error:
        sandbox_recibir_comprobante(empresa=empresa, nombre_zip=f"{empresa.ruc}-01-F001-3.zip", contenido=b"roto")

    assert error.value.codigo == "0156"
    anotado = DocumentoRecibido.objects.get()
    assert (anotado.nombre, anotado.codigo, anotado.registrado) == (f"{empresa.ruc}-01-F001-3", "0156", False)
    assert anotado.descripcion.startswith("El archivo ZIP esta corrupto")
