"""Retention (20) and perception (40) CPE: created when billing issues one, sent like the others, reverted with RR.

The CPE is created in the issuing transaction with the signed XML and zip,
and sent with sendBill after the commit (cpe.services.cpe_enviar routes it
to SUNAT's "otros CPE" service by its type). A wrong one that SUNAT
accepted is reverted with a VoidedDocuments RR-YYYYMMDD-N: built, signed and
sent with sendSummary at once, its ticket polled by the summaries' schedule;
when SUNAT accepts it, the CPE is "anulado" and the comprobante "revertido"
(cpe.resumen applies the verdict through `revertido`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from billing.models import ComprobanteOtro
from cpe.bajas import limpiar_motivo
from cpe.empaquetado import nombre_comprobante
from cpe.models import (
    ComprobanteElectronico,
    Condicion,
    ConfiguracionCpe,
    EstadoCpe,
    EstadoResumen,
    LineaResumen,
    Resumen,
    TipoResumen,
)
from cpe.resumen import bloquear_empresa, espera, resumen_crear, resumen_enviar, resumen_firmar
from cpe.services import firmar_o_dejar_en_error
from cpe.tasks import consultar_resumen, enviar_comprobante
from cpe.ubl_otros import construir_otro

from .datos_otros import otro_de


def cpe_crear_otro(*, otro: ComprobanteOtro) -> ComprobanteElectronico:
    """The CPE of a retention or perception being issued (inside its transaction); a signing problem leaves it in error."""
    comprobante = ComprobanteElectronico(
        empresa=otro.empresa,
        otro=otro,
        tipo=otro.tipo,
        serie=otro.serie.serie,
        numero=otro.numero,
        nombre=nombre_comprobante(otro.empresa.ruc, otro.tipo, otro.serie.serie, otro.numero),
        fecha_emision=otro.fecha_emision,
    )
    firmar_o_dejar_en_error(comprobante, otro.empresa, construir_otro(otro_de(otro)), canonico=True)
    comprobante.save()
    if comprobante.estado == EstadoCpe.PENDIENTE and ConfiguracionCpe.de(otro.empresa).envio_automatico:
        transaction.on_commit(lambda: enviar_comprobante.delay(comprobante.pk))
    return comprobante


def reversion_solicitar(*, otro_id: int, motivo: str, usuario=None) -> Resumen:
    """The reversal (RR) of an accepted retention or perception, built and signed; ValidationError, writing nothing, otherwise."""
    motivo = limpiar_motivo(motivo, de="la reversión")
    with transaction.atomic():
        otro = ComprobanteOtro.objects.select_related("empresa", "serie").get(pk=otro_id)
        bloquear_empresa(otro.empresa_id)
        comprobante = ComprobanteElectronico.objects.select_for_update().filter(otro_id=otro_id).first()
        if otro.estado != ComprobanteOtro.Estado.EMITIDO:
            raise ValidationError(f"El {otro} ya está {otro.get_estado_display().lower()}.")
        if comprobante is None or comprobante.estado not in (EstadoCpe.ACEPTADO, EstadoCpe.OBSERVADO):
            estado = comprobante.get_estado_display().lower() if comprobante else "sin enviar"
            raise ValidationError(f"Solo se revierte un comprobante aceptado por SUNAT; el {otro} está «{estado}».")
        reversion = resumen_crear(empresa=otro.empresa, tipo=TipoResumen.REVERSION, fecha_emision=otro.fecha_emision, usuario=usuario)
        LineaResumen.objects.create(
            resumen=reversion, numero=1, comprobante=comprobante, condicion=Condicion.ANULAR, motivo=motivo, solicitado_por=usuario
        )
        resumen_firmar(reversion)
        otro.estado, otro.motivo_reversion = ComprobanteOtro.Estado.POR_REVERTIR, motivo
        otro.save(update_fields=["estado", "motivo_reversion"])
    return reversion


def reversion_comunicar(*, otro_id: int, motivo: str, usuario=None) -> Resumen:
    """The admin's "Revertir": request the reversal and send it now; SUNAT's verdict is polled in the background."""
    reversion = resumen_enviar(resumen_id=reversion_solicitar(otro_id=otro_id, motivo=motivo, usuario=usuario).pk)
    if reversion.estado == EstadoResumen.EN_PROCESO:
        transaction.on_commit(lambda: consultar_resumen.apply_async((reversion.pk,), countdown=espera(1).total_seconds()))
    return reversion

