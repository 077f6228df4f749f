from decimal import Decimal, InvalidOperation

from django.contrib import admin, messages
from django.db.models import Sum
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from unfold.admin import ModelAdmin
from unfold.contrib.filters.admin import BooleanRadioFilter, ChoicesDropdownFilter, RangeNumericFilter
from unfold.datasets import BaseDataset
from unfold.decorators import action, display

from erp.admin.base import REGISTRO_FIELDSET, ErpTabularInline, SoloConsultaMixin, filtrar_por_sucursal
from erp.paneles import paneles_de

from ..excel import catalogo_xlsx, respuesta_xlsx
from ..forms import ProductoForm
from ..models import (
    Almacen,
    ListaPrecio,
    Movimiento,
    PrecioProducto,
    Producto,
    Servicio,
    Stock,
    StockMinimo,
    TipoItem,
    TipoProducto,
)
from ..selectors import filtrar_por_empresa
from ..tablas import TipoOperacion
from .base import ExportarExcelMixin, PorEmpresaAdmin, RelacionadoFilter, es_autocompletado


def _es_cero(texto) -> bool:
    try:
        return Decimal(texto or 0) == 0
    except InvalidOperation:
        return False


def enlace_kardex(stock: Stock) -> str:
    url = reverse("admin:inventory_movimiento_kardex")
    return format_html('<a class="text-primary-600" href="{}?producto={}&almacen={}">Ver kardex</a>', url, stock.producto_id, stock.almacen_id)


