"""The CPE's part of the sales screens: the CPE column, SUNAT's situation, "Enviar a SUNAT" and the voiding.

billing's document admins know nothing of SUNAT (billing sits below cpe): this
module extends them with CpeVentaMixin and registers them again (cpe/admin.py).
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from unfold.decorators import action, display

from billing.admin import documentos as ventas
from billing.models import Boleta, Factura, NotaCredito, NotaDebito
from cpe.admin import icono_cpe
from cpe.bajas import baja_comunicar, situacion_sunat
from cpe.forms import BajaForm
from cpe.models import ESTADOS_FINALES, ComprobanteElectronico, EstadoCpe, EstadoResumen, Resumen
from cpe.resumen import resumen_avanzar
from cpe.services import NoEnviable, cpe_enviar_sincrono, mensaje_resultado

# After billing's own "Emitir": the actions on the document's CPE.
ACCIONES_CPE = ["enviar_sunat", "comunicar_baja", "consultar_baja"]


class CpeVentaMixin:
    """The CPE column first in the list, SUNAT's situation in the first tab, and the CPE's actions."""

    def get_list_display(self, request):
        return ["cpe_estado", *super().get_list_display(request)]

    def get_queryset(self, request):
        # The list joins the CPE for its column but never loads its files.
        return super().get_queryset(request).select_related("cpe").defer("cpe__xml", "cpe__zip", "cpe__cdr")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.es_electronico and obj.numero:
            fieldsets[0][1]["fields"] = (*fieldsets[0][1]["fields"], "sunat")
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "sunat"]

    @display(description="CPE")
    def cpe_estado(self, obj):
        return icono_cpe(getattr(obj, "cpe", None)) if obj.es_electronico and obj.numero else "—"

    @display(description="SUNAT")
    def sunat(self, obj):
        return situacion_sunat(obj)

    def has_enviar_sunat_permission(self, request, object_id=None):
        if not request.user.has_perm("cpe.enviar_comprobanteelectronico"):
            return False
        return object_id is None or ComprobanteElectronico.objects.filter(documento_id=object_id).exclude(estado__in=ESTADOS_FINALES).exists()

    def has_baja_permission(self, request, object_id=None):
        if not request.user.has_perm("cpe.enviar_resumen"):
            return False
        return object_id is None or ComprobanteElectronico.objects.filter(
            documento_id=object_id, estado__in=(EstadoCpe.ACEPTADO, EstadoCpe.OBSERVADO)
        ).exists()

    def _baja_en_curso(self, object_id):
        return Resumen.objects.filter(
            lineas__comprobante__documento_id=object_id, lineas__condicion="3", lineas__vigente=True
        ).exclude(estado__in=(EstadoResumen.ACEPTADO, EstadoResumen.OBSERVADO, EstadoResumen.RECHAZADO)).first()

    def has_consultar_baja_permission(self, request, object_id=None):
        if not request.user.has_perm("cpe.enviar_resumen"):
            return False
        return object_id is None or self._baja_en_curso(object_id) is not None

    @action(description="Enviar a SUNAT", permissions=["enviar_sunat"], icon="cloud_upload", url_path="enviar-sunat")
    def enviar_sunat(self, request, object_id):
        documento = self._documento(request, object_id)
        try:
            comprobante = cpe_enviar_sincrono(documento=documento)
        except NoEnviable as exc:
            messages.error(request, str(exc))
        else:
            nivel = {
                EstadoCpe.ACEPTADO: messages.SUCCESS, EstadoCpe.OBSERVADO: messages.WARNING, EstadoCpe.PENDIENTE: messages.INFO
            }.get(comprobante.estado, messages.ERROR)
            messages.add_message(request, nivel, mensaje_resultado(comprobante))
        return redirect(reverse(f"admin:billing_{self.model._meta.model_name}_change", args=[object_id]))

    @action(
        description="Comunicar baja",
        permissions=["baja"],
        icon="block",
        url_path="baja",
        dialog={
            "title": "Comunicar baja a SUNAT",
            "description": "El comprobante se anula en SUNAT: las facturas y sus notas con una comunicación de baja, "
            "las boletas y sus notas en el resumen diario. Queda anulado cuando SUNAT lo acepta.",
            "form_class": BajaForm,
            "form_submit_text": "Comunicar baja",
        },
    )
    def comunicar_baja(self, request, form, object_id):
        documento = self._documento(request, object_id)
        try:
            resultado = baja_comunicar(documento_id=documento.pk, motivo=form.cleaned_data["motivo"], usuario=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if not isinstance(resultado, Resumen):
                messages.success(request, f"La anulación de {documento} va en el resumen diario que se envía ahora a SUNAT.")
                messages.warning(request, "Consulte su resultado en Facturación electrónica › Resumen diario.")
            elif resultado.estado == EstadoResumen.EN_PROCESO:
                messages.success(request, f"Se envió la comunicación de baja {resultado.identificador}: ticket {resultado.ticket}.")
                messages.warning(request, "SUNAT la está procesando: su resultado se consulta con el ticket y aparecerá en este documento.")
            else:
                messages.error(request, f"No se pudo enviar la comunicación de baja {resultado.identificador}: {resultado.descripcion}")
        destino = reverse(f"admin:billing_{self.model._meta.model_name}_change", args=[object_id])
        # The dialog posts with htmx: it must reload the whole page to show the result.
        return HttpResponse(headers={"HX-Redirect": destino}) if request.headers.get("HX-Request") else redirect(destino)

    @action(description="Consultar baja", permissions=["consultar_baja"], icon="refresh", url_path="consultar-baja")
    def consultar_baja(self, request, object_id):
        documento = self._documento(request, object_id)
        baja = self._baja_en_curso(documento.pk)
        if baja is not None:
            baja = resumen_avanzar(resumen_id=baja.pk)
            ticket = f" (ticket {baja.ticket})" if baja.ticket else ""
            if baja.estado in (EstadoResumen.ACEPTADO, EstadoResumen.OBSERVADO):
                messages.success(request, f"SUNAT aceptó la baja {baja.identificador}{ticket}: {documento} quedó anulado.")
            elif baja.estado == EstadoResumen.RECHAZADO:
                messages.error(request, f"SUNAT rechazó la baja {baja.identificador}{ticket}: {baja.codigo_respuesta} {baja.descripcion}")
            else:
                messages.warning(request, f"La baja {baja.identificador}{ticket} sigue {baja.get_estado_display().lower()}. {baja.descripcion}")
        return redirect(reverse(f"admin:billing_{self.model._meta.model_name}_change", args=[object_id]))


def _con_cpe(base):
    """`base` (one of billing's document admins) with the CPE's column and actions."""
    acciones = list(base.actions_detail)
    acciones[acciones.index("emitir") + 1 : acciones.index("emitir") + 1] = ACCIONES_CPE
    return type(base.__name__, (CpeVentaMixin, base), {"actions_detail": acciones, "__module__": __name__})


def registrar() -> None:
    """Register the electronic documents' admins again, with their CPE part."""
    for modelo, base in (
        (Factura, ventas.FacturaAdmin),
        (Boleta, ventas.BoletaAdmin),
        (NotaCredito, ventas.NotaCreditoAdmin),
        (NotaDebito, ventas.NotaDebitoAdmin),
    ):
        admin.site.unregister(modelo)
        admin.site.register(modelo, _con_cpe(base))
