"""Guías de remisión: list with filters, search and Excel; a form editable while a draft; "Emitir"."""

import re

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from unfold.contrib.filters.admin import RangeDateFilter
from unfold.decorators import action, display

from billing import guias as servicio
from billing.admin.base import CorreoMixin
from billing.models import ConductorGuia, DocumentoRelacionadoGuia, GuiaRemision, LineaGuia, VehiculoGuia
from erp.admin.base import (
    REGISTRO_FIELDSET,
    EditableSegunMixin,
    ErpTabularInline,
    PorSucursalAdmin,
    SucursalFilter,
    ejecutar,
)
from erp.admin.extensiones import registrar_accion
from inventory.admin.base import ExportarExcelMixin
from inventory.models import EstadoOperacion

ESTADO_COLORES = {"Borrador": "warning", "Emitida": "success"}


class _DelBorrador(EditableSegunMixin):
    def editable(self, obj) -> bool:
        return obj is None or obj.es_borrador


class LineaGuiaInline(_DelBorrador, ErpTabularInline):
    model = LineaGuia
    fields = ("producto", "codigo", "descripcion", "unidad", "cantidad")
    autocomplete_fields = ("producto", "unidad")
    verbose_name_plural = "Bienes trasladados"
    extra = 1


class VehiculoInline(_DelBorrador, ErpTabularInline):
    model = VehiculoGuia
    verbose_name_plural = "Vehículos (transporte privado)"


class ConductorInline(_DelBorrador, ErpTabularInline):
    model = ConductorGuia
    fields = ("tipo_documento", "numero_documento", "nombres", "apellidos", "licencia")
    verbose_name_plural = "Conductores (transporte privado)"


class DocumentoRelacionadoInline(_DelBorrador, ErpTabularInline):
    model = DocumentoRelacionadoGuia
    verbose_name_plural = "Documentos relacionados"


class GuiaForm(forms.ModelForm):
    class Meta:
        model = GuiaRemision
        fields = "__all__"

    def clean(self):
        datos = super().clean()
        serie, sucursal, tipo = datos.get("serie"), datos.get("sucursal"), datos.get("tipo")
        if serie and sucursal and (serie.sucursal_id != sucursal.pk or serie.tipo_documento != tipo):
            self.add_error("serie", f"Elija una serie de {dict(GuiaRemision._meta.get_field('tipo').choices)[tipo].lower()} de la sucursal {sucursal}.")
        inicio, emision = datos.get("fecha_inicio"), datos.get("fecha_emision")
        if inicio and emision and inicio < emision:
            self.add_error("fecha_inicio", "La fecha de inicio del traslado no puede ser anterior a la fecha de emisión.")
        return datos


