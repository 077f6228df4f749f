"""The CPE's part of the guide screens: the CPE column, SUNAT's situation and "Enviar a SUNAT".

billing's guide admin knows nothing of SUNAT (billing sits below cpe): this
module extends it and registers it again, as cpe/admin_ventas.py does for sales.
"""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from unfold.decorators import action, display

from billing.admin.guias import GuiaRemisionAdmin
from billing.models import GuiaRemision
from cpe.admin import icono_cpe
from cpe.models import ESTADOS_FINALES, ComprobanteElectronico, EstadoCpe
from cpe.services_guia import cpe_guia_enviar_sincrono, mensaje_guia


class CpeGuiaAdmin(GuiaRemisionAdmin):
    actions_detail = [*GuiaRemisionAdmin.actions_detail[:1], "enviar_sunat", *GuiaRemisionAdmin.actions_detail[1:]]

    def get_list_display(self, request):
        return ["cpe_estado", *super().get_list_display(request)]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cpe").defer("cpe__xml", "cpe__zip", "cpe__cdr")

    def get_fieldsets(self, request, obj=None):
        fieldsets = [list(f) for f in super().get_fieldsets(request, obj)]
        if obj is not None and obj.numero:
            fieldsets[0][1] = {**fieldsets[0][1], "fields": (*fieldsets[0][1]["fields"], "sunat")}
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "sunat"]

    @display(description="CPE")
    def cpe_estado(self, obj):
        return icono_cpe(getattr(obj, "cpe", None)) if obj.numero else "—"

    @display(description="SUNAT")
    def sunat(self, obj):
        comprobante = getattr(obj, "cpe", None)
        return mensaje_guia(comprobante) if comprobante else "—"

    def has_enviar_sunat_permission(self, request, object_id=None):
        if not request.user.has_perm("cpe.enviar_comprobanteelectronico"):
            return False
        return object_id is None or ComprobanteElectronico.objects.filter(guia_id=object_id).exclude(estado__in=ESTADOS_FINALES).exists()

    @action(description="Enviar a SUNAT", permissions=["enviar_sunat"], icon="cloud_upload", url_path="enviar-sunat")
    def enviar_sunat(self, request, object_id):
        comprobante = ComprobanteElectronico.objects.get(guia=self.get_queryset(request).get(pk=object_id))
        comprobante = cpe_guia_enviar_sincrono(comprobante_id=comprobante.pk)
        nivel = {EstadoCpe.ACEPTADO: messages.SUCCESS, EstadoCpe.OBSERVADO: messages.WARNING, EstadoCpe.ENVIANDO: messages.INFO}
        messages.add_message(request, nivel.get(comprobante.estado, messages.ERROR), mensaje_guia(comprobante))
        return redirect(reverse("admin:billing_guiaremision_change", args=[object_id]))


def registrar() -> None:
    admin.site.unregister(GuiaRemision)
    admin.site.register(GuiaRemision, CpeGuiaAdmin)
