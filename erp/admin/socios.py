from django.contrib import admin
from django.db.models import Count
from unfold.decorators import display

from erp.models import Cliente, Contacto, Direccion, Pais, Proveedor, Socio
from erp.paneles import paneles_de

from .base import REGISTRO_FIELDSET, ErpTabularInline, PorSucursalAdmin, SucursalFilter


class DireccionInline(ErpTabularInline):
    model = Direccion
    fields = ("nombre", "direccion", "pais", "distrito", "telefono", "principal")
    autocomplete_fields = ("distrito",)
    verbose_name_plural = "direcciones"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "pais":
            kwargs.setdefault("initial", Pais.objects.filter(codigo="PE").values_list("pk", flat=True).first())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ContactoInline(ErpTabularInline):
    model = Contacto
    fields = ("nombres", "apellidos", "dni", "cargo", "email", "telefono", "celular", "sexo", "principal")
    verbose_name_plural = "contactos"


class SocioAdmin(PorSucursalAdmin):
    """Clients and providers share one screen; the proxy says which list it is."""

    rol = ""  # "es_cliente" or "es_proveedor": what every row of this list is
    otro_rol = ""  # the other role, which the form lets the user add
    list_display = (
        "razon_social",
        "documento",
        "nombre_comercial",
        "telefono",
        "email",
        "sucursal",
        "num_contactos",
        "activo",
    )
    list_display_links = ("razon_social", "documento")
    list_filter = ("activo", "tipo_documento", SucursalFilter)
    search_fields = (
        "razon_social",
        "nombre_comercial",
        "numero_documento",
        "email",
        "telefono",
        "contactos__nombres",
        "contactos__apellidos",
        "direcciones__direccion",
    )
    list_select_related = ("tipo_documento", "sucursal")
    inlines = [DireccionInline, ContactoInline]
    change_form_before_template = "erp/socio_resumen.html"
    fieldsets = (
        (
            "Resumen",
            {
                "classes": ["tab"],
                "fields": (
                    ("tipo_documento", "numero_documento"),
                    "razon_social",
                    "nombre_comercial",
                    ("email", "telefono"),
                    ("sucursal", "activo"),
                    "otro_rol",
                ),
            },
        ),
        ("Descripción", {"classes": ["tab"], "fields": ("descripcion", "notas_privadas")}),
        REGISTRO_FIELDSET,
    )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        socio = self.get_object(request, object_id) if object_id else None
        if socio is not None:
            extra_context = {**(extra_context or {}), "paneles": paneles_de(socio)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        resumen = fieldsets[0][1]
        campos = tuple(self.otro_rol if campo == "otro_rol" else campo for campo in resumen["fields"])
        return ((fieldsets[0][0], {**resumen, "fields": campos}), *fieldsets[1:])

    def get_queryset(self, request):
        qs = super().get_queryset(request).filter(**{self.rol: True})
        return qs.annotate(_contactos=Count("contactos", distinct=True))

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("tipo_documento", 4)  # RUC, as most companies' partners have
        return initial

    def save_model(self, request, obj, form, change):
        setattr(obj, self.rol, True)
        super().save_model(request, obj, form, change)

    @display(description="documento", ordering="numero_documento")
    def documento(self, obj):
        return f"{obj.tipo_documento.abreviatura} {obj.numero_documento}".strip()

    @display(description="contactos", ordering="_contactos")
    def num_contactos(self, obj):
        return obj._contactos


@admin.register(Cliente)
class ClienteAdmin(SocioAdmin):
    rol = "es_cliente"
    otro_rol = "es_proveedor"


@admin.register(Proveedor)
class ProveedorAdmin(SocioAdmin):
    rol = "es_proveedor"
    otro_rol = "es_cliente"


@admin.register(Socio)
class SocioBusquedaAdmin(PorSucursalAdmin):
    """Only for the "cliente" searches of the sales screens; the menu shows Clientes and Proveedores."""

    search_fields = ("razon_social", "nombre_comercial", "numero_documento")

    def has_module_permission(self, request):
        return False

    def get_search_results(self, request, queryset, search_term):
        qs, duplicados = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") == "cliente":
            qs = qs.filter(es_cliente=True, activo=True)
        return qs, duplicados
