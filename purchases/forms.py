"""The dialogs of the purchase screens: what each service needs, typed in by staff."""

from django import forms
from django.utils import timezone
from unfold.forms import BaseDialogForm
from unfold.widgets import (
    UnfoldAdminCheckboxSelectMultipleWidget,
    UnfoldAdminRadioSelectWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
    UnfoldBooleanWidget,
)

from billing.forms import CorreoForm, objeto_del_dialogo
from erp.models import Moneda, Socio
from inventory.models import Almacen

from .models import RespuestaCotizacion
from .services import correos_del_proveedor


def _texto(**kwargs):
    return forms.CharField(required=False, widget=UnfoldAdminTextInputWidget, **kwargs)


class RecepcionForm(BaseDialogForm):
    """One quantity per pending line of the order, the date and the provider's guía."""

    fecha = forms.DateField(label="Fecha de recepción", widget=UnfoldAdminSingleDateWidget)
    guia_remision = _texto(label="Guía de remisión del proveedor", max_length=30)

    def __init__(self, *args, request=None, object_id=None, **kwargs):
        super().__init__(*args, request=request, object_id=object_id, **kwargs)
        self.fields["fecha"].initial = timezone.localdate()
        orden = objeto_del_dialogo(request, object_id)
        self.lineas = [linea for linea in orden.lineas.order_by("orden", "id") if linea.pendiente > 0] if orden else []
        for linea in self.lineas:
            self.fields[f"l_{linea.pk}"] = forms.DecimalField(
                label=f"{linea.descripcion} (pendiente {linea.pendiente.normalize():f})", min_value=0, required=False,
                initial=f"{linea.pendiente.normalize():f}", widget=UnfoldAdminTextInputWidget,
            )  # fmt: skip
        if request is not None and request.user.has_perm("purchases.recibir_exceso"):
            self.fields["exceso_confirmado"] = forms.BooleanField(
                label="Confirmo la sobre-recepción", required=False, widget=UnfoldBooleanWidget,
                help_text="Marque si llegó más de lo pendiente y lo acepta.",
            )  # fmt: skip

    def cantidades(self) -> dict:
        return {linea.pk: self.cleaned_data.get(f"l_{linea.pk}") or 0 for linea in self.lineas}


class CorreoProveedorForm(CorreoForm):
    def correos_de(self, documento) -> list[str]:
        return correos_del_proveedor(documento.proveedor)


class MensajeForm(BaseDialogForm):
    mensaje = forms.CharField(label="Mensaje", required=False, widget=UnfoldAdminTextareaWidget)


class RechazoForm(BaseDialogForm):
    comentario = _texto(label="Motivo del rechazo", max_length=250)


class AprobacionForm(BaseDialogForm):
    """Approving a purchase request: it becomes an order to one provider or a request for quotation to several."""

    DESTINOS = [("orden", "Orden de compra a un proveedor"), ("cotizacion", "Solicitud de cotización a varios proveedores")]

    destino = forms.ChoiceField(label="Se convierte en", choices=DESTINOS, initial="orden", widget=UnfoldAdminRadioSelectWidget)
    almacen = forms.ModelChoiceField(label="Almacén de recepción", queryset=Almacen.objects.none(), widget=UnfoldAdminSelectWidget)
    proveedor = forms.ModelChoiceField(label="Proveedor de la orden", queryset=Socio.objects.none(), required=False, widget=UnfoldAdminSelectWidget)
    proveedores = forms.ModelMultipleChoiceField(
        label="Proveedores a cotizar", queryset=Socio.objects.none(), required=False, widget=UnfoldAdminCheckboxSelectMultipleWidget
    )
    comentario = _texto(label="Comentario", max_length=250)

    def __init__(self, *args, request=None, object_id=None, **kwargs):
        super().__init__(*args, request=request, object_id=object_id, **kwargs)
        solicitud = objeto_del_dialogo(request, object_id)
        if solicitud:
            self.fields["almacen"].queryset = Almacen.objects.filter(sucursal=solicitud.sucursal, activo=True)
            proveedores = Socio.objects.filter(empresa=solicitud.empresa, es_proveedor=True, activo=True).order_by("razon_social")
            self.fields["proveedor"].queryset = self.fields["proveedores"].queryset = proveedores

    def clean(self):
        datos = super().clean()
        if datos.get("destino") == "orden":
            datos["proveedores"] = []
        else:
            datos["proveedor"] = None
        return datos


class RespuestaForm(BaseDialogForm):
    """A provider's answer: its unit value without IGV for each line it quotes (empty: not quoted)."""

    proveedor = forms.ModelChoiceField(label="Proveedor", queryset=Socio.objects.none(), widget=UnfoldAdminSelectWidget)
    fecha = forms.DateField(label="Fecha de la respuesta", widget=UnfoldAdminSingleDateWidget)
    moneda = forms.ModelChoiceField(label="Moneda", queryset=Moneda.objects.all(), widget=UnfoldAdminSelectWidget)
    tipo_cambio = forms.DecimalField(label="Tipo de cambio", required=False, max_digits=10, decimal_places=3, widget=UnfoldAdminTextInputWidget)
    condiciones = _texto(label="Condiciones de pago y entrega", max_length=250)

    def __init__(self, *args, request=None, object_id=None, **kwargs):
        super().__init__(*args, request=request, object_id=object_id, **kwargs)
        self.fields["fecha"].initial = timezone.localdate()
        self.fields["moneda"].initial = Moneda.objects.filter(codigo="PEN").first()
        solicitud = objeto_del_dialogo(request, object_id)
        self.lineas = list(solicitud.lineas.all()) if solicitud else []
        if solicitud:
            self.fields["proveedor"].queryset = solicitud.proveedores.order_by("razon_social")
        for linea in self.lineas:
            self.fields[f"p_{linea.pk}"] = forms.DecimalField(
                label=f"{linea.descripcion} × {linea.cantidad.normalize():f}: valor unitario sin IGV", min_value=0, required=False,
                widget=UnfoldAdminTextInputWidget,
            )  # fmt: skip

    def precios(self) -> dict:
        return {linea.pk: self.cleaned_data[f"p_{linea.pk}"] for linea in self.lineas if self.cleaned_data.get(f"p_{linea.pk}") is not None}


class EleccionForm(BaseDialogForm):
    respuesta = forms.ModelChoiceField(label="Respuesta elegida", queryset=RespuestaCotizacion.objects.none(), widget=UnfoldAdminRadioSelectWidget, empty_label=None)

    def __init__(self, *args, request=None, object_id=None, **kwargs):
        super().__init__(*args, request=request, object_id=object_id, **kwargs)
        solicitud = objeto_del_dialogo(request, object_id)
        self.fields["respuesta"].queryset = RespuestaCotizacion.objects.filter(solicitud=solicitud).select_related("proveedor", "solicitud")
