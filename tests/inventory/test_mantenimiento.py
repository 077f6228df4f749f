import pytest
from django.urls import reverse

from inventory.models import Mantenimiento
from tests import factories

from .conftest import producto

pytestmark = pytest.mark.django_db


def _datos(sucursal, p, **extra):
    datos = {
        "sucursal": sucursal.pk,
        "numero_reporte": "",
        "producto": p.pk,
        "numero_serie": "SN-778",
        "estado": "PE",
        "fecha_ingreso": "10/03/2025",
        "descripcion": "No imprime: revisar cabezal.",
    }
    datos.update(extra)
    return datos


def test_mantenimiento_numerado_y_buscable(admin_client, empresa, sucursal):
    p = producto(empresa, nombre="IMPRESORA LÁSER")
    cliente = factories.cliente(sucursal, nombre="CLÍNICA SAN JUAN S.A.C.")
    resp = admin_client.post(reverse("admin:inventory_mantenimiento_add"), _datos(sucursal, p, cliente=cliente.pk))
    assert resp.status_code == 302, resp.context["errors"]
    resp = admin_client.post(reverse("admin:inventory_mantenimiento_add"), _datos(sucursal, p, numero_serie="SN-900"))
    assert resp.status_code == 302, resp.context["errors"]
    assert list(Mantenimiento.objects.order_by("numero_reporte").values_list("numero_reporte", "empresa")) == [(1, empresa.pk), (2, empresa.pk)]
    lista = reverse("admin:inventory_mantenimiento_changelist")
    for termino in ("clínica", "SN-778"):
        resultado = [m.numero_serie for m in admin_client.get(lista, {"q": termino}).context["cl"].result_list]
        assert resultado == ["SN-778"], termino


def test_fechas_y_numero_repetido(admin_client, empresa, sucursal):
    p = producto(empresa)
    admin_client.post(reverse("admin:inventory_mantenimiento_add"), _datos(sucursal, p, numero_reporte="15"))
    resp = admin_client.post(
        reverse("admin:inventory_mantenimiento_add"),
        _datos(sucursal, p, numero_reporte="15", fecha_entrega="01/03/2025", estado="EN"),
    )
    texto = resp.content.decode()
    assert "Ya existe un mantenimiento con ese número de reporte." in texto
    assert "No puede ser anterior a la fecha de ingreso." in texto
    assert Mantenimiento.objects.count() == 1
