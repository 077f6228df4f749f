"""The CPE app's side of issuing a guía de remisión: build its DespatchAdvice, send it after the commit."""

from django.db import transaction
from django.dispatch import receiver

from billing.senales import guia_emitida
from cpe.models import ConfiguracionCpe, EstadoCpe
from cpe.services_guia import cpe_guia_crear
from cpe.tasks_guia import enviar_guia


@receiver(guia_emitida, dispatch_uid="cpe_guia_emitida")
def al_emitir_guia(sender, guia, **kwargs):
    comprobante = cpe_guia_crear(guia=guia)
    if comprobante.estado == EstadoCpe.PENDIENTE and ConfiguracionCpe.de(guia.empresa).envio_automatico:
        # Only once the issue is committed: a rolled-back guide sends nothing.
        transaction.on_commit(lambda: enviar_guia.delay(comprobante.pk))
