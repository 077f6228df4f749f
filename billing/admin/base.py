"""What the sales screens share."""

from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from unfold.decorators import action

from billing import services
from billing.forms import CorreoForm, SerieSelect
from erp.admin.base import redirigir
from erp.models import Serie
from erp.selectors import filtrar_por_sucursal


class NumeradoAlGuardarMixin:
    """Quotations, orders and work orders: the user picks a series of `tipo_serie`, the number comes on first save."""

    tipo_serie = ""
    campo_fecha = "fecha_emision"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "serie" in form.base_fields:
            form.base_fields["serie"].queryset = filtrar_por_sucursal(
                Serie.objects.filter(tipo_documento=self.tipo_serie, activo=True), request.user
            )
        return form

    def get_readonly_fields(self, request, obj=None):
        campos = list(super().get_readonly_fields(request, obj))
        return campos + ["serie"] if obj else campos

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "serie":
            kwargs["widget"] = SerieSelect
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        return {self.campo_fecha: timezone.localdate(), **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            obj.creado_por = request.user
            services.previo_numerar(previo=obj)


class CorreoMixin:
    """The manual's "Notificación": e-mail the document to the client's contacts, blind copy to the sender."""

    @action(
        description="Enviar por correo",
        permissions=["notificar"],
        icon="mail",
        url_path="correo",
        dialog={
            "title": "Notificación por correo",
            "description": "El documento se envía a los destinatarios y a usted con copia oculta.",
            "form_class": CorreoForm,
            "form_submit_text": "Enviar correo",
        },
    )
    def enviar_correo(self, request, form, object_id):
        destinatarios = form.cleaned_data["destinatarios"]
        services.documento_enviar_correo(
            documento=self.get_queryset(request).get(pk=object_id),
            destinatarios=destinatarios,
            mensaje=form.cleaned_data["mensaje"],
            usuario=request.user,
        )
        messages.success(request, "Correo enviado a " + ", ".join(destinatarios) + ".")
        return redirigir(request, reverse(f"admin:billing_{self.model._meta.model_name}_change", args=[object_id]))


def avisar_percepcion(request, pagos) -> None:
    """The perception a collection caused, which the cashier collects besides."""
    percepcion = next((p.percepcion for p in pagos if p.percepcion_id), None)
    if percepcion is not None:
        messages.warning(request, f"{percepcion}: cobre además S/ {percepcion.total} de percepción (total S/ {percepcion.total_neto}).")
