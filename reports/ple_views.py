"""The PLE page: company, month and book; the inconsistencies found, then the .txt under SUNAT's file name."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from unfold.widgets import UnfoldAdminIntegerFieldWidget, UnfoldAdminSelectWidget

from inventory.selectors import empresas_de

from .ple import LIBROS, libro

MUESTRA = 20  # lines shown on the page before downloading


class PleForm(forms.Form):
    empresa = forms.ModelChoiceField(label="Empresa", queryset=None, widget=UnfoldAdminSelectWidget,
                                     error_messages={"invalid_choice": "No tiene acceso a esa empresa."})  # fmt: skip
    libro = forms.ChoiceField(label="Libro", choices=list(LIBROS.items()), widget=UnfoldAdminSelectWidget)
    anio = forms.IntegerField(label="Año", min_value=2000, max_value=2100, widget=UnfoldAdminIntegerFieldWidget)
    mes = forms.IntegerField(label="Mes", min_value=1, max_value=12, widget=UnfoldAdminIntegerFieldWidget)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["empresa"].queryset = empresas_de(user)

    def clean(self):
        datos = super().clean()
        anio, mes = datos.get("anio"), datos.get("mes")
        hoy = timezone.localdate()
        if anio and mes and (anio, mes) > (hoy.year, hoy.month):
            raise forms.ValidationError("El período aún no empieza.")
        return datos


def ple(request):
    if not request.user.has_perm("reports.ver_ple"):
        raise PermissionDenied
    hoy = timezone.localdate()
    inicial = {"anio": hoy.year, "mes": hoy.month, "libro": "140100"}
    empresas = empresas_de(request.user)
    if empresas.count() == 1:
        inicial["empresa"] = empresas.first().pk
    datos = request.GET if request.GET.get("libro") else None
    form = PleForm(datos, user=request.user, initial=inicial)
    contexto = {**admin.site.each_context(request), "title": "Libros electrónicos (PLE)", "form": form}
    if datos is not None and form.is_valid():
        d = form.cleaned_data
        resultado = libro(d["libro"], d["empresa"], d["anio"], d["mes"])
        if request.GET.get("descargar"):
            respuesta = HttpResponse(resultado.contenido.encode("utf-8"), content_type="text/plain; charset=utf-8")
            respuesta["Content-Disposition"] = f'attachment; filename="{resultado.nombre_archivo}"'
            return respuesta
        contexto.update(libro=resultado, muestra=resultado.lineas[:MUESTRA], consulta=request.GET.urlencode())
    return TemplateResponse(request, "reports/ple.html", contexto, status=400 if datos is not None and not form.is_valid() else 200)
