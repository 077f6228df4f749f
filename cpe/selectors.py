"""Reads of the issued CPE: the control platform, the public consultation, the client portal, and the
daily summary and voiding (what is still to be informed, what is due, SUNAT's deadlines)."""

import datetime
import re
from decimal import Decimal

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone

from billing.models import ComprobanteOtro, DocumentoVenta
from cpe.models import (
    ComprobanteElectronico,
    Condicion,
    EstadoCpe,
    EstadoResumen,
    LineaResumen,
    PlazoSunat,
    Resumen,
)
from erp.selectors import filtrar_por_sucursal

# What reached SUNAT and stands: the voided (baja) are left out of the count of documents sent.
ENVIADOS = (EstadoCpe.ACEPTADO, EstadoCpe.OBSERVADO, EstadoCpe.RECHAZADO)
SERIE_NUMERO = re.compile(r"^([A-Za-z0-9]{4})-0*(\d{1,8})$")
# Whether the CDR is stored, without reading it.
TIENE_CDR = ExpressionWrapper(Q(cdr__isnull=False), output_field=BooleanField())
CAMPOS_LISTA = (
    "nombre",
    "tipo",
    "serie",
    "numero",
    "estado",
    "hash",
    "enviado",
    "fecha_emision",
    "documento__total_gravadas",
    "documento__total_gravadas_ivap",
    "documento__total_exoneradas",
    "documento__total_inafectas",
    "documento__total_exportacion",
    "documento__total_igv",
    "documento__total_ivap",
    "documento__importe_total",
    "documento__moneda__codigo",
    "otro__total",
    "otro__total_neto",
)


def de_sus_sucursales(qs: QuerySet, usuario) -> QuerySet:
    """The CPE of the user's branches: a guide's or a retention's/perception's branch is its own, every other CPE's its sales document's."""
    return (
        filtrar_por_sucursal(qs.filter(guia__isnull=True, otro__isnull=True), usuario, "documento__sucursal")
        | filtrar_por_sucursal(qs.filter(guia__isnull=False), usuario, "guia__sucursal")
        | filtrar_por_sucursal(qs.filter(otro__isnull=False), usuario, "otro__sucursal")
    )


def _busqueda(texto: str) -> Q:
    serie_numero = SERIE_NUMERO.match(texto)
    if serie_numero:
        return Q(serie=serie_numero[1].upper(), numero=int(serie_numero[2]))
    condicion = (
        Q(nombre__icontains=texto)
        | Q(documento__cliente_razon_social__icontains=texto)
        | Q(guia__destinatario_razon_social__icontains=texto)
        | Q(otro__receptor_razon_social__icontains=texto)
    )
    if texto.isdigit():
        condicion |= (
            Q(documento__cliente_numero_documento=texto) | Q(guia__destinatario_numero_documento=texto) | Q(otro__receptor_numero_documento=texto)
        )
        if len(texto) <= 8:
            condicion |= Q(numero=int(texto))
    return condicion


def comprobantes_emitidos(usuario, *, desde: datetime.date, hasta: datetime.date, texto: str = "") -> QuerySet:
    """The CPE issued between two dates in the user's branches, matching `texto` (number, client, file name)."""
    qs = ComprobanteElectronico.objects.filter(fecha_emision__range=(desde, hasta))
    qs = de_sus_sucursales(qs, usuario)
    texto = texto.strip()
    return qs.filter(_busqueda(texto)) if texto else qs


def conteo(qs: QuerySet) -> dict[str, int]:
    """How many CPE there are, and how many were sent to SUNAT (voided ones left out), in one query."""
    return qs.aggregate(
        total=Count("id"),
        enviados=Count("id", filter=Q(estado__in=ENVIADOS)),
        anulados=Count("id", filter=Q(estado=EstadoCpe.ANULADO)),
    )


def pagina_de_comprobantes(qs: QuerySet, desde: int, hasta: int) -> list[ComprobanteElectronico]:
    """One page of the list, newest first, with the columns it shows (no files, no N+1)."""
    return list(
        qs.select_related("documento__moneda", "otro")
        .only(*CAMPOS_LISTA)
        .annotate(tiene_cdr=TIENE_CDR)
        .order_by("-fecha_emision", "-id")[desde:hasta]
    )


def comprobante_publico(*, ruc: str, tipo: str, serie: str, numero: int, fecha: datetime.date, total: Decimal):
    """The signed CPE with these five data, or None: what the public consultation may hand out.

    A guía de remisión has no amount: its total is 0; a retention's or perception's is the amount retained or perceived.
    """
    if tipo in ("09", "31"):
        if total != 0:
            return None
        datos = {"guia__fecha_emision": fecha}
    elif tipo in ("20", "40"):
        datos = {"otro__fecha_emision": fecha, "otro__total": total}  # the amount retained or perceived
    else:
        datos = {"documento__fecha_emision": fecha, "documento__importe_total": total}
    return (
        ComprobanteElectronico.objects.filter(empresa__ruc=ruc, tipo=tipo, serie=serie, numero=numero, **datos)
        .exclude(hash="")
        .exclude(estado=EstadoCpe.RECHAZADO)
        .select_related("empresa", "documento__moneda", "guia", "otro")
        .annotate(tiene_cdr=TIENE_CDR)
        .first()
    )


def documentos_de_cliente(cliente_id: int) -> QuerySet:
    """The issued sales documents of one client (the portal's list), with their CPE but not its files."""
    return (
        DocumentoVenta.objects.filter(cliente_id=cliente_id)
        .exclude(estado=DocumentoVenta.Estado.BORRADOR)
        .select_related("serie", "moneda", "empresa", "cpe")
        .defer("cpe__xml", "cpe__zip", "cpe__cdr")
        .annotate(tiene_cdr=ExpressionWrapper(Q(cpe__cdr__isnull=False), output_field=BooleanField()))
        .order_by("-fecha_emision", "-id")
    )


def otros_de_socio(socio_id: int) -> QuerySet:
    """The retentions and perceptions issued to one provider or customer (the portal), with their CPE but not its files."""
    return (
        ComprobanteOtro.objects.filter(socio_id=socio_id)
        .select_related("serie", "empresa", "cpe")
        .defer("cpe__xml", "cpe__zip", "cpe__cdr")
        .annotate(tiene_cdr=ExpressionWrapper(Q(cpe__cdr__isnull=False), output_field=BooleanField()))
        .order_by("-fecha_emision", "-id")
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
