from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.html import strip_tags
from django.utils.text import Truncator
from unfold.contrib.filters.admin import BooleanRadioFilter
from unfold.contrib.forms.widgets import WysiwygWidget
from unfold.decorators import display

from erp.admin.base import REGISTRO_FIELDSET

from ..models import Categoria, Clase, Familia, Marca, Segmentacion, Subcategoria, TipoItem, TipoProducto, TipoServicio
from .base import PorEmpresaAdmin, RelacionadoFilter

TEXTO_CON_FORMATO = {models.TextField: {"widget": WysiwygWidget}}


def _resumen(html: str) -> str:
    return Truncator(strip_tags(html or "")).chars(80)


@admin.register(Categoria)
class CategoriaAdmin(PorEmpresaAdmin):
    list_display = ("nombre", "descripcion_breve", "num_subcategorias", "num_productos", "activo")
    list_filter = (("activo", BooleanRadioFilter),)
    search_fields = ("nombre",)
    formfield_overrides = TEXTO_CON_FORMATO
    fieldsets = (
        ("Detalle de categoría", {"classes": ["tab"], "fields": ("empresa", "nombre", "activo")}),
        ("Descripción", {"classes": ["tab"], "fields": ("descripcion",)}),
        REGISTRO_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            _subcategorias=Count("subcategorias", distinct=True), _productos=Count("productos", distinct=True)
        )

    @display(description="descripción")
    def descripcion_breve(self, obj):
        return _resumen(obj.descripcion)

    @display(description="subcategorías", ordering="_subcategorias")
    def num_subcategorias(self, obj):
        return obj._subcategorias

    @display(description="productos", ordering="_productos")
    def num_productos(self, obj):
        return obj._productos


@admin.register(Subcategoria)
class SubcategoriaAdmin(PorEmpresaAdmin):
    list_display = ("nombre", "categoria", "descripcion_breve", "num_productos", "activo")
    list_filter = (("categoria", RelacionadoFilter), ("activo", BooleanRadioFilter))
    search_fields = ("nombre", "categoria__nombre")
    list_select_related = ("categoria",)
    formfield_overrides = TEXTO_CON_FORMATO
    fieldsets = (
        ("Detalle de subcategoría", {"classes": ["tab"], "fields": ("categoria", "nombre", "activo")}),
        ("Descripción", {"classes": ["tab"], "fields": ("descripcion",)}),
        REGISTRO_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_productos=Count("productos"))

    @display(description="descripción")
    def descripcion_breve(self, obj):
        return _resumen(obj.descripcion)

    @display(description="productos", ordering="_productos")
    def num_productos(self, obj):
        return obj._productos


@admin.register(Marca)
class MarcaAdmin(PorEmpresaAdmin):
    list_display = ("nombre", "num_productos", "activo")
    list_filter = (("activo", BooleanRadioFilter),)
    search_fields = ("nombre",)
    fields = ("empresa", "nombre", "activo")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_productos=Count("productos"))

    @display(description="productos", ordering="_productos")
    def num_productos(self, obj):
        return obj._productos


@admin.register(Segmentacion)
class SegmentacionAdmin(PorEmpresaAdmin):
    list_display = ("codigo", "concepto")
    search_fields = ("concepto", "codigo")
    fields = ("empresa", "codigo", "concepto")


@admin.register(Familia)
class FamiliaAdmin(PorEmpresaAdmin):
    list_display = ("codigo", "concepto", "segmentacion")
    list_filter = (("segmentacion", RelacionadoFilter),)
    search_fields = ("concepto", "codigo", "segmentacion__concepto")
    list_select_related = ("segmentacion",)
    fields = ("segmentacion", "codigo", "concepto")


@admin.register(Clase)
class ClaseAdmin(PorEmpresaAdmin):
    list_display = ("codigo", "concepto", "familia", "segmentacion")
    list_filter = (("familia", RelacionadoFilter),)
    search_fields = ("concepto", "codigo", "familia__concepto", "familia__segmentacion__concepto")
    list_select_related = ("familia__segmentacion",)
    fields = ("familia", "codigo", "concepto")

    @display(description="segmentación", ordering="familia__segmentacion__concepto")
    def segmentacion(self, obj):
        return obj.familia.segmentacion


@admin.register(TipoProducto)
class TipoProductoAdmin(PorEmpresaAdmin):
    """Types of product; the proxy below lists the types of service the same way."""

    tipo = TipoItem.PRODUCTO
    list_display = ("codigo", "concepto", "clase", "familia")
    list_filter = (("clase", RelacionadoFilter),)
    search_fields = ("concepto", "codigo", "clase__concepto", "clase__familia__concepto")
    list_select_related = ("clase__familia",)
    fields = ("clase", "codigo", "concepto")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(tipo=self.tipo)

    def save_model(self, request, obj, form, change):
        obj.tipo = self.tipo
        super().save_model(request, obj, form, change)

    @display(description="familia", ordering="clase__familia__concepto")
    def familia(self, obj):
        return obj.clase.familia


@admin.register(TipoServicio)
class TipoServicioAdmin(TipoProductoAdmin):
    tipo = TipoItem.SERVICIO
