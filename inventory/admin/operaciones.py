"""Transfers and adjustments: drafts with lines, then "Registrar" turns them into kardex moves."""

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect
from unfold.contrib.filters.admin import ChoicesDropdownFilter, RangeDateFilter
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminTextareaWidget

from erp.admin.base import REGISTRO_FIELDSET, EditableSegunMixin, ErpTabularInline, ejecutar
from erp.admin.extensiones import AccionesRegistradasMixin

from .. import services
from ..forms import LineasAjusteFormSet
from ..models import (
    Ajuste,
    AjusteLinea,
    Almacen,
    EstadoOperacion,
    Movimiento,
    Naturaleza,
    Transferencia,
    TransferenciaLinea,
)
from ..selectors import almacenes_de, filtrar_por_empresa
from .base import PorSucursalInventarioAdmin, RelacionadoFilter

ESTADOS = {"Borrador": "warning", "Registrada": "success", "Anulada": "danger"}


TEXTO_CORTO = {models.TextField: {"widget": UnfoldAdminTextareaWidget(attrs={"rows": 2})}}


class LineaInline(EditableSegunMixin, ErpTabularInline):
    autocomplete_fields = ("producto",)
    extra = 1
    tab = False
    formfield_overrides = TEXTO_CORTO

    def editable(self, obj):
        return obj is None or obj.es_borrador


class TransferenciaLineaInline(LineaInline):
    model = TransferenciaLinea
    fields = ("producto", "cantidad", "series")


class AjusteLineaInline(LineaInline):
    model = AjusteLinea
    formset = LineasAjusteFormSet
    fields = ("producto", "naturaleza", "cantidad", "costo_unitario", "series")


class OperacionAdmin(PorSucursalInventarioAdmin):
    """Common screen of transfers and adjustments; registered or voided ones are read-only."""

    actions_detail = ["registrar", "anular"]
    formfield_overrides = TEXTO_CORTO
    readonly_fields = ("numero_txt", "estado_txt")
    change_form_after_template = "inventory/movimientos_origen.html"

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.es_borrador)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.es_borrador)

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        # A new draft stays open: the next step is to review it and register it.
        messages.success(request, f"{obj.codigo} guardado como borrador. Revíselo y pulse «Registrar» para mover el stock.")
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", obj.pk)

    def _objeto(self, request, object_id):
        return self.get_queryset(request).filter(pk=object_id).first()

    def has_registrar_permission(self, request, object_id=None):
        obj = self._objeto(request, object_id) if object_id else None
        return super().has_change_permission(request) and (obj is None or obj.es_borrador)

    def has_anular_permission(self, request, object_id=None):
        obj = self._objeto(request, object_id) if object_id else None
        return super().has_change_permission(request) and (obj is None or obj.estado == EstadoOperacion.REGISTRADA)

    def _ejecutar(self, request, object_id, servicio, exito):
        obj = self._objeto(request, object_id)
        if obj is None:
            messages.error(request, "No existe o no tiene acceso.")
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        ejecutar(request, servicio, exito.format(obj=obj), obj)
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", object_id)

    @action(description="Anular", icon="block", permissions=["anular"], url_path="anular")
    def anular(self, request, object_id):
        return self._ejecutar(
            request,
            object_id,
            lambda obj: services.operacion_anular(operacion=obj, usuario=request.user),
            "{obj} anulada: sus movimientos se revirtieron en el kardex.",
        )

    @display(description="número")
    def numero_txt(self, obj):
        return obj.codigo if obj and obj.pk else "Se asigna al guardar."

    @display(description="estado", label=ESTADOS)
    def estado_txt(self, obj):
        return obj.get_estado_display() if obj and obj.pk else "Borrador"

    @display(description="productos", ordering="_lineas")
    def num_lineas(self, obj):
        return obj._lineas

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_lineas=Count("lineas"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self._objeto(request, object_id)
        movimientos = Movimiento.objects.none()
        if obj is not None:
            movimientos = Movimiento.objects.filter(
                origen_tipo=ContentType.objects.get_for_model(obj), origen_id=obj.pk
            ).select_related("producto", "almacen")
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "movimientos": movimientos})


