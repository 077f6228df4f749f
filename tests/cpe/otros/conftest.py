"""The shop's company as a retention agent, its providers and a register, on the sandbox of a live server."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import AgenteDesignacion, Caja, TipoOtro
from billing.tesoreria import services as tesoreria
from erp.models import Moneda, Socio
from purchases import services as compras
from tests.cpe.resumen.conftest import emisor, sandbox, tareas_encoladas  # noqa: F401  (fixtures)
from tests.purchases.conftest import proveedor as proveedor_con_ruc

D = Decimal


def hoy() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def agente(emisor):  # noqa: F811  (the imported fixture)
    """The shop, retention agent (régimen 01, 3 %) and perception agent since 2020, with R001 and P001; a register with S/ 5,000."""
    empresa, sucursal = emisor["empresa"], emisor["sucursal"]
    AgenteDesignacion.objects.create(empresa=empresa, tipo=TipoOtro.RETENCION, regimen="01", desde=datetime.date(2020, 1, 1))
    AgenteDesignacion.objects.create(empresa=empresa, tipo=TipoOtro.PERCEPCION, regimen="01", desde=datetime.date(2020, 1, 1))
    sucursal.series.create(tipo_documento="20", serie="R001")
    sucursal.series.create(tipo_documento="40", serie="P001")
    caja = Caja.objects.create(sucursal=sucursal, nombre="Caja principal", moneda=Moneda.objects.get(codigo="PEN"), predeterminada=True)
    caja.usuarios.add(emisor["vendedor"])
    tesoreria.turno_abrir(caja=caja, usuario=emisor["vendedor"], monto_apertura=D("5000.00"), fecha=hoy() - datetime.timedelta(days=3))
    return {**emisor, "caja": caja}


def proveedor(sucursal, nombre="PROVEEDOR DEL NORTE S.A.C.", **flags) -> Socio:
    """A provider with RUC; `flags` as SUNAT's registers say (agente_retencion, buen_contribuyente...)."""
    socio = proveedor_con_ruc(sucursal, nombre)
    Socio.objects.filter(pk=socio.pk).update(**flags)
    socio.refresh_from_db()
    return socio


def compra(negocio, prov, numero, total_con_igv, *, fecha=None, **extra):
    """A provider's factura F001-`numero` of one line whose total with IGV is `total_con_igv`."""
    valor = (D(total_con_igv) / D("1.18")).quantize(D("0.0000000001"))
    return compras.factura_registrar(
        cabecera={
            "sucursal": negocio["sucursal"], "almacen": negocio["almacen"], "proveedor": prov, "tipo": "01", "serie": "F001",
            "numero": str(numero), "fecha_emision": fecha or hoy() - datetime.timedelta(days=2), **extra,
        },
        lineas=[{"producto": negocio["mouse"], "cantidad": D(1), "valor_unitario": valor}],
        usuario=negocio["vendedor"],
    )  # fmt: skip
