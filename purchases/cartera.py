"""Payables (cuentas por pagar): the provider documents still owed, aged at a cut-off date in the receivables' buckets.

A provider document owes its total less detracción, retención and payments
from its due date (or its issue date); the aging runs in the database.
"""

import datetime

from django.db.models import Case, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from billing.tesoreria.cartera import CERO, TRAMOS, Parte

from .models import FacturaCompra, TipoDocumentoCompra

_IMPORTE = DecimalField(max_digits=14, decimal_places=2)


def adeudadas(documentos):
    """The registered documents still owed, each with its `saldo` (as FacturaCompra.por_pagar) and its due date `vence`."""
    return (
        documentos.filter(estado=FacturaCompra.Estado.REGISTRADA)
        .exclude(tipo=TipoDocumentoCompra.NOTA_CREDITO)
        .annotate(
            saldo=F("importe_total") - F("detraccion_monto") - F("retencion_monto") - F("pagado"),
            vence=Coalesce("fecha_vencimiento", "fecha_emision"),
        )
        .filter(saldo__gt=0)
    )


def _abiertas(*, empresa, moneda, sucursales=None, proveedor=None):
    documentos = FacturaCompra.objects.filter(empresa=empresa, moneda=moneda)
    if sucursales is not None:
        documentos = documentos.filter(sucursal__in=sucursales)
    if proveedor is not None:
        documentos = documentos.filter(proveedor=proveedor)
    return adeudadas(documentos)


def _en_tramo(corte: datetime.date, desde, hasta) -> Q:
    # Overdue days = corte − vence: bucket [desde, hasta] is vence in [corte − hasta, corte − desde].
    condicion = Q()
    if desde is not None:
        condicion &= Q(vence__lte=corte - datetime.timedelta(days=desde))
    if hasta is not None:
        condicion &= Q(vence__gte=corte - datetime.timedelta(days=hasta))
    return condicion


def resumen(*, empresa, moneda, corte: datetime.date, sucursales=None, proveedor=None) -> dict:
    """Totals by aging bucket at `corte`, plus the total and the number of open documents."""
    sumas = {
        codigo: Sum(Case(When(_en_tramo(corte, desde, hasta), then=F("saldo")), default=Value(CERO), output_field=_IMPORTE))
        for codigo, _, desde, hasta in TRAMOS
    }
    fila = _abiertas(empresa=empresa, moneda=moneda, sucursales=sucursales, proveedor=proveedor).aggregate(
        **sumas, total=Sum("saldo", default=Value(CERO)), cuantas=Sum(Value(1))
    )
    return {
        "tramos": {codigo: fila[codigo] or CERO for codigo, *_ in TRAMOS},
        "total": fila["total"] or CERO,
        "partes": fila["cuantas"] or 0,
    }


def partes(*, empresa, moneda, corte: datetime.date, sucursales=None, proveedor=None, desde: int = 0, cuantas: int | None = 50) -> list[Parte]:
    """The open documents, oldest due first: a page of `cuantas` from `desde` (None: all)."""
    filas = _abiertas(empresa=empresa, moneda=moneda, sucursales=sucursales, proveedor=proveedor).select_related("proveedor")
    filas = filas.order_by("vence", "id")
    filas = filas[desde : desde + cuantas] if cuantas is not None else filas
    return [
        Parte(
            documento_id=f.pk, documento=str(f), socio_id=f.proveedor_id, socio=f.proveedor.razon_social, cuota=0,
            emision=f.fecha_emision, vence=f.vence, monto=f.importe_total - f.detraccion_monto - f.retencion_monto,
            saldo=f.saldo, dias_vencido=(corte - f.vence).days,
        )  # fmt: skip
        for f in filas
    ]
