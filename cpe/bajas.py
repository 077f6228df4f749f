"""Voiding documents accepted by SUNAT ("Comunicar baja"), and modifying boletas already informed.

Facturas and their notes are voided by a voiding communication (RA) sent at
once; boletas and their notes by a line with condition 3 in the daily
summary of their issue date, which is built and sent right away too. Either
way SUNAT's deadline is checked first, and the document becomes "anulado"
(stock moves undone) only when SUNAT accepts the voiding.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from billing.models import DocumentoVenta
from cpe import selectors
from cpe.models import (
    ComprobanteElectronico,
    Condicion,
    EstadoCpe,
    EstadoResumen,
    LineaResumen,
    PlazoSunat,
    Resumen,
    TipoResumen,
)
from cpe.resumen import bloquear_empresa, espera, resumen_crear, resumen_enviar, resumen_firmar
from cpe.tasks import consultar_resumen, resumen_diario

MOTIVO_MINIMO, MOTIVO_MAXIMO = 3, 100


def limpiar_motivo(motivo: str, de: str = "la baja") -> str:
    """The reason SUNAT records for a voiding (or `de` a reversal), on one line; ValidationError when too short or long."""
    motivo = " ".join((motivo or "").split())
    if len(motivo) < MOTIVO_MINIMO:
        raise ValidationError(f"Escriba el motivo de {de} (al menos {MOTIVO_MINIMO} caracteres).")
    if len(motivo) > MOTIVO_MAXIMO:
        raise ValidationError(f"El motivo de {de} admite hasta {MOTIVO_MAXIMO} caracteres.")
    return motivo


def _comprobante_aceptado(documento_id: int, accion: str) -> ComprobanteElectronico:
    """The document's CPE, row-locked after its company, if SUNAT accepted it; a clear message otherwise."""
    documento = DocumentoVenta.objects.select_related("serie").get(pk=documento_id)
    bloquear_empresa(documento.empresa_id)
    comprobante = ComprobanteElectronico.objects.select_for_update().filter(documento_id=documento_id).first()
    if comprobante is None or not documento.es_electronico:
        raise ValidationError(f"{documento} no es un comprobante electrónico emitido.")
    if comprobante.estado == EstadoCpe.ANULADO:
        raise ValidationError(f"{documento} ya fue anulado en SUNAT.")
    if comprobante.estado not in (EstadoCpe.ACEPTADO, EstadoCpe.OBSERVADO):
        raise ValidationError(
            f"Solo se puede {accion} un comprobante aceptado por SUNAT; {documento} está "
            f"«{comprobante.get_estado_display().lower()}»."
        )
    return comprobante


def baja_solicitar(*, documento_id: int, motivo: str, usuario=None) -> Resumen | LineaResumen:
    """Void an accepted document: the voiding communication (RA, to send now) or the queued summary line.

    Raises ValidationError, saving nothing, when it cannot be voided: not
    accepted, already voided or being voided, or past SUNAT's deadline.
    """
    motivo = limpiar_motivo(motivo)
    with transaction.atomic():
        comprobante = _comprobante_aceptado(documento_id, "dar de baja")
        documento = comprobante.documento
        en_curso = selectors.baja_en_curso(comprobante)
        if en_curso is not None:
            donde = en_curso.resumen.identificador if en_curso.resumen else "el próximo resumen diario"
            raise ValidationError(f"{documento} ya tiene una baja en curso ({donde}).")
        limite = selectors.plazo_limite(PlazoSunat.Tipo.BAJA, documento.fecha_emision)
        if limite is not None and timezone.localdate() > limite:
            raise ValidationError(
                f"El plazo de SUNAT para dar de baja {documento} venció el {limite:%d/%m/%Y} "
                f"({(limite - documento.fecha_emision).days} días desde su emisión): anúlelo con una nota de crédito."
            )
        linea = LineaResumen(comprobante=comprobante, condicion=Condicion.ANULAR, motivo=motivo, solicitado_por=usuario)
        if selectors.es_de_boleta(comprobante):
            linea.save()
            _programar_resumen(comprobante.empresa_id, documento.fecha_emision)
            return linea
        baja = resumen_crear(
            empresa=documento.empresa, tipo=TipoResumen.BAJA, fecha_emision=documento.fecha_emision, usuario=usuario
        )
        linea.resumen, linea.numero = baja, 1
        linea.save()
        resumen_firmar(baja)
    return baja


def baja_comunicar(*, documento_id: int, motivo: str, usuario=None) -> Resumen | LineaResumen:
    """The admin's "Comunicar baja": request the voiding and send it now; SUNAT's verdict is polled in the background."""
    solicitud = baja_solicitar(documento_id=documento_id, motivo=motivo, usuario=usuario)
    if isinstance(solicitud, LineaResumen):
        return solicitud
    baja = resumen_enviar(resumen_id=solicitud.pk)
    if baja.estado == EstadoResumen.EN_PROCESO:
        transaction.on_commit(lambda: consultar_resumen.apply_async((baja.pk,), countdown=espera(1).total_seconds()))
    return baja


def boleta_reinformar(*, documento_id: int, usuario=None) -> LineaResumen:
    """Inform an accepted boleta (or note) again with its current data: condition 2 in the next summary."""
    with transaction.atomic():
        comprobante = _comprobante_aceptado(documento_id, "volver a informar")
        if not selectors.es_de_boleta(comprobante):
            raise ValidationError("Solo las boletas y sus notas se vuelven a informar en el resumen diario.")
        if (
            comprobante.lineas_resumen.filter(condicion__in=(Condicion.MODIFICAR, Condicion.ANULAR), vigente=True)
            .exclude(resumen__estado__in=(EstadoResumen.ACEPTADO, EstadoResumen.OBSERVADO))
            .exists()
        ):
            raise ValidationError(f"{comprobante.documento} ya espera el próximo resumen diario.")
        linea = LineaResumen.objects.create(
            comprobante=comprobante, condicion=Condicion.MODIFICAR, solicitado_por=usuario
        )
        _programar_resumen(comprobante.empresa_id, comprobante.documento.fecha_emision)
    return linea


def _programar_resumen(empresa_id: int, fecha) -> None:
    """The summary of that issue date is built and sent once this transaction commits."""
    transaction.on_commit(lambda: resumen_diario.delay(empresa_id=empresa_id, fecha=fecha.isoformat()))


def situacion_sunat(documento: DocumentoVenta) -> str:
    """Where the document stands with SUNAT's summaries and voidings, in one sentence for its page."""
    comprobante = getattr(documento, "cpe", None)
    if comprobante is None:
        return "—"
    partes = []
    for linea in comprobante.lineas_resumen.select_related("resumen").order_by("id"):
        resumen = linea.resumen
        if resumen is None:
            partes.append(f"{linea.get_condicion_display()}: en espera del próximo resumen diario")
            continue
        accion = {"1": "Informado", "2": "Vuelto a informar", "3": "Baja"}[linea.condicion]
        ticket = f", ticket {resumen.ticket}" if resumen.ticket else ""
        partes.append(f"{accion} en {resumen.identificador}{ticket}: {resumen.get_estado_display().lower()}")
    if comprobante.estado == EstadoCpe.ANULADO:
        partes.append("Anulado en SUNAT")
    return "; ".join(partes) or comprobante.get_estado_display()
