from decimal import Decimal

import pytest

from billing.models import Caja
from billing.tesoreria import services as tesoreria
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


@pytest.fixture
def caja(sucursal, usuario):
    caja = Caja.objects.create(sucursal=sucursal, nombre="Caja chica", moneda=Moneda.objects.get(codigo="PEN"), predeterminada=True)
    tesoreria.turno_abrir(caja=caja, usuario=usuario, monto_apertura=Decimal("500.00"), fecha=dia(1))
    return caja


def datos_factura(sucursal, almacen, prov, articulo, **extra):
    datos = {
        "sucursal": sucursal.pk, "almacen": almacen.pk, "proveedor": prov.pk, "tipo": "01", "serie": "F001", "numero": "880",
        "fecha_emision": dia(3).strftime("%d/%m/%Y"), "moneda": 1, "tipo_cambio": "1.000", "detraccion_monto": "0", "retencion_monto": "0",
        "lineas-TOTAL_FORMS": "1", "lineas-INITIAL_FORMS": "0", "lineas-MIN_NUM_FORMS": "0", "lineas-MAX_NUM_FORMS": "1000",
        "lineas-0-producto": articulo.pk, "lineas-0-descripcion": "", "lineas-0-cantidad": "4", "lineas-0-valor_unitario": "25.00",
        "lineas-0-afectacion_igv": "10",
        "pagos-TOTAL_FORMS": "0", "pagos-INITIAL_FORMS": "0", "pagos-MIN_NUM_FORMS": "0", "pagos-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    return {**datos, **extra}
