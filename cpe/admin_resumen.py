"""The manual's "Resumen diario" screen and the list of voiding communications, with send and check-status actions."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from unfold.admin import TabularInline
from unfold.contrib.filters.admin import ChoicesDropdownFilter, RangeDateFilter
from unfold.decorators import action, display

from billing.models import MODELO_DE_TIPO
from cpe.models import (
    ComunicacionBaja,
    EstadoResumen,
    IntentoResumen,
    LineaResumen,
    PlazoSunat,
    Resumen,
    ResumenDiario,
    ResumenReversion,
    TipoResumen,
)
from cpe.resumen import resumen_avanzar, resumen_reenviar_en_nuevo, resumenes_generar
from erp.admin.base import ErpModelAdmin, SoloConsultaMixin
from erp.models import Empresa

ICONOS = {
    EstadoResumen.PENDIENTE: ("schedule", "text-base-400"),
    EstadoResumen.ENVIANDO: ("sync", "text-primary-600"),
    EstadoResumen.EN_PROCESO: ("hourglass_top", "text-primary-600"),
    EstadoResumen.ACEPTADO: ("check_circle", "text-green-600"),
    EstadoResumen.OBSERVADO: ("check_circle", "text-amber-500"),
    EstadoResumen.RECHAZADO: ("cancel", "text-red-600"),
    EstadoResumen.ERROR: ("error", "text-red-500"),
}
COLORES = {
    "Por enviar": "warning",
    "Enviando": "info",
    "En proceso en SUNAT": "info",
    "Aceptado": "success",
    "Aceptado con observaciones": "warning",
    "Rechazado": "danger",
    "Error": "danger",
}


def _empresas(request):
    return Empresa.objects.filter(sucursales__in=request.user.sucursales_permitidas()).distinct()


def enlace_documento(comprobante) -> str:
    documento = comprobante.documento
    if documento is None:
        return comprobante.numeracion
    url = reverse(f"admin:billing_{MODELO_DE_TIPO[documento.tipo]}_change", args=[documento.pk])
    return format_html('<a href="{}" class="text-primary-600">{}</a>', url, documento)


class LineaInline(SoloConsultaMixin, TabularInline):
    model = LineaResumen
    fields = ("numero", "documento", "cliente", "monto", "condicion", "motivo", "situacion")
    readonly_fields = fields
    extra = 0
    tab = True
    per_page = 50
    verbose_name_plural = "Comprobantes"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("comprobante__documento__moneda", "comprobante__documento__serie")
            .defer("comprobante__xml", "comprobante__zip", "comprobante__cdr")
        )

    @display(description="documento")
    def documento(self, obj):
        return enlace_documento(obj.comprobante)

    @display(description="cliente")
    def cliente(self, obj):
        documento = obj.comprobante.documento
        return f"{documento.cliente_razon_social} ({documento.cliente_numero_documento})" if documento else ""

    @display(description="monto")
    def monto(self, obj):
        documento = obj.comprobante.documento
        return f"{documento.moneda.simbolo} {documento.importe_total:,.2f}" if documento else ""

    @display(description="estado en SUNAT")
    def situacion(self, obj):
        return obj.comprobante.get_estado_display()


class EnResumenesInline(SoloConsultaMixin, TabularInline):
    """On a document's SUNAT record: the summaries and voidings it went in."""

    model = LineaResumen
    fields = ("resumen_txt", "condicion", "motivo", "ticket", "estado_resumen", "creado")
    readonly_fields = fields
    extra = 0
    tab = True
    verbose_name_plural = "Resúmenes y bajas"

    @display(description="resumen")
    def resumen_txt(self, obj):
        if obj.resumen is None:
            return "En espera del próximo resumen diario"
        modelo = "resumendiario" if obj.resumen.tipo == TipoResumen.RESUMEN else "comunicacionbaja"
        url = reverse(f"admin:cpe_{modelo}_change", args=[obj.resumen_id])
        return format_html('<a href="{}" class="text-primary-600">{}</a>', url, obj.resumen.identificador)

    @display(description="ticket")
    def ticket(self, obj):
        return obj.resumen.ticket if obj.resumen else ""

    @display(description="estado")
    def estado_resumen(self, obj):
        return obj.resumen.get_estado_display() if obj.resumen else "Por enviar"


class IntentoInline(SoloConsultaMixin, TabularInline):
    model = IntentoResumen
    fields = ("inicio", "operacion", "ticket", "codigo", "mensaje", "duracion_ms")
    readonly_fields = fields
    extra = 0
    tab = True
    verbose_name_plural = "Envíos y consultas"


