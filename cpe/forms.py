from django import forms
from unfold.forms import BaseDialogForm
from unfold.widgets import UnfoldAdminTextInputWidget

from cpe.bajas import MOTIVO_MAXIMO, MOTIVO_MINIMO


class BajaForm(BaseDialogForm):
    """The "Comunicar baja" dialog: the reason SUNAT records for the voiding."""

    motivo = forms.CharField(
        label="Motivo de la baja",
        min_length=MOTIVO_MINIMO,
        max_length=MOTIVO_MAXIMO,
        help_text="Se envía a SUNAT, p. ej. «Error en el RUC del cliente». Solo se anula si SUNAT lo acepta.",
        widget=UnfoldAdminTextInputWidget,
    )
