"""Crash proof: a worker killed while sending, a web process killed between the number and the commit.

The worker is SIGKILLed (a machine's crash: nothing cleans up) while it sends 200 facturas to the
sandbox with faults on; once restarted, and the beat's sweep has run, every factura is in SUNAT once,
accepted, with its CDR. The web process is killed holding a number it never committed: the next
factura gets that number.
"""

import collections
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings

from billing import services
from billing.models import DocumentoVenta
from cpe.models import ComprobanteElectronico, EstadoCpe
from cpe.sandbox.models import DocumentoRecibido, Falla, TipoFalla
from cpe.tasks import reenviar_pendientes
from tests.celery_utils import RAIZ, REDIS_URL, Celery, esperar, url_base_de_pruebas
from tests.ventas import borrador

pytestmark = [pytest.mark.celery, pytest.mark.sandbox, pytest.mark.django_db(transaction=True)]

DOCUMENTOS = 200
# The workers' clocks, short: SUNAT's time limits (and so the send lease), the first retry, and how soon
# Redis gives a dead worker's tasks back to the queue.
APURADOS = {"SUNAT_TIMEOUT_CONEXION": "1", "SUNAT_TIMEOUT_LECTURA": "2", "CPE_REINTENTO_SEGUNDOS": "1", "CELERY_VISIBILIDAD": "8"}


def _emitir(tienda) -> DocumentoVenta:
    return services.documento_emitir(
        documento_id=borrador(tienda, lineas=[(tienda["soporte"], 1, "118")]).pk, usuario=tienda["vendedor"]
    )


def _cuentas(empresa) -> dict:
    """What SUNAT (the sandbox's records) and the ERP hold for the company's facturas."""
    comprobantes = list(ComprobanteElectronico.con_archivos.filter(empresa=empresa, tipo="01"))
    registrados = collections.Counter(
        DocumentoRecibido.objects.filter(ruc=empresa.ruc, tipo="01", registrado=True).values_list("numero", flat=True)
    )
    cdr_sunat = dict(
        DocumentoRecibido.objects.filter(ruc=empresa.ruc, tipo="01", registrado=True).values_list("numero", "cdr_zip")
    )
    return {
        "emitidos": len(comprobantes),
        "aceptados": sum(c.estado == EstadoCpe.ACEPTADO for c in comprobantes),
        "perdidos": sum(registrados[c.numero] == 0 for c in comprobantes),
        "duplicados": sum(n > 1 for n in registrados.values()),
        "atascados": sum(c.estado != EstadoCpe.ACEPTADO for c in comprobantes),
        # The CDR the ERP keeps is the one SUNAT gave, byte for byte.
        "sin_su_cdr": sum(not c.cdr or bytes(c.cdr) != bytes(cdr_sunat.get(c.numero) or b"") for c in comprobantes),
    }


