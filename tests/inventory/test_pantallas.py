"""Every inventory screen opens, for the administrator and within a profile's branches."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from erp.models import Usuario
from inventory.models import Almacen, Movimiento, Producto

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("demo", stdout=open("/dev/null", "w"))


def test_todas_las_pantallas_abren(demo, client, rf):
    request = rf.get("/")
    request.user = Usuario.objects.get(username="admin")
    client.force_login(request.user)
    modelos = [m for m in admin.site._registry if m._meta.app_label == "inventory"]
    assert len(modelos) >= 20
    for modelo in modelos:
        modelo_admin = admin.site._registry[modelo]
        info = (modelo._meta.app_label, modelo._meta.model_name)
        lista = client.get(reverse("admin:%s_%s_changelist" % info))
        assert lista.status_code == 200, modelo
        objeto = modelo_admin.get_queryset(request).order_by("pk").first()
        if objeto is not None:
            assert client.get(reverse("admin:%s_%s_change" % info, args=[objeto.pk])).status_code == 200, modelo
        if modelo_admin.has_add_permission(request):
            assert client.get(reverse("admin:%s_%s_add" % info)).status_code == 200, modelo
    assert client.get(reverse("admin:inventory_movimiento_kardex")).status_code == 200


def test_menu_inventario_para_el_perfil_de_ventas(demo, client):
    client.force_login(Usuario.objects.get(username="vendedor"))
    inicio = client.get(reverse("admin:index")).content.decode()
    for entrada in ("Productos", "Servicios", "Kardex", "Transferencias", "Ajustes y saldos iniciales", "Mantenimientos"):
        assert entrada in inicio
    assert client.get(reverse("admin:inventory_producto_changelist")).status_code == 200


def test_el_usuario_de_una_sucursal_no_ve_los_almacenes_de_otra(demo, client):
    client.force_login(Usuario.objects.get(username="arequipa"))
    lista = client.get(reverse("admin:inventory_almacen_changelist")).content.decode()
    assert "Arequipa" in lista and "Depósito Callao" not in lista
    lima = Almacen.objects.get(nombre="Depósito Callao")
    mouse = Producto.objects.get(cod_num=43677910)
    pagina = client.get(reverse("admin:inventory_movimiento_kardex"), {"producto": mouse.pk, "almacen": lima.pk})
    assert "Escoja una opción válida" in pagina.content.decode()
    movimientos = client.get(reverse("admin:inventory_movimiento_changelist")).context["cl"].result_count
    assert movimientos == Movimiento.objects.filter(almacen__sucursal__codigo_establecimiento="0001").count() > 0
