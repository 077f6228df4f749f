"""A shop with stocked products and a draft builder, for every test that sells."""

import datetime
from decimal import Decimal

import pytest

from billing.models import DocumentoVenta, LineaDocumento, MetodoPago
from erp.models import Moneda
from inventory.models import Producto
from inventory.selectors import almacen_principal
from inventory.services import kardex_entrada
from tests import factories

HOY = datetime.date(2026, 11, 20)


@pytest.fixture
def empresa_tienda(db):
    """The shop's company; CPE tests override it with one that has a certificate and SOL user."""
    return factories.empresa()


@pytest.fixture
def tienda(empresa_tienda):
    """A company with a branch, its series, a seller, clients and stocked products."""
    emp = empresa_tienda
    lima = factories.sucursal(
        emp,
        series=[("01", "F001"), ("03", "B001"), ("07", "FC01"), ("07", "BC01"), ("08", "FD01"), ("NV", "NV01"), ("CT", "CT01"), ("PV", "PV01"), ("OT", "OT01")],
    )
    perfil = factories.perfil(
        "Ventas", modulos=["ventas.facturas", "ventas.boletas", "ventas.notas_credito", "ventas.notas_debito", "ventas.cotizaciones", "directorio.clientes"]
    )
    vendedor = factories.usuario("vendedor", sucursales=[lima], perfiles=[perfil], email="vendedor@example.com")
    con_ruc = factories.cliente(lima, nombre="CLIENTE CON RUC S.A.C.")
    con_ruc.contactos.create(nombres="Lucía", apellidos="Paredes", email="lucia@example.com", principal=True)
    con_dni = factories.cliente(lima, nombre="JUAN PÉREZ", tipo="1", numero="45678912")
    sin_documento = factories.cliente(lima, nombre="CLIENTES VARIOS", tipo="0", numero="-")
    laptop = Producto.objects.create(empresa=emp, codigo="LAP-01", nombre="Laptop 14 pulgadas", precio_venta=Decimal("2360.00"), valor_venta=Decimal("2000.00"))
    mouse = Producto.objects.create(empresa=emp, codigo="MOU-01", nombre="Mouse inalámbrico", precio_venta=Decimal("59.00"), valor_venta=Decimal("50.00"))
    soporte = Producto.objects.create(empresa=emp, codigo="SRV-01", nombre="Soporte técnico", tipo="S", unidad_id="ZZ", precio_venta=Decimal("118.00"), valor_venta=Decimal("100.00"))
    almacen = almacen_principal(lima)
    for producto, cantidad, costo in ((laptop, 10, "1500"), (mouse, 100, "20")):
        kardex_entrada(
            producto=producto, almacen=almacen, cantidad=Decimal(cantidad), fecha=HOY - datetime.timedelta(days=30),
            tipo_operacion="16", documento_tipo="00", documento_serie="", documento_numero="", costo_unitario=Decimal(costo),
        )
    efectivo = MetodoPago.objects.create(empresa=emp, nombre="Efectivo")
    return {
        "empresa": emp, "sucursal": lima, "vendedor": vendedor, "almacen": almacen, "efectivo": efectivo,
        "con_ruc": con_ruc, "con_dni": con_dni, "sin_documento": sin_documento,
        "laptop": laptop, "mouse": mouse, "soporte": soporte,
    }


def borrador(tienda, tipo="01", serie=None, cliente=None, lineas=(), **campos):
    """A draft sales document; lines are (producto, cantidad, precio con IGV[, extra line fields])."""
    serie = tienda["sucursal"].series.get(serie=serie or {"01": "F001", "03": "B001", "07": "FC01", "08": "FD01", "NV": "NV01"}[tipo])
    documento = DocumentoVenta.objects.create(
        tipo=tipo,
        sucursal=tienda["sucursal"],
        serie=serie,
        cliente=cliente or tienda["con_ruc"],
        moneda=campos.pop("moneda", None) or Moneda.objects.get(codigo="PEN"),
        fecha_emision=campos.pop("fecha_emision", HOY),
        creado_por=tienda["vendedor"],
        **campos,
    )
    for orden, (producto, cantidad, precio, *extra) in enumerate(lineas):
        LineaDocumento.objects.create(
            documento=documento,
            orden=orden,
            producto=producto,
            codigo=producto.codigo,
            descripcion=producto.nombre,
            unidad=producto.unidad,
            cantidad=Decimal(str(cantidad)),
            precio_unitario=Decimal(str(precio)),
            afectacion_igv=producto.afectacion_igv,
            **(extra[0] if extra else {}),
        )
    return documento