def test_trabajador_muerto_a_mitad_del_envio_no_pierde_ni_duplica(tienda, live_server, tmp_path, s3):
    if settings.CELERY_BROKER_URL != REDIS_URL:
        pytest.skip("La emisión encola en CELERY_BROKER_URL, que debe ser el Redis de las pruebas (scripts/test lo configura).")
    inicio = time.monotonic()
    empresa = tienda["empresa"]
    empresa.configuracion_cpe.envio_automatico = True
    empresa.configuracion_cpe.save()
    # The first calls fail: SUNAT down (HTTP 500, 0130), answers after the client gave up, a corrupt CDR.
    for falla in (
        {"operacion": "sendBill", "tipo": TipoFalla.HTTP_500, "restantes": 10},
        {"operacion": "sendBill", "tipo": TipoFalla.FALLA_SOAP, "codigo": "0130", "restantes": 10},
        {"operacion": "sendBill", "tipo": TipoFalla.DEMORA, "segundos": 3, "restantes": 4},
        {"operacion": "sendBill", "tipo": TipoFalla.CDR_CORRUPTO, "restantes": 5},
        {"operacion": "getStatusCdr", "tipo": TipoFalla.HTTP_500, "restantes": 3},
    ):
        Falla.objects.create(ruc=empresa.ruc, **falla)
    # The workers: another host, sharing the database, Redis and the object storage by settings alone.
    celery = Celery(tmp_path, sandbox_url=live_server.url + "/sunat-sandbox", **APURADOS, **s3.entorno)
    try:
        celery.worker(concurrencia=2)
        muerto = None
        for i in range(DOCUMENTOS):
            _emitir(tienda)  # its send is queued when the issue commits, as the web does
            if muerto is None and i % 10 == 0 and ComprobanteElectronico.objects.filter(estado=EstadoCpe.ACEPTADO).count() >= 30:
                muerto = _matar(celery)
        if muerto is None:
            esperar(lambda: ComprobanteElectronico.objects.filter(estado=EstadoCpe.ACEPTADO).count() >= 30, segundos=60, mensaje="los primeros envíos")
            muerto = _matar(celery)
        print(f"\nTrabajador muerto (SIGKILL) con {muerto}")
        assert muerto["aceptados"] < DOCUMENTOS

        celery.worker(concurrencia=2)

        def al_dia() -> bool:
            # The beat's sweep, run as beat would: pending sends, retryable errors due, sends whose worker died.
            reenviar_pendientes()
            return not ComprobanteElectronico.objects.exclude(estado=EstadoCpe.ACEPTADO).exists()

        esperar(al_dia, segundos=90, cada=2, mensaje="la aceptación de los 200 documentos")
    finally:
        celery.detener()
    cuentas = _cuentas(empresa)
    print(f"Tras reiniciar y ponerse al día ({time.monotonic() - inicio:.0f} s): {cuentas}")
    assert cuentas == {"emitidos": DOCUMENTOS, "aceptados": DOCUMENTOS, "perdidos": 0, "duplicados": 0, "atascados": 0, "sin_su_cdr": 0}
    assert Falla.objects.filter(ruc=empresa.ruc, restantes=0).count() == 5  # every fault was met


def _matar(celery) -> dict:
    celery.matar("worker")
    estados = collections.Counter(ComprobanteElectronico.objects.values_list("estado", flat=True))
    return {"aceptados": estados[EstadoCpe.ACEPTADO], "enviando": estados[EstadoCpe.ENVIANDO], "pendientes": estados[EstadoCpe.PENDIENTE], "error": estados[EstadoCpe.ERROR]}


EMITIR_Y_QUEDAR = """
import sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import transaction
from billing import services
with transaction.atomic():  # the web request's transaction
    documento = services.documento_emitir(documento_id=int(sys.argv[1]), usuario=get_user_model().objects.get(pk=int(sys.argv[2])))
    print(documento.numero, flush=True)
    time.sleep(120)  # killed here, before the commit
"""


def test_proceso_web_muerto_antes_del_commit_no_consume_el_numero(tienda, tmp_path):
    anterior = _emitir(tienda)
    perdido = borrador(tienda, lineas=[(tienda["laptop"], 1, "2360")])
    proceso = subprocess.Popen(
        [sys.executable, "-c", EMITIR_Y_QUEDAR, str(perdido.pk), str(tienda["vendedor"].pk)],
        cwd=RAIZ,
        env={**os.environ, "MEDIA_ROOT": str(settings.MEDIA_ROOT), "DJANGO_SETTINGS_MODULE": "tests.celery_settings", "DATABASE_URL": url_base_de_pruebas()},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        numero = proceso.stdout.readline().strip()
        assert numero == str(anterior.numero + 1), proceso.stderr.read()
    finally:
        proceso.kill()
        proceso.wait(10)
    # The number, the CPE and its send died with the transaction; the next factura takes that number.
    perdido.refresh_from_db()
    assert perdido.numero is None and not ComprobanteElectronico.objects.filter(documento=perdido).exists()
    siguiente = _emitir(tienda)
    assert siguiente.numero == anterior.numero + 1
    assert list(DocumentoVenta.objects.filter(serie__serie="F001").exclude(numero=None).order_by("numero").values_list("numero", flat=True)) == [
        anterior.numero,
        siguiente.numero,
    ]
    print(f"\nProceso web muerto con el número {numero} sin confirmar: la siguiente factura es F001-{siguiente.numero}")
