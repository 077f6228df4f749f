"""The office's first day: a branch, a user with a profile, a client, and branch limits."""

import re

import pytest

from erp.models import Socio, Sucursal, Usuario
from tests import factories

from .conftest import elegir_autocompletado, entrar, guardar, salir

pytestmark = pytest.mark.django_db(transaction=True)


def test_sucursal_usuario_cliente_y_limite_por_sucursal(pagina):
    empresa = factories.empresa(razon_social="LIBRERÍA CENTRAL S.A.C.")
    factories.sucursal(empresa, codigo="0000", nombre="Lima Centro")
    factories.perfil("Ventas", modulos=["directorio.clientes"])
    Usuario.objects.create_superuser("jefa", "jefa@example.com", "Jefa-Clave-2026")
    page = pagina
    entrar(page, "jefa", "Jefa-Clave-2026")

    # A new branch in Cusco.
    page.goto(f"{page.base}/admin/erp/sucursal/add/")
    page.select_option("#id_empresa", label=str(empresa))
    page.fill("#id_nombre", "Cusco")
    page.fill("#id_codigo_establecimiento", "0003")
    page.fill("#id_direccion", "Av. El Sol 345")
    elegir_autocompletado(page, "id_distrito", "wanchaq", "WANCHAQ")
    guardar(page)
    assert page.get_by_text(re.compile("La sucursal .*Cusco.* se registró.")).is_visible()
    cusco = Sucursal.objects.get(nombre="Cusco")
    assert cusco.distrito.ubigeo == "080108"

    # A seller limited to Cusco, with the "Ventas" profile.
    page.goto(f"{page.base}/admin/erp/usuario/add/")
    page.fill("#id_username", "vendedor.cusco")
    page.fill("#id_password1", "Cusco-Clave-2026")
    page.fill("#id_password2", "Cusco-Clave-2026")
    page.get_by_label("Cusco", exact=True).check()
    page.select_option("#id_sucursal_predeterminada", label="Cusco")
    page.get_by_label("Ventas", exact=True).check()
    guardar(page)
    vendedor = Usuario.objects.get(username="vendedor.cusco")
    assert list(vendedor.sucursales.all()) == [cusco] and vendedor.perfiles.get().nombre == "Ventas"

    # A client of Lima Centro with a contact and an address.
    page.goto(f"{page.base}/admin/erp/cliente/add/")
    page.select_option("#id_tipo_documento", label="RUC")
    page.fill("#id_numero_documento", "20550117968")
    page.fill("#id_razon_social", "EMPRESA LIMEÑA S.A.C.")
    page.select_option("#id_sucursal", label="Lima Centro")
    page.get_by_role("link", name="Direcciones").click()
    page.get_by_text("Agregar otra dirección").click()
    page.fill("#id_direcciones-0-nombre", "Oficina")
    page.fill("#id_direcciones-0-direccion", "Av. Primavera 201")
    elegir_autocompletado(page, "id_direcciones-0-distrito", "ate", "ATE - LIMA")
    page.get_by_role("link", name="Contactos").click()
    page.get_by_text("Agregar otro contacto").click()
    page.fill("#id_contactos-0-nombres", "Juan")
    page.fill("#id_contactos-0-apellidos", "Pérez")
    page.fill("#id_contactos-0-email", "juan.perez@example.com")
    guardar(page)
    cliente = Socio.objects.get(razon_social="EMPRESA LIMEÑA S.A.C.")
    assert cliente.direcciones.get().distrito.nombre == "ATE"
    assert cliente.contactos.get().email == "juan.perez@example.com"
    page.goto(f"{page.base}/admin/erp/cliente/")
    assert page.get_by_text("EMPRESA LIMEÑA S.A.C.").is_visible()

    # The Cusco seller sees the client list, but not Lima's client.
    salir(page)
    entrar(page, "vendedor.cusco", "Cusco-Clave-2026")
    page.goto(f"{page.base}/admin/erp/cliente/")
    assert page.get_by_text("EMPRESA LIMEÑA S.A.C.").count() == 0
    page.goto(f"{page.base}/admin/erp/cliente/{cliente.pk}/change/")
    assert "EMPRESA LIMEÑA" not in page.content()
    # Nor may it reach the branches or users screens of its profile-less modules.
    respuesta = page.goto(f"{page.base}/admin/erp/sucursal/")
    assert respuesta.status == 403
