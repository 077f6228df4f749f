"""Reads of the issued CPE: the control platform's list, the public consultation and the client portal."""

import datetime
import re
from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet

from billing.models import DocumentoVenta
from cpe.models import ComprobanteElectronico, EstadoCpe
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
)


def _busqueda(texto: str) -> Q:
    serie_numero = SERIE_NUMERO.match(texto)
    if serie_numero:
        return Q(serie=serie_numero[1].upper(), numero=int(serie_numero[2]))
    condicion = Q(nombre__icontains=texto) | Q(documento__cliente_razon_social__icontains=texto)
    if texto.isdigit():
        condicion |= Q(documento__cliente_numero_documento=texto)
        if len(texto) <= 8:
            condicion |= Q(numero=int(texto))
    return condicion


def comprobantes_emitidos(usuario, *, desde: datetime.date, hasta: datetime.date, texto: str = "") -> QuerySet:
    """The CPE issued between two dates in the user's branches, matching `texto` (number, client, file name)."""
    qs = ComprobanteElectronico.objects.filter(fecha_emision__range=(desde, hasta))
    qs = filtrar_por_sucursal(qs, usuario, "documento__sucursal")
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
        qs.select_related("documento__moneda")
        .only(*CAMPOS_LISTA)
        .annotate(tiene_cdr=TIENE_CDR)
        .order_by("-fecha_emision", "-id")[desde:hasta]
    )


def comprobante_publico(*, ruc: str, tipo: str, serie: str, numero: int, fecha: datetime.date, total: Decimal):
    """The signed CPE with these five data, or None: what the public consultation may hand out."""
    return (
        ComprobanteElectronico.objects.filter(
            empresa__ruc=ruc,
            tipo=tipo,
            serie=serie,
            numero=numero,
            documento__fecha_emision=fecha,
            documento__importe_total=total,
        )
        .exclude(hash="")
        .exclude(estado=EstadoCpe.RECHAZADO)
        .select_related("empresa", "documento__moneda")
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
