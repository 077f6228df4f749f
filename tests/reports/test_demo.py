"""The demo's data shows in the reports, for the demo's accountant (whose profile has the Reportes modules)."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from erp.models import Usuario

pytestmark = pytest.mark.django_db


def test_los_reportes_muestran_los_datos_del_demo(client):
    call_command("demo")
    client.force_login(Usuario.objects.get(username="contador"))
    hoy = timezone.localdate()
    periodo = {"desde": f"{hoy - datetime.timedelta(days=365):%d/%m/%Y}", "hasta": f"{hoy:%d/%m/%Y}"}
    # (The demo's CPE are registered after its transaction commits, which a test's never does.)
    for codigo in ("ventas-tipo", "ventas-producto", "stock-sucursales", "compras-proveedor", "stock-bajo-minimo"):
        resp = client.get(reverse("reports:ver", args=[codigo]), periodo)
        assert resp.status_code == 200 and resp.context["pagina"].paginator.count > 0, codigo
    ventas = client.get(reverse("reports:ver", args=["ventas-tipo"]), periodo).context
    totales = {c.clave: valor for valor, c in ventas["totales"]}
    assert totales["total"] > 0
    inicio = client.get(reverse("admin:index")).content.decode()
    assert "Resumen del negocio" in inicio and "Stock bajo mínimo (por almacén)" in inicio
    # The demo's minimums: the main branch's hard drives (5 of 10) and Arequipa's mice (20 of 30) are below them.
    bajo = client.get(reverse("reports:ver", args=["stock-bajo-minimo"])).context["pagina"]
    assert {("P0002", "Principal - Miraflores"), ("P0001", "Arequipa")} <= {(f["codigo"], f["sucursal_nombre"]) for f in bajo}
