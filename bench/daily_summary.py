"""5,000 boletas of one day: build, sign and send their daily summaries to the sandbox and resolve every ticket.

The boletas are issued once through billing (one, as a model) and copied in
bulk, which is set-up and not timed. Then the daily job's own services run:
`resumenes_generar` (RC of 500 lines, signed and zipped), `resumen_enviar`
(sendSummary over HTTP to the sandbox, served by `manage.py runserver` on a
free port) and `resumen_consultar` until every ticket has its CDR and every
boleta its verdict. Uses its own database erp_bench_resumen on DATABASE_URL's server (created and migrated here).

    DATABASE_URL=postgres://... /work/main/.venv/bin/python bench/daily_summary.py [--boletas 5000] [--validar DIR]
"""

import argparse
import datetime
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erp.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from bench.comun import esperar_servidor, puerto_libre, usar_base_propia  # noqa: E402

usar_base_propia("erp_bench_resumen")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from billing.models import DocumentoVenta, LineaDocumento  # noqa: E402
from billing.services import documento_emitir  # noqa: E402
from cpe import resumen as servicio  # noqa: E402
from cpe.models import ComprobanteElectronico, ConfiguracionCpe, EstadoCpe, Resumen  # noqa: E402
from cpe.sandbox.models import DocumentoRecibido  # noqa: E402
from erp.certificados import generar_autofirmado  # noqa: E402
from erp.models import Distrito, Empresa, Moneda, Serie, Socio, Sucursal, TipoDocumentoIdentidad, Usuario  # noqa: E402
from erp.services import empresa_cargar_certificado  # noqa: E402
from inventory.models import Producto  # noqa: E402

RUC = "20999999971"
USUARIO, CLAVE = "BENCH02", "clave-bench"


def _empresa() -> tuple[Empresa, Serie]:
    """The bench company, emptied of what earlier runs left (documents, summaries, what the sandbox kept)."""
    distrito = Distrito.objects.get(ubigeo="150101")
    empresa, creada = Empresa.objects.get_or_create(
        ruc=RUC,
        defaults={"razon_social": "BOLETAS BENCH S.A.C.", "direccion": "Av. Arequipa 100", "distrito": distrito},
    )
    empresa.sol_usuario, empresa.sol_clave = USUARIO, CLAVE
    empresa.save()
    if creada or not empresa.tiene_certificado:
        empresa_cargar_certificado(
            empresa=empresa, contenido=generar_autofirmado(ruc=RUC, razon_social=empresa.razon_social)
        )
    ConfiguracionCpe.objects.update_or_create(
        empresa=empresa, defaults={"boletas_por_resumen": True, "envio_automatico": False}
    )
    Resumen.objects.filter(empresa=empresa).delete()
    ComprobanteElectronico.objects.filter(empresa=empresa).delete()
    DocumentoVenta.objects.filter(empresa=empresa).delete()
    DocumentoRecibido.objects.filter(ruc=RUC).delete()
    sucursal, _ = Sucursal.objects.get_or_create(
        empresa=empresa,
        codigo_establecimiento="0000",
        defaults={"nombre": "Principal", "direccion": "Av. Arequipa 100", "distrito": distrito},
    )
    serie, _ = Serie.objects.get_or_create(sucursal=sucursal, serie="B001", defaults={"tipo_documento": "03"})
    Serie.objects.filter(pk=serie.pk).update(ultimo_numero=0)
    serie.refresh_from_db()
    return empresa, serie


