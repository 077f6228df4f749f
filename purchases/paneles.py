"""Purchases on a provider's page (its documents, what is owed) and on the home page (payables falling due)."""

import datetime

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone

from erp import dashboard
from erp.dashboard import Fila, PanelInicio
from erp.paneles import Panel, registrar
from erp.selectors import filtrar_por_sucursal

from . import selectors
from .cartera import adeudadas
from .models import FacturaCompra


@registrar
def compras_del_proveedor(socio) -> list[Panel]:
    if not socio.es_proveedor:
        return []
    documentos = FacturaCompra.objects.filter(proveedor=socio).select_related("moneda").order_by("-fecha_emision", "-id")[:10]
    deuda = adeudadas(FacturaCompra.objects.filter(proveedor=socio)).values("moneda__simbolo").annotate(total=Sum("saldo"), cuantos=Count("id"))
    contexto = {
        "documentos": documentos, "deuda": list(deuda), "productos": selectors.productos_comprados(socio),
        "ordenes": selectors.ordenes_pendientes(proveedor=socio), "balance": barras_pagado(selectors.pagado_y_pendiente(socio)),
    }  # fmt: skip
    return [Panel("Compras al proveedor", "purchases/panel_compras.html", contexto)]


@registrar(de="producto")
def proveedores_del_producto(producto) -> list[Panel]:
    compras = list(selectors.ultimas_compras_del_producto(producto.pk).order_by("-documento__fecha_emision", "-id")[:10])
    return [Panel("Proveedores que lo vendieron", "purchases/panel_proveedores_producto.html", {"compras": compras})] if compras else []


def barras_pagado(montos: dict) -> list[dict]:
    """The paid/pending chart: per currency, each part's share of the total as a percentage."""
    barras = []
    for simbolo, partes in montos.items():
        total = partes["pagado"] + partes["pendiente"]
        if total:
            barras.append({"simbolo": simbolo, **partes, "pct_pagado": round(partes["pagado"] * 100 / total)})
    return barras


@dashboard.registrar
def pagos_por_vencer(request) -> list[PanelInicio]:
    if not request.user.has_perm("purchases.view_cuentaporpagar"):
        return []
    hoy = timezone.localdate()
    en_una_semana = hoy + datetime.timedelta(days=7)
    abiertas = adeudadas(filtrar_por_sucursal(FacturaCompra.objects.all(), request.user)).select_related("proveedor", "moneda")
    proximas = abiertas.filter(fecha_vencimiento__lte=en_una_semana).order_by("fecha_vencimiento", "id")[:8]
    url = reverse("admin:purchases_cuentaporpagar_changelist")
    filas = [
        Fila(
            f"{f} de {f.proveedor.razon_social}, {'venció' if f.fecha_vencimiento < hoy else 'vence'} el {f.fecha_vencimiento:%d/%m/%Y}",
            f"{f.moneda.simbolo} {f.saldo:,.2f}", f"{url}?socio={f.proveedor.numero_documento}", alerta=f.fecha_vencimiento < hoy,
        )  # fmt: skip
        for f in proximas
    ]
    return [PanelInicio("Pagos a proveedores por vencer", filas, orden=35, vacio="Nada vence en los próximos 7 días.")]
