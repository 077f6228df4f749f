"""Demo data of purchases: an order received in part, purchase invoices paid and pending."""

import datetime
from decimal import Decimal

from django.utils import timezone

from billing.models import CuentaBancaria
from inventory.models import Producto, TipoItem
from inventory.selectors import almacen_principal

from . import services
from .models import FacturaCompra, LineaOrdenCompra, OrdenCompra, SolicitudCompra


def cargar_demo(contexto: dict) -> list[str]:
    empresa, sucursal, admin = contexto["empresa"], contexto["sucursales"]["0000"], contexto["usuarios"]["admin"]
    if FacturaCompra.objects.filter(empresa=empresa).exists():
        return []
    proveedor = empresa.socios.filter(es_proveedor=True).order_by("id").first()
    productos = list(Producto.objects.filter(empresa=empresa, tipo=TipoItem.PRODUCTO, maneja_series=False).order_by("codigo")[:3])
    if proveedor is None or len(productos) < 3:
        return []
    almacen = almacen_principal(sucursal)
    hoy = timezone.localdate()
    base = {"sucursal": sucursal, "almacen": almacen, "proveedor": proveedor, "tipo": "01", "serie": "F001"}
    pagada = services.factura_registrar(
        cabecera={**base, "numero": "4581", "fecha_emision": hoy - datetime.timedelta(days=20)},
        lineas=[{"producto": productos[0], "cantidad": Decimal("20"), "valor_unitario": Decimal("35.00")}],
        usuario=admin,
    )
    banco = CuentaBancaria.objects.filter(empresa=empresa, moneda__codigo="PEN", es_detraccion=False).order_by("id").first()
    services.pago_registrar(factura_id=pagada.pk, fecha=hoy - datetime.timedelta(days=10), monto=pagada.por_pagar, usuario=admin, origen=banco)
    pendiente = services.factura_registrar(
        cabecera={
            **base, "numero": "4602", "fecha_emision": hoy - datetime.timedelta(days=5),
            "fecha_vencimiento": hoy + datetime.timedelta(days=25),
        },
        lineas=[{"producto": productos[1], "cantidad": Decimal("12"), "valor_unitario": Decimal("80.00")}],
        usuario=admin,
    )
    services.pago_registrar(factura_id=pendiente.pk, fecha=hoy, monto=Decimal("300.00"), usuario=admin, origen=banco)

    orden = OrdenCompra(sucursal=sucursal, almacen=almacen, proveedor=proveedor, fecha_emision=hoy, creado_por=admin,
                        condiciones_pago="Crédito a 30 días")
    services.orden_numerar(orden=orden)
    linea = LineaOrdenCompra.objects.create(
        documento=orden, producto=productos[2], descripcion=productos[2].nombre, cantidad=Decimal("50"),
        valor_unitario=Decimal("12.50"), ingreso_con_igv=False,
    )
    services.orden_emitir(orden_id=orden.pk, usuario=admin)
    services.recepcion_registrar(orden_id=orden.pk, fecha=hoy, cantidades={linea.pk: Decimal("30")}, usuario=admin)
    # A request waiting for approval, and one approved into a request for quotation with its answers.
    por_aprobar = SolicitudCompra.objects.create(sucursal=sucursal, fecha=hoy, motivo="Reposición para la campaña", creado_por=admin)
    por_aprobar.lineas.create(producto=productos[0], descripcion=productos[0].nombre, cantidad=Decimal("40"), fecha_requerida=hoy + datetime.timedelta(days=10))
    aprobada = SolicitudCompra.objects.create(sucursal=sucursal, fecha=hoy, motivo="Stock mínimo alcanzado", creado_por=admin)
    aprobada.lineas.create(producto=productos[1], descripcion=productos[1].nombre, cantidad=Decimal("24"))
    proveedores = list(empresa.socios.filter(es_proveedor=True).order_by("id")[:2])
    cotizacion = services.solicitud_aprobar(solicitud_id=aprobada.pk, usuario=admin, almacen=almacen, proveedores=proveedores)
    linea_cotizada = cotizacion.lineas.get()
    for proveedor_cotiza, valor in zip(proveedores, ("78.50", "81.00"), strict=False):
        services.cotizacion_responder(solicitud_id=cotizacion.pk, proveedor=proveedor_cotiza, fecha=hoy, precios={linea_cotizada.pk: valor})
    return [
        f"Compras: 2 facturas de {proveedor} (una pendiente), la orden {orden} recibida en parte, "
        f"la solicitud de compra {por_aprobar} por aprobar y la solicitud de cotización {cotizacion} con {len(proveedores)} respuesta(s)."
    ]
