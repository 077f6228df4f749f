"""A company issuing boletas and facturas with its certificate and SOL user, and the sandbox on live_server."""

import datetime
from decimal import Decimal

import pytest
from celery.app.task import Task
from django.utils import timezone

from billing import services as ventas
from cpe.models import ComprobanteElectronico, ConfiguracionCpe
from erp.certificados import generar_autofirmado
from erp.services import empresa_cargar_certificado
from inventory.services import kardex_entrada
from tests.cpe.kit import KIT
from tests.ventas import borrador  # noqa: F401  (re-exported for these tests)

CLAVE_SOL = "Clave-SOL-9"


@pytest.fixture(autouse=True)
def tareas_encoladas(monkeypatch):
    """Tasks the code queues, recorded instead of sent: (task name, args, kwargs)."""
    encoladas = []

    def encolar(tarea, args=None, kwargs=None, **opciones):
        encoladas.append((tarea.name, tuple(args or ()), dict(kwargs or {})))

    monkeypatch.setattr(Task, "apply_async", encolar)
    return encoladas


def ayer() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def emisor(tienda):
    """The shop's company with its certificate, SOL user and the sandbox; nothing sent at issue."""
    empresa = tienda["empresa"]
    empresa_cargar_certificado(
        empresa=empresa,
        contenido=generar_autofirmado(ruc=empresa.ruc, razon_social=empresa.razon_social, clave="x"),
        clave="x",
    )
    empresa.sol_usuario, empresa.sol_clave = "PRUEBA01", CLAVE_SOL
    empresa.save()
    ConfiguracionCpe.objects.update_or_create(empresa=empresa, defaults={"envio_automatico": False})
    for serie in ("BD01",):
        tienda["sucursal"].series.create(tipo_documento="08", serie=serie)
    # Stock dated well before any issue date the tests use.
    for producto in (tienda["laptop"], tienda["mouse"]):
        kardex_entrada(
            producto=producto,
            almacen=tienda["almacen"],
            cantidad=Decimal(100),
            fecha=timezone.localdate() - datetime.timedelta(days=60),
            tipo_operacion="16",
            documento_tipo="00",
            documento_serie="",
            documento_numero="",
            costo_unitario=Decimal("10"),
        )
    return tienda


@pytest.fixture
def sandbox(live_server, settings):
    settings.SUNAT_SANDBOX_URL = live_server.url + "/sunat-sandbox"
    settings.SUNAT_SANDBOX_CONSULTAS_EN_PROCESO = 1
    settings.SUNAT_VALIDACION_DIR = str(KIT)
    return live_server


def emitir(negocio, tipo="03", *, fecha=None, cliente=None, lineas=None, **campos):
    """Issue a document (a boleta of S/ 118.00 by default) and return its CPE."""
    cliente = cliente or (
        negocio["con_dni"] if tipo in ("03", "07", "08") and not campos.get("documento_referencia") else None
    )
    if campos.get("documento_referencia") is not None:
        cliente = campos["documento_referencia"].cliente
    doc = borrador(
        negocio,
        tipo=tipo,
        cliente=cliente,
        fecha_emision=fecha or ayer(),
        lineas=lineas or [(negocio["soporte"], 1, "118")],
        **campos,
    )
    ventas.documento_emitir(documento_id=doc.pk, usuario=negocio["vendedor"])
    return ComprobanteElectronico.objects.get(documento=doc)
