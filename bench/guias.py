"""500 guías de remisión through Celery to the sandbox's REST API, with ticket polling; printed.

The guides are issued through billing (gap-free numbers, signed DespatchAdvice)
outside the timing. Then each is queued as `enviar_guia`: two Celery workers on
Redis get an OAuth2 token, POST the zip to the sandbox (gunicorn on a free port,
real HTTP) and poll the ticket with the product's backoff; the sandbox answers
98 for SUNAT_SANDBOX_CONSULTAS_EN_PROCESO polls of every ticket before the CDR.
Prints the throughput and how many guides were accepted, lost (no verdict in
time) or duplicated (registered twice by the sandbox).

    scripts/services   # PostgreSQL and Redis up
    .venv/bin/python bench/guias.py [--guias 500] [--en-proceso 1]

It uses its own database, erp_bench_guias on DATABASE_URL's server (created
and migrated here), and Redis database 13 (or BENCH_BROKER_URL) as the broker.
"""

import argparse
import datetime
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")
os.environ.update(CELERY_BROKER_URL=BROKER, DJANGO_SETTINGS_MODULE="erp.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from bench.comun import sandbox_y_workers, usar_base_propia  # noqa: E402

usar_base_propia("erp_bench_guias")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db.models import Count  # noqa: E402

call_command("migrate", verbosity=0)

from billing.guias import guia_registrar  # noqa: E402
from billing.models import GuiaRemision  # noqa: E402
from cpe.models import ComprobanteElectronico, ConfiguracionCpe, EstadoCpe, IntentoEnvio, TicketGre  # noqa: E402
from cpe.sandbox.models import DocumentoRecibido  # noqa: E402
from cpe.tasks_guia import enviar_guia  # noqa: E402
from erp.celery import app as celery_app  # noqa: E402
from erp.certificados import generar_autofirmado  # noqa: E402
from erp.models import Distrito, Empresa, Serie, Socio, Sucursal, TipoDocumentoIdentidad, Usuario  # noqa: E402
from erp.services import empresa_cargar_certificado  # noqa: E402

RUC = "20999999963"
FINALES = (EstadoCpe.ACEPTADO, EstadoCpe.OBSERVADO, EstadoCpe.RECHAZADO)


def _empresa() -> tuple[Sucursal, Serie, Socio, Usuario]:
    """The bench company with SOL and GRE credentials, emptied of what earlier runs left."""
    lima = Distrito.objects.get(ubigeo="150101")
    empresa, _ = Empresa.objects.get_or_create(ruc=RUC, defaults={"razon_social": "GUIAS BENCH S.A.C.", "direccion": "Av. Arequipa 100", "distrito": lima})
    empresa.sol_usuario, empresa.sol_clave = "BENCH03", "clave-bench"
    empresa.gre_client_id, empresa.gre_client_secret = "bench-gre-id", "bench-gre-secreto"
    empresa.save()
    if not empresa.tiene_certificado:
        empresa_cargar_certificado(empresa=empresa, contenido=generar_autofirmado(ruc=RUC, razon_social=empresa.razon_social))
    ConfiguracionCpe.objects.update_or_create(empresa=empresa, defaults={"envio_automatico": False})
    ComprobanteElectronico.objects.filter(empresa=empresa).delete()
    GuiaRemision.objects.filter(empresa=empresa).delete()
    DocumentoRecibido.objects.filter(ruc=RUC).delete()
    sucursal, _ = Sucursal.objects.get_or_create(
        empresa=empresa, codigo_establecimiento="0000", defaults={"nombre": "Principal", "direccion": "Av. Arequipa 100", "distrito": lima}
    )
    serie, _ = Serie.objects.update_or_create(empresa=empresa, tipo_documento="09", serie="T001", defaults={"sucursal": sucursal, "ultimo_numero": 0})
    cliente, _ = Socio.objects.get_or_create(
        empresa=empresa, numero_documento="20100070970",
        defaults={"sucursal": sucursal, "razon_social": "CLIENTE S.A.C.", "tipo_documento": TipoDocumentoIdentidad.objects.get(codigo="6"), "es_cliente": True},
    )  # fmt: skip
    usuario, _ = Usuario.objects.get_or_create(username="bench-guias", defaults={"is_superuser": True})
    return sucursal, serie, cliente, usuario


def _emitir(n: int) -> list[int]:
    """n guías remitente (venta, transporte privado, 5 lines), issued: their CPE ids."""
    sucursal, serie, cliente, usuario = _empresa()
    hoy, miraflores = datetime.date.today(), Distrito.objects.get(ubigeo="150122")
    ids = []
    for i in range(n):
        guia = guia_registrar(
            usuario=usuario, sucursal=sucursal, serie=serie, fecha_emision=hoy, fecha_inicio=hoy, destinatario=cliente,
            peso_bruto=Decimal("25.5"), bultos=3, partida_distrito=sucursal.distrito, partida_direccion=sucursal.direccion,
            llegada_distrito=miraflores, llegada_direccion=f"Av. Larco {100 + i}",
            lineas=[{"descripcion": f"Producto de prueba {j + 1}", "codigo": f"P{j:03d}", "unidad_id": "NIU", "cantidad": Decimal(j + 1)} for j in range(5)],
            vehiculos=[{"placa": "ABC123"}],
            conductores=[{"numero_documento": "45678912", "nombres": "Juan", "apellidos": "Pérez", "licencia": "Q45678912"}],
            documentos=[{"tipo": "01", "numero": f"F001-{i + 1}", "ruc_emisor": RUC}],
        )  # fmt: skip
        ids.append(guia.cpe.pk)
    return ids


def por_celery(n: int, en_proceso: int, limite: float) -> None:
    print(f"{n} guías de remisión enviadas al sandbox (API REST, HTTP real) por Celery (2 workers, Redis), {en_proceso} respuesta(s) 98 por ticket")
    inicio = time.perf_counter()
    ids = _emitir(n)
    print(f"   emisión (numeración, DespatchAdvice firmado): {n / (time.perf_counter() - inicio):.0f} guías/s")
    with sandbox_y_workers(workers=2, entorno={"SUNAT_SANDBOX_CONSULTAS_EN_PROCESO": str(en_proceso)}):
        celery_app.control.purge()
        time.sleep(3)  # the workers connect to the broker
        inicio = time.perf_counter()
        for pk in ids:
            enviar_guia.delay(pk)
        pendientes = ComprobanteElectronico.objects.filter(pk__in=ids).exclude(estado__in=FINALES)
        fin = time.monotonic() + limite
        while pendientes.exists() and time.monotonic() < fin:
            time.sleep(0.5)
        duracion = time.perf_counter() - inicio
    aceptados = ComprobanteElectronico.objects.filter(pk__in=ids, estado=EstadoCpe.ACEPTADO).count()
    rechazados = ComprobanteElectronico.objects.filter(pk__in=ids, estado=EstadoCpe.RECHAZADO).count()
    registrados = DocumentoRecibido.objects.filter(ruc=RUC, tipo="09", registrado=True)
    duplicados = registrados.values("serie", "numero").annotate(veces=Count("id")).filter(veces__gt=1).count()
    tickets = TicketGre.objects.filter(comprobante_id__in=ids)
    consultas = sum(tickets.values_list("consultas", flat=True))
    print(f"   envío y consulta por Celery: {n / duracion:.1f} guías/s ({duracion:.1f} s hasta la última constancia)")
    print(f"   aceptadas: {aceptados}   rechazadas: {rechazados}   perdidas: {n - aceptados - rechazados}   duplicadas en SUNAT: {duplicados}")
    print(f"   registradas en SUNAT: {registrados.count()}   tickets: {tickets.count()}   consultas de ticket: {consultas}")
    print(f"   intentos con error (reintentados): {IntentoEnvio.objects.filter(comprobante_id__in=ids, resultado=IntentoEnvio.Resultado.ERROR).count()}")


if __name__ == "__main__":
    argumentos = argparse.ArgumentParser(description=__doc__)
    argumentos.add_argument("--guias", type=int, default=500)
    argumentos.add_argument("--en-proceso", type=int, default=1, help="respuestas 98 del sandbox por ticket antes de la constancia")
    argumentos.add_argument("--limite", type=float, default=600, help="segundos de espera como máximo")
    opciones = argumentos.parse_args()
    por_celery(opciones.guias, opciones.en_proceso, opciones.limite)
