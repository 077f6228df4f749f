import datetime
import itertools

import pytest

from inventory.models import Producto
from inventory.selectors import almacen_principal
from tests import factories

_seq = itertools.count(1)


def producto(empresa, **kwargs) -> Producto:
    n = next(_seq)
    datos = {"empresa": empresa, "codigo": f"P{n:04d}", "nombre": f"PRODUCTO {n}", "precio_venta": 118, "valor_venta": 100}
    datos.update(kwargs)
    return Producto.objects.create(**datos)


def dia(d: int, mes: int = 3) -> datetime.date:
    return datetime.date(2025, mes, d)


@pytest.fixture
def empresa(db):
    return factories.empresa()


@pytest.fixture
def sucursal(empresa):
    return factories.sucursal(empresa, codigo="0000", nombre="Lima")


@pytest.fixture
def almacen(sucursal):
    return almacen_principal(sucursal)