@admin.register(Transferencia)
class TransferenciaAdmin(AccionesRegistradasMixin, OperacionAdmin):
    """Higher apps add their buttons (billing: «Guía de remisión») through erp.admin.extensiones."""

    sucursal_lookup = "almacen_origen__sucursal"
    list_display = ("numero_txt", "fecha", "almacen_origen", "almacen_destino", "num_lineas", "estado_txt")
    list_display_links = ("numero_txt",)
    list_filter = (("estado", ChoicesDropdownFilter), ("fecha", RangeDateFilter), ("almacen_origen", RelacionadoFilter))
    search_fields = ("numero", "observaciones", "lineas__producto__nombre", "lineas__producto__codigo", "almacen_destino__nombre")
    list_select_related = ("almacen_origen__sucursal", "almacen_destino__sucursal")
    inlines = [TransferenciaLineaInline]
    fieldsets = (
        (
            "Transferencia",
            {"fields": (("numero_txt", "estado_txt"), "fecha", ("almacen_origen", "almacen_destino"), "observaciones")},
        ),
        REGISTRO_FIELDSET,
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "almacen_origen":
            kwargs["queryset"] = almacenes_de(request.user).filter(activo=True).select_related("sucursal")
        elif db_field.name == "almacen_destino":
            # Goods may go to any branch of the company, not only the user's.
            kwargs["queryset"] = filtrar_por_empresa(Almacen.objects.filter(activo=True), request.user).select_related("sucursal")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @action(description="Registrar", icon="check_circle", permissions=["registrar"], url_path="registrar")
    def registrar(self, request, object_id):
        return self._ejecutar(
            request,
            object_id,
            lambda obj: services.transferencia_registrar(transferencia=obj, usuario=request.user),
            "{obj} registrada: el stock salió del origen y entró al destino.",
        )


@admin.register(Ajuste)
class AjusteAdmin(OperacionAdmin):
    sucursal_lookup = "almacen__sucursal"
    list_display = ("numero_txt", "fecha", "almacen", "tipo_operacion", "motivo_breve", "num_lineas", "estado_txt")
    list_display_links = ("numero_txt",)
    list_filter = (
        ("estado", ChoicesDropdownFilter),
        ("tipo_operacion", ChoicesDropdownFilter),
        ("fecha", RangeDateFilter),
        ("almacen", RelacionadoFilter),
    )
    search_fields = ("numero", "motivo", "lineas__producto__nombre", "lineas__producto__codigo")
    list_select_related = ("almacen__sucursal",)
    inlines = [AjusteLineaInline]
    fieldsets = (
        ("Ajuste", {"fields": (("numero_txt", "estado_txt"), "fecha", ("almacen", "tipo_operacion"), "motivo")}),
        REGISTRO_FIELDSET,
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "almacen":
            kwargs["queryset"] = almacenes_de(request.user).filter(activo=True).select_related("sucursal")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        producto = request.GET.get("producto", "")
        if request.method == "GET" and obj._state.adding and producto.isdigit():
            # "Registrar saldo inicial" on a product's page: its line is ready for quantity and cost.
            kwargs["initial"] = [{"producto": int(producto), "naturaleza": Naturaleza.ENTRADA}]
        return kwargs

    @display(description="motivo")
    def motivo_breve(self, obj):
        return obj.motivo[:60]

    @action(description="Registrar", icon="check_circle", permissions=["registrar"], url_path="registrar")
    def registrar(self, request, object_id):
        return self._ejecutar(
            request,
            object_id,
            lambda obj: services.ajuste_registrar(ajuste=obj, usuario=request.user),
            "{obj} registrado en el kardex.",
        )
