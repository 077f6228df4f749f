"""The screens of the comprobantes de retención and percepción: list, detail with its documents, send, revert."""

from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from unfold.admin import TabularInline
from unfold.contrib.filters.admin import ChoicesDropdownFilter, RangeDateFilter
from unfold.decorators import action, display

from billing.models import ComprobanteOtro, LineaComprobanteOtro
from cpe.admin import icono_cpe
from cpe.forms import BajaForm
from cpe.models import ESTADOS_FINALES, ComprobanteElectronico, EstadoCpe, EstadoResumen
from cpe.otros import reversion_comunicar
from cpe.services import cpe_enviar_sincrono, mensaje_resultado
from erp.admin.base import PorSucursalAdmin, SoloConsultaMixin, dialogo, ejecutar
from inventory.admin.base import ExportarExcelMixin


class ReversionForm(BajaForm):
    """The "Revertir" dialog: the reason SUNAT records for the reversal."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motivo"].label = "Motivo de la reversión"
        self.fields["motivo"].help_text = "Se envía a SUNAT en el resumen de reversiones (RR), p. ej. «Retención a un buen contribuyente»."


class LineaInline(SoloConsultaMixin, TabularInline):
    model = LineaComprobanteOtro
    fields = ("tipo_documento", "numero_documento", "fecha_documento", "moneda", "importe_documento", "pago_numero", "pago_fecha", "pago_monto", "tipo_cambio", "monto", "neto")
    readonly_fields = fields
    extra = 0
    tab = True
    verbose_name_plural = "Documentos"


@admin.register(ComprobanteOtro)
class ComprobanteOtroAdmin(ExportarExcelMixin, SoloConsultaMixin, PorSucursalAdmin):
    list_display = ("cpe_estado", "numeracion_txt", "tipo", "fecha_emision", "receptor_numero_documento", "receptor_razon_social", "regimen", "total", "total_neto", "estado")
    list_filter = (("tipo", ChoicesDropdownFilter), ("estado", ChoicesDropdownFilter), ("fecha_emision", RangeDateFilter))
    search_fields = ("receptor_razon_social", "receptor_numero_documento", "lineas__numero_documento", "=numero")
    date_hierarchy = "fecha_emision"
    inlines = [LineaInline]
    fields = ("tipo", "numeracion_txt", "fecha_emision", "socio", "receptor_razon_social", "receptor_numero_documento", "regimen", "tasa", "total", "total_neto", "observacion", "estado", "motivo_reversion", "sunat", "creado_por")
    readonly_fields = fields
    actions_detail = ["enviar_sunat", "revertir", "pdf"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("serie", "cpe").defer("cpe__xml", "cpe__zip", "cpe__cdr").distinct()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or request.user.has_perm("cpe.view_comprobanteelectronico")

    @display(description="CPE")
    def cpe_estado(self, obj):
        return icono_cpe(getattr(obj, "cpe", None))

    @display(description="número", ordering="numero")
    def numeracion_txt(self, obj):
        return obj.numeracion

    @display(description="SUNAT")
    def sunat(self, obj):
        comprobante = getattr(obj, "cpe", None)
        if comprobante is None:
            return "—"
        texto = comprobante.get_estado_display()
        return f"{texto}: {comprobante.codigo_respuesta} {comprobante.descripcion}".strip() if comprobante.descripcion else texto

    def _cpe(self, request, object_id):
        return ComprobanteElectronico.objects.get(otro__in=self.get_queryset(request).filter(pk=object_id))

    def _volver(self, request, object_id):
        destino = reverse("admin:billing_comprobanteotro_change", args=[object_id])
        # A dialog posts with htmx: it must reload the whole page to show the result.
        return HttpResponse(headers={"HX-Redirect": destino}) if request.headers.get("HX-Request") else redirect(destino)

    def has_enviar_sunat_permission(self, request, object_id=None):
        if not request.user.has_perm("cpe.enviar_comprobanteelectronico"):
            return False
        return object_id is None or ComprobanteElectronico.objects.filter(otro_id=object_id).exclude(estado__in=ESTADOS_FINALES).exists()

    def has_revertir_permission(self, request, object_id=None):
        if not request.user.has_perm("billing.revertir_comprobanteotro"):
            return False
        return object_id is None or ComprobanteElectronico.objects.filter(
            otro_id=object_id, otro__estado=ComprobanteOtro.Estado.EMITIDO, estado__in=(EstadoCpe.ACEPTADO, EstadoCpe.OBSERVADO)
        ).exists()

    @action(description="Enviar a SUNAT", permissions=["enviar_sunat"], icon="cloud_upload", url_path="enviar-sunat")
    def enviar_sunat(self, request, object_id):
        comprobante = cpe_enviar_sincrono(comprobante=self._cpe(request, object_id))
        nivel = {EstadoCpe.ACEPTADO: messages.SUCCESS, EstadoCpe.OBSERVADO: messages.WARNING}.get(comprobante.estado, messages.ERROR)
        messages.add_message(request, nivel, mensaje_resultado(comprobante))
        return self._volver(request, object_id)

    @action(
        description="Revertir",
        permissions=["revertir"],
        icon="undo",
        url_path="revertir",
        dialog=dialogo(
            "Revertir ante SUNAT",
            "El comprobante se revierte con un resumen de reversiones (RR) que se envía ahora; queda revertido cuando SUNAT lo acepta "
            "y su importe deja de deberse a SUNAT.",
            ReversionForm,
            "Revertir",
        ),
    )
    def revertir(self, request, form, object_id):
        reversion = ejecutar(
            request, reversion_comunicar, "Se envió la reversión a SUNAT.", otro_id=object_id, motivo=form.cleaned_data["motivo"], usuario=request.user
        )
        if reversion is not None and reversion.estado == EstadoResumen.EN_PROCESO:
            messages.warning(request, f"{reversion.identificador}: ticket {reversion.ticket}. SUNAT la está procesando; su resultado aparecerá aquí.")
        elif reversion is not None:
            messages.error(request, f"No se pudo enviar {reversion.identificador}: {reversion.descripcion}")
        return self._volver(request, object_id)

    @action(description="PDF", icon="picture_as_pdf", url_path="pdf")
    def pdf(self, request, object_id):
        return redirect(f"/cpe/{self._cpe(request, object_id).nombre}.pdf")
