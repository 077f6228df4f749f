from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from unfold.decorators import action, display

from erp.forms import AccesoWebForm
from erp.models import Cliente, Contacto, Direccion, Pais, Proveedor, Socio
from erp.paneles import paneles_de
from erp.services import acceso_web_guardar

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
        ("SUNAT", {"classes": ["tab"], "fields": (("agente_retencion", "buen_contribuyente"), ("agente_percepcion", "excluido_percepcion"))}),
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
    actions_detail = ["acceso_web"]

    def has_acceso_web_permission(self, request, object_id=None):
        return self.has_change_permission(request)

    @action(
        description="Acceso web",
        permissions=["acceso_web"],
        icon="key",
        url_path="acceso-web",
        dialog={
            "title": "Acceso web del cliente",
            "description": "Usuario y contraseña con que el cliente entra al portal /portal/ y descarga solo sus comprobantes.",
            "form_class": AccesoWebForm,
            "form_submit_text": "Guardar acceso",
        },
    )
    def acceso_web(self, request, form, object_id):
        cliente = self.get_queryset(request).get(pk=object_id)
        datos = form.cleaned_data
        acceso = acceso_web_guardar(cliente=cliente, usuario=datos["usuario"], clave=datos["clave"], activo=datos["activo"])
        estado = "activo" if acceso.is_active else "desactivado"
        messages.success(request, f"Acceso web {estado}: el cliente entra al portal con el usuario «{acceso.username}».")
        return redirect(reverse("admin:erp_cliente_change", args=[object_id]))


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
