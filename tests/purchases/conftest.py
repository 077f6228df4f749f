from decimal import Decimal

import pytest

from erp.models import Moneda, Socio, TipoDocumentoIdentidad
from tests import factories

# The branch, its warehouse and the dates of the kardex tests; purchases move that same kardex.
from tests.inventory.conftest import almacen, dia, empresa, producto, sucursal  # noqa: F401


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
