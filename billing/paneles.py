"""A client's sales on their page: history, most sold products, and paid against pending by month."""

import datetime
import json

from django.db.models import Count, DecimalField, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from billing.models import DocumentoVenta, LineaDocumento, Pago
from erp.paneles import Panel, registrar

MESES = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")


def _emitidos(socio):
    return DocumentoVenta.objects.filter(cliente=socio, estado=DocumentoVenta.Estado.EMITIDO).exclude(tipo__in=["07", "08"])


@registrar
def ventas_del_cliente(socio) -> list[Panel]:
    if not socio.es_cliente:
        return []
    historial = _emitidos(socio).select_related("serie", "moneda").order_by("-fecha_emision", "-id")[:10]
    productos = (
        LineaDocumento.objects.filter(documento__in=_emitidos(socio))
        .values("descripcion")
        .annotate(cantidad=Sum("cantidad"), importe=Sum("total"), veces=Count("documento", distinct=True))
        .order_by("-importe")[:10]
    )
    desde = (timezone.localdate().replace(day=1) - datetime.timedelta(days=330)).replace(day=1)
    cero = Value(0, output_field=DecimalField())
    vendido = dict(
        _emitidos(socio).filter(fecha_emision__gte=desde).annotate(mes=TruncMonth("fecha_emision")).values_list("mes").annotate(t=Sum("importe_total")).values_list("mes", "t")
    )
    pagado = dict(
        Pago.objects.filter(documento__in=_emitidos(socio).filter(fecha_emision__gte=desde))
        .annotate(mes=TruncMonth("documento__fecha_emision"))
        .values_list("mes")
        .annotate(t=Coalesce(Sum("monto"), cero))
        .values_list("mes", "t")
    )
    meses = []
    mes = desde
    while mes <= timezone.localdate():
        meses.append(mes)
        mes = (mes + datetime.timedelta(days=32)).replace(day=1)
    datos = {
        "labels": [f"{MESES[m.month - 1]} {m:%y}" for m in meses],
        "datasets": [
            {"label": "Pagado", "data": [float(pagado.get(m, 0)) for m in meses], "backgroundColor": "#16a34a"},
            {"label": "Pendiente", "data": [float((vendido.get(m) or 0) - (pagado.get(m) or 0)) for m in meses], "backgroundColor": "#dc2626"},
        ],
    }
    return [
        Panel("Historial de ventas", "billing/panel_historial.html", {"documentos": historial}),
        Panel("Productos y servicios más vendidos", "billing/panel_productos.html", {"productos": productos}),
        Panel("Pagado y pendiente por mes", "billing/panel_grafico.html", {"datos": json.dumps(datos)}),
    ]
