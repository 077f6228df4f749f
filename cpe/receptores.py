from django.db import transaction
from django.dispatch import receiver

from billing.senales import documento_emitido
from cpe.models import ConfiguracionCpe, EstadoCpe
from cpe.services import cpe_crear, es_de_resumen
from cpe.tasks import enviar_comprobante


@receiver(documento_emitido, dispatch_uid="cpe_al_emitir")
def al_emitir(sender, documento, **kwargs):
    if not documento.es_electronico:
        return
    comprobante = cpe_crear(documento=documento)
    configuracion = ConfiguracionCpe.de(documento.empresa_id)
    if comprobante.estado == EstadoCpe.PENDIENTE and configuracion.envio_automatico and not es_de_resumen(comprobante):
        # Only once the issue is committed: a rolled-back document sends nothing.
        transaction.on_commit(lambda: enviar_comprobante.delay(comprobante.pk))
