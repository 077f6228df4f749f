from django.contrib import admin

from erp.models import (
    Departamento,
    Distrito,
    Moneda,
    Pais,
    Provincia,
    TipoComprobante,
    TipoDocumentoIdentidad,
    UnidadMedida,
)

from .base import ConsultaLibreAdmin


@admin.register(Departamento)
class DepartamentoAdmin(ConsultaLibreAdmin):
    list_display = ("codigo", "nombre")
    search_fields = ("nombre", "codigo")


@admin.register(Provincia)
class ProvinciaAdmin(ConsultaLibreAdmin):
    list_display = ("codigo", "nombre", "departamento")
    search_fields = ("nombre", "codigo")
    list_select_related = ("departamento",)


@admin.register(Distrito)
class DistritoAdmin(ConsultaLibreAdmin):
    list_display = ("ubigeo", "nombre", "provincia", "departamento")
    search_fields = ("nombre", "ubigeo", "provincia__nombre", "provincia__departamento__nombre")
    list_select_related = ("provincia__departamento",)

    @admin.display(description="departamento")
    def departamento(self, obj):
        return obj.provincia.departamento


@admin.register(Pais)
class PaisAdmin(ConsultaLibreAdmin):
    list_display = ("codigo", "nombre")
    search_fields = ("nombre", "codigo")


@admin.register(Moneda)
class MonedaAdmin(ConsultaLibreAdmin):
    list_display = ("id", "codigo", "nombre", "simbolo")
    search_fields = ("nombre", "codigo")


@admin.register(TipoDocumentoIdentidad)
class TipoDocumentoIdentidadAdmin(ConsultaLibreAdmin):
    list_display = ("id", "codigo", "abreviatura", "nombre")
    search_fields = ("nombre", "abreviatura")


@admin.register(TipoComprobante)
class TipoComprobanteAdmin(ConsultaLibreAdmin):
    list_display = ("codigo", "nombre")
    search_fields = ("nombre", "codigo")


@admin.register(UnidadMedida)
class UnidadMedidaAdmin(ConsultaLibreAdmin):
    list_display = ("codigo", "nombre", "frecuente")
    list_filter = ("frecuente",)
    search_fields = ("codigo", "nombre")
