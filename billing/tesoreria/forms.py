"""The treasury's dialogs: open and close a session, register a movement, deposit the cash, collect documents."""

from django import forms
from django.utils import timezone
from unfold.forms import BaseDialogForm
from unfold.widgets import (
    UnfoldAdminFileFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from billing.forms import objeto_del_dialogo
from billing.services import por_devolver
from erp.models import Moneda

from . import selectors
from .models import ConceptoCaja, Sentido
from .services import DENOMINACIONES


def _monto(etiqueta="Monto", **kwargs):
    return forms.DecimalField(label=etiqueta, max_digits=14, decimal_places=2, widget=UnfoldAdminTextInputWidget, **kwargs)


class AbrirTurnoForm(BaseDialogForm):
    monto_apertura = _monto("Monto de apertura", min_value=0, help_text="El efectivo con que empieza el turno.")

    def __init__(self, *args, request=None, object_id=None, **kwargs):
        super().__init__(*args, request=request, object_id=object_id, **kwargs)
        caja = objeto_del_dialogo(request, object_id)
        if caja:
            self.fields["monto_apertura"].initial = caja.saldo


class CerrarTurnoForm(BaseDialogForm):
    """One field per note and coin of the register's currency, and the explanation of a difference."""

    explicacion = forms.CharField(label="Explicación de la diferencia", required=False, widget=UnfoldAdminTextareaWidget)

    def __init__(self, *args, request=None, object_id=None, **kwargs):
        super().__init__(*args, request=request, object_id=object_id, **kwargs)
        caja = objeto_del_dialogo(request, object_id)
        self.denominaciones = DENOMINACIONES.get(caja.moneda.codigo, []) if caja else []
        for valor in self.denominaciones:
            self.fields[f"d_{valor}"] = forms.IntegerField(
                label=f"{caja.moneda.simbolo} {valor}", min_value=0, required=False, widget=UnfoldAdminTextInputWidget
            )
        self.order_fields([*(f"d_{v}" for v in self.denominaciones), "explicacion"])

    def conteo(self) -> dict:
        return {v: self.cleaned_data.get(f"d_{v}") or 0 for v in self.denominaciones}


class MovimientoForm(BaseDialogForm):
    sentido = forms.ChoiceField(label="Tipo", choices=Sentido.choices, widget=UnfoldAdminSelectWidget)
    concepto = forms.ModelChoiceField(label="Concepto", queryset=ConceptoCaja.objects.none(), required=False, widget=UnfoldAdminSelectWidget)
    monto = _monto(min_value=0.01)
    referencia = forms.CharField(label="Documento de referencia", required=False, max_length=100, widget=UnfoldAdminTextInputWidget)
    descripcion = forms.CharField(label="Descripción", required=False, max_length=250, widget=UnfoldAdminTextInputWidget)

    def __init__(self, *args, request=None, object_id=None, **kwargs):
        super().__init__(*args, request=request, object_id=object_id, **kwargs)
        caja = objeto_del_dialogo(request, object_id)
        if caja:
            self.fields["concepto"].queryset = ConceptoCaja.objects.filter(empresa=caja.empresa, activo=True)


class TransferenciaForm(BaseDialogForm):
    """The day's cash to a bank account (a deposit) or to another register the user operates."""

    destino = forms.ChoiceField(label="Destino", widget=UnfoldAdminSelectWidget)
    monto = _monto(min_value=0.01)
    numero_operacion = forms.CharField(label="Número de operación", required=False, max_length=40, widget=UnfoldAdminTextInputWidget)

    def __init__(self, *args, request=None, object_id=None, **kwargs):
        super().__init__(*args, request=request, object_id=object_id, **kwargs)
        self.request = request
        self.caja = objeto_del_dialogo(request, object_id)
        if self.caja:
            propia = f"caja:{self.caja.pk}"
            self.fields["destino"].choices = [(c, e) for c, e in selectors.medios_para(request.user, self.caja.empresa, self.caja.moneda) if c != propia]
            self.fields["monto"].initial = self.caja.saldo

    def clean_destino(self):
        destino = self.caja and selectors.medio_de_clave(self.cleaned_data["destino"], self.request.user, self.caja.empresa)
        if not destino:
            raise forms.ValidationError("Elija una cuenta de la empresa u otra caja que usted opere.")
        return destino


class MedioDePagoForm(BaseDialogForm):
    """Where a payment's money leaves from: a register the user operates or one of the company's accounts."""

    medio = forms.ChoiceField(label="Caja o cuenta", widget=UnfoldAdminSelectWidget)
    fecha = forms.DateField(label="Fecha del pago", widget=UnfoldAdminSingleDateWidget)
    numero_operacion = forms.CharField(label="Número de operación", required=False, max_length=40, widget=UnfoldAdminTextInputWidget)

    def __init__(self, *args, request=None, object_id=None, **kwargs):
        super().__init__(*args, request=request, object_id=object_id, **kwargs)
        self.request = request
        self.objeto = objeto_del_dialogo(request, object_id)
        self.fields["fecha"].initial = timezone.localdate()
        if self.objeto is not None:
            self.fields["medio"].choices = selectors.medios_para(request.user, self.objeto.empresa, getattr(self.objeto, "moneda", None))

    def clean_medio(self):
        medio = self.objeto and selectors.medio_de_clave(self.cleaned_data["medio"], self.request.user, self.objeto.empresa)
        if not medio:
            raise forms.ValidationError("Elija una caja que usted opere o una cuenta de la empresa.")
        return medio


class DevolucionForm(MedioDePagoForm):
    """The "Devolver al cliente" dialog of a credit note: from which register or account, and how much."""

    monto = _monto(min_value=0.01)

    def __init__(self, *args, request=None, object_id=None, **kwargs):
        super().__init__(*args, request=request, object_id=object_id, **kwargs)
        if self.objeto is not None:
            self.fields["monto"].initial = por_devolver(self.objeto)


class ImportarTiposCambioForm(forms.Form):
    moneda = forms.ModelChoiceField(label="Moneda", queryset=Moneda.objects.exclude(codigo="PEN"), empty_label=None, widget=UnfoldAdminSelectWidget)
    archivo = forms.FileField(
        label="Archivo", help_text="CSV o Excel (.xlsx) con las columnas fecha, compra y venta; una fila por día.",
        widget=UnfoldAdminFileFieldWidget,
    )  # fmt: skip

    def clean_archivo(self):
        archivo = self.cleaned_data["archivo"]
        if archivo.size > 2 * 1024 * 1024:
            raise forms.ValidationError("El archivo pesa más de 2 MB.")
        if not archivo.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError("Suba un archivo .csv o .xlsx.")
        return archivo
