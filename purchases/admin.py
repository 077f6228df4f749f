"""The purchase screens: lists with filters and search; the documents are written by purchases.services."""

from django.contrib import admin, messages

from billing.tesoreria.admin import CarteraAdmin
from erp.admin.base import ErpTabularInline, PorSucursalAdmin, SoloConsultaMixin, ejecutar, ejecutar_por_fila
from erp.selectors import filtrar_por_sucursal

from . import cartera, services
from .models import (
    CuentaPorPagar,
    FacturaCompra,
    LineaFacturaCompra,
    LineaOrdenCompra,
    OrdenCompra,
    PagoCompra,
    Recepcion,
    SolicitudCompra,
    SolicitudCotizacion,
)


class LineasSoloConsulta(SoloConsultaMixin, ErpTabularInline):
    fields = ("producto", "descripcion", "cantidad", "valor_unitario", "afectacion_igv")
    readonly_fields = fields


class LineaOrdenInline(LineasSoloConsulta):
    model = LineaOrdenCompra


class LineaFacturaInline(LineasSoloConsulta):
    model = LineaFacturaCompra


class PagoInline(SoloConsultaMixin, ErpTabularInline):
    model = PagoCompra
    fields = ("fecha", "monto", "metodo_pago", "caja", "cuenta_bancaria", "referencia", "anulado")
    readonly_fields = fields


@admin.register(OrdenCompra)
class OrdenCompraAdmin(SoloConsultaMixin, PorSucursalAdmin):
    list_display = ("numero_completo", "fecha_emision", "proveedor", "sucursal", "moneda", "importe_total", "estado")
    list_filter = ("estado", "sucursal", "moneda", "fecha_emision")
    search_fields = ("numero", "proveedor__razon_social", "proveedor__numero_documento")
    date_hierarchy = "fecha_emision"
    inlines = [LineaOrdenInline]
    actions = ["anular"]

    @admin.action(description="Anular las órdenes seleccionadas")
    def anular(self, request, queryset):
        ejecutar_por_fila(request, queryset, lambda o: services.orden_anular(orden_id=o.pk, usuario=request.user), "anulada")


@admin.register(Recepcion)
class RecepcionAdmin(SoloConsultaMixin, PorSucursalAdmin):
    sucursal_lookup = "orden__sucursal"
    list_display = ("__str__", "orden", "fecha")
    list_filter = ("fecha",)
    search_fields = ("orden__numero", "orden__proveedor__razon_social")


@admin.register(FacturaCompra)
class FacturaCompraAdmin(SoloConsultaMixin, PorSucursalAdmin):
    list_display = ("__str__", "fecha_emision", "fecha_vencimiento", "proveedor", "moneda", "importe_total", "pagado", "estado")
    list_filter = ("tipo", "estado", "sucursal", "moneda", "fecha_emision")
    search_fields = ("serie", "numero", "proveedor__razon_social", "proveedor__numero_documento")
    date_hierarchy = "fecha_emision"
    inlines = [LineaFacturaInline, PagoInline]
    actions = ["anular"]

    @admin.action(description="Anular los documentos seleccionados")
    def anular(self, request, queryset):
        ejecutar_por_fila(request, queryset, lambda f: services.factura_anular(factura_id=f.pk, usuario=request.user), "anulado")


@admin.register(PagoCompra)
class PagoCompraAdmin(SoloConsultaMixin, PorSucursalAdmin):
    sucursal_lookup = "factura__sucursal"
    list_display = ("fecha", "factura", "monto", "metodo_pago", "cuenta_bancaria", "referencia", "anulado")
    list_filter = ("anulado", "fecha")
    search_fields = ("referencia", "factura__serie", "factura__numero", "factura__proveedor__razon_social")
    date_hierarchy = "fecha"


@admin.register(SolicitudCompra)
class SolicitudCompraAdmin(SoloConsultaMixin, PorSucursalAdmin):
    list_display = ("__str__", "fecha", "sucursal", "motivo", "estado", "revisado_por")
    list_filter = ("estado", "sucursal", "fecha")
    search_fields = ("motivo",)


@admin.register(SolicitudCotizacion)
class SolicitudCotizacionAdmin(SoloConsultaMixin, PorSucursalAdmin):
    list_display = ("__str__", "sucursal", "estado")
    list_filter = ("estado", "sucursal")


@admin.register(CuentaPorPagar)
class CuentaPorPagarAdmin(CarteraAdmin):
    """Cuentas por pagar: what is owed to providers, aged, and paid in one step from a register or account."""

    permiso_liquidar = "purchases.add_pagocompra"
    textos = {
        "socio": "Proveedor", "url": "admin:purchases_facturacompra_change", "total": "Total por pagar", "vacio": "No hay documentos pendientes de pago.",
        "monto": "Monto pagado", "medio": "Sale de", "boton": "Pagar los elegidos", "operacion": "pago",
    }  # fmt: skip

    def resumen(self, *, socio, **consulta):
        return cartera.resumen(**consulta, proveedor=socio)

    def partes(self, *, socio, **consulta):
        return cartera.partes(**consulta, proveedor=socio)

    def liquidar(self, request, f, *, ids, medio, **datos):
        facturas = list(filtrar_por_sucursal(FacturaCompra.objects.filter(pk__in=ids), request.user).filter(empresa=f["empresa"]))
        pagos = ejecutar(request, services.pagos_registrar, "Pago registrado.", facturas=facturas, origen=medio, usuario=request.user, **datos)
        if pagos:
            messages.info(request, "Pagos: " + ", ".join(f"{p.factura} {p.monto}" for p in pagos))
