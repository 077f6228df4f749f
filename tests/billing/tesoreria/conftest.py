"""A shop with a PEN and a USD register, a cashier assigned to both, and bank accounts."""

import datetime
from decimal import Decimal

import pytest

from billing.models import Caja, ConceptoCaja, CuentaBancaria, TipoCambio
from erp.models import Moneda
from tests import factories

HOY = datetime.date(2026, 11, 20)


@pytest.fixture
def caja_tienda(tienda):
    emp, lima = tienda["empresa"], tienda["sucursal"]
    soles, dolares = Moneda.objects.get(codigo="PEN"), Moneda.objects.get(codigo="USD")
    perfil = factories.perfil("Caja", modulos=["tesoreria.cajas"])
    cajero = factories.usuario("cajero", sucursales=[lima], perfiles=[perfil])
    caja = Caja.objects.create(sucursal=lima, nombre="Caja principal", moneda=soles, predeterminada=True)
    caja_usd = Caja.objects.create(sucursal=lima, nombre="Caja dólares", moneda=dolares, predeterminada=True)
    for c in (caja, caja_usd):
        c.usuarios.add(cajero, tienda["vendedor"])
    banco = CuentaBancaria.objects.create(empresa=emp, banco="BCP", moneda=soles, numero="193-1", saldo_inicial=Decimal("1000.00"))
    banco_usd = CuentaBancaria.objects.create(empresa=emp, banco="BCP", moneda=dolares, numero="193-2")
    TipoCambio.objects.create(moneda=dolares, fecha=HOY, compra=Decimal("3.740"), venta=Decimal("3.750"))
    gastos = ConceptoCaja.objects.create(empresa=emp, nombre="Gastos de oficina", sentido="egreso")
    ventas = ConceptoCaja.objects.create(empresa=emp, nombre="Ventas al contado", sentido="ingreso")
    return {
        **tienda, "cajero": cajero, "caja": caja, "caja_usd": caja_usd, "banco": banco, "banco_usd": banco_usd,
        "soles": soles, "dolares": dolares, "gastos": gastos, "ventas": ventas,
    }
