"""The purchase screens: lists with filters and search; the documents are written by purchases.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

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


CABECERA_COMPRA = (
    "sucursal", "almacen", "proveedor", "tipo", "serie", "numero", "fecha_emision", "fecha_vencimiento", "moneda", "tipo_cambio",
    "documento_referencia", "motivo_nota", "detraccion_constancia", "detraccion_fecha", "detraccion_monto", "retencion_monto", "observaciones",
)  # fmt: skip
LINEA_COMPRA = ("producto", "descripcion", "cantidad", "valor_unitario", "ingreso_con_igv", "afectacion_igv")


class _Ensayo(Exception):
    """Rolls back a rehearsal of the registration that went well."""


def _registrar(factura: FacturaCompra, lineas: list[dict], usuario) -> FacturaCompra:
    cabecera = {campo: getattr(factura, campo) for campo in CABECERA_COMPRA}
    if factura.pk:
        return services.factura_corregir(factura_id=factura.pk, cabecera=cabecera, lineas=lineas, usuario=usuario)
    return services.factura_registrar(cabecera=cabecera, lineas=lineas, usuario=usuario)


class LineasCompraFormSet(BaseInlineFormSet):
    """The lines of a purchase: valid only if the whole document registers, which is rehearsed and rolled back here,
    so the form shows the service's refusal (a missing rate, a repeated number) and nothing is written."""

    usuario = None

    def lineas(self) -> list[dict]:
        return [
            {campo: f.cleaned_data.get(campo) for campo in LINEA_COMPRA}
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.lineas():
            raise forms.ValidationError("Agregue al menos una línea.")
        cabecera = self.instance
        if not (cabecera.sucursal_id and cabecera.almacen_id and cabecera.proveedor_id and cabecera.fecha_emision):
            return  # the header's own errors are shown; the rehearsal needs a whole header
        try:
            with transaction.atomic():
                _registrar(self.instance, self.lineas(), self.usuario)
                raise _Ensayo
        except _Ensayo:
            pass
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc


class LineaFacturaEditable(ErpTabularInline):
    model = LineaFacturaCompra
    formset = LineasCompraFormSet
    fields = LINEA_COMPRA
    autocomplete_fields = ("producto",)
    extra = 3

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        campo = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "descripcion":
            campo.required = False  # the product's name when left empty
        return campo

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.usuario = request.user
        return formset

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.estado == FacturaCompra.Estado.REGISTRADA

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


@admin.register(FacturaCompra)
class FacturaCompraAdmin(PorSucursalAdmin):
    """Purchase documents are written through purchases.services: the form's save registers or corrects the whole
    document in one transaction (totals, kardex at cost, back-dated revaluation)."""

    list_display = ("__str__", "fecha_emision", "fecha_vencimiento", "proveedor", "moneda", "importe_total", "pagado", "estado")
    list_filter = ("tipo", "estado", "sucursal", "moneda", "fecha_emision")
    search_fields = ("serie", "numero", "proveedor__razon_social", "proveedor__numero_documento")
    date_hierarchy = "fecha_emision"
    fields = CABECERA_COMPRA
    autocomplete_fields = ("proveedor", "documento_referencia")
    inlines = [LineaFacturaEditable, PagoInline]
    actions = ["anular"]

    def get_readonly_fields(self, request, obj=None):
        return CABECERA_COMPRA if obj is not None and obj.estado != FacturaCompra.Estado.REGISTRADA else ()

    def has_delete_permission(self, request, obj=None):
        return False  # a registered document is voided (its kardex undone), never deleted

    def get_changeform_initial_data(self, request):
        return {"fecha_emision": timezone.localdate(), "sucursal": request.user.sucursal_predeterminada_id, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        pass  # written with its lines in save_related, by the service

    def save_related(self, request, form, formsets, change):
        lineas = next(f for f in formsets if isinstance(f, LineasCompraFormSet))
        factura = _registrar(form.instance, lineas.lineas(), request.user)
        form.instance.pk = factura.pk

    def construct_change_message(self, request, form, formsets, add=False):
        return [{"added" if add else "changed": {}}]

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
