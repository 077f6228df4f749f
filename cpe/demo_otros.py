"""Demo: the company as retention and perception agent, one retention and one perception, accepted by the sandbox."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from billing import services as ventas
from billing.models import (
    AgenteDesignacion,
    ComprobanteOtro,
    CuentaBancaria,
    DocumentoVenta,
    LineaDocumento,
    MetodoPago,
    TipoOtro,
)
from cpe.cdr import leer_cdr_zip
from cpe.models import ComprobanteElectronico
from cpe.sandbox.services import sandbox_recibir_comprobante
from cpe.services import cpe_enviar
from cpe.sunat import RespuestaCdr
from erp.models import Moneda, Serie, Socio, TipoDocumentoIdentidad
from inventory.models import Producto
from inventory.selectors import almacen_principal
from purchases import services as compras


class _SandboxLocal:
    """The sandbox called in this process: the demo loads without a running server."""

    def __init__(self, empresa):
        self.empresa = empresa

    def enviar_comprobante(self, nombre_zip: str, contenido: bytes) -> RespuestaCdr:
        recibido = sandbox_recibir_comprobante(empresa=self.empresa, nombre_zip=nombre_zip, contenido=contenido)
        return RespuestaCdr(recibido.cdr_zip, leer_cdr_zip(recibido.cdr_zip))


def _aceptar(otro: ComprobanteOtro) -> None:
    cpe_enviar(comprobante_id=ComprobanteElectronico.objects.get(otro=otro).pk, cliente=_SandboxLocal(otro.empresa))


def cargar_demo(contexto: dict) -> list[str]:
    empresa, sucursal, admin = contexto["empresa"], contexto["sucursales"]["0000"], contexto["usuarios"]["admin"]
    if ComprobanteOtro.objects.filter(empresa=empresa).exists():
        return []
    hoy = timezone.localdate()
    desde = hoy.replace(month=1, day=1)
    for tipo in (TipoOtro.RETENCION, TipoOtro.PERCEPCION):
        AgenteDesignacion.objects.get_or_create(empresa=empresa, tipo=tipo, desde=desde, defaults={"regimen": "01", "resolucion": "R.S. demo"})
    for tipo, serie in (("20", "R001"), ("40", "P001")):
        Serie.objects.get_or_create(empresa=empresa, tipo_documento=tipo, serie=serie, defaults={"sucursal": sucursal})
    banco = CuentaBancaria.objects.filter(empresa=empresa, moneda__codigo="PEN", es_detraccion=False).order_by("id").first()
    producto = Producto.objects.filter(empresa=empresa, tipo="P", maneja_series=False).order_by("codigo").first()
    if banco is None or producto is None:
        return []
    with transaction.atomic():
        proveedor = Socio.objects.create(
            sucursal=sucursal, tipo_documento=TipoDocumentoIdentidad.objects.get(codigo="6"), numero_documento="20601030013",
            razon_social="DISTRIBUIDORA DEL NORTE S.A.C.", es_proveedor=True,
        )  # fmt: skip
        # S/ 1,180.00 paid: S/ 35.40 retained (3 %), S/ 1,144.60 to the provider.
        factura = compras.factura_registrar(
            cabecera={
                "sucursal": sucursal, "almacen": almacen_principal(sucursal), "proveedor": proveedor,
                "tipo": "01", "serie": "F001", "numero": "9120", "fecha_emision": hoy - datetime.timedelta(days=3),
            },
            lineas=[{"producto": producto, "cantidad": Decimal("10"), "valor_unitario": Decimal("100.00")}],
            usuario=admin,
        )  # fmt: skip
        compras.pagos_registrar(facturas=[factura], monto=factura.por_pagar, usuario=admin, origen=banco, fecha=hoy, referencia="TRF-2201")
        # A factura of a good of the perception regime (S/ 1,180.00), collected now: 2 % = S/ 23.60 perceived.
        cliente = Socio.objects.filter(empresa=empresa, es_cliente=True, tipo_documento__codigo="6").order_by("id").first()
        if cliente is not None:
            # A series of its own: F001 stays at 0 for the API manual's examples.
            serie_percepcion = Serie.objects.get_or_create(empresa=empresa, tipo_documento="01", serie="F050", defaults={"sucursal": sucursal})[0]
            Producto.objects.filter(pk=producto.pk).update(sujeto_percepcion=True)
            venta = DocumentoVenta.objects.create(
                tipo="01", sucursal=sucursal, serie=serie_percepcion, cliente=cliente,
                fecha_emision=hoy, moneda=Moneda.objects.get(codigo="PEN"), creado_por=admin,
            )  # fmt: skip
            LineaDocumento.objects.create(
                documento=venta, producto=producto, codigo=producto.codigo, descripcion=producto.nombre, unidad=producto.unidad,
                cantidad=Decimal("1"), precio_unitario=Decimal("1180.00"), afectacion_igv=producto.afectacion_igv,
            )  # fmt: skip
            venta = ventas.documento_emitir(documento_id=venta.pk, usuario=admin)
            metodo = MetodoPago.objects.filter(empresa=empresa).order_by("id").first()
            ventas.cobranza_registrar(documentos=[venta], monto=venta.importe_total, destino=banco, metodo_pago=metodo, fecha=hoy, usuario=admin, referencia="DEP-88")
    for otro in ComprobanteOtro.objects.filter(empresa=empresa):
        _aceptar(otro)
    return [f"{o} aceptado por el sandbox: S/ {o.total} ({o.socio.razon_social})" for o in ComprobanteOtro.objects.filter(empresa=empresa).order_by("tipo")]
