from django import forms
from django.core.validators import validate_email
from unfold.forms import BaseDialogForm
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from billing.models import MetodoPago


def objeto_del_dialogo(request, object_id):
    """The row a dialog acts on, through its admin's own (branch-scoped) queryset."""
    model_admin = request.resolver_match.func.model_admin
    return model_admin.get_queryset(request).filter(pk=object_id).first()


class SerieSelect(UnfoldAdminSelectWidget):
    """The series select: each option says its branch, so the form offers only the chosen branch's (billing/lineas.js)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        opcion = super().create_option(name, value, label, selected, index, subindex, attrs)
        if getattr(value, "instance", None) is not None:
            opcion["attrs"]["data-sucursal"] = value.instance.sucursal_id
        return opcion


class PagoForm(BaseDialogForm):
    """The "Pago a cuenta" dialog."""

    fecha = forms.DateField(label="Fecha", widget=UnfoldAdminSingleDateWidget)
    monto = forms.DecimalField(label="Monto", max_digits=14, decimal_places=2, min_value=0.01, widget=UnfoldAdminTextInputWidget)
    metodo_pago = forms.ModelChoiceField(label="Método de pago", queryset=MetodoPago.objects.none(), widget=UnfoldAdminSelectWidget)
    referencia = forms.CharField(label="Referencia", required=False, max_length=100, widget=UnfoldAdminTextInputWidget)

    def __init__(self, *args, request=None, object_id=None, **kwargs):
        super().__init__(*args, request=request, object_id=object_id, **kwargs)
        documento = objeto_del_dialogo(request, object_id)
        if documento:
            self.fields["metodo_pago"].queryset = MetodoPago.objects.filter(empresa=documento.empresa, activo=True)
            self.fields["monto"].initial = documento.saldo


class CorreoForm(BaseDialogForm):
    """The "Notificación" dialog: recipients (the client's contacts by default) and a message."""

    destinatarios = forms.CharField(
        label="Para", help_text="Correos separados por comas. Usted recibirá una copia oculta.", widget=UnfoldAdminTextInputWidget
    )
    mensaje = forms.CharField(label="Mensaje", required=False, widget=UnfoldAdminTextareaWidget)

    def __init__(self, *args, request=None, object_id=None, **kwargs):
        super().__init__(*args, request=request, object_id=object_id, **kwargs)
        documento = objeto_del_dialogo(request, object_id)
        if documento:
            self.fields["destinatarios"].initial = ", ".join(c for c in self.correos_de(documento) if c)

    def correos_de(self, documento) -> list[str]:
        """The recipients offered: the client's (a guide's recipient's) contacts, else the client; none for a guide
        that moves the company's own goods."""
        socio = getattr(documento, "cliente", None) or getattr(documento, "destinatario", None)
        if socio is None:
            return []
        return [c.email for c in socio.contactos.all() if c.email] or [socio.email]

    def clean_destinatarios(self):
        correos = [c.strip() for c in self.cleaned_data["destinatarios"].replace(";", ",").split(",") if c.strip()]
        if not correos:
            raise forms.ValidationError("Indique al menos un correo.")
        for correo in correos:
            try:
                validate_email(correo)
            except forms.ValidationError as exc:
                raise forms.ValidationError(f"«{correo}» no es un correo válido.") from exc
        return correos



class LineaForm(forms.ModelForm):
    """A line of the line entry: office words for its numbers, and the product's code kept on the line."""

    class Meta:
        fields = "__all__"
        error_messages = {
            "cantidad": {"min_value": "La cantidad debe ser mayor que cero."},
            "descuento_porcentaje": {"min_value": "El descuento no puede ser negativo."},
        }

    def save(self, commit=True):
        # The printed document's and the XML's "código" column.
        producto = self.cleaned_data.get("producto")
        if producto is not None:
            self.instance.codigo = producto.codigo
        return super().save(commit)
