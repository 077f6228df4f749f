"""The manual's CPE screens: the pending list ("Enviar a CPE") and each document's SUNAT record."""

from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from unfold.admin import TabularInline
from unfold.contrib.filters.admin import ChoicesDropdownFilter
from unfold.decorators import action, display

from billing.models import MODELO_DE_TIPO
from cpe.admin_resumen import EnResumenesInline  # also registers the summaries' and voidings' screens
from cpe.models import ESTADOS_FINALES, ComprobanteElectronico, ConfiguracionCpe, EstadoCpe, IntentoEnvio
from cpe.services import cpe_enviar_sincrono, es_de_resumen, mensaje_resultado
from cpe.services_guia import cpe_guia_enviar_sincrono, mensaje_guia
from erp.admin.base import ErpModelAdmin, PorSucursalAdmin

# The CPE column's badge: the verdict in words and its colour; SUNAT's code and message on hover.
INSIGNIAS = {
    EstadoCpe.PENDIENTE: ("Pendiente", "info"),
    EstadoCpe.ENVIANDO: ("Enviando", "info"),
    EstadoCpe.ACEPTADO: ("Aceptado", "success"),
    EstadoCpe.OBSERVADO: ("Aceptado con observaciones", "warning"),
    EstadoCpe.RECHAZADO: ("Rechazado", "danger"),
    EstadoCpe.ERROR: ("Error de envío", "danger"),
    EstadoCpe.ANULADO: ("Anulado", ""),
}
TIPOS = [("01", "Facturas"), ("03", "Boletas"), ("07", "Notas de crédito"), ("08", "Notas de débito"), ("20", "Retenciones"), ("40", "Percepciones")]


def _en_resumen_diario(comprobante) -> tuple[str, str] | None:
    """A boleta (or its note) waiting for SUNAT's verdict through the daily summary: (date, what it waits for)."""
    if comprobante.estado not in (EstadoCpe.PENDIENTE, EstadoCpe.ENVIANDO) or not es_de_resumen(comprobante):
        return None
    linea = comprobante.lineas_resumen.filter(vigente=True, resumen__isnull=False).select_related("resumen").order_by("-id").first()
    if linea is None:
        return f"{comprobante.fecha_emision:%d/%m/%Y}", "Se informa en el resumen diario de su fecha de emisión"
    resumen = linea.resumen
    ticket = f", ticket {resumen.ticket}" if resumen.ticket else ""
    return f"{resumen.fecha_generacion:%d/%m/%Y}", f"{resumen.identificador}{ticket}: {resumen.get_estado_display().lower()}"


def icono_cpe(comprobante) -> str:
    """The CPE column: the verdict as a labelled badge, and the file links once there are files."""
    if comprobante is None:
        return "—"
    texto, variante = INSIGNIAS[comprobante.estado]
    detalle = f"SUNAT {comprobante.codigo_respuesta}: " if comprobante.codigo_respuesta else ""
    detalle = f"{detalle}{comprobante.descripcion}".strip()
    resumen = _en_resumen_diario(comprobante)
    if resumen is not None:
        fecha, detalle = resumen
        texto = f"En resumen diario del {fecha}"
    insignia = render_to_string("unfold/helpers/label.html", {"text": texto, "variant": variante, "label_title": detalle or texto})
    enlaces = [mark_safe(insignia)]
    if comprobante.hash:
        enlaces.append(format_html('<a href="/cpe/{}.xml" title="XML firmado" class="text-xs">XML</a>', comprobante.nombre))
        enlaces.append(format_html('<a href="/cpe/{}.pdf" title="Representación impresa (PDF)" class="text-xs" target="_blank">PDF</a>', comprobante.nombre))
    if comprobante.enviado and comprobante.estado != EstadoCpe.ERROR:
        enlaces.append(format_html('<a href="/cpe/R-{}.zip" title="Constancia de recepción (CDR)" class="text-xs">CDR</a>', comprobante.nombre))
    return format_html('<span class="cpe-icons inline-flex items-center gap-1">{}</span>', format_html_join("", "{}", ((e,) for e in enlaces)))


