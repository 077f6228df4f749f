"""Base admin classes: the Unfold look, authorship, and branch scoping."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from unfold.admin import ModelAdmin, StackedInline, TabularInline
from unfold.contrib.filters.admin import DropdownFilter

from erp.models import Sucursal
from erp.selectors import filtrar_por_sucursal
from erp.textos import mensaje_guardado

REGISTRO_FIELDSET = (
    "Registro",
    {"classes": ["tab"], "fields": ("creado_por", "creado", "modificado")},
)


def redirigir(request, url: str):
    """A redirect that also works from an Unfold dialog, which posts with htmx."""
    if request.headers.get("HX-Request"):
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


def dialogo(titulo: str, descripcion: str, form_class, boton: str) -> dict:
    """The `dialog` of an Unfold detail action: a form in a modal, its title, help and button."""
    return {"title": titulo, "description": descripcion, "form_class": form_class, "form_submit_text": boton}


def ejecutar(request, servicio, exito: str, *args, prefijo: str = "", **kwargs):
    """Call a service; its refusal becomes the screen's error message and nothing changes."""
    try:
        resultado = servicio(*args, **kwargs)
    except ValidationError as exc:
        messages.error(request, prefijo + " ".join(exc.messages))
        return None
    messages.success(request, prefijo + exito)
    return resultado


def ejecutar_por_fila(request, queryset, llamar, hecho: str):
    """A bulk action: each selected row goes through the service on its own, and gets its own message."""
    for obj in queryset:
        ejecutar(request, llamar, f"{hecho}.", obj, prefijo=f"{obj}: ")


class SoloConsultaMixin:
    """Rows that only services write: the admin shows them, nobody edits them here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ErpModelAdmin(ModelAdmin):
    """Admin of the ERP: Unfold screens, author recorded on creation, success messages in agreeing Spanish."""

    list_filter_submit = True
    list_fullwidth = True
    warn_unsaved_form = True
    compressed_fields = True
    list_per_page = 50

    def save_model(self, request, obj, form, change):
        if not change and hasattr(obj, "creado_por_id") and not obj.creado_por_id:
            obj.creado_por = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        request.erp_guardado = (str(obj), "registró")
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        request.erp_guardado = (str(obj), "guardó")
        return super().response_change(request, obj)

    def response_delete(self, request, obj_display, obj_id):
        request.erp_guardado = (str(obj_display), "eliminó")
        return super().response_delete(request, obj_display, obj_id)

    def message_user(self, request, message, level=messages.INFO, extra_tags="", fail_silently=False):
        guardado = getattr(request, "erp_guardado", None)
        if guardado is not None and level == messages.SUCCESS:
            # Django's own "The … was added successfully" (whose article cannot agree in Spanish).
            request.erp_guardado = None
            boton = next((b for b in ("_continue", "_addanother") if b in request.POST), "")
            message = mensaje_guardado(self.opts, *guardado, boton=boton)
        super().message_user(request, message, level, extra_tags, fail_silently)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        for name in ("creado_por", "creado", "modificado"):
            if name not in fields and any(f.name == name for f in self.model._meta.fields):
                fields.append(name)
        return fields


class EditableSegunMixin:
    """Inline rows added, changed or deleted only while `editable(obj)` holds for the parent (a draft, a registered
    document), and only with the user's own permission on them."""

    def editable(self, obj) -> bool:
        return True

    def has_add_permission(self, request, obj=None):
        return self.editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.editable(obj) and super().has_delete_permission(request, obj)


class ErpTabularInline(TabularInline):
    extra = 0
    tab = True


class ErpStackedInline(StackedInline):
    extra = 0
    tab = True


class SucursalFilter(DropdownFilter):
    """Filter by branch, offering only the branches the user may see."""

    title = "sucursal"
    parameter_name = "sucursal"
    lookup = "sucursal"

    def lookups(self, request, model_admin):
        return [(s.pk, s.nombre) for s in request.user.sucursales_permitidas().select_related("empresa")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.lookup}": self.value()})
        return queryset


class PorSucursalAdmin(ErpModelAdmin):
    """Admin of data owned by a branch: users see and edit only their branches'.

    `sucursal_lookup` is the path from the model to its Sucursal.
    """

    sucursal_lookup = "sucursal"

    def get_queryset(self, request):
        return filtrar_por_sucursal(super().get_queryset(request), request.user, self.sucursal_lookup)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Sucursal:
            kwargs["queryset"] = request.user.sucursales_permitidas().filter(activo=True)
            if request.user.sucursal_predeterminada_id:
                kwargs.setdefault("initial", request.user.sucursal_predeterminada_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # A forged POST must not move data into a branch the user cannot see.
        sucursal = obj
        for part in self.sucursal_lookup.split("__"):
            sucursal = getattr(sucursal, part, None)
        if sucursal is not None and not request.user.opera_sucursal(sucursal.pk):
            raise PermissionDenied
        super().save_model(request, obj, form, change)


class ConsultaLibreAdmin(SoloConsultaMixin, ModelAdmin):
    """Reference data: every staff user may look it up (autocompletes), nobody edits it."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return request.user.is_superuser


__all__ = [
    "REGISTRO_FIELDSET",
    "ConsultaLibreAdmin",
    "EditableSegunMixin",
    "ErpModelAdmin",
    "ErpStackedInline",
    "ErpTabularInline",
    "PorSucursalAdmin",
    "SoloConsultaMixin",
    "dialogo",
    "ejecutar",
    "ejecutar_por_fila",
    "SucursalFilter",
    "admin",
    "filtrar_por_sucursal",
    "redirigir",
]
