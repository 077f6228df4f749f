"""Sales panels: on a client's page (history, most sold products, paid against pending by month) and on the home page
(today's sales, documents by status in the user's branches)."""

import datetime
import json
from collections import defaultdict

from django.db.models import Count, DecimalField, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from billing.models import MODELO_DE_TIPO, DocumentoVenta, LineaDocumento, Pago, TipoDocumentoVenta
from erp import dashboard
from erp.dashboard import Fila, PanelInicio
from erp.paneles import Panel, registrar
from erp.selectors import filtrar_por_sucursal

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


PLURALES = {
    TipoDocumentoVenta.FACTURA: "Facturas",
    TipoDocumentoVenta.BOLETA: "Boletas",
    TipoDocumentoVenta.NOTA_VENTA: "Notas de venta",
    TipoDocumentoVenta.NOTA_DEBITO: "Notas de débito",
    TipoDocumentoVenta.NOTA_CREDITO: "Notas de crédito",
}

# Every sales document's name is feminine: "Facturas emitidas", "Notas de crédito anuladas".
ESTADOS = {DocumentoVenta.Estado.BORRADOR: "en borrador", DocumentoVenta.Estado.EMITIDO: "emitidas", DocumentoVenta.Estado.ANULADO: "anuladas"}


def _lista(tipo: str, **filtros) -> str:
    url = reverse(f"admin:billing_{MODELO_DE_TIPO[tipo]}_changelist")
    return f"{url}?{urlencode(filtros)}" if filtros else url


def _tipos_visibles(user) -> list[str]:
    return [tipo for tipo in PLURALES if user.has_perm(f"billing.view_{MODELO_DE_TIPO[tipo]}")]


@dashboard.registrar
def ventas_en_el_inicio(request) -> list[PanelInicio]:
    tipos = _tipos_visibles(request.user)
    if not tipos:
        return []
    hoy = timezone.localdate()
    documentos = filtrar_por_sucursal(DocumentoVenta.objects.filter(tipo__in=tipos), request.user)
    del_dia = (
        documentos.filter(fecha_emision=hoy, estado=DocumentoVenta.Estado.EMITIDO)
        .values("tipo", "moneda__simbolo")
        .annotate(cantidad=Count("id"), importe=Sum("importe_total"))
    )
    filas, totales = [], defaultdict(int)
    dia = {"fecha_emision__day": hoy.day, "fecha_emision__month": hoy.month, "fecha_emision__year": hoy.year}
    for fila in sorted(del_dia, key=lambda f: list(PLURALES).index(f["tipo"])):
        signo = -1 if fila["tipo"] == TipoDocumentoVenta.NOTA_CREDITO else 1  # a credit note takes back a sale
        totales[fila["moneda__simbolo"]] += signo * fila["importe"]
        texto = f"{PLURALES[fila['tipo']]} ({fila['cantidad']})"
        filas.append(Fila(texto, f"{'− ' if signo < 0 else ''}{fila['moneda__simbolo']} {fila['importe']:,.2f}", _lista(fila["tipo"], **dia)))
    filas += [Fila("Total del día", f"{simbolo} {total:,.2f}") for simbolo, total in totales.items()]

    por_estado = documentos.values("tipo", "estado").annotate(cantidad=Count("id"))
    pendientes = dict(
        documentos.filter(estado=DocumentoVenta.Estado.EMITIDO)
        .exclude(tipo=TipoDocumentoVenta.NOTA_CREDITO)
        .exclude(estado_pago=DocumentoVenta.EstadoPago.PAGADO)
        .values_list("tipo")
        .annotate(cantidad=Count("id"))
    )
    estados = []
    for tipo in tipos:
        cuentas = {f["estado"]: f["cantidad"] for f in por_estado if f["tipo"] == tipo}
        for estado, nombre in ESTADOS.items():
            if cuentas.get(estado):
                estados.append(Fila(f"{PLURALES[tipo]} {nombre}", str(cuentas[estado]), _lista(tipo, estado__exact=estado)))
        if pendientes.get(tipo):
            por_cobrar = _lista(tipo, estado__exact="emitido", estado_pago__in="pendiente,parcial")
            estados.append(Fila(f"{PLURALES[tipo]} por cobrar", str(pendientes[tipo]), por_cobrar, alerta=True))
    return [
        PanelInicio(f"Ventas de hoy ({hoy:%d/%m/%Y})", filas, orden=10, vacio="Aún no hay documentos emitidos hoy."),
        PanelInicio("Documentos por estado", estados, orden=30, vacio="Aún no hay documentos de venta."),
    ]
