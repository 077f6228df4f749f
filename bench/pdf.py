"""How long a printed document and a page of the control platform take.

    DATABASE_URL=postgres://... /work/main/.venv/bin/python bench/pdf.py [--documentos 100000] [--rondas 15]

Uses its own database erp_bench_pdf on DATABASE_URL's server (created and migrated here). The first run creates its own
company with an issued, signed 30-line factura and `--documentos` CPE with
their sales documents (bulk-created); later runs reuse them. Prints the
median and best time of:
- rendering the 30-line factura as an A4 PDF (target: under 300 ms);
- serving the control platform over all those documents (target: under
  300 ms): its first page, a deep page and a search.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erp.settings")

from bench.comun import usar_base_propia  # noqa: E402

usar_base_propia("erp_bench_pdf")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0)

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from billing.models import DocumentoVenta, LineaDocumento  # noqa: E402
from billing.services import documento_emitir  # noqa: E402
from cpe import pdf  # noqa: E402
from cpe.models import ComprobanteElectronico, ConfiguracionCpe, EstadoCpe  # noqa: E402
from erp.certificados import generar_autofirmado  # noqa: E402
from erp.models import Distrito, Empresa, Serie, Socio, Sucursal, TipoDocumentoIdentidad, Usuario  # noqa: E402
from erp.services import empresa_cargar_certificado  # noqa: E402

RUC = "20999999973"  # its own company: bench/sandbox.py uses another
CLIENTE_RUC = "20100070970"
DESDE = datetime.date(2025, 1, 1)
DIAS = 365
ESTADOS = [EstadoCpe.ACEPTADO] * 17 + [EstadoCpe.OBSERVADO, EstadoCpe.ANULADO, EstadoCpe.PENDIENTE]


def _empresa():
    empresa, _ = Empresa.objects.get_or_create(
        ruc=RUC,
        defaults={
            "razon_social": "EMPRESA BENCH S.A.C.",
            "direccion": "Av. Arequipa 100",
            "distrito": Distrito.objects.get(ubigeo="150101"),
        },
    )
    if not empresa.tiene_certificado:
        empresa_cargar_certificado(
            empresa=empresa, contenido=generar_autofirmado(ruc=RUC, razon_social=empresa.razon_social)
        )
    ConfiguracionCpe.objects.update_or_create(empresa=empresa, defaults={"envio_automatico": False})
    sucursal, _ = Sucursal.objects.get_or_create(
        empresa=empresa,
        codigo_establecimiento="0000",
        defaults={"nombre": "Bench", "direccion": "Av. Arequipa 100", "distrito": empresa.distrito},
    )
    cliente, _ = Socio.objects.get_or_create(
        empresa=empresa,
        numero_documento=CLIENTE_RUC,
        defaults={
            "sucursal": sucursal,
            "tipo_documento": TipoDocumentoIdentidad.objects.get(codigo="6"),
            "razon_social": "CLIENTE BENCH S.A.",
            "es_cliente": True,
        },
    )
    usuario, creado = Usuario.objects.get_or_create(
        username="bench-plataforma", defaults={"is_staff": True, "is_superuser": True}
    )
    return empresa, sucursal, cliente, usuario


def _serie(sucursal, tipo, serie):
    return Serie.objects.get_or_create(
        empresa=sucursal.empresa, tipo_documento=tipo, serie=serie, defaults={"sucursal": sucursal}
    )[0]


def _factura_30_lineas(sucursal, cliente, usuario) -> DocumentoVenta:
    serie = _serie(sucursal, "01", "F030")
    existente = DocumentoVenta.objects.filter(serie=serie, numero__isnull=False).first()
    if existente:
        return existente
    with transaction.atomic():
        documento = DocumentoVenta.objects.create(
            tipo="01",
            sucursal=sucursal,
            serie=serie,
            cliente=cliente,
            fecha_emision=datetime.date.today(),
            creado_por=usuario,
            observaciones="Factura de prueba de rendimiento con treinta líneas.",
        )
        LineaDocumento.objects.bulk_create(
            LineaDocumento(
                documento=documento,
                orden=n,
                codigo=f"P{n:04d}",
                descripcion=f"PRODUCTO DE PRUEBA NÚMERO {n} CON DESCRIPCIÓN MEDIANA",
                cantidad=Decimal(n % 5 + 1),
                precio_unitario=Decimal(f"{10 + n}.90"),
            )
            for n in range(1, 31)
        )
    return documento_emitir(documento_id=documento.pk, usuario=usuario)


def _documentos(sucursal, cliente, cantidad: int) -> None:
    """`cantidad` issued facturas with their CPE rows (no XML: the list never reads it)."""
    serie = _serie(sucursal, "01", "F900")
    hechos = DocumentoVenta.objects.filter(serie=serie).count()
    if hechos >= cantidad:
        return
    print(f"Creando {cantidad - hechos} documentos y sus CPE...", flush=True)
    empresa = sucursal.empresa
    lote = 5000
    for inicio in range(hechos + 1, cantidad + 1, lote):
        numeros = range(inicio, min(cantidad, inicio + lote - 1) + 1)
        with transaction.atomic():
            documentos = DocumentoVenta.objects.bulk_create(
                DocumentoVenta(
                    tipo="01",
                    empresa=empresa,
                    sucursal=sucursal,
                    serie=serie,
                    numero=n,
                    estado="emitido",
                    cliente=cliente,
                    moneda_id=1,
                    fecha_emision=DESDE + datetime.timedelta(days=n % DIAS),
                    cliente_tipo_documento="6",
                    cliente_numero_documento=CLIENTE_RUC,
                    cliente_razon_social="CLIENTE BENCH S.A.",
                    total_gravadas=Decimal("625.00"),
                    total_igv=Decimal("112.50"),
                    importe_total=Decimal("737.50"),
                    monto_letras="SETECIENTOS TREINTA Y SIETE CON 50/100 SOLES",
                )
                for n in numeros
            )
            ComprobanteElectronico.objects.bulk_create(
                ComprobanteElectronico(
                    empresa=empresa,
                    documento=d,
                    fecha_emision=d.fecha_emision,
                    tipo="01",
                    serie=serie.serie,
                    numero=d.numero,
                    nombre=f"{RUC}-01-{serie.serie}-{d.numero}",
                    estado=ESTADOS[d.numero % len(ESTADOS)],
                    hash="ulNYGTPsitlRJUKAR8WxxzFJOrE=",
                )
                for d in documentos
            )
    with connection.cursor() as cursor:
        # Fresh planner statistics, as autovacuum would gather them after such a load.
        cursor.execute("ANALYZE billing_documentoventa, cpe_comprobanteelectronico")


def _medir(funcion, rondas: int) -> tuple[float, float]:
    funcion()  # warm-up: imports, fonts, query plans
    tiempos = []
    for _ in range(rondas):
        inicio = time.perf_counter()
        funcion()
        tiempos.append((time.perf_counter() - inicio) * 1000)
    return statistics.median(tiempos), min(tiempos)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documentos", type=int, default=100_000)
    parser.add_argument("--rondas", type=int, default=15)
    args = parser.parse_args()

    empresa, sucursal, cliente, usuario = _empresa()
    factura = _factura_30_lineas(sucursal, cliente, usuario)
    _documentos(sucursal, cliente, args.documentos)
    total = ComprobanteElectronico.objects.filter(empresa=empresa).count()

    mediana, mejor = _medir(lambda: pdf.pdf_de(DocumentoVenta.objects.get(pk=factura.pk), "a4"), args.rondas)
    print(
        f"PDF A4 de una factura de {factura.lineas.count()} líneas: mediana {mediana:.0f} ms, mejor {mejor:.0f} ms (objetivo < 300 ms)"
    )

    navegador = Client()
    navegador.force_login(usuario)
    rango = f"desde={DESDE:%d/%m/%Y}&hasta={DESDE + datetime.timedelta(days=DIAS):%d/%m/%Y}"
    for titulo, consulta in (
        ("primera página", rango),
        ("página 500 de 50 filas", f"{rango}&por_pagina=50&p=500"),
        ("búsqueda por número", f"{rango}&q=F900-54321"),
        ("búsqueda por cliente", f"{rango}&q=bench"),
    ):

        def pedir(consulta=consulta):
            respuesta = navegador.get(f"/cpe/plataforma/?{consulta}")
            assert respuesta.status_code == 200, respuesta.status_code

        mediana, mejor = _medir(pedir, args.rondas)
        print(
            f"Plataforma de control sobre {total:,} comprobantes, {titulo}: mediana {mediana:.0f} ms, mejor {mejor:.0f} ms (objetivo < 300 ms)"
        )


if __name__ == "__main__":
    main()