def _boletas(empresa: Empresa, serie: Serie, cantidad: int, fecha: datetime.date) -> None:
    """One boleta issued by billing; the others copies of it with their own numbers and clients."""
    sucursal = serie.sucursal
    dni = TipoDocumentoIdentidad.objects.get(codigo="1")
    cliente, _ = Socio.objects.get_or_create(
        sucursal=sucursal,
        numero_documento="44112576",
        defaults={"tipo_documento": dni, "razon_social": "CLIENTE BENCH", "es_cliente": True},
    )
    servicio_producto, _ = Producto.objects.get_or_create(
        empresa=empresa,
        codigo="SRV-BENCH",
        defaults={
            "nombre": "Servicio",
            "tipo": "S",
            "unidad_id": "ZZ",
            "precio_venta": Decimal("118"),
            "valor_venta": Decimal("100"),
        },
    )
    vendedor, _ = Usuario.objects.get_or_create(username="bench", defaults={"is_staff": True})
    modelo = DocumentoVenta.objects.create(
        tipo="03",
        sucursal=sucursal,
        serie=serie,
        cliente=cliente,
        moneda=Moneda.objects.get(codigo="PEN"),
        fecha_emision=fecha,
        creado_por=vendedor,
    )
    LineaDocumento.objects.create(
        documento=modelo,
        producto=servicio_producto,
        descripcion="Servicio",
        unidad_id="ZZ",
        cantidad=1,
        precio_unitario=Decimal("118"),
    )
    documento_emitir(documento_id=modelo.pk, usuario=vendedor)
    modelo.refresh_from_db()
    cpe = ComprobanteElectronico.con_archivos.get(documento=modelo)
    campos = {
        f.attname: getattr(modelo, f.attname)
        for f in DocumentoVenta._meta.concrete_fields
        if f.attname not in ("id", "numero")
    }
    with transaction.atomic():
        copias = DocumentoVenta.objects.bulk_create(
            DocumentoVenta(**{**campos, "numero": n, "cliente_numero_documento": f"{40000000 + n}"})
            for n in range(2, cantidad + 1)
        )
        ComprobanteElectronico.objects.bulk_create(
            ComprobanteElectronico(
                empresa=empresa,
                documento=doc,
                tipo="03",
                serie="B001",
                numero=doc.numero,
                nombre=f"{RUC}-03-B001-{doc.numero}",
                hash=cpe.hash,
                xml=cpe.xml,
                zip=cpe.zip,
            )
            for doc in copias
        )
        Serie.objects.filter(pk=serie.pk).update(ultimo_numero=cantidad)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--boletas", type=int, default=5000)
    parser.add_argument("--validar", default="", help="carpeta del kit de SUNAT: el sandbox valida además el XSD")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    fecha = timezone.localdate() - datetime.timedelta(days=1)
    empresa, serie = _empresa()
    inicio = time.perf_counter()
    _boletas(empresa, serie, args.boletas, fecha)
    preparacion = time.perf_counter() - inicio
    connections.close_all()

    puerto = puerto_libre()
    url = f"http://127.0.0.1:{puerto}/sunat-sandbox"
    settings.SUNAT_SANDBOX_URL = url
    entorno = {
        **os.environ,
        "SUNAT_VALIDACION_DIR": args.validar,
        "LOG_LEVEL": "WARNING",
        "SUNAT_SANDBOX_CONSULTAS_EN_PROCESO": "1",
    }
    servidor = subprocess.Popen(
        [sys.executable, str(RAIZ / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{puerto}"],
        cwd=RAIZ,
        env=entorno,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        esperar_servidor(f"{url}/ol-ti-itcpfegem-beta/billService?wsdl", servidor)
        t0 = time.perf_counter()
        resumenes = servicio.resumenes_generar(empresa_id=empresa.pk, fecha=fecha)
        t1 = time.perf_counter()
        for resumen in resumenes:
            servicio.resumen_enviar(resumen_id=resumen.pk)
        t2 = time.perf_counter()
        abiertos = [r.pk for r in resumenes]
        while abiertos:
            abiertos = [pk for pk in abiertos if not servicio.resumen_consultar(resumen_id=pk).finalizado]
            if abiertos:
                time.sleep(0.05)
        t3 = time.perf_counter()
    finally:
        servidor.terminate()
        servidor.wait(10)

    aceptadas = ComprobanteElectronico.objects.filter(empresa=empresa, estado=EstadoCpe.ACEPTADO).count()
    estados = sorted({r.get_estado_display() for r in Resumen.objects.filter(empresa=empresa)})
    print(f"Boletas del {fecha:%d/%m/%Y}: {args.boletas} (preparadas en {preparacion:.1f} s, sin cronometrar)")
    print(f"Validación XSD en el sandbox: {'sí' if args.validar else 'no'}")
    print(
        f"Resúmenes: {len(resumenes)} de hasta 500 líneas ({', '.join(r.identificador for r in resumenes[:2])}, ...): {', '.join(estados)}"
    )
    print(f"  generar y firmar:        {t1 - t0:6.2f} s")
    print(f"  enviar (sendSummary):    {t2 - t1:6.2f} s")
    print(f"  tickets hasta el CDR:    {t3 - t2:6.2f} s")
    print(f"  total:                   {t3 - t0:6.2f} s  (meta: menos de 30 s)")
    print(f"Boletas aceptadas: {aceptadas} de {args.boletas}")


if __name__ == "__main__":
    main()
