import pytest
from django.urls import reverse

from erp.models import Distrito, Pais, Socio
from tests import factories

pytestmark = pytest.mark.django_db


def _datos_cliente(sucursal, **extra):
    ate = Distrito.objects.get(ubigeo="150103")
    datos = {
        "tipo_documento": 4,
        "numero_documento": "20550117968",
        "razon_social": "EMPRESA SAC",
        "sucursal": sucursal.pk,
        "activo": "on",
        "direcciones-TOTAL_FORMS": 1,
        "direcciones-INITIAL_FORMS": 0,
        "direcciones-0-nombre": "Dirección 1",
        "direcciones-0-direccion": "Av. Primavera 201",
        "direcciones-0-pais": Pais.objects.get(codigo="PE").pk,
        "direcciones-0-distrito": ate.pk,
        "direcciones-0-telefono": "7777778",
        "contactos-TOTAL_FORMS": 1,
        "contactos-INITIAL_FORMS": 0,
        "contactos-0-nombres": "Juan",
        "contactos-0-apellidos": "Perez",
        "contactos-0-dni": "10000001",
        "contactos-0-email": "juan.perez@example.com",
        "contactos-0-telefono": "7777777",
        "contactos-0-celular": "999999999",
        "contactos-0-sexo": 1,
    }
    datos.update(extra)
    return datos


def test_cliente_con_contacto_y_direccion(admin_client):
    suc = factories.sucursal(factories.empresa())
    resp = admin_client.post(reverse("admin:erp_cliente_add"), _datos_cliente(suc))
    assert resp.status_code == 302, resp.context["errors"]
    cliente = Socio.objects.get(numero_documento="20550117968")
    assert cliente.es_cliente and not cliente.es_proveedor
    direccion = cliente.direcciones.get()
    # The district decides province and department.
    assert (direccion.distrito.nombre, direccion.provincia.nombre, direccion.departamento.nombre) == ("ATE", "LIMA", "LIMA")
    assert cliente.contactos.get().email == "juan.perez@example.com"

    detalle = admin_client.get(reverse("admin:erp_cliente_change", args=[cliente.pk])).content.decode()
    for texto in ("Juan Perez", "Av. Primavera 201", "Direcciones", "Contactos"):
        assert texto in detalle


def test_ruc_errado_no_guarda_nada(admin_client):
    suc = factories.sucursal(factories.empresa())
    resp = admin_client.post(reverse("admin:erp_cliente_add"), _datos_cliente(suc, numero_documento="20550117969"))
    assert "El RUC 20550117969 no es válido: el dígito verificador no corresponde." in resp.content.decode()
    assert not Socio.objects.exists()


def test_documento_repetido_no_guarda_nada(admin_client):
    suc = factories.sucursal(factories.empresa())
    factories.cliente(suc, numero="20550117968")
    resp = admin_client.post(reverse("admin:erp_cliente_add"), _datos_cliente(suc))
    assert "Ya existe un cliente o proveedor con ese documento." in resp.content.decode()
    assert Socio.objects.count() == 1


def test_dni_de_contacto_invalido(admin_client):
    suc = factories.sucursal(factories.empresa())
    resp = admin_client.post(reverse("admin:erp_cliente_add"), _datos_cliente(suc, **{"contactos-0-dni": "123"}))
    assert "El DNI debe tener 8 dígitos." in resp.content.decode()
    assert not Socio.objects.exists()


def test_proveedores_y_clientes_en_listas_separadas(admin_client):
    suc = factories.sucursal(factories.empresa())
    factories.cliente(suc, nombre="SOLO CLIENTE S.A.")
    proveedor = factories.cliente(suc, nombre="SOLO PROVEEDOR S.A.")
    proveedor.es_cliente, proveedor.es_proveedor = False, True
    proveedor.save()
    clientes = admin_client.get(reverse("admin:erp_cliente_changelist")).content.decode()
    proveedores = admin_client.get(reverse("admin:erp_proveedor_changelist")).content.decode()
    assert "SOLO CLIENTE S.A." in clientes and "SOLO PROVEEDOR S.A." not in clientes
    assert "SOLO PROVEEDOR S.A." in proveedores and "SOLO CLIENTE S.A." not in proveedores


def test_busqueda_por_contacto(admin_client):
    suc = factories.sucursal(factories.empresa())
    c = factories.cliente(suc, nombre="BUSCADO S.A.")
    c.contactos.create(nombres="Zoila", apellidos="Rojas")
    factories.cliente(suc, nombre="OTRO S.A.")
    lista = admin_client.get(reverse("admin:erp_cliente_changelist"), {"q": "zoila"}).content.decode()
    assert "BUSCADO S.A." in lista and "OTRO S.A." not in lista
