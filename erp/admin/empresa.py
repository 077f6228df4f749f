from django.contrib import admin
from django.utils import timezone
from unfold.decorators import display

from erp.forms import EmpresaForm
from erp.models import Empresa, Serie, Sucursal

from .base import (
    REGISTRO_FIELDSET,
    ErpModelAdmin,
    ErpTabularInline,
    PorSucursalAdmin,
    SucursalFilter,
    filtrar_por_sucursal,
)


@admin.register(Empresa)
class EmpresaAdmin(ErpModelAdmin):
    form = EmpresaForm
    list_display = ("ruc", "razon_social", "nombre_comercial", "entorno_sunat", "estado_certificado", "activo")
    list_filter = ("entorno_sunat", "activo")
    search_fields = ("ruc", "razon_social", "nombre_comercial")
    autocomplete_fields = ("distrito",)
    readonly_fields = (
        "clave_sol_guardada",
        "credenciales_gre_guardadas",
        "certificado_sujeto",
        "certificado_emisor",
        "certificado_desde",
        "certificado_vence",
        "certificado_huella",
    )
    fieldsets = (
        (
            "Datos generales",
            {"classes": ["tab"], "fields": ("ruc", "razon_social", "nombre_comercial", "telefono", "email", "web", "logo", "activo")},
        ),
        ("Domicilio fiscal", {"classes": ["tab"], "fields": ("direccion", "urbanizacion", "distrito")}),
        (
            "SUNAT",
            {
                "classes": ["tab"],
                "fields": (
                    "entorno_sunat",
                    "sol_usuario",
                    "clave_sol_guardada",
                    "sol_clave_nueva",
                    "credenciales_gre_guardadas",
                    "gre_client_id_nuevo",
                    "gre_client_secret_nuevo",
                    "certificado_archivo",
                    "certificado_contrasena",
                    "certificado_sujeto",
                    "certificado_emisor",
                    "certificado_desde",
                    "certificado_vence",
                    "certificado_huella",
                ),
            },
        ),
        REGISTRO_FIELDSET,
    )

    @display(description="clave SOL", boolean=True)
    def clave_sol_guardada(self, obj):
        return bool(obj and obj.sol_clave)

    @display(description="credenciales de la API de guías", boolean=True)
    def credenciales_gre_guardadas(self, obj):
        return bool(obj and obj.tiene_credenciales_gre)

    @display(description="certificado", label={"Vigente": "success", "Vencido": "danger", "Sin certificado": "warning"})
    def estado_certificado(self, obj):
        if not obj.tiene_certificado:
            return "Sin certificado"
        return "Vigente" if obj.certificado_vence > timezone.now() else "Vencido"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        form.guardar_certificado(obj)


class SerieInline(ErpTabularInline):
    model = Serie
    fields = ("tipo_documento", "serie", "ultimo_numero", "activo")
    verbose_name_plural = "series de documentos"


@admin.register(Sucursal)
class SucursalAdmin(ErpModelAdmin):
    list_display = ("nombre", "empresa", "codigo_establecimiento", "direccion", "distrito", "telefono", "activo")
    list_filter = ("activo", "empresa")
    search_fields = ("nombre", "direccion", "codigo_establecimiento", "empresa__razon_social")
    list_select_related = ("empresa", "distrito__provincia__departamento")
    autocomplete_fields = ("distrito",)
    inlines = [SerieInline]
    fieldsets = (
        (
            "Sucursal",
            {"classes": ["tab"], "fields": ("empresa", "nombre", "codigo_establecimiento", "direccion", "distrito", "telefono", "email", "formato_impresion", "activo")},
        ),
        REGISTRO_FIELDSET,
    )

    def get_queryset(self, request):
        return filtrar_por_sucursal(super().get_queryset(request), request.user, "pk")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Whoever creates a branch works in it, even when limited to their own branches.
        if not change and not request.user.ve_todas_las_sucursales:
            request.user.sucursales.add(obj)


@admin.register(Serie)
class SerieAdmin(PorSucursalAdmin):
    list_display = ("serie", "tipo_documento", "sucursal", "ultimo_numero", "siguiente", "activo")
    list_filter = ("tipo_documento", SucursalFilter, "activo")
    search_fields = ("serie", "sucursal__nombre")
    list_select_related = ("sucursal",)
    fields = ("sucursal", "tipo_documento", "serie", "ultimo_numero", "activo")

    @display(description="siguiente número")
    def siguiente(self, obj):
        return f"{obj.serie}-{obj.ultimo_numero + 1:08d}"
