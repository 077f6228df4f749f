import datetime
from decimal import Decimal

import pytest

from erp.models import Moneda, Socio, TipoDocumentoIdentidad
from inventory.selectors import almacen_principal
from tests import factories
from tests.inventory.conftest import producto


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


@pytest.fixture
def usuario(sucursal):
    return factories.usuario("compras", sucursales=[sucursal], is_superuser=True)


def proveedor(sucursal, nombre="PROVEEDOR S.A.C.") -> Socio:
    return Socio.objects.create(
        sucursal=sucursal,
        tipo_documento=TipoDocumentoIdentidad.objects.get(codigo="6"),
        numero_documento=factories.ruc_valido(),
        razon_social=nombre,
        es_proveedor=True,
    )


@pytest.fixture
def prov(sucursal):
    return proveedor(sucursal)


@pytest.fixture
def articulo(empresa):
    return producto(empresa, nombre="TORNILLO")


def usd():
    return Moneda.objects.get(codigo="USD")


def cabecera(sucursal, almacen, prov, numero, fecha, **extra):
    return {
        "sucursal": sucursal,
        "almacen": almacen,
        "proveedor": prov,
        "tipo": "01",
        "serie": "F001",
        "numero": str(numero),
        "fecha_emision": fecha,
        **extra,
    }


def linea(articulo, cantidad, valor, **extra):
    return {"producto": articulo, "cantidad": Decimal(str(cantidad)), "valor_unitario": Decimal(str(valor)), **extra}
