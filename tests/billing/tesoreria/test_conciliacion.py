"""Reconciling an account with the bank's statement: the ticked operations make the reconciled balance."""

import datetime
from decimal import Decimal

import pytest

from billing.tesoreria import services
from billing.tesoreria.models import OperacionBancaria
from tests import factories

from .conftest import HOY

pytestmark = pytest.mark.django_db
D = Decimal


def test_conciliar_marca_las_operaciones_del_extracto_y_muestra_la_diferencia(client, caja_tienda):
    t = caja_tienda
    banco, usuario = t["banco"], factories.usuario("tesorero", sucursales=[t["sucursal"]], is_superuser=True)
    ayer = HOY - datetime.timedelta(days=1)
    deposito = services.operacion_registrar(cuenta=banco, tipo="deposito", monto="500.00", usuario=usuario, fecha=ayer, numero_operacion="D-1")
    comision = services.operacion_registrar(cuenta=banco, tipo="comision", monto="20.00", usuario=usuario, fecha=ayer)
    services.operacion_registrar(cuenta=banco, tipo="cobro", monto="300.00", usuario=usuario, fecha=HOY)
    client.force_login(usuario)
    url = "/admin/billing/operacionbancaria/conciliar/"
    # The statement at HOY shows the deposit and the commission: 1,000.00 + 500.00 − 20.00 = 1,480.00.
    datos = {"cuenta": banco.pk, "fecha": HOY.isoformat(), "extracto": "1480.00"}
    html = client.get(url, datos).content.decode()
    assert 'id="saldo-libros">S/ 1,780.00<' in html and 'id="saldo-conciliado">S/ 1,000.00<' in html
    assert 'id="diferencia">S/ 480.00<' in html

    client.post(url, {**datos, "operaciones": [deposito.pk, comision.pk]})
    assert set(OperacionBancaria.objects.filter(conciliado=True).values_list("pk", flat=True)) == {deposito.pk, comision.pk}
    assert OperacionBancaria.objects.get(pk=deposito.pk).fecha_conciliacion == HOY
    html = client.get(url, datos).content.decode()
    assert 'id="saldo-conciliado">S/ 1,480.00<' in html and 'id="por-conciliar">S/ 300.00<' in html
    assert 'id="diferencia">S/ 0.00<' in html


def test_no_se_concilia_una_operacion_posterior_al_extracto(caja_tienda):
    t = caja_tienda
    usuario = factories.usuario("tesorero", sucursales=[t["sucursal"]], is_superuser=True)
    despues = services.operacion_registrar(cuenta=t["banco"], tipo="interes", monto="3.00", usuario=usuario, fecha=HOY)
    with pytest.raises(Exception, match="hasta la fecha del extracto"):
        services.conciliar(cuenta=t["banco"], marcadas=[despues.pk], fecha=HOY - datetime.timedelta(days=1))
    assert not OperacionBancaria.objects.filter(conciliado=True).exists()
