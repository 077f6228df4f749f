from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.shortcuts import redirect
from django.utils.html import format_html
from unfold.admin import ModelAdmin
from unfold.decorators import action, display
from unfold.forms import AdminPasswordChangeForm
from unfold.widgets import UnfoldAdminCheckboxSelectMultipleWidget

from erp.forms import UsuarioCreacionForm, UsuarioEdicionForm
from erp.models import ApiKey, IntentoAcceso, PerfilPermiso, Usuario

from .base import ErpModelAdmin, SucursalFilter, filtrar_por_sucursal

CASILLAS = {models.ManyToManyField: {"widget": UnfoldAdminCheckboxSelectMultipleWidget}}


@admin.register(PerfilPermiso)
class PerfilPermisoAdmin(ErpModelAdmin):
    list_display = ("nombre", "descripcion", "num_modulos", "todas_sucursales", "num_usuarios")
    list_filter = ("todas_sucursales",)
    search_fields = ("nombre", "descripcion")
    formfield_overrides = CASILLAS
    fields = ("nombre", "descripcion", "todas_sucursales", "modulos")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            _modulos=models.Count("modulos", distinct=True), _usuarios=models.Count("usuarios", distinct=True)
        )

    @display(description="módulos", ordering="_modulos")
    def num_modulos(self, obj):
        return obj._modulos

    @display(description="usuarios", ordering="_usuarios")
    def num_usuarios(self, obj):
        return obj._usuarios


class SucursalesFilter(SucursalFilter):
    lookup = "sucursales"


@admin.register(Usuario)
class UsuarioAdmin(UserAdmin, ModelAdmin):
    form = UsuarioEdicionForm
    add_form = UsuarioCreacionForm
    change_password_form = AdminPasswordChangeForm
    formfield_overrides = CASILLAS
    list_display = ("username", "nombre_completo", "email", "sucursal_predeterminada", "perfiles_txt", "is_active")
    list_filter = ("is_active", SucursalesFilter, "perfiles")
    search_fields = ("username", "first_name", "last_name", "email")
    list_select_related = ("sucursal_predeterminada",)
    filter_horizontal = ()
    fieldsets = (
        ("Usuario", {"classes": ["tab"], "fields": ("username", "password", "first_name", "last_name", "email", "telefono", "is_active")}),
        ("Sucursales", {"classes": ["tab"], "fields": ("sucursales", "sucursal_predeterminada")}),
        ("Permisos", {"classes": ["tab"], "fields": ("perfiles", "modulos_extra", "is_staff", "is_superuser")}),
        ("Registro", {"classes": ["tab"], "fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "fields": (
                    "username",
                    "usable_password",
                    "password1",
                    "password2",
                    "first_name",
                    "last_name",
                    "email",
                    "sucursales",
                    "sucursal_predeterminada",
                    "perfiles",
                )
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")

    def get_queryset(self, request):
        qs = super().get_queryset(request).prefetch_related("perfiles")
        return filtrar_por_sucursal(qs, request.user, "sucursales").distinct()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_staff", "is_superuser"]
        return fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        user = request.user
        if db_field.name == "sucursales":
            kwargs["queryset"] = user.sucursales_permitidas()
        elif db_field.name == "perfiles" and not user.ve_todas_las_sucursales:
            # Nobody grants more reach than they have.
            kwargs["queryset"] = PerfilPermiso.objects.filter(todas_sucursales=False)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "sucursal_predeterminada":
            kwargs["queryset"] = request.user.sucursales_permitidas()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @display(description="nombre", ordering="first_name")
    def nombre_completo(self, obj):
        return obj.get_full_name()

    @display(description="permisos")
    def perfiles_txt(self, obj):
        return ", ".join(p.nombre for p in obj.perfiles.all())


@admin.register(ApiKey)
class ApiKeyAdmin(ErpModelAdmin):
    list_display = ("nombre", "usuario", "prefijo_txt", "creada", "ultimo_uso", "estado")
    list_filter = ("revocada",)
    search_fields = ("nombre", "usuario__username", "prefijo")
    list_select_related = ("usuario",)
    fields = ("usuario", "nombre", "prefijo", "creada", "ultimo_uso", "revocada")
    readonly_fields = ("prefijo", "creada", "ultimo_uso", "revocada")
    actions = ["revocar"]
    actions_detail = ["revocar_detalle"]

    def get_queryset(self, request):
        return filtrar_por_sucursal(super().get_queryset(request), request.user, "usuario__sucursales").distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "usuario":
            kwargs["queryset"] = filtrar_por_sucursal(Usuario.objects.all(), request.user, "sucursales").distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        clave = obj.nueva_clave()
        super().save_model(request, obj, form, change)
        messages.warning(
            request,
            format_html(
                "API key creada: <code>{}</code>. Cópiela ahora: por seguridad no se volverá a mostrar.", clave
            ),
        )

    @display(description="clave")
    def prefijo_txt(self, obj):
        return f"{obj.prefijo}…"

    @display(description="estado", label={"Activa": "success", "Revocada": "danger"})
    def estado(self, obj):
        return "Revocada" if obj.revocada else "Activa"

    @action(description="Revocar las claves seleccionadas", permissions=["delete"])
    def revocar(self, request, queryset):
        for key in queryset:
            key.revocar()
        messages.success(request, "Claves revocadas: ya no dan acceso a la API.")

    @action(description="Revocar", permissions=["delete"], url_path="revocar")
    def revocar_detalle(self, request, object_id):
        self.get_queryset(request).get(pk=object_id).revocar()
        messages.success(request, "Clave revocada: ya no da acceso a la API.")
        return redirect("admin:erp_apikey_change", object_id)


@admin.register(IntentoAcceso)
class IntentoAccesoAdmin(ErpModelAdmin):
    """Failed logins (django-axes): an administrator sees who is locked out and lifts the lock by deleting the row."""

    list_display = ("ultimo_intento", "username", "ip_address", "failures_since_start", "bloqueado")
    list_filter = ("attempt_time",)
    search_fields = ("username", "ip_address")
    ordering = ("-attempt_time",)
    fields = ("username", "ip_address", "user_agent", "path_info", "failures_since_start", "attempt_time")
    readonly_fields = fields
    actions = ["levantar_bloqueo"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @display(description="último intento", ordering="attempt_time")
    def ultimo_intento(self, obj):
        return obj.attempt_time

    @display(description="bloqueado", boolean=True)
    def bloqueado(self, obj):
        return obj.failures_since_start >= settings.AXES_FAILURE_LIMIT

    @action(description="Levantar el bloqueo")
    def levantar_bloqueo(self, request, queryset):
        cantidad, _ = queryset.delete()
        self.message_user(request, f"Se levantó el bloqueo de {cantidad} registro(s): pueden volver a iniciar sesión.")