class ResumenAdmin(SoloConsultaMixin, ErpModelAdmin):
    """One list per kind: the daily summaries, the voiding communications."""

    tipo = TipoResumen.RESUMEN
    list_display = (
        "cpe",
        "identificador_txt",
        "ticket",
        "documentos",
        "fecha_generacion",
        "fecha_emision",
        "estado_txt",
    )
    list_display_links = ("identificador_txt",)
    list_filter = (("estado", ChoicesDropdownFilter), ("fecha_emision", RangeDateFilter))
    search_fields = (
        "nombre",
        "ticket",
        "descripcion",
        "lineas__comprobante__nombre",
        "lineas__comprobante__documento__cliente_razon_social",
    )
    date_hierarchy = "fecha_generacion"
    actions_row = ["enviar", "consultar"]
    actions_detail = ["enviar", "consultar", "reenviar_en_nuevo", "descargar_xml", "descargar_cdr"]
    inlines = [LineaInline, IntentoInline]
    fieldsets = (
        (
            "Resumen",
            {
                "classes": ["tab"],
                "fields": (
                    ("identificador_txt", "estado_txt"),
                    ("fecha_generacion", "fecha_emision"),
                    ("ticket", "documentos"),
                    ("codigo_respuesta", "descripcion"),
                    "observaciones",
                    ("intentos", "consultas"),
                    ("enviado", "resuelto"),
                    "proximo_intento",
                    ("hash", "creado_por"),
                ),
            },
        ),
    )
    readonly_fields = (
        "identificador_txt",
        "estado_txt",
        "fecha_generacion",
        "fecha_emision",
        "ticket",
        "documentos",
        "codigo_respuesta",
        "descripcion",
        "observaciones",
        "intentos",
        "consultas",
        "enviado",
        "resuelto",
        "proximo_intento",
        "hash",
        "creado_por",
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request).filter(tipo=self.tipo, empresa__in=_empresas(request))
        return qs.annotate(num_documentos=Count("lineas", distinct=True))

    @display(description="CPE", ordering="estado")
    def cpe(self, obj):
        icono, color = ICONOS[obj.estado]
        return format_html(
            '<span class="material-symbols-outlined {}" title="{}">{}</span>', color, obj.get_estado_display(), icono
        )

    @display(description="identificador", ordering="nombre")
    def identificador_txt(self, obj):
        return obj.identificador

    @display(description="documentos", ordering="num_documentos")
    def documentos(self, obj):
        return getattr(obj, "num_documentos", None) or obj.lineas.count()

    @display(description="estado", label=COLORES, ordering="estado")
    def estado_txt(self, obj):
        return obj.get_estado_display()

    # Actions ---------------------------------------------------------------------------

    def has_enviar_permission(self, request, object_id=None):
        return request.user.has_perm("cpe.enviar_resumen")

    def has_reenviar_permission(self, request, object_id=None):
        if not request.user.has_perm("cpe.enviar_resumen") or self.tipo != TipoResumen.RESUMEN:
            return False
        return (
            object_id is None
            or self.get_queryset(request).filter(pk=object_id, estado=EstadoResumen.RECHAZADO).exists()
        )

    def _mensaje(self, request, resumen):
        resumen.refresh_from_db()
        ticket = f" (ticket {resumen.ticket})" if resumen.ticket else ""
        texto = f"{resumen.identificador}{ticket}: {resumen.get_estado_display()}"
        if resumen.descripcion:
            texto += (
                f". {resumen.codigo_respuesta} {resumen.descripcion}"
                if resumen.estado == EstadoResumen.RECHAZADO
                else f". {resumen.descripcion}"
            )
        nivel = {
            EstadoResumen.ACEPTADO: messages.SUCCESS,
            EstadoResumen.OBSERVADO: messages.WARNING,
            EstadoResumen.RECHAZADO: messages.ERROR,
            EstadoResumen.ERROR: messages.ERROR,
        }.get(resumen.estado, messages.INFO)
        self.message_user(request, texto, nivel)

    def _avanzar(self, request, object_id):
        resumen = self.get_queryset(request).get(pk=object_id)
        if resumen.finalizado:
            self.message_user(
                request, f"{resumen} ya tiene la respuesta de SUNAT: {resumen.get_estado_display()}.", messages.INFO
            )
        else:
            self._mensaje(request, resumen_avanzar(resumen_id=resumen.pk, manual=True))

    @action(description="Enviar", icon="send", url_path="enviar", permissions=["enviar"])
    def enviar(self, request, object_id):
        self._avanzar(request, object_id)
        return redirect(reverse(f"admin:cpe_{self.model._meta.model_name}_change", args=[object_id]))

    @action(description="Consultar estado", icon="refresh", url_path="consultar", permissions=["enviar"])
    def consultar(self, request, object_id):
        self._avanzar(request, object_id)
        return redirect(reverse(f"admin:cpe_{self.model._meta.model_name}_change", args=[object_id]))

    @action(
        description="Volver a informar en un nuevo resumen",
        icon="replay",
        url_path="reenviar",
        permissions=["reenviar"],
    )
    def reenviar_en_nuevo(self, request, object_id):
        try:
            nuevos = resumen_reenviar_en_nuevo(resumen_id=object_id, usuario=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return redirect(reverse(f"admin:cpe_{self.model._meta.model_name}_change", args=[object_id]))
        for resumen in nuevos:
            self._mensaje(request, resumen_avanzar(resumen_id=resumen.pk))
        destino = nuevos[0].pk if nuevos else object_id
        return redirect(reverse(f"admin:cpe_{self.model._meta.model_name}_change", args=[destino]))

    def _descarga(self, request, object_id, campo: str, prefijo: str):
        resumen = Resumen.con_archivos.filter(
            pk__in=self.get_queryset(request).filter(pk=object_id).values("pk")
        ).first()
        contenido = getattr(resumen, campo) if resumen else None
        if not contenido:
            self.message_user(request, "Este resumen aún no tiene ese archivo.", messages.WARNING)
            return redirect(reverse(f"admin:cpe_{self.model._meta.model_name}_change", args=[object_id]))
        extension = "xml" if campo == "xml" else "zip"
        respuesta = HttpResponse(bytes(contenido), content_type=f"application/{extension}")
        respuesta["Content-Disposition"] = f'attachment; filename="{prefijo}{resumen.nombre}.{extension}"'
        return respuesta

    @action(description="XML", icon="code", url_path="xml")
    def descargar_xml(self, request, object_id):
        return self._descarga(request, object_id, "xml", "")

    @action(description="CDR", icon="verified", url_path="cdr")
    def descargar_cdr(self, request, object_id):
        return self._descarga(request, object_id, "cdr", "R-")


@admin.register(ResumenDiario)
class ResumenDiarioAdmin(ResumenAdmin):
    actions_list = ["generar"]

    @action(description="Generar y enviar pendientes", icon="summarize", url_path="generar", permissions=["enviar"])
    def generar(self, request):
        """Everything pending up to today, summarised and sent now (the daily job does it for the previous day)."""
        creados = []
        for empresa in _empresas(request).filter(activo=True):
            creados += resumenes_generar(empresa_id=empresa.pk, hasta=timezone.localdate(), usuario=request.user)
        if not creados:
            self.message_user(request, "No hay boletas ni anulaciones pendientes de informar.", messages.INFO)
        for resumen in creados:
            self._mensaje(request, resumen_avanzar(resumen_id=resumen.pk))
        return redirect(reverse("admin:cpe_resumendiario_changelist"))


@admin.register(ComunicacionBaja)
class ComunicacionBajaAdmin(ResumenAdmin):
    tipo = TipoResumen.BAJA
    list_display = (
        "cpe",
        "identificador_txt",
        "ticket",
        "documentos_txt",
        "motivo",
        "fecha_generacion",
        "fecha_emision",
        "estado_txt",
    )

    def get_queryset(self, request):
        lineas = LineaResumen.objects.select_related("comprobante").defer(
            "comprobante__xml", "comprobante__zip", "comprobante__cdr"
        )
        return super().get_queryset(request).prefetch_related(Prefetch("lineas", queryset=lineas))

    @display(description="documentos")
    def documentos_txt(self, obj):
        return ", ".join(linea.comprobante.numeracion for linea in obj.lineas.all())

    @display(description="motivo")
    def motivo(self, obj):
        return "; ".join(linea.motivo for linea in obj.lineas.all())


@admin.register(ResumenReversion)
class ResumenReversionAdmin(ComunicacionBajaAdmin):
    tipo = TipoResumen.REVERSION


@admin.register(PlazoSunat)
class PlazoSunatAdmin(ErpModelAdmin):
    list_display = ("tipo", "vigente_desde", "dias", "base_legal")
    list_filter = ("tipo",)
