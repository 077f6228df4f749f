"""The purchase screens: lists with filters and search; the documents are written by purchases.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from unfold.decorators import action
from unfold.forms import BaseDialogForm
from unfold.widgets import UnfoldAdminSingleDateWidget, UnfoldAdminTextInputWidget

from billing.forms import objeto_del_dialogo
from billing.tesoreria.admin import CarteraAdmin
from erp.admin.base import (
    EditableSegunMixin,
    ErpTabularInline,
    PorSucursalAdmin,
    SoloConsultaMixin,
    dialogo,
    ejecutar,
    ejecutar_por_fila,
    redirigir,
)
from erp.selectors import filtrar_por_sucursal
from inventory.admin.base import ExportarExcelMixin

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


class LineasEditables(EditableSegunMixin, ErpTabularInline):
    """Purchase lines typed in: the description may be left empty for the product's name."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        campo = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "descripcion":
            campo.required = False  # the product's name when left empty
        return campo


class LineaOrdenInline(LineasEditables):
    """The order's lines: edited while it is a draft, then only read (receptions count against them)."""

    model = LineaOrdenCompra
    fields = ("producto", "descripcion", "cantidad", "valor_unitario", "ingreso_con_igv", "afectacion_igv", "cantidad_recibida")
    readonly_fields = ("cantidad_recibida",)
    autocomplete_fields = ("producto",)
    extra = 3

    def editable(self, obj):
        return obj is None or obj.estado == OrdenCompra.Estado.BORRADOR


class RecepcionForm(BaseDialogForm):
    """One quantity per pending line of the order, the date and the provider's guía."""

    fecha = forms.DateField(label="Fecha de recepción", widget=UnfoldAdminSingleDateWidget)
    guia_remision = forms.CharField(label="Guía de remisión del proveedor", required=False, max_length=30, widget=UnfoldAdminTextInputWidget)

    def __init__(self, *args, request=None, object_id=None, **kwargs):
        super().__init__(*args, request=request, object_id=object_id, **kwargs)
        self.fields["fecha"].initial = timezone.localdate()
        orden = objeto_del_dialogo(request, object_id)
        self.lineas = [linea for linea in orden.lineas.order_by("orden", "id") if linea.pendiente > 0] if orden else []
        for linea in self.lineas:
            self.fields[f"l_{linea.pk}"] = forms.DecimalField(
                label=f"{linea.descripcion} (pendiente {linea.pendiente.normalize():f})", min_value=0, required=False,
                initial=linea.pendiente.normalize(), widget=UnfoldAdminTextInputWidget,
            )  # fmt: skip

    def cantidades(self) -> dict:
        return {linea.pk: self.cleaned_data.get(f"l_{linea.pk}") or 0 for linea in self.lineas}


class LineaFacturaInline(LineasSoloConsulta):
    model = LineaFacturaCompra


class PagoInline(SoloConsultaMixin, ErpTabularInline):
    model = PagoCompra
    fields = ("fecha", "monto", "metodo_pago", "caja", "cuenta_bancaria", "referencia", "anulado")
    readonly_fields = fields


@admin.register(OrdenCompra)
class OrdenCompraAdmin(ExportarExcelMixin, PorSucursalAdmin):
    list_display = ("numero_completo", "fecha_emision", "proveedor", "sucursal", "moneda", "importe_total", "estado")
    list_filter = ("estado", "sucursal", "moneda", "fecha_emision")
    search_fields = ("numero", "proveedor__razon_social", "proveedor__numero_documento")
    date_hierarchy = "fecha_emision"
    fields = ("sucursal", "almacen", "proveedor", "fecha_emision", "fecha_entrega", "moneda", "tipo_cambio", "condiciones_pago", "observaciones")
    autocomplete_fields = ("proveedor",)
    inlines = [LineaOrdenInline]
    actions = ["anular"]
    actions_detail = ["emitir", "recibir"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None and obj.estado != OrdenCompra.Estado.BORRADOR else ()

    def has_delete_permission(self, request, obj=None):
        return False  # an order is voided, its number kept

    def get_changeform_initial_data(self, request):
        return {"fecha_emision": timezone.localdate(), "sucursal": request.user.sucursal_predeterminada_id, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if obj.pk is None:
            obj.creado_por = request.user
            services.orden_numerar(orden=obj)
        else:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        ejecutar(request, services.orden_calcular, "Totales calculados.", orden=form.instance)

    def has_emitir_permission(self, request, object_id=None):
        return request.user.has_perm("purchases.change_ordencompra")

    def has_recibir_permission(self, request, object_id=None):
        return request.user.has_perm("purchases.add_recepcion")

    def _volver(self, request, object_id):
        return redirigir(request, reverse("admin:purchases_ordencompra_change", args=[object_id]))

    @action(description="Emitir", icon="send", url_path="emitir", permissions=["emitir"])
    def emitir(self, request, object_id):
        orden = get_object_or_404(self.get_queryset(request), pk=object_id)
        ejecutar(request, services.orden_emitir, f"{orden} emitida.", orden_id=orden.pk, usuario=request.user)
        return self._volver(request, object_id)

    @action(description="Registrar recepción", icon="inventory", url_path="recibir", permissions=["recibir"],
            dialog=dialogo("Recepción de mercadería", "Lo que llegó de cada línea entra al almacén de la orden a su costo.", RecepcionForm, "Registrar"))  # fmt: skip
    def recibir(self, request, form, object_id):
        orden = get_object_or_404(self.get_queryset(request), pk=object_id)
        ejecutar(
            request, services.recepcion_registrar, f"Recepción de {orden} registrada.", orden_id=orden.pk, fecha=form.cleaned_data["fecha"],
            cantidades=form.cantidades(), usuario=request.user, guia_remision=form.cleaned_data["guia_remision"],
        )  # fmt: skip
        return self._volver(request, object_id)

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


class LineaFacturaEditable(LineasEditables):
    model = LineaFacturaCompra
    formset = LineasCompraFormSet
    fields = LINEA_COMPRA
    autocomplete_fields = ("producto",)
    extra = 3

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.usuario = request.user
        return formset

    def editable(self, obj):
        return obj is None or obj.estado == FacturaCompra.Estado.REGISTRADA


@admin.register(FacturaCompra)
class FacturaCompraAdmin(ExportarExcelMixin, PorSucursalAdmin):
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
class PagoCompraAdmin(ExportarExcelMixin, SoloConsultaMixin, PorSucursalAdmin):
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
            if pagos[0].retencion_id:
                r = pagos[0].retencion
                messages.warning(request, f"{r}: S/ {r.total} retenido (por pagar a SUNAT); el proveedor recibe S/ {r.total_neto}.")
