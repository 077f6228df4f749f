"""The control platform: the CPE issued between two dates with their XML, PDF and CDR, and how many were sent."""

import math

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from unfold.widgets import UnfoldAdminDateWidget, UnfoldAdminSelectWidget, UnfoldAdminTextInputWidget

from cpe import selectors

POR_PAGINA = (10, 25, 50, 100)
TIPOS = {
    "01": "Factura", "03": "Boleta", "07": "Nota de crédito", "08": "Nota de débito", "09": "Guía remitente", "31": "Guía transportista",
    "20": "Retención", "40": "Percepción",
}


class PlataformaForm(forms.Form):
    desde = forms.DateField(
        label="Fecha inicial",
        widget=UnfoldAdminDateWidget,
        error_messages={"invalid": "Escriba la fecha inicial como dd/mm/aaaa."},
    )
    hasta = forms.DateField(
        label="Fecha final",
        widget=UnfoldAdminDateWidget,
        error_messages={"invalid": "Escriba la fecha final como dd/mm/aaaa."},
    )
    q = forms.CharField(
        label="Buscar",
        required=False,
        max_length=100,
        widget=UnfoldAdminTextInputWidget(attrs={"placeholder": "Número, cliente, RUC o DNI"}),
    )
    por_pagina = forms.TypedChoiceField(
        label="Mostrar",
        choices=[(n, f"{n} por página") for n in POR_PAGINA],
        coerce=int,
        required=False,
        widget=UnfoldAdminSelectWidget,
    )

    def clean(self):
        datos = super().clean()
        if datos.get("desde") and datos.get("hasta") and datos["desde"] > datos["hasta"]:
            raise forms.ValidationError("La fecha inicial es posterior a la fecha final.")
        return datos


def _paginas(actual: int, total: int) -> list[int]:
    """Up to seven page numbers around the current one."""
    inicio = max(1, min(actual - 3, total - 6))
    return list(range(inicio, min(total, inicio + 6) + 1))


def _fila(comprobante) -> dict:
    d = comprobante.documento
    if d is None and comprobante.otro_id:
        otro = comprobante.otro  # paid or collected, and the amount retained or perceived, in soles
        return {"c": comprobante, "subtotal": otro.total_neto, "igv": 0, "total": otro.total, "fecha": comprobante.fecha_emision,
                "tipo": TIPOS[comprobante.tipo], "moneda": "PEN"}  # fmt: skip
    if d is None:  # a guía de remisión moves goods: no amounts
        return {"c": comprobante, "subtotal": None, "igv": None, "total": None, "fecha": comprobante.fecha_emision,
                "tipo": TIPOS.get(comprobante.tipo, comprobante.tipo), "moneda": ""}  # fmt: skip
    return {
        "c": comprobante,
        "subtotal": d.total_gravadas
        + d.total_gravadas_ivap
        + d.total_exoneradas
        + d.total_inafectas
        + d.total_exportacion,
        "igv": d.total_igv + d.total_ivap,
        "total": d.importe_total,
        "fecha": comprobante.fecha_emision,
        "tipo": TIPOS.get(comprobante.tipo, comprobante.tipo),
        "moneda": d.moneda.codigo,
    }


def vista(request):
    if not request.user.has_perm("cpe.view_comprobanteelectronico"):
        raise PermissionDenied
    hoy = timezone.localdate()
    datos = request.GET.copy()
    datos.setdefault("desde", f"{hoy.replace(day=1):%d/%m/%Y}")
    datos.setdefault("hasta", f"{hoy:%d/%m/%Y}")
    form = PlataformaForm(datos)
    contexto = {**admin.site.each_context(request), "title": "Plataforma de control de comprobantes", "form": form}
    if form.is_valid():
        filtro = form.cleaned_data
        por_pagina = filtro["por_pagina"] or POR_PAGINA[0]
        qs = selectors.comprobantes_emitidos(
            request.user, desde=filtro["desde"], hasta=filtro["hasta"], texto=filtro["q"]
        )
        cuenta = selectors.conteo(qs)
        paginas = max(1, math.ceil(cuenta["total"] / por_pagina))
        try:
            actual = min(max(1, int(request.GET.get("p", 1))), paginas)
        except ValueError:
            actual = 1
        inicio = (actual - 1) * por_pagina
        filas = [_fila(c) for c in selectors.pagina_de_comprobantes(qs, inicio, inicio + por_pagina)]
        consulta = datos.copy()
        consulta.pop("p", None)
        contexto.update(
            cuenta=cuenta,
            filas=filas,
            actual=actual,
            paginas=paginas,
            numeros=_paginas(actual, paginas),
            primero=inicio + 1 if filas else 0,
            ultimo=inicio + len(filas),
            consulta=consulta.urlencode(),
        )
    return TemplateResponse(request, "cpe/plataforma.html", contexto)


plataforma = admin.site.admin_view(vista)
