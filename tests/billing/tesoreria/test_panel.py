"""The home page shows each register with its session and balance, and the bank balances."""

import datetime

import pytest

from billing.tesoreria import services
from tests import factories

from .conftest import HOY

pytestmark = pytest.mark.django_db


def test_el_inicio_muestra_las_cajas_con_su_turno_y_las_cuentas(client, caja_tienda):
    t = caja_tienda
    services.turno_abrir(caja=t["caja"], usuario=t["cajero"], monto_apertura="150.00", fecha=HOY - datetime.timedelta(days=2))
    t["cajero"].perfiles.add(factories.perfil("Bancos", modulos=["tesoreria.bancos"]))
    client.force_login(t["cajero"])
    html = " ".join(client.get("/admin/").content.decode().split())
    assert f"Caja principal ({t['sucursal'].nombre}), abierta desde 18/11/2026" in html
    assert "S/ 150.00" in html
    assert f"Caja dólares ({t['sucursal'].nombre}), cerrada" in html
    assert "BCP 193-1" in html and "S/ 1,000.00" in html
