"""Warehouses, their settings, stock, serial numbers, the moves and the kardex page."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import Truncator
from unfold.contrib.filters.admin import BooleanRadioFilter, ChoicesDropdownFilter, RangeDateFilter
from unfold.decorators import display

from erp.admin.base import REGISTRO_FIELDSET, ErpTabularInline, SoloConsultaMixin, SucursalFilter

from .. import selectors
from ..excel import kardex_xlsx, respuesta_xlsx
from ..forms import KardexForm
from ..models import Almacen, ConfiguracionInventario, Movimiento, NumeroSerie, Producto, Stock
from .base import PorEmpresaAdmin, PorSucursalInventarioAdmin, RelacionadoFilter
from .productos import enlace_kardex


@admin.register(Almacen)
class AlmacenAdmin(PorSucursalInventarioAdmin):
    list_display = ("nombre", "sucursal", "principal", "productos_con_stock", "valor_total", "activo")
    list_filter = (SucursalFilter, ("activo", BooleanRadioFilter))
    search_fields = ("nombre", "sucursal__nombre", "direccion")
    list_select_related = ("sucursal",)
    fieldsets = (
        ("Almacén", {"classes": ["tab"], "fields": ("sucursal", "nombre", "direccion", "principal", "activo")}),
        REGISTRO_FIELDSET,
    )

    def get_queryset(self, request):
        con_stock = Q(stocks__cantidad__gt=0)
        return super().get_queryset(request).annotate(
            _productos=Count("stocks", filter=con_stock), _valor=Sum("stocks__valor")
        )

    @display(description="productos con stock", ordering="_productos")
    def productos_con_stock(self, obj):
        return obj._productos

    @display(description="valor del stock", ordering="_valor")
    def valor_total(self, obj):
        return f"S/ {obj._valor or 0:,.2f}"


@admin.register(ConfiguracionInventario)
class ConfiguracionInventarioAdmin(PorEmpresaAdmin):
    list_display = ("empresa", "permitir_stock_negativo")
    fields = ("empresa", "permitir_stock_negativo")


@admin.register(Stock)
class StockAdmin(SoloConsultaMixin, PorSucursalInventarioAdmin):
    sucursal_lookup = "almacen__sucursal"
    list_display = ("producto", "almacen", "cantidad", "costo_promedio", "valor", "kardex")
    list_filter = (("almacen", RelacionadoFilter), ("producto__categoria", RelacionadoFilter))
    search_fields = ("producto__codigo", "producto__nombre", "almacen__nombre")
    list_select_related = ("producto", "almacen__sucursal")

    @display(description="kardex")
    def kardex(self, obj):
        return enlace_kardex(obj)


class MovimientoDeSerieInline(SoloConsultaMixin, ErpTabularInline):
    model = Movimiento.series.through
    verbose_name_plural = "movimientos"
    fields = ("movimiento",)
    readonly_fields = ("movimiento",)


@admin.register(NumeroSerie)
class NumeroSerieAdmin(SoloConsultaMixin, PorSucursalInventarioAdmin):
    sucursal_lookup = "almacen__sucursal"
    list_display = ("numero", "producto", "almacen", "estado_txt")
    list_filter = (("estado", ChoicesDropdownFilter), ("almacen", RelacionadoFilter))
    search_fields = ("numero", "producto__codigo", "producto__nombre")
    list_select_related = ("producto", "almacen")
    fields = ("producto", "numero", "almacen", "estado")
    inlines = [MovimientoDeSerieInline]

    @display(description="estado", label={"En almacén": "success", "Fuera del almacén": "info"}, ordering="estado")
    def estado_txt(self, obj):
        return obj.get_estado_display()


@admin.register(Movimiento)
class MovimientoAdmin(SoloConsultaMixin, PorSucursalInventarioAdmin):
    """Every move of the kardex; the "Kardex" page shows one product and warehouse with its balance."""

    sucursal_lookup = "almacen__sucursal"
    list_display = (
        "fecha",
        "producto_txt",
        "almacen_txt",
        "movimiento",
        "operacion",
        "documento_txt",
        "cantidad_txt",
        "costo_unitario",
        "costo_total",
        "saldo_txt",
        "saldo_valor",
    )
    list_filter = (
        ("fecha", RangeDateFilter),
        ("naturaleza", ChoicesDropdownFilter),
        ("tipo_operacion", ChoicesDropdownFilter),
        ("documento_tipo", ChoicesDropdownFilter),
        ("almacen", RelacionadoFilter),
    )
    search_fields = ("tipo_operacion", "documento_serie", "documento_numero", "glosa", "producto__codigo", "producto__nombre")
    search_help_text = "Operación, documento, número, glosa o producto."
    list_select_related = ("producto", "almacen")
    ordering = ("-fecha", "-id")
    show_full_result_count = False
    fields = (
        "fecha",
        ("producto", "almacen"),
        ("naturaleza", "tipo_operacion"),
        ("documento_tipo", "documento_serie", "documento_numero"),
        "glosa",
        ("cantidad", "valorizacion", "costo_unitario", "costo_total"),
        ("saldo_cantidad", "saldo_costo_unitario", "saldo_valor"),
        ("vinculado", "es_reversion"),
        "series",
        ("usuario", "creado"),
    )

    def get_urls(self):
        vista = self.admin_site.admin_view(self.kardex_view)
        return [path("kardex/", vista, name="inventory_movimiento_kardex"), *super().get_urls()]

    @display(description="producto", ordering="producto__nombre")
    def producto_txt(self, obj):
        return f"{obj.producto.codigo} {Truncator(obj.producto.nombre).chars(30)}"

    @display(description="almacén", ordering="almacen__nombre")
    def almacen_txt(self, obj):
        return obj.almacen.nombre

    @display(description="cantidad", ordering="cantidad")
    def cantidad_txt(self, obj):
        return f"{obj.cantidad.normalize():f}"

    @display(description="saldo", ordering="saldo_cantidad")
    def saldo_txt(self, obj):
        return f"{obj.saldo_cantidad.normalize():f}"

    @display(description="E/S", label={"Entrada": "success", "Salida": "warning"}, ordering="naturaleza")
    def movimiento(self, obj):
        return obj.get_naturaleza_display()

    @display(description="operación (tabla 12)", ordering="tipo_operacion")
    def operacion(self, obj):
        return f"{obj.tipo_operacion} {obj.get_tipo_operacion_display()}"

    @display(description="documento")
    def documento_txt(self, obj):
        return f"{obj.documento_tipo} {obj.documento}".strip()

    def kardex_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        almacenes = selectors.almacenes_de(request.user)
        productos = selectors.filtrar_por_empresa(Producto.objects.bienes(), request.user)
        datos = None
        if request.GET.get("producto") or request.GET.get("almacen"):
            datos = request.GET.copy()
            hoy = timezone.localdate()
            if not datos.get("desde"):
                datos["desde"] = f"{hoy.replace(day=1):%d/%m/%Y}"
            if not datos.get("hasta"):
                datos["hasta"] = f"{hoy:%d/%m/%Y}"
        form = KardexForm(datos, almacenes=almacenes, productos=productos)
        contexto = {
            **self.admin_site.each_context(request),
            "title": "Kardex valorizado",
            "form": form,
            "media": self.media + form.media,
        }
        if form.is_valid():
            datos = form.cleaned_data
            k = selectors.kardex(datos["producto"], datos["almacen"], datos["desde"], datos["hasta"])
            if request.GET.get("formato") == "xlsx":
                nombre = f"kardex-{k.producto.codigo}-{k.desde:%Y%m%d}-{k.hasta:%Y%m%d}.xlsx"
                return respuesta_xlsx(kardex_xlsx(k), nombre)
            pagina = Paginator(k.movimientos.select_related(None), 200).get_page(request.GET.get("p"))
            consulta = request.GET.copy()
            consulta.pop("p", None)
            contexto.update(kardex=k, pagina=pagina, consulta=consulta.urlencode())
        return TemplateResponse(request, "inventory/kardex.html", contexto)
