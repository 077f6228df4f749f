"""Reads of purchases: balances owed, due dates, a provider's history and prices."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Max, Q, QuerySet, Sum
from django.utils import timezone

from erp.selectors import filtrar_por_sucursal

from .models import FacturaCompra, LineaFacturaCompra, OrdenCompra, TipoDocumentoCompra

CERO = Decimal("0")
POR_PAGAR = ExpressionWrapper(
    F("importe_total") - F("detraccion_monto") - F("retencion_monto") - F("pagado"), output_field=DecimalField(max_digits=14, decimal_places=2)
)


def por_pagar(queryset=None) -> QuerySet:
    """Registered documents (not credit notes) with something left to pay, annotated with `saldo`."""
    queryset = FacturaCompra.objects.all() if queryset is None else queryset
    return (
        queryset.filter(estado=FacturaCompra.Estado.REGISTRADA)
        .exclude(tipo=TipoDocumentoCompra.NOTA_CREDITO)
        .annotate(saldo=POR_PAGAR)
        .filter(saldo__gt=0)
    )


def saldo_proveedor(proveedor) -> dict[str, Decimal]:
    """What the company owes a provider, per currency symbol."""
    filas = por_pagar(FacturaCompra.objects.filter(proveedor=proveedor)).values("moneda__simbolo").annotate(t=Sum("saldo"))
    return {fila["moneda__simbolo"]: fila["t"] for fila in filas}


def vencimientos(user, hoy: datetime.date | None = None, dias: int = 7) -> tuple[QuerySet, QuerySet]:
    """Documents to pay in the user's branches: overdue, and due within `dias` days."""
    hoy = hoy or timezone.localdate()
    pendientes = por_pagar(filtrar_por_sucursal(FacturaCompra.objects.all(), user)).filter(fecha_vencimiento__isnull=False)
    vencidas = pendientes.filter(fecha_vencimiento__lt=hoy)
    proximas = pendientes.filter(fecha_vencimiento__gte=hoy, fecha_vencimiento__lte=hoy + datetime.timedelta(days=dias))
    return vencidas, proximas


def historial_proveedor(proveedor) -> QuerySet:
    return (
        FacturaCompra.objects.filter(proveedor=proveedor)
        .exclude(estado=FacturaCompra.Estado.ANULADA)
        .select_related("moneda")
        .annotate(saldo=POR_PAGAR)
        .order_by("-fecha_emision", "-id")
    )


def productos_comprados(proveedor) -> list[dict]:
    """Per product bought from the provider: quantity, last unit value and average unit value (document currency)."""
    lineas = (
        LineaFacturaCompra.objects.filter(
            documento__proveedor=proveedor, documento__estado=FacturaCompra.Estado.REGISTRADA, producto__isnull=False
        )
        .exclude(documento__tipo__in=[TipoDocumentoCompra.NOTA_CREDITO, TipoDocumentoCompra.NOTA_DEBITO])
        .select_related("producto", "documento__moneda")
        .order_by("documento__fecha_emision", "id")
    )
    resumen: dict[int, dict] = {}
    for linea in lineas:
        fila = resumen.setdefault(linea.producto_id, {"producto": linea.producto, "cantidad": CERO, "valor": CERO})
        fila["cantidad"] += linea.cantidad
        fila["valor"] += linea.valor_venta
        fila["ultimo_precio"] = linea.valor_unitario
        fila["ultima_fecha"] = linea.documento.fecha_emision
        fila["moneda"] = linea.documento.moneda.simbolo
    for fila in resumen.values():
        fila["precio_promedio"] = fila["valor"] / fila["cantidad"]
    return sorted(resumen.values(), key=lambda f: f["producto"].nombre)


def ordenes_pendientes(proveedor=None, user=None) -> QuerySet:
    ordenes = OrdenCompra.objects.filter(estado__in=[OrdenCompra.Estado.EMITIDA, OrdenCompra.Estado.RECIBIDA_PARCIAL])
    if proveedor is not None:
        ordenes = ordenes.filter(proveedor=proveedor)
    if user is not None:
        ordenes = filtrar_por_sucursal(ordenes, user)
    return ordenes.select_related("moneda").order_by("fecha_entrega", "id")


def pagado_y_pendiente(proveedor) -> dict[str, dict[str, Decimal]]:
    """Per currency symbol: what was paid and what is pending on the provider's documents."""
    resultado: dict[str, dict[str, Decimal]] = defaultdict(lambda: {"pagado": CERO, "pendiente": CERO})
    for factura in historial_proveedor(proveedor).exclude(tipo=TipoDocumentoCompra.NOTA_CREDITO):
        resultado[factura.moneda.simbolo]["pagado"] += factura.pagado
        resultado[factura.moneda.simbolo]["pendiente"] += factura.saldo
    return dict(resultado)


def ultimas_compras_del_producto(producto_id: int) -> QuerySet:
    """The last purchase line of the product from each provider."""
    ultimas = (
        LineaFacturaCompra.objects.filter(producto_id=producto_id, documento__estado=FacturaCompra.Estado.REGISTRADA)
        .filter(~Q(documento__tipo__in=[TipoDocumentoCompra.NOTA_CREDITO, TipoDocumentoCompra.NOTA_DEBITO]))
        .values("documento__proveedor")
        .annotate(ultima=Max("id"))
        .values("ultima")
    )
    return LineaFacturaCompra.objects.filter(id__in=ultimas).select_related("documento__proveedor", "documento__moneda")


def comparar_respuestas(solicitud) -> dict:
    """The providers' answers to a request side by side: per line, each provider's unit value and line value
    (in its currency); the lowest line value in soles is marked, and each answer's total."""
    respuestas = list(solicitud.respuestas.select_related("proveedor", "moneda").prefetch_related("precios").order_by("proveedor__razon_social"))
    precios = {(p.respuesta_id, p.linea_id): p for r in respuestas for p in r.precios.all()}
    filas, totales = [], {r.pk: CERO for r in respuestas}
    for linea in solicitud.lineas.all():
        celdas = []
        for r in respuestas:
            precio = precios.get((r.pk, linea.pk))
            valor = (precio.valor_unitario * linea.cantidad).quantize(Decimal("0.01")) if precio else None
            if valor is not None:
                totales[r.pk] += valor
            en_soles = valor * (r.tipo_cambio if r.moneda.codigo != "PEN" else 1) if valor is not None else None
            celdas.append({"precio": precio, "valor": valor, "en_soles": en_soles, "mejor": False})
        cotizadas = [c for c in celdas if c["en_soles"] is not None]
        if len(cotizadas) > 1:
            min(cotizadas, key=lambda c: c["en_soles"])["mejor"] = True
        filas.append({"linea": linea, "celdas": celdas})
    return {"respuestas": [{"respuesta": r, "total": totales[r.pk]} for r in respuestas], "filas": filas}
