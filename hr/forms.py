"""The payroll screens' forms: a branch and a period to calculate, a worker's cese to settle."""

import datetime

from django import forms
from django.utils import timezone
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldAdminSingleDateWidget, UnfoldAdminTextInputWidget

from .models import Empleado, MotivoCese, TipoPeriodo

MESES = [(1, "Enero"), (2, "Febrero"), (3, "Marzo"), (4, "Abril"), (5, "Mayo"), (6, "Junio"), (7, "Julio"), (8, "Agosto"),
         (9, "Septiembre"), (10, "Octubre"), (11, "Noviembre"), (12, "Diciembre")]  # fmt: skip


class PeriodoForm(forms.Form):
    """A branch of the user's and a month; `meses` narrows the months offered (the CTS: May and November)."""

    sucursal = forms.ModelChoiceField(queryset=None, label="Sucursal", widget=UnfoldAdminSelectWidget)
    anio = forms.IntegerField(label="Año", min_value=2000, max_value=2100, widget=UnfoldAdminTextInputWidget)
    mes = forms.TypedChoiceField(label="Mes", coerce=int, widget=UnfoldAdminSelectWidget)

    def __init__(self, *args, request, meses=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sucursal"].queryset = request.user.sucursales_permitidas().filter(activo=True)
        self.fields["sucursal"].initial = request.user.sucursal_predeterminada_id
        self.fields["mes"].choices = [m for m in MESES if meses is None or m[0] in meses]
        hoy = timezone.localdate()
        self.fields["anio"].initial = hoy.year
        self.fields["mes"].initial = hoy.month

    @property
    def periodo(self) -> datetime.date:
        return datetime.date(self.cleaned_data["anio"], self.cleaned_data["mes"], 1)


class PlanillaForm(PeriodoForm):
    """The month and which planilla of it: the monthly one or a fortnight of the quincenal workers."""

    tipo_periodo = forms.ChoiceField(label="Tipo de periodo", choices=TipoPeriodo.choices, initial=TipoPeriodo.MENSUAL,
                                     required=False, widget=UnfoldAdminSelectWidget)

    def clean_tipo_periodo(self):
        return self.cleaned_data["tipo_periodo"] or TipoPeriodo.MENSUAL


class LiquidacionForm(forms.Form):
    empleado = forms.ModelChoiceField(queryset=None, label="Trabajador", widget=UnfoldAdminSelectWidget)
    fecha_cese = forms.DateField(label="Fecha de cese", widget=UnfoldAdminSingleDateWidget)
    motivo = forms.ChoiceField(label="Motivo del cese", choices=MotivoCese.choices, widget=UnfoldAdminSelectWidget)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["empleado"].queryset = Empleado.objects.filter(
            sucursal__in=request.user.sucursales_permitidas(), activo=True)
