from django.db import transaction
from django.dispatch import receiver

from billing.models import DocumentoVenta, GuiaRemision
from billing.senales import (
    comprobante_otro_emitido,
    documento_adjuntos,
    documento_corregido,
    documento_emitido,
    documento_por_eliminar,
    documento_por_modificar,
)
from cpe import pdf
from cpe.models import ComprobanteElectronico, ConfiguracionCpe, EstadoCpe
from cpe.otros import cpe_crear_otro
from cpe.services import cpe_crear, cpe_eliminar, cpe_exigir_modificable, cpe_regenerar, es_de_resumen
from cpe.tasks import enviar_comprobante


@receiver(documento_emitido, dispatch_uid="cpe_al_emitir")
def al_emitir(sender, documento, lineas, cuotas, totales, **kwargs):
    if not documento.es_electronico:
        return
    comprobante = cpe_crear(documento=documento, lineas=lineas, cuotas=cuotas, totales=totales)
    configuracion = ConfiguracionCpe.de(documento.empresa)
    if comprobante.estado == EstadoCpe.PENDIENTE and configuracion.envio_automatico and not es_de_resumen(comprobante):
        # Only once the issue is committed: a rolled-back document sends nothing.
        transaction.on_commit(lambda: enviar_comprobante.delay(comprobante.pk))


@receiver(comprobante_otro_emitido, dispatch_uid="cpe_otro_emitido")
def al_emitir_otro(sender, comprobante, **kwargs):
    cpe_crear_otro(otro=comprobante)


@receiver(documento_adjuntos, dispatch_uid="cpe_adjuntos")
def adjuntos(sender, documento, **kwargs):
    """The e-mail to the client carries the PDF, and the signed XML and the CDR once they exist."""
    archivos = [(pdf.nombre_pdf(documento), pdf.pdf_de(documento), "application/pdf")]
    # Quotations and orders are not CPE: only their PDF goes.
    filtro = {DocumentoVenta: "documento", GuiaRemision: "guia"}.get(sender)
    comprobante = ComprobanteElectronico.con_archivos.filter(**{filtro: documento}).first() if filtro else None
    if comprobante is not None:
        if comprobante.xml:
            archivos.append((f"{comprobante.nombre}.xml", bytes(comprobante.xml), "application/xml"))
        if comprobante.cdr:
            archivos.append((f"R-{comprobante.nombre}.zip", bytes(comprobante.cdr), "application/zip"))
    return archivos


@receiver(documento_por_modificar, dispatch_uid="cpe_por_modificar")
def por_modificar(sender, documento, **kwargs):
    """A document SUNAT has received stays as it is (ValidationError saying why); its CPE is locked meanwhile."""
    cpe_exigir_modificable(documento=documento)


@receiver(documento_corregido, dispatch_uid="cpe_corregido")
def corregido(sender, documento, lineas, cuotas, totales, **kwargs):
    if documento.es_electronico:
        cpe_regenerar(documento=documento, lineas=lineas, cuotas=cuotas, totales=totales)


@receiver(documento_por_eliminar, dispatch_uid="cpe_por_eliminar")
def por_eliminar(sender, documento, **kwargs):
    cpe_eliminar(documento=documento)
