"""The CPE pipeline's throughput, printed.

1. On one core: 10-line facturas from their dataclasses through the totals
   engine, the UBL builder, the signer and the zip; documents per second
   against raw RSA-2048 signatures per second (the physical limit). The same
   for a 10-line guía de remisión (DespatchAdvice build, sign, zip).
2. Through Celery: 1,000 issued facturas sent to the sandbox (served by
   gunicorn) by two Celery workers on Redis; throughput, and how many were
   accepted, lost or duplicated.

    scripts/services   # PostgreSQL and Redis up
    .venv/bin/python bench/cpe_pipeline.py [--documentos 1000] [--solo-nucleo]

It uses its own database, erp_bench_cpe on DATABASE_URL's server (created
and migrated here), and Redis database 14 as the broker.
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
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")
os.environ.update(CELERY_BROKER_URL=BROKER, DJANGO_SETTINGS_MODULE="erp.settings")

from bench.comun import sandbox_y_workers, usar_base_propia  # noqa: E402

usar_base_propia("erp_bench_cpe")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0)

from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import padding  # noqa: E402
from django.db import connection  # noqa: E402

from billing import services  # noqa: E402
from billing.models import DocumentoVenta, LineaDocumento  # noqa: E402
from billing.totals import Documento, Linea, Tasas, calcular  # noqa: E402
from cpe import domain, domain_guia, domain_otros, ubl, ubl_guia, ubl_otros  # noqa: E402
from cpe.desde_totales import Cabecera, DatosItem, comprobante_desde_totales  # noqa: E402
from cpe.empaquetado import empaquetar  # noqa: E402
from cpe.firma import firmar_canonico  # noqa: E402
from cpe.models import ComprobanteElectronico, ConfiguracionCpe, EstadoCpe, IntentoEnvio  # noqa: E402
from cpe.sandbox.models import DocumentoRecibido  # noqa: E402
from cpe.tasks import enviar_comprobante  # noqa: E402
from erp.celery import app as celery_app  # noqa: E402
from erp.certificados import generar_autofirmado, leer_certificado  # noqa: E402
from erp.models import Distrito, Empresa, Serie, Socio, Sucursal, TipoDocumentoIdentidad, Usuario  # noqa: E402
from erp.services import empresa_cargar_certificado  # noqa: E402
from inventory.models import Producto  # noqa: E402

RUC = "20999999998"
TASAS = Tasas(igv=Decimal("18"), ivap=Decimal("4"), icbper=Decimal("0.50"))


# 1. One core ------------------------------------------------------------------------------


_ETAPAS = ("motor de totales", "datos del CPE", "XML UBL", "firma", "ZIP")


def _factura_de_diez_lineas(numero: int, certificado, tiempos: dict | None = None) -> bytes:
    marcas = [time.perf_counter()]
    totales = calcular(
        Documento([Linea(cantidad=i + 1, afectacion="10", precio_unitario=Decimal("11.80") * (i + 1)) for i in range(10)]),
        TASAS,
    )
    marcas.append(time.perf_counter())
    emisor = domain.Emisor(RUC, "EMPRESA BENCH S.A.C.", domain.Direccion("Av. Arequipa 100", "150101", "LIMA", "LIMA", "LIMA"))
    cliente = domain.Cliente("6", "20100070970", "CLIENTE S.A.C.", domain.Direccion("Av. Brasil 200"))
    cabecera = Cabecera("01", "F001", numero, datetime.date(2026, 11, 20), emisor, cliente)
    items = [DatosItem(f"Producto de prueba número {i + 1}", "NIU", f"P{i:03d}") for i in range(10)]
    comprobante = comprobante_desde_totales(cabecera, totales, items)
    marcas.append(time.perf_counter())
    xml = ubl.construir_xml(comprobante)
    marcas.append(time.perf_counter())
    firmado = firmar_canonico(
        xml, certificado=certificado.pem_certificado, clave=certificado.pem_clave, huella=certificado.huella
    )
    marcas.append(time.perf_counter())
    paquete = empaquetar(f"{RUC}-01-F001-{numero}", firmado.xml)
    marcas.append(time.perf_counter())
    if tiempos is not None:
        for etapa, inicio, fin in zip(_ETAPAS, marcas, marcas[1:]):
            tiempos[etapa] = tiempos.get(etapa, 0.0) + fin - inicio
    return paquete


def _retencion_de_diez_documentos(numero: int, certificado) -> bytes:
    """A comprobante de retención of ten facturas paid together (3 % of S/ 1,180.00 each), built, signed and zipped."""
    emisor = domain.Emisor(RUC, "EMPRESA BENCH S.A.C.", domain.Direccion("Av. Arequipa 100", "150101", "LIMA", "LIMA", "LIMA"))
    proveedor = domain.Cliente("6", "20100070970", "PROVEEDOR S.A.C.")
    hoy = datetime.date(2026, 11, 20)
    documentos = tuple(
        domain_otros.DocumentoPagado("01", f"F001-{i + 1}", hoy, "PEN", Decimal("1180.00"), 1, hoy, Decimal("1180.00"), Decimal("35.40"), Decimal("1144.60"), hoy)
        for i in range(10)
    )
    comprobante = domain_otros.ComprobanteOtro("20", "R001", numero, hoy, emisor, proveedor, "01", Decimal("3"), documentos, Decimal("354.00"), Decimal("11446.00"))
    firmado = firmar_canonico(ubl_otros.construir_otro(comprobante), certificado=certificado.pem_certificado, clave=certificado.pem_clave, huella=certificado.huella)
    return empaquetar(comprobante.nombre_archivo, firmado.xml)


def un_nucleo(segundos: float = 5.0) -> None:
    leido = leer_certificado(generar_autofirmado(ruc=RUC, razon_social="EMPRESA BENCH S.A.C."))
    # The company's row keeps its certificate and key as PEM text and its fingerprint.
    certificado = argparse.Namespace(
        pem_certificado=leido.pem_certificado(), pem_clave=leido.pem_clave(), huella=leido.huella,
        clave_privada=leido.clave_privada,
    )
    _factura_de_diez_lineas(1, certificado)  # loads the key once, as a worker does
    documentos, inicio = 0, time.perf_counter()
    while time.perf_counter() - inicio < segundos:
        documentos += 1
        _factura_de_diez_lineas(documentos, certificado)
    por_segundo = documentos / (time.perf_counter() - inicio)

    digest = b"\x00" * 32
    firmas, inicio = 0, time.perf_counter()
    while time.perf_counter() - inicio < segundos / 2:
        certificado.clave_privada.sign(digest, padding.PKCS1v15(), hashes.SHA256())
        firmas += 1
    rsa = firmas / (time.perf_counter() - inicio)

    # Where the time goes: the same document again, each stage timed on its own.
    tiempos, muestras = {}, 2000
    for n in range(muestras):
        _factura_de_diez_lineas(n, certificado, tiempos)
    por_etapa = {etapa: tiempos[etapa] / muestras * 1e6 for etapa in _ETAPAS}
    firma_rsa = 1e6 / rsa
    print("1) Un núcleo: factura de 10 líneas (motor de totales + XML UBL + firma + ZIP)")
    print(f"   documentos por segundo:          {por_segundo:8.0f}  (meta: 300)")
    print(f"   firmas RSA-2048 por segundo:     {rsa:8.0f}  (límite físico)")
    print(f"   documentos / firmas:             {por_segundo / rsa:8.2f}  (meta: 0.33)")
    print("   tiempo por documento (µs):")
    for etapa, micro in por_etapa.items():
        print(f"     {etapa:<30} {micro:8.1f}")
    print(f"       de ella, la firma RSA        {firma_rsa:8.1f}")
    print(f"     todo salvo la firma RSA        {sum(por_etapa.values()) - firma_rsa:8.1f}")
    retenciones, inicio = 0, time.perf_counter()
    while time.perf_counter() - inicio < segundos / 2:
        retenciones += 1
        _retencion_de_diez_documentos(retenciones, certificado)
    print(f"   retención de 10 documentos (XML UBL 2.0 + firma + ZIP) por segundo: {retenciones / (time.perf_counter() - inicio):8.0f}")
    un_nucleo_guias(certificado, rsa, segundos)


def _guia_de_diez_lineas(numero: int, certificado) -> bytes:
    """A guía remitente (venta, transporte privado) of 10 lines: DespatchAdvice, signature, zip."""
    g = domain_guia.Guia(
        tipo_documento="09", serie="T001", numero=numero, fecha_emision=datetime.date(2026, 11, 20), hora_emision=datetime.time(10, 0),
        emisor=domain.Emisor(RUC, "EMPRESA BENCH S.A.C.", domain.Direccion("Av. Arequipa 100", "150101")),
        destinatario=domain.Cliente("6", "20100070970", "CLIENTE S.A.C."), fecha_inicio=datetime.date(2026, 11, 20),
        peso_bruto=Decimal("125.5"), bultos=4, partida=domain_guia.Punto("150101", "Av. Arequipa 100"),
        llegada=domain_guia.Punto("150122", "Av. Larco 345"),
        lineas=tuple(domain_guia.LineaGuia(Decimal(i + 1), "NIU", f"Producto de prueba número {i + 1}", f"P{i:03d}") for i in range(10)),
        vehiculos=(domain_guia.Vehiculo("ABC123"),),
        conductores=(domain_guia.Conductor("1", "45678912", "JUAN", "PÉREZ", "Q45678912"),),
        documentos=(domain_guia.DocumentoGuia("01", f"F001-{numero}", RUC),),
    )  # fmt: skip
    firmado = firmar_canonico(
        ubl_guia.construir_guia(g), certificado=certificado.pem_certificado, clave=certificado.pem_clave, huella=certificado.huella
    )
    return empaquetar(g.nombre_archivo, firmado.xml)


def un_nucleo_guias(certificado, rsa: float, segundos: float = 5.0) -> None:
    _guia_de_diez_lineas(1, certificado)
    guias, inicio = 0, time.perf_counter()
    while time.perf_counter() - inicio < segundos:
        guias += 1
        _guia_de_diez_lineas(guias, certificado)
    por_segundo = guias / (time.perf_counter() - inicio)
    print("\n1b) Un núcleo: guía de remisión de 10 líneas (DespatchAdvice + firma + ZIP)")
    print(f"   guías por segundo:               {por_segundo:8.0f}")
    print(f"   guías / firmas RSA:              {por_segundo / rsa:8.2f}")


# 2. Through Celery --------------------------------------------------------------------------


def _empresa() -> tuple[Empresa, Sucursal, Usuario, Socio, Producto]:
    empresa, _ = Empresa.objects.get_or_create(
        ruc=RUC,
        defaults={"razon_social": "EMPRESA BENCH S.A.C.", "direccion": "Av. Arequipa 100", "distrito": Distrito.objects.get(ubigeo="150101"), "sol_usuario": "BENCH01"},
    )
    empresa.sol_clave = "clave-bench"
    empresa.save()
    if not empresa.tiene_certificado:
        empresa_cargar_certificado(empresa=empresa, contenido=generar_autofirmado(ruc=RUC, razon_social=empresa.razon_social))
    ConfiguracionCpe.objects.update_or_create(empresa=empresa, defaults={"envio_automatico": False})
    sucursal, _ = Sucursal.objects.get_or_create(empresa=empresa, codigo_establecimiento="0000", defaults={"nombre": "Principal", "direccion": "Av. Arequipa 100", "distrito": empresa.distrito})
    # Each run starts from number 1 of a clean slate.
    ComprobanteElectronico.objects.filter(empresa=empresa).delete()
    DocumentoVenta.objects.filter(empresa=empresa).delete()
    DocumentoRecibido.objects.filter(ruc=RUC).delete()
    Serie.objects.update_or_create(empresa=empresa, tipo_documento="01", serie="F001", defaults={"sucursal": sucursal, "ultimo_numero": 0})
    usuario, _ = Usuario.objects.get_or_create(username="bench", defaults={"is_superuser": True})
    cliente, _ = Socio.objects.get_or_create(
        empresa=empresa, numero_documento="20100070970",
        defaults={"sucursal": sucursal, "razon_social": "CLIENTE S.A.C.", "tipo_documento": TipoDocumentoIdentidad.objects.get(codigo="6"), "es_cliente": True},
    )
    servicio, _ = Producto.objects.get_or_create(empresa=empresa, codigo="SRV", defaults={"nombre": "Servicio", "tipo": "S", "unidad_id": "ZZ", "precio_venta": Decimal("118")})
    return empresa, sucursal, usuario, cliente, servicio


def _emitir(n: int) -> list[int]:
    empresa, sucursal, usuario, cliente, servicio = _empresa()
    serie = Serie.objects.get(empresa=empresa, serie="F001")
    ids = []
    for _ in range(n):
        documento = DocumentoVenta.objects.create(tipo="01", sucursal=sucursal, serie=serie, cliente=cliente, fecha_emision=datetime.date.today(), creado_por=usuario)
        for i in range(10):
            LineaDocumento.objects.create(documento=documento, producto=servicio, descripcion=f"Servicio {i + 1}", unidad_id="ZZ", cantidad=1, precio_unitario=Decimal("118"))
        services.documento_emitir(documento_id=documento.pk, usuario=usuario)
        ids.append(documento.cpe.pk)
    return ids


def por_celery(n: int) -> None:
    print(f"\n2) {n} facturas emitidas y enviadas al sandbox por Celery (2 workers, Redis)")
    inicio = time.perf_counter()
    ids = _emitir(n)
    print(f"   emisión (numeración, stock, XML firmado): {n / (time.perf_counter() - inicio):.0f} documentos/s")
    with sandbox_y_workers(workers=2):
        celery_app.control.purge()
        time.sleep(3)  # the workers connect to the broker
        inicio = time.perf_counter()
        for pk in ids:
            enviar_comprobante.delay(pk)
        pendientes = ComprobanteElectronico.objects.filter(pk__in=ids).exclude(estado__in=[EstadoCpe.ACEPTADO, EstadoCpe.OBSERVADO, EstadoCpe.RECHAZADO])
        limite = time.monotonic() + 300
        while pendientes.exists() and time.monotonic() < limite:
            time.sleep(0.5)
        duracion = time.perf_counter() - inicio
    aceptados = ComprobanteElectronico.objects.filter(pk__in=ids, estado=EstadoCpe.ACEPTADO).count()
    registrados = DocumentoRecibido.objects.filter(ruc=RUC, tipo="01", registrado=True).count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM (SELECT serie, numero FROM sunat_sandbox_documentorecibido WHERE ruc=%s AND registrado GROUP BY serie, numero HAVING COUNT(*) > 1) d", [RUC])
        duplicados = cursor.fetchone()[0]
    print(f"   envío por Celery: {n / duracion:.1f} documentos/s ({duracion:.1f} s)")
    print(f"   aceptados: {aceptados}   perdidos: {n - aceptados}   duplicados en SUNAT: {duplicados}   registrados en SUNAT: {registrados}")
    print(f"   recuperados con 1033 + getStatusCdr: {IntentoEnvio.objects.filter(comprobante_id__in=ids, codigo='1033').count()}")


if __name__ == "__main__":
    argumentos = argparse.ArgumentParser(description=__doc__)
    argumentos.add_argument("--documentos", type=int, default=1000)
    argumentos.add_argument("--solo-nucleo", action="store_true", help="solo la parte 1 (sin PostgreSQL, Redis ni Celery)")
    opciones = argumentos.parse_args()
    un_nucleo()
    if not opciones.solo_nucleo:
        por_celery(opciones.documentos)
