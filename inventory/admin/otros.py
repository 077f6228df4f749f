"""Price lists, maintenance records and the public's questions."""

from django.contrib import admin, messages
from django.db.models import Count
from unfold.contrib.filters.admin import BooleanRadioFilter, ChoicesDropdownFilter, RangeDateFilter
from unfold.decorators import action, display

from erp.admin.base import REGISTRO_FIELDSET, ErpTabularInline, SucursalFilter

from ..models import ConsultaProducto, EstadoMantenimiento, ListaPrecio, Mantenimiento, PrecioProducto
from .base import PorEmpresaAdmin, PorSucursalInventarioAdmin


class PrecioDeListaInline(ErpTabularInline):
    model = PrecioProducto
    fields = ("producto", "moneda", "cantidad_minima", "precio")
    autocomplete_fields = ("producto",)
    verbose_name_plural = "precios"


@admin.register(ListaPrecio)
class ListaPrecioAdmin(PorEmpresaAdmin):
    list_display = ("nombre", "predeterminada", "num_precios", "activo")
    list_filter = (("activo", BooleanRadioFilter),)
    search_fields = ("nombre", "precios__producto__nombre", "precios__producto__codigo")
    inlines = [PrecioDeListaInline]
    fieldsets = (("Lista de precios", {"fields": ("empresa", "nombre", "predeterminada", "activo")}), REGISTRO_FIELDSET)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_precios=Count("precios"))

    @display(description="precios", ordering="_precios")
    def num_precios(self, obj):
        return obj._precios


ESTADOS_MANTENIMIENTO = {
    EstadoMantenimiento.PENDIENTE.label: "warning",
    EstadoMantenimiento.EN_PROCESO.label: "info",
    EstadoMantenimiento.TERMINADO.label: "success",
    EstadoMantenimiento.ENTREGADO.label: "success",
    EstadoMantenimiento.ANULADO.label: "danger",
}


@admin.register(Mantenimiento)
class MantenimientoAdmin(PorSucursalInventarioAdmin):
    list_display = ("numero_reporte", "fecha_ingreso", "producto", "numero_serie", "cliente", "fecha_entrega", "estado_txt", "sucursal")
    list_display_links = ("numero_reporte", "producto")
    list_filter = (("estado", ChoicesDropdownFilter), SucursalFilter, ("fecha_ingreso", RangeDateFilter))
    search_fields = ("numero_reporte", "producto__nombre", "producto__codigo", "numero_serie", "cliente__razon_social", "cliente__numero_documento")
    search_help_text = "Número de reporte, producto, serie o cliente."
    list_select_related = ("producto", "cliente", "sucursal")
    autocomplete_fields = ("producto", "cliente")
    fieldsets = (
        (
            "Mantenimiento",
            {
                "classes": ["tab"],
                "fields": ("sucursal", "numero_reporte", ("producto", "numero_serie"), "cliente", "responsable", "estado"),
            },
        ),
        ("Fechas", {"classes": ["tab"], "fields": ("fecha_ingreso", "fecha_programada", "fecha_entrega")}),
        ("Descripción", {"classes": ["tab"], "fields": ("descripcion",)}),
        REGISTRO_FIELDSET,
    )

    @display(description="estado", label=ESTADOS_MANTENIMIENTO, ordering="estado")
    def estado_txt(self, obj):
        return obj.get_estado_display()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "responsable":
            kwargs["initial"] = request.user.pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ConsultaProducto)
class ConsultaProductoAdmin(PorEmpresaAdmin):
    list_display = ("creado", "producto", "nombre", "email", "telefono", "mensaje_breve", "atendida")
    list_filter = (("atendida", BooleanRadioFilter), ("creado", RangeDateFilter))
    search_fields = ("nombre", "email", "telefono", "mensaje", "producto__nombre", "producto__codigo")
    list_select_related = ("producto",)
    readonly_fields = ("producto", "nombre", "email", "telefono", "mensaje", "creado")
    fields = ("producto", "creado", "nombre", "email", "telefono", "mensaje", "atendida", "respuesta")
    actions = ["marcar_atendidas"]

    def has_add_permission(self, request):
        return False

    @display(description="mensaje")
    def mensaje_breve(self, obj):
        return obj.mensaje[:80]

    @action(description="Marcar como atendidas", permissions=["change"])
    def marcar_atendidas(self, request, queryset):
        messages.success(request, f"{queryset.update(atendida=True)} consultas marcadas como atendidas.")