class PrecioProductoInline(ErpTabularInline):
    model = PrecioProducto
    fields = ("lista", "moneda", "cantidad_minima", "precio")
    verbose_name_plural = "precios"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is ListaPrecio:
            kwargs["queryset"] = filtrar_por_empresa(ListaPrecio.objects.filter(activo=True), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StockMinimoInline(ErpTabularInline):
    """The product's minimum per warehouse, for the warehouses of the user's branches only."""

    model = StockMinimo
    fields = ("almacen", "cantidad")
    verbose_name_plural = "stock mínimo"

    def get_queryset(self, request):
        return filtrar_por_sucursal(super().get_queryset(request), request.user, "almacen__sucursal")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Almacen:
            kwargs["queryset"] = filtrar_por_sucursal(Almacen.objects.filter(activo=True), request.user).select_related("sucursal")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StockDelProductoAdmin(SoloConsultaMixin, ModelAdmin):
    """The product page's "Stock" tab: one row per warehouse the user may see."""

    list_display = ("almacen", "sucursal", "cantidad_txt", "costo_txt", "valor_txt", "kardex")
    list_per_page = 50
    actions = None

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("almacen__sucursal", "producto")
        qs = filtrar_por_sucursal(qs, request.user, "almacen__sucursal")
        return qs.filter(producto_id=self.extra_context.get("object"))

    @display(description="sucursal")
    def sucursal(self, obj):
        return obj.almacen.sucursal

    @display(description="cantidad")
    def cantidad_txt(self, obj):
        return f"{obj.cantidad.normalize():f} {obj.producto.unidad_id}"

    @display(description="costo promedio")
    def costo_txt(self, obj):
        return f"S/ {obj.costo_promedio:,.6f}"

    @display(description="valor")
    def valor_txt(self, obj):
        return f"S/ {obj.valor:,.2f}"

    @display(description="kardex")
    def kardex(self, obj):
        return enlace_kardex(obj)


class StockDataset(BaseDataset):
    model = Stock
    model_admin = StockDelProductoAdmin
    tab = True
    title = "Stock por almacén"


class ProductoAdmin(ExportarExcelMixin, PorEmpresaAdmin):
    """Products (with stock); the Servicio proxy lists services with the same screen."""

    tipo = TipoItem.PRODUCTO
    form = ProductoForm
    list_display = ("codigo", "cod_num", "nombre", "clasificacion_txt", "unidad_txt", "precio", "stock_total", "estado")
    list_display_links = ("codigo", "nombre")
    search_fields = (
        "codigo",
        "cod_num",
        "codigo_sunat",
        "nombre",
        "marca__nombre",
        "categoria__nombre",
        "subcategoria__nombre",
        "clasificacion__concepto",
        "clasificacion__clase__concepto",
        "clasificacion__clase__familia__concepto",
        "clasificacion__clase__familia__segmentacion__concepto",
        "precio_venta",
    )
    search_help_text = "Código, código numérico, nombre, marca, categoría, clasificación o precio."
    list_filter = (
        ("activo", BooleanRadioFilter),
        ("categoria", RelacionadoFilter),
        ("marca", RelacionadoFilter),
        ("afectacion_igv", ChoicesDropdownFilter),
        ("precio_venta", RangeNumericFilter),
    )
    list_select_related = ("categoria", "subcategoria", "clasificacion")
    autocomplete_fields = ("unidad",)
    inlines = [PrecioProductoInline, StockMinimoInline]
    change_form_datasets = [StockDataset]
    # Panels other apps add to the product's page (its providers and last purchase prices).
    change_form_before_template = "inventory/producto_paneles.html"
    readonly_fields = ("enlace_publico_qr",)
    actions = ["activar", "desactivar"]
    actions_detail = ["saldo_inicial"]
    campos_stock = ("maneja_series",)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        producto = self.get_object(request, object_id) if object_id else None
        if producto is not None:
            extra_context = {**(extra_context or {}), "paneles": paneles_de(producto, de="producto")}
        return super().changeform_view(request, object_id, form_url, extra_context)
    fieldsets = (
        (
            "Datos generales",
            {
                "classes": ["tab"],
                "fields": (
                    "empresa",
                    ("codigo", "cod_num"),
                    "nombre",
                    ("valor_venta", "precio_venta"),
                    "descripcion",
                    ("categoria", "subcategoria"),
                    ("marca", "clasificacion"),
                    ("unidad", "codigo_sunat"),
                    "maneja_series",
                    "activo",
                ),
                "description": "Escriba el precio con IGV o el valor sin IGV: el otro se calcula al guardar.",
            },
        ),
        ("Impuestos", {"classes": ["tab"], "fields": ("afectacion_igv", ("isc_sistema", "isc_tasa"), "icbper", "sujeto_percepcion")}),
        ("Foto", {"classes": ["tab"], "fields": ("foto",)}),
        ("Notas privadas", {"classes": ["tab"], "fields": ("notas_privadas",)}),
        ("Enlace público", {"classes": ["tab"], "fields": ("enlace_publico_qr",)}),
        REGISTRO_FIELDSET,
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if es_autocompletado(request):
            # Documents pick products and services from the same field.
            return qs
        qs = qs.filter(tipo=self.tipo)
        if self.tipo == TipoItem.PRODUCTO:
            qs = qs.annotate(_stock=Sum("stocks__cantidad"))
        return qs

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        general = fieldsets[0][1]
        campos = general["fields"]
        if self.tipo != TipoItem.PRODUCTO:
            # Services have no stock.
            campos = tuple(c for c in campos if c not in self.campos_stock)
        if request.method == "POST" and all(_es_cero(request.POST.get(c)) for c in ("precio_venta", "valor_venta")):
            # Where the form asks to confirm a price of 0 (ProductoForm).
            precio = campos.index(("valor_venta", "precio_venta"))
            campos = (*campos[: precio + 1], "confirmar_precio_cero", *campos[precio + 1 :])
        return ((fieldsets[0][0], {**general, "fields": campos}), *fieldsets[1:])

    def get_changeform_datasets(self, request):
        return super().get_changeform_datasets(request) if self.tipo == TipoItem.PRODUCTO else []

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("unidad", "NIU" if self.tipo == TipoItem.PRODUCTO else "ZZ")
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is TipoProducto:
            kwargs["queryset"] = filtrar_por_empresa(
                TipoProducto.objects.filter(tipo=self.tipo), request.user, TipoProducto.ruta_empresa
            ).select_related("clase")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.tipo = self.tipo
        return form

    @display(description="clasificación", ordering="categoria__nombre")
    def clasificacion_txt(self, obj):
        partes = [str(x) for x in (obj.categoria, obj.subcategoria and obj.subcategoria.nombre, obj.clasificacion) if x]
        return " › ".join(partes)

    @display(description="unidad", ordering="unidad")
    def unidad_txt(self, obj):
        return obj.unidad_id

    @display(description="precio de venta", ordering="precio_venta")
    def precio(self, obj):
        return f"S/ {obj.precio_venta:,.2f}"

    @display(description="stock", ordering="_stock")
    def stock_total(self, obj):
        stock = getattr(obj, "_stock", None)
        return "—" if stock is None else f"{stock.normalize():f}"

    @display(description="estado", label={"Activo": "success", "Inactivo": "danger"}, ordering="activo")
    def estado(self, obj):
        return "Activo" if obj.activo else "Inactivo"

    @display(description="enlace público")
    def enlace_publico_qr(self, obj):
        if not obj or not obj.pk:
            return "Se genera al guardar."
        pagina = reverse("inventory:producto_publico", args=[obj.enlace_publico])
        qr = reverse("inventory:producto_qr", args=[obj.enlace_publico])
        return format_html(
            '<div class="flex flex-col gap-2"><img src="{}" alt="Código QR" width="180" height="180">'
            '<a class="text-primary-600 underline" href="{}" target="_blank" rel="noopener">{}</a>'
            '<span class="text-sm">Muestra el código, el nombre y la descripción, y recibe consultas del público.</span></div>',
            qr,
            pagina,
            pagina,
        )

    @action(description="Activar los seleccionados", permissions=["change"])
    def activar(self, request, queryset):
        cambiados = queryset.update(activo=True)
        messages.success(request, f"{cambiados} activados.")

    @action(description="Desactivar los seleccionados", permissions=["change"])
    def desactivar(self, request, queryset):
        cambiados = queryset.update(activo=False)
        messages.success(request, f"{cambiados} desactivados: ya no se ofrecen en los documentos.")

    def has_saldo_inicial_permission(self, request, object_id=None):
        if self.tipo != TipoItem.PRODUCTO or not request.user.has_perm("inventory.add_ajuste"):
            return False
        return object_id is None or not Movimiento.objects.filter(producto_id=object_id).exists()

    @action(description="Registrar saldo inicial", icon="inventory", url_path="saldo-inicial", permissions=["saldo_inicial"])
    def saldo_inicial(self, request, object_id):
        # A new product's first stock entry: the adjustment form, as an opening balance of this product.
        datos = urlencode({"tipo_operacion": TipoOperacion.SALDO_INICIAL, "motivo": "Saldo inicial", "producto": object_id})
        return redirect(f"{reverse('admin:inventory_ajuste_add')}?{datos}")

    @action(description="Exportar a Excel", icon="download", url_path="exportar-excel", permissions=["view"])
    def exportar_excel(self, request):
        lista = self.get_changelist_instance(request)
        nombre = "productos.xlsx" if self.tipo == TipoItem.PRODUCTO else "servicios.xlsx"
        return respuesta_xlsx(catalogo_xlsx(lista.get_queryset(request)), nombre)



admin.site.register(Producto, ProductoAdmin)


@admin.register(Servicio)
class ServicioAdmin(ProductoAdmin):
    tipo = TipoItem.SERVICIO
    inlines = [PrecioProductoInline]  # services have no stock, nor its minimum
    list_display = ("codigo", "cod_num", "nombre", "clasificacion_txt", "unidad_txt", "precio", "estado")
