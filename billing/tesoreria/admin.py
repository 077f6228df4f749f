"""The treasury's office screens: registers and their sessions, movements, bank operations, concepts, exchange rates."""

from django.contrib import admin
from unfold.contrib.filters.admin import RangeDateFilter
from unfold.decorators import display

from erp.admin.base import ErpModelAdmin, PorSucursalAdmin, SucursalFilter

from .models import Caja, ConceptoCaja, MovimientoCaja, OperacionBancaria, TipoCambio, TurnoCaja


class SoloLecturaMixin:
    """Movements are written by the services only: nobody edits or deletes one (a counter-movement undoes it)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Caja)
class CajaAdmin(PorSucursalAdmin):
    list_display = ("nombre", "sucursal", "moneda", "saldo", "predeterminada", "activo")
    list_filter = (SucursalFilter, "moneda", "activo")
    search_fields = ("nombre",)
    filter_horizontal = ("usuarios",)
    readonly_fields = ("saldo",)
    fields = ("sucursal", "nombre", "moneda", "predeterminada", "usuarios", "saldo", "activo")


@admin.register(TurnoCaja)
class TurnoCajaAdmin(SoloLecturaMixin, PorSucursalAdmin):
    sucursal_lookup = "caja__sucursal"
    list_display = ("caja", "fecha", "estado", "monto_apertura", "monto_esperado", "monto_contado", "diferencia", "abierto_por", "cerrado_por")
    list_filter = ("estado", ("fecha", RangeDateFilter), "caja")
    search_fields = ("caja__nombre", "explicacion")
    list_select_related = ("caja__moneda", "abierto_por", "cerrado_por")


class _MovimientoAdmin(SoloLecturaMixin, PorSucursalAdmin):
    list_filter_submit = True
    date_hierarchy = "fecha"

    @display(description="Importe", ordering="monto")
    def importe_con_signo(self, obj):
        return obj.importe


@admin.register(MovimientoCaja)
class MovimientoCajaAdmin(_MovimientoAdmin):
    sucursal_lookup = "caja__sucursal"
    list_display = ("fecha", "caja", "sentido", "concepto", "importe_con_signo", "saldo_resultante", "tipo_cambio", "monto_pen", "referencia", "usuario", "creado")
    list_filter = ("sentido", ("fecha", RangeDateFilter), "caja", "concepto")
    search_fields = ("referencia", "descripcion")
    list_select_related = ("caja__moneda", "concepto", "usuario")


@admin.register(OperacionBancaria)
class OperacionBancariaAdmin(_MovimientoAdmin):
    sucursal_lookup = "cuenta__empresa__sucursales"
    list_display = ("fecha", "cuenta", "tipo", "numero_operacion", "importe_con_signo", "saldo_resultante", "tipo_cambio", "monto_pen", "conciliado", "referencia")
    list_filter = ("tipo", "conciliado", ("fecha", RangeDateFilter), "cuenta")
    search_fields = ("numero_operacion", "referencia", "descripcion")
    list_select_related = ("cuenta__moneda",)

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()


@admin.register(ConceptoCaja)
class ConceptoCajaAdmin(ErpModelAdmin):
    list_display = ("nombre", "sentido", "empresa", "activo")
    list_filter = ("sentido", "activo")
    search_fields = ("nombre",)


@admin.register(TipoCambio)
class TipoCambioAdmin(ErpModelAdmin):
    list_display = ("fecha", "moneda", "compra", "venta")
    list_filter = ("moneda", ("fecha", RangeDateFilter))
    search_fields = ("fecha",)
    date_hierarchy = "fecha"
