"""Reads of the daily summary and voiding: what is still to be informed, what is due, SUNAT's deadlines."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from billing.models import DocumentoVenta
from cpe.models import (
    ComprobanteElectronico,
    Condicion,
    EstadoCpe,
    EstadoResumen,
    LineaResumen,
    PlazoSunat,
    Resumen,
)

# Boletas and the notes that modify them (their series starts with B).
FAMILIA_BOLETA = Q(tipo="03") | Q(tipo__in=("07", "08"), serie__startswith="B")


def es_de_boleta(comprobante: ComprobanteElectronico) -> bool:
    """Boletas and their notes reach SUNAT (and are voided) through the daily summary."""
    return comprobante.tipo == "03" or (comprobante.tipo in ("07", "08") and comprobante.serie.startswith("B"))


def _por_fecha(qs: QuerySet, campo: str, fecha: datetime.date | None, hasta: datetime.date | None) -> QuerySet:
    if fecha is not None:
        qs = qs.filter(**{campo: fecha})
    if hasta is not None:
        qs = qs.filter(**{f"{campo}__lte": hasta})
    return qs


def boletas_por_informar(*, empresa_id: int, fecha=None, hasta=None) -> QuerySet[ComprobanteElectronico]:
    """Issued boletas and notes of boletas with their signed XML that no live summary line adds yet."""
    informadas = LineaResumen.objects.filter(comprobante=OuterRef("pk"), vigente=True, condicion=Condicion.ADICIONAR)
    qs = ComprobanteElectronico.objects.filter(
        FAMILIA_BOLETA,
        empresa_id=empresa_id,
        estado__in=(EstadoCpe.PENDIENTE, EstadoCpe.ERROR),
        documento__estado=DocumentoVenta.Estado.EMITIDO,
        zip__isnull=False,
    ).exclude(Exists(informadas))
    return _por_fecha(qs, "documento__fecha_emision", fecha, hasta)


def solicitudes_en_cola(*, empresa_id: int, fecha=None, hasta=None) -> QuerySet[LineaResumen]:
    """Lines waiting for the next summary: boletas to void or to inform again."""
    qs = LineaResumen.objects.filter(resumen__isnull=True, vigente=True, comprobante__empresa_id=empresa_id)
    return _por_fecha(qs, "comprobante__documento__fecha_emision", fecha, hasta)


def resumenes_por_enviar(ahora=None) -> QuerySet[Resumen]:
    """Built and never sent, retryable errors that are due, and sends whose worker died."""
    ahora = ahora or timezone.now()
    return Resumen.objects.filter(
        Q(estado=EstadoResumen.PENDIENTE)
        | Q(estado=EstadoResumen.ERROR, reintentable=True, ticket="")
        & (Q(proximo_intento__isnull=True) | Q(proximo_intento__lte=ahora))
        | Q(estado=EstadoResumen.ENVIANDO, enviando_hasta__lt=ahora)
    )


def tickets_por_consultar(ahora=None) -> QuerySet[Resumen]:
    ahora = ahora or timezone.now()
    return Resumen.objects.filter(estado=EstadoResumen.EN_PROCESO).filter(
        Q(proximo_intento__isnull=True) | Q(proximo_intento__lte=ahora)
    )


def baja_en_curso(comprobante: ComprobanteElectronico) -> LineaResumen | None:
    """A voiding of the document that is queued or in a summary SUNAT has not rejected."""
    return (
        comprobante.lineas_resumen.filter(condicion=Condicion.ANULAR, vigente=True)
        .select_related("resumen")
        .order_by("-id")
        .first()
    )


def plazo_limite(tipo: str, fecha_emision: datetime.date) -> datetime.date | None:
    """The last day SUNAT takes a summary or voiding of documents issued on `fecha_emision` (None: no deadline recorded)."""
    plazo = PlazoSunat.objects.filter(tipo=tipo, vigente_desde__lte=fecha_emision).order_by("-vigente_desde").first()
    return fecha_emision + datetime.timedelta(days=plazo.dias) if plazo else None
