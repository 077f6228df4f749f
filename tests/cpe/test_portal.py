"""Client web access: created from the client's page; the portal shows only the client's own documents."""

import pytest

from billing import services
from erp.models import Usuario
from tests import factories
from tests.cpe.emitidos import borrador, emitir, texto_pdf

pytestmark = pytest.mark.django_db
CLAVE = "Portal-Andino-2026"


def _acceso_web(client, tienda, cliente, **datos):
    """The "Acceso web" dialog of the client's page, as the office fills it in."""
    client.force_login(tienda["admin"])
    return client.post(
        f"/admin/erp/cliente/{cliente.pk}/acceso-web/", {"_form_submitted": "on", "activo": "on", **datos}
    )


@pytest.fixture
def tienda_portal(tienda_cpe):
    t = tienda_cpe
    t["admin"] = factories.usuario("jefa", sucursales=[t["sucursal"]], is_superuser=True)
    t["factura"] = emitir(t, lineas=[(t["mouse"], 2, "59.00")])[1]
    t["ajena"] = emitir(t, tipo="03", cliente=t["con_dni"], lineas=[(t["mouse"], 1, "59.00")])[1]
    t["nota_venta"] = services.documento_emitir(
        documento_id=borrador(t, tipo="NV", lineas=[(t["mouse"], 1, "59.00")]).pk, usuario=t["vendedor"]
    )
    borrador(t, lineas=[(t["mouse"], 1, "59.00")])  # a draft is not shown
    return t


@pytest.fixture
def portal(client, tienda_portal):
    t = tienda_portal
    assert _acceso_web(client, t, t["con_ruc"], usuario="cliente-ruc", clave=CLAVE).status_code == 302
    client.logout()
    respuesta = client.post("/portal/entrar/", {"username": "cliente-ruc", "password": CLAVE})
    assert respuesta.status_code == 302 and respuesta["Location"] == "/portal/"
    return client


def test_el_personal_crea_y_cambia_el_acceso_web(client, tienda_portal):
    t = tienda_portal
    cliente = t["con_ruc"]

    respuesta = _acceso_web(client, t, cliente, usuario="cliente-ruc", clave=CLAVE)

    acceso = Usuario.objects.get(cliente=cliente)
    assert respuesta.status_code == 302 and respuesta["Location"] == f"/admin/erp/cliente/{cliente.pk}/change/"
    assert (acceso.username, acceso.is_staff, acceso.is_active, acceso.check_password(CLAVE)) == (
        "cliente-ruc",
        False,
        True,
        True,
    )
    pagina = client.get(respuesta["Location"]).content.decode()
    assert "Acceso web activo: el cliente entra al portal con el usuario «cliente-ruc»." in pagina
    assert f'href="/admin/erp/cliente/{cliente.pk}/acceso-web/"' in pagina
    # Editing keeps the password when it is left blank.
    _acceso_web(client, t, cliente, usuario="lucia.paredes", clave="")
    acceso.refresh_from_db()
    assert (acceso.username, acceso.check_password(CLAVE)) == ("lucia.paredes", True)
    assert Usuario.objects.filter(cliente=cliente).count() == 1


def test_acceso_web_con_datos_invalidos(client, tienda_portal):
    t = tienda_portal

    sin_clave = _acceso_web(client, t, t["con_ruc"], usuario="nuevo", clave="").content.decode()
    debil = _acceso_web(client, t, t["con_ruc"], usuario="nuevo", clave="123").content.decode()
    repetido = _acceso_web(client, t, t["con_ruc"], usuario="VENDEDOR", clave=CLAVE).content.decode()

    assert "Escriba la contraseña del acceso web." in sin_clave
    assert "La contraseña es demasiado corta." in debil
    assert "Ya existe un usuario con ese nombre; elija otro." in repetido
    assert not Usuario.objects.filter(cliente=t["con_ruc"]).exists()


def test_el_cliente_ve_solo_sus_documentos(portal, tienda_portal):
    t = tienda_portal

    html = portal.get("/portal/").content.decode()

    assert "CLIENTE CON RUC S.A.C." in html
    assert "F001-00000001" in html and "NV01-00000001" in html
    assert "B001-00000001" not in html and "F001-00000002" not in html
    factura = t["factura"]
    assert portal.get(f"/portal/archivos/{factura.nombre}.xml").content == bytes(factura.xml)
    assert "F001-00000001" in texto_pdf(portal.get(f"/portal/archivos/{factura.nombre}.pdf").content)
    assert "NOTA DE VENTA" in texto_pdf(portal.get(f"/portal/documentos/{t['nota_venta'].pk}.pdf").content)


def test_documentos_de_otro_cliente_no_existen(portal, tienda_portal):
    ajena = tienda_portal["ajena"]

    for url in (
        f"/portal/documentos/{ajena.documento_id}.pdf",
        f"/portal/archivos/{ajena.nombre}.pdf",
        f"/portal/archivos/{ajena.nombre}.xml",
        f"/portal/archivos/R-{ajena.nombre}.zip",
        f"/portal/archivos/{tienda_portal['factura'].nombre}.zip",
        "/portal/archivos/../../etc/passwd",
    ):
        assert portal.get(url).status_code == 404, url


def test_el_portal_no_abre_el_panel_ni_admite_al_personal(client, portal, tienda_portal):
    assert portal.get("/admin/").status_code == 302  # to the login page: not staff
    assert portal.get(f"/cpe/{tienda_portal['factura'].nombre}.pdf").status_code == 404
    portal.post("/portal/salir/")
    assert portal.get("/portal/")["Location"].startswith("/portal/entrar/")

    personal = client.post("/portal/entrar/", {"username": "vendedor", "password": "clave-segura-123"})

    assert "Esta cuenta no tiene acceso al portal de clientes." in personal.content.decode()


def test_acceso_desactivado(client, tienda_portal):
    t = tienda_portal
    _acceso_web(client, t, t["con_ruc"], usuario="cliente-ruc", clave=CLAVE)
    client.post(
        f"/admin/erp/cliente/{t['con_ruc'].pk}/acceso-web/",
        {"_form_submitted": "on", "usuario": "cliente-ruc", "clave": ""},
    )
    client.logout()

    respuesta = client.post("/portal/entrar/", {"username": "cliente-ruc", "password": CLAVE})

    assert respuesta.status_code == 200 and "/portal/" not in respuesta.get("Location", "")
    assert not Usuario.objects.get(username="cliente-ruc").is_active
