from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from unfold.decorators import action, display

from cpe.sandbox.models import DocumentoRecibido, Falla, Ticket
from erp.admin.base import ErpModelAdmin

_ESTADOS = {"Aceptado": "success", "Observado": "info", "Rechazado": "danger", "Falla SOAP": "warning"}


def _estado(documento: DocumentoRecibido) -> str:
    if documento.aceptado:
        return "Observado" if documento.observaciones else "Aceptado"
    return "Falla SOAP" if documento.es_falla else "Rechazado"


def _descarga(contenido: bytes, nombre: str) -> HttpResponse:
    respuesta = HttpResponse(bytes(contenido), content_type="application/zip")
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta


class SoloLecturaAdmin(ErpModelAdmin):
    """What the sandbox received is a record: it is looked at and deleted, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DocumentoRecibido)
class DocumentoRecibidoAdmin(SoloLecturaAdmin):
    list_display = ("recibido", "nombre", "operacion", "estado", "codigo", "descripcion_corta", "registrado")
    list_filter = ("operacion", "tipo", "registrado", "codigo")
    search_fields = ("ruc", "nombre", "serie", "hash")
    date_hierarchy = "recibido"
    actions_detail = ["descargar_zip", "descargar_cdr"]
    fieldsets = (
        (
            "Documento",
            {
                "classes": ["tab"],
                "fields": ("nombre", "ruc", "tipo", "serie", "numero", "operacion", "recibido", "hash", "tamano_zip"),
            },
        ),
        (
            "Respuesta",
            {
                "classes": ["tab"],
                "fields": ("estado", "codigo", "descripcion", "observaciones_texto", "registrado", "ticket_numero"),
            },
        ),
    )
    readonly_fields = ("estado", "tamano_zip", "observaciones_texto", "ticket_numero")

    def get_queryset(self, request):
        # The zips stay in the database until downloaded.
        return super().get_queryset(request).defer("zip", "cdr_zip")

    @display(description="estado", label=_ESTADOS)
    def estado(self, obj):
        return _estado(obj)

    @display(description="descripción")
    def descripcion_corta(self, obj):
        return obj.descripcion if len(obj.descripcion) <= 90 else f"{obj.descripcion[:87]}..."

    @display(description="tamaño del ZIP")
    def tamano_zip(self, obj):
        return f"{len(obj.zip):,} bytes".replace(",", ".")

    @display(description="observaciones")
    def observaciones_texto(self, obj):
        return "; ".join(f"{codigo} - {mensaje}" for codigo, mensaje in obj.observaciones) or "—"

    @display(description="ticket")
    def ticket_numero(self, obj):
        ticket = Ticket.objects.filter(documento=obj).first()
        return ticket.numero if ticket else "—"

    @action(description="Descargar ZIP recibido", icon="download")
    def descargar_zip(self, request, object_id):
        documento = get_object_or_404(self.get_queryset(request).defer(None), pk=object_id)
        return _descarga(documento.zip, f"{documento.nombre}.zip")

    @action(description="Descargar CDR", icon="verified")
    def descargar_cdr(self, request, object_id):
        documento = get_object_or_404(self.get_queryset(request).defer(None), pk=object_id)
        if not documento.cdr_zip:
            self.message_user(
                request, "Este envío no tiene CDR: el sandbox respondió con una falla SOAP.", level="warning"
            )
            return redirect(reverse("admin:sunat_sandbox_documentorecibido_change", args=[object_id]))
        return _descarga(documento.cdr_zip, f"R-{documento.nombre}.zip")


@admin.register(Ticket)
class TicketAdmin(SoloLecturaAdmin):
    list_display = ("numero", "documento", "estado", "en_proceso", "consultas", "creado")
    search_fields = ("numero", "documento__nombre", "documento__ruc")
    list_select_related = ("documento",)
    fields = ("numero", "documento", "estado", "en_proceso", "consultas", "creado")
    readonly_fields = ("estado",)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("documento__zip", "documento__cdr_zip")

    @display(description="estado", label={**_ESTADOS, "En proceso": "warning"})
    def estado(self, obj):
        return "En proceso" if obj.en_proceso else _estado(obj.documento)


@admin.register(Falla)
class FallaAdmin(ErpModelAdmin):
    list_display = ("tipo", "codigo", "ruc", "operacion", "restantes", "aplicadas", "creada")
    list_filter = ("tipo", "operacion")
    search_fields = ("ruc", "codigo")
    fields = ("tipo", "codigo", "segundos", "ruc", "operacion", "restantes", "aplicadas")
    readonly_fields = ("aplicadas",)
