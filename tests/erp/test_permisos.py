import pytest
from django.urls import reverse

from erp.models import Socio, Usuario
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def dos_sucursales():
    emp = factories.empresa()
    lima = factories.sucursal(emp, codigo="0000", nombre="Lima")
    cusco = factories.sucursal(emp, codigo="0001", nombre="Cusco")
    return lima, cusco


def test_perfil_da_los_permisos_de_sus_modulos(dos_sucursales):
    lima, _ = dos_sucursales
    ventas = factories.perfil("Ventas", modulos=["directorio.clientes"])
    user = factories.usuario("vendedor", sucursales=[lima], perfiles=[ventas])
    assert user.has_perm("erp.add_cliente") and user.has_perm("erp.change_contacto")
    assert not user.has_perm("erp.view_proveedor")
    assert not user.has_perm("erp.change_empresa")


def test_modulos_extra_del_usuario(dos_sucursales):
    lima, _ = dos_sucursales
    user = factories.usuario("u1", sucursales=[lima])
    assert not user.has_perm("erp.view_proveedor")
    user.modulos_extra.add("directorio.proveedores")
    user = type(user).objects.get(pk=user.pk)  # permissions are cached per user object
    assert user.has_perm("erp.view_proveedor")


def test_usuario_sin_modulo_no_entra_a_la_pantalla(client, dos_sucursales):
    lima, _ = dos_sucursales
    factories.usuario("u2", sucursales=[lima])
    client.force_login(Usuario.objects.get(username="u2"))
    assert client.get(reverse("admin:erp_cliente_changelist")).status_code == 403


def test_usuario_de_una_sucursal_no_ve_datos_de_la_otra(client, dos_sucursales):
    lima, cusco = dos_sucursales
    ventas = factories.perfil("Ventas", modulos=["directorio.clientes"])
    factories.usuario("limeño", sucursales=[lima], perfiles=[ventas])
    de_lima = factories.cliente(lima, nombre="CLIENTE DE LIMA S.A.C.")
    de_cusco = factories.cliente(cusco, nombre="CLIENTE DEL CUSCO S.A.C.")
    client.force_login(Usuario.objects.get(username="limeño"))

    lista = client.get(reverse("admin:erp_cliente_changelist")).content.decode()
    assert "CLIENTE DE LIMA S.A.C." in lista and "CLIENTE DEL CUSCO S.A.C." not in lista
    assert client.get(reverse("admin:erp_cliente_change", args=[de_lima.pk])).status_code == 200
    # Someone else's row reads as "does not exist": a redirect, never its data.
    resp = client.get(reverse("admin:erp_cliente_change", args=[de_cusco.pk]))
    assert resp.status_code == 302
    # The branch list of the form offers only the user's own branch.
    form = client.get(reverse("admin:erp_cliente_add")).content.decode()
    assert ">Lima<" in form and ">Cusco<" not in form
    # A forged POST into the other branch is refused.
    resp = client.post(
        reverse("admin:erp_cliente_add"),
        {
            "tipo_documento": 2,
            "numero_documento": "45678912",
            "razon_social": "INTRUSO",
            "sucursal": cusco.pk,
            "activo": "on",
            "direcciones-TOTAL_FORMS": 0,
            "direcciones-INITIAL_FORMS": 0,
            "contactos-TOTAL_FORMS": 0,
            "contactos-INITIAL_FORMS": 0,
        },
    )
    assert resp.status_code == 200
    assert not Socio.objects.filter(razon_social="INTRUSO").exists()


def test_perfil_con_todas_las_sucursales(client, dos_sucursales):
    lima, cusco = dos_sucursales
    gerencia = factories.perfil("Gerencia", modulos=["directorio.clientes"], todas_sucursales=True)
    factories.usuario("gerente", sucursales=[lima], perfiles=[gerencia])
    factories.cliente(cusco, nombre="CLIENTE DEL CUSCO S.A.C.")
    client.force_login(Usuario.objects.get(username="gerente"))
    assert "CLIENTE DEL CUSCO S.A.C." in client.get(reverse("admin:erp_cliente_changelist")).content.decode()


def test_sucursal_predeterminada_debe_ser_del_usuario(admin_client, dos_sucursales):
    lima, cusco = dos_sucursales
    resp = admin_client.post(
        reverse("admin:erp_usuario_add"),
        {
            "username": "nuevo",
            "usable_password": "true",
            "password1": "Clave-Muy-Segura-9",
            "password2": "Clave-Muy-Segura-9",
            "sucursales": [lima.pk],
            "sucursal_predeterminada": cusco.pk,
        },
    )
    assert "La sucursal predeterminada debe ser una de las sucursales del usuario." in resp.content.decode()


def test_usuario_limitado_no_se_da_mas_alcance(client, dos_sucursales):
    lima, _ = dos_sucursales
    factories.perfil("Gerencia", todas_sucursales=True)
    jefe = factories.perfil("Jefe de tienda", modulos=["sistema.usuarios"])
    factories.usuario("jefe", sucursales=[lima], perfiles=[jefe])
    client.force_login(Usuario.objects.get(username="jefe"))
    form = client.get(reverse("admin:erp_usuario_add")).content.decode()
    assert "Jefe de tienda" in form and "Gerencia" not in form
