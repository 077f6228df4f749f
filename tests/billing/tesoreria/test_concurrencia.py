"""50 payments at once on one register end with the exact sum (row lock on PostgreSQL)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from billing.models import Caja, MovimientoCaja
from billing.tesoreria import selectors, services

from .conftest import HOY

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="los bloqueos de fila se prueban en PostgreSQL")
def test_50_pagos_concurrentes_dejan_el_saldo_exacto(caja_tienda):
    caja, banco, cajero = caja_tienda["caja"], caja_tienda["banco"], caja_tienda["cajero"]
    services.turno_abrir(caja=caja, usuario=cajero, monto_apertura="100.00", fecha=HOY)
    barrera = threading.Barrier(50)
    errores = []

    def pagar(i):
        try:
            barrera.wait()
            if i % 10 == 9:
                # Deposits lock the register and the account together, in the same order as everyone.
                services.transferencia_registrar(origen=caja, destino=banco, monto="1.00", usuario=cajero, fecha=HOY)
            else:
                services.cobro_registrar(destino=caja, monto=Decimal("10.01") + i, usuario=cajero, fecha=HOY, referencia=f"B001-{i}")
        except Exception as exc:  # noqa: BLE001  (reported below)
            errores.append(exc)
        finally:
            connections.close_all()

    hilos = [threading.Thread(target=pagar, args=(i,)) for i in range(50)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert errores == []
    # 45 collections of 10.01 + i (i not ending in 9): 45 × 10.01 + (0+1+…+49 − (9+19+29+39+49)) = 450.45 + 1225 − 145 = 1530.45
    # opening 100.00, plus 1530.45, minus 5 deposits of 1.00 = 1625.45
    caja.refresh_from_db()
    banco.refresh_from_db()
    assert caja.saldo == Decimal("1625.45") == selectors.saldo_caja(caja)
    assert banco.saldo == Decimal("1005.00") == selectors.saldo_cuenta(banco)
    # Each balance left by a movement is one step of the same running sum: none was lost.
    saldos = list(MovimientoCaja.objects.filter(caja=caja).order_by("id").values_list("saldo_resultante", "sentido", "monto"))
    corrido = Decimal("0")
    for saldo, sentido, monto in saldos:
        corrido += monto if sentido == "ingreso" else -monto
        assert saldo == corrido
    assert Caja.objects.get(pk=caja.pk).saldo == corrido