class IntentoInline(TabularInline):
    model = IntentoEnvio
    fields = ("inicio", "operacion", "resultado", "codigo", "mensaje", "duracion_ms")
    readonly_fields = fields
    extra = 0
    tab = True
    verbose_name_plural = "Intentos de envío"

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ComprobanteElectronico)
class ComprobanteElectronicoAdmin(PorSucursalAdmin):
    sucursal_lookup = "documento__sucursal"
    list_display = ("cpe", "numeracion_txt", "tipo_txt", "cliente", "monto", "fecha", "intentos", "respuesta")
    list_filter = (("estado", ChoicesDropdownFilter),)
    search_fields = ("nombre", "documento__cliente_razon_social", "documento__cliente_numero_documento", "descripcion")
    list_select_related = ("documento__moneda", "otro")
    list_before_template = "billing/pestanas.html"
    actions = ["enviar_a_cpe"]
    inlines = [IntentoInline, EnResumenesInline]
    readonly_fields = (
        "nombre",
        "estado",
        "enlace_documento",
        "hash",
        "codigo_respuesta",
        "descripcion",
        "observaciones",
        "intentos",
        "proximo_intento",
        "enviado",
        "archivos",
    )
    fieldsets = (("Envío a SUNAT", {"fields": readonly_fields}),)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if getattr(request, "tipo_cpe", None):
            qs = qs.filter(tipo=request.tipo_cpe)
        if getattr(request, "tipo_cpe", None) is not None and "estado__exact" not in request.GET:
            # The manual's pending list: what has not reached SUNAT yet (each record's page still opens).
            qs = qs.exclude(estado__in=ESTADOS_FINALES)
        return qs

    def changelist_view(self, request, extra_context=None):
        request.GET = request.GET.copy()
        tipo = request.GET.pop("tipo", [""])[0]
        request.tipo_cpe = tipo
        pestanas = [{"titulo": "Todos", "url": "?", "activa": not tipo}]
        pestanas += [{"titulo": titulo, "url": f"?tipo={codigo}", "activa": tipo == codigo} for codigo, titulo in TIPOS]
        return super().changelist_view(request, {**(extra_context or {}), "pestanas": pestanas, "title": "Comprobantes pendientes de envío a SUNAT"})

    @display(description="CPE", ordering="estado")
    def cpe(self, obj):
        return icono_cpe(obj)

    @display(description="número", ordering="numero")
    def numeracion_txt(self, obj):
        return f"{obj.serie}-{obj.numero:08d}"  # as the sales lists and the printed document show it

    @display(description="tipo", ordering="tipo")
    def tipo_txt(self, obj):
        return dict(TIPOS).get(obj.tipo, obj.tipo)

    @display(description="empresa / persona natural")
    def cliente(self, obj):
        if obj.otro_id:
            return obj.otro.receptor_razon_social
        return obj.documento.cliente_razon_social if obj.documento else ""

    @display(description="monto")
    def monto(self, obj):
        if obj.otro_id:
            return f"S/ {obj.otro.total:,.2f}"  # retained or perceived
        documento = obj.documento
        return f"{documento.moneda.simbolo} {documento.importe_total:,.2f}" if documento else ""

    @display(description="fecha de emisión")
    def fecha(self, obj):
        return obj.fecha_emision or (obj.documento.fecha_emision if obj.documento else "")

    @display(description="respuesta")
    def respuesta(self, obj):
        return f"{obj.codigo_respuesta} {obj.descripcion}".strip()[:120]

    @display(description="documento")
    def enlace_documento(self, obj):
        documento = obj.documento
        if documento is None:
            return "—"
        modelo = MODELO_DE_TIPO[documento.tipo]
        return format_html('<a href="{}">{}</a>', reverse(f"admin:billing_{modelo}_change", args=[documento.pk]), documento)

    @display(description="archivos")
    def archivos(self, obj):
        return icono_cpe(obj)

    def has_enviar_permission(self, request):
        return request.user.has_perm("cpe.enviar_comprobanteelectronico")

    @action(description="Enviar a CPE", permissions=["enviar"])
    def enviar_a_cpe(self, request, queryset):
        for comprobante in queryset.select_related("documento"):
            if comprobante.guia_id:  # guías de remisión go through SUNAT's REST API
                resultado = cpe_guia_enviar_sincrono(comprobante_id=comprobante.pk)
                self.message_user(request, mensaje_guia(resultado), messages.SUCCESS if resultado.estado in (EstadoCpe.ACEPTADO, EstadoCpe.OBSERVADO) else messages.INFO)
                continue
            resultado = cpe_enviar_sincrono(documento=comprobante.documento, comprobante=comprobante)
            nivel = {
                EstadoCpe.ACEPTADO: messages.SUCCESS,
                EstadoCpe.OBSERVADO: messages.WARNING,
                EstadoCpe.PENDIENTE: messages.INFO,  # waits for the daily summary
            }.get(resultado.estado, messages.ERROR)
            self.message_user(request, mensaje_resultado(resultado), nivel)


@admin.register(ConfiguracionCpe)
class ConfiguracionCpeAdmin(ErpModelAdmin):
    list_display = ("empresa", "envio_automatico", "boletas_por_resumen", "hora_resumen", "algoritmo_firma")