@admin.register(GuiaRemision)
class GuiaRemisionAdmin(CorreoMixin, ExportarExcelMixin, PorSucursalAdmin):
    form = GuiaForm
    list_display = ("numero_txt", "tipo", "fecha_emision", "destinatario_txt", "motivo", "modalidad", "peso_txt", "estado_txt")
    list_display_links = ("numero_txt",)
    list_filter = ("tipo", "estado", "motivo", "modalidad", SucursalFilter, ("fecha_emision", RangeDateFilter))
    search_fields = (
        "serie__serie", "numero", "destinatario__razon_social", "destinatario__numero_documento", "destinatario_razon_social",
        "transportista_razon_social", "vehiculos__placa", "conductores__numero_documento", "documentos__numero",
    )  # fmt: skip
    list_select_related = ("serie", "destinatario")
    date_hierarchy = "fecha_emision"
    autocomplete_fields = ("destinatario", "remitente", "proveedor", "partida_distrito", "llegada_distrito", "documento_venta")
    raw_id_fields = ("transferencia",)
    inlines = [LineaGuiaInline, VehiculoInline, ConductorInline, DocumentoRelacionadoInline]
    actions_detail = ["emitir", "enviar_correo"]
    readonly_fields = ("numero", "estado", "hora_emision")
    fieldsets = (
        ("Guía", {"classes": ["tab"], "fields": (
            ("sucursal", "tipo", "serie"), ("fecha_emision", "numero", "estado"), ("destinatario", "remitente", "proveedor"),
            ("motivo", "descripcion_motivo"), ("documento_venta", "transferencia"), "observaciones",
        )}),
        ("Traslado", {"classes": ["tab"], "fields": (
            "fecha_inicio", ("peso_bruto", "unidad_peso", "bultos"),
            ("partida_distrito", "partida_establecimiento"), "partida_direccion",
            ("llegada_distrito", "llegada_establecimiento"), "llegada_direccion", "puerto",
        )}),
        ("Transporte", {"classes": ["tab"], "fields": (
            "modalidad", ("transportista_ruc", "transportista_razon_social"), "transportista_mtc",
        )}),
        REGISTRO_FIELDSET,
    )  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.es_borrador:
            return [f.name for f in self.model._meta.fields]
        return [*self.readonly_fields, "creado_por", "creado", "modificado"]

    def get_search_results(self, request, queryset, search_term):
        # "T001-00000001" (or "T001-1"), as the list and the printed guide show it.
        numero = re.fullmatch(r"\s*([A-Za-z0-9]{4})-0*(\d{1,8})\s*", search_term)
        if numero:
            return queryset.filter(serie__serie__iexact=numero[1], numero=int(numero[2])), False
        return super().get_search_results(request, queryset, search_term)

    @display(description="número", ordering="numero")
    def numero_txt(self, obj):
        return obj.numero_completo

    @display(description="destinatario")
    def destinatario_txt(self, obj):
        return obj.destinatario_razon_social or (obj.destinatario.razon_social if obj.destinatario_id else obj.empresa.razon_social)

    @display(description="peso bruto")
    def peso_txt(self, obj):
        return f"{obj.peso_bruto.normalize():f} {obj.unidad_peso}" if obj.peso_bruto else ""

    @display(description="estado", label=ESTADO_COLORES)
    def estado_txt(self, obj):
        return obj.get_estado_display()

    def has_emitir_permission(self, request, object_id=None):
        if not self.has_change_permission(request):
            return False
        return object_id is None or self.get_queryset(request).filter(pk=object_id, estado=GuiaRemision.Estado.BORRADOR).exists()

    def has_notificar_permission(self, request, object_id=None):
        return object_id is None or self.get_queryset(request).filter(pk=object_id, estado=GuiaRemision.Estado.EMITIDA).exists()

    @action(description="Emitir", permissions=["emitir"], icon="send", url_path="emitir")
    def emitir(self, request, object_id):
        guia = self.get_queryset(request).get(pk=object_id)
        ejecutar(request, servicio.guia_emitir, f"Se emitió la guía {guia.serie}.", guia_id=guia.pk, usuario=request.user)
        return redirect(reverse("admin:billing_guiaremision_change", args=[object_id]))


# «Guía de remisión» on the transfer screen (inventory sits below billing: it offers the place, billing fills it).


def _permiso_guia_de_transferencia(modeladmin, request, object_id=None) -> bool:
    if not request.user.has_perm("billing.add_guiaremision"):
        return False
    return object_id is None or modeladmin.get_queryset(request).filter(pk=object_id).exclude(estado=EstadoOperacion.ANULADA).exists()


@action(description="Guía de remisión", permissions=["guia_remision"], icon="local_shipping", url_path="guia-remision")
def guia_remision(modeladmin, request, object_id):
    """Open the transfer's guide (motivo 04): the one it already has, or a new draft with both establishments and the goods."""
    transferencia = modeladmin.get_queryset(request).get(pk=object_id)
    guia = GuiaRemision.objects.filter(transferencia=transferencia).order_by("-id").first()
    if guia is not None:
        messages.info(request, f"{transferencia} ya tiene la guía {guia.numero_completo}.")
    else:
        guia = ejecutar(
            request, servicio.guia_desde_transferencia,
            "Se copiaron los dos locales y los bienes: complete el peso, los bultos y el transporte, y emita la guía.",
            transferencia_id=transferencia.pk, usuario=request.user,
        )  # fmt: skip
        if guia is None:
            return redirect(reverse("admin:inventory_transferencia_change", args=[object_id]))
    return redirect(reverse("admin:billing_guiaremision_change", args=[guia.pk]))


def registrar() -> None:
    registrar_accion("inventory.transferencia", guia_remision, permiso=_permiso_guia_de_transferencia)
