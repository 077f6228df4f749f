"""1,000 facturas through the SUNAT sandbox by two worker processes, as two Celery workers would send them.

Each worker builds, signs, zips and sends its facturas with ClienteSunat to
the sandbox, served by `manage.py runserver` (started here on a free port)
or by the server at --url. Uses the database of DATABASE_URL (migrated).

    DATABASE_URL=postgres://... /work/main/.venv/bin/python bench/sandbox.py [--documentos 1000] [--validar DIR]
"""

import argparse
import multiprocessing
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erp.settings")

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.db import connections  # noqa: E402

from cpe.empaquetado import empaquetar, nombre_comprobante  # noqa: E402
from cpe.firma import firmar  # noqa: E402
from cpe.sandbox.models import DocumentoRecibido  # noqa: E402
from cpe.sunat import ClienteSunat  # noqa: E402
from erp.certificados import generar_autofirmado  # noqa: E402
from erp.models import Distrito, Empresa  # noqa: E402
from erp.services import empresa_cargar_certificado  # noqa: E402
from tests.cpe.documentos import factura_xml  # noqa: E402

RUC = "20999999998"
USUARIO, CLAVE = "BENCH01", "clave-bench"


def _empresa() -> Empresa:
    empresa, creada = Empresa.objects.get_or_create(
        ruc=RUC,
        defaults={
            "razon_social": "EMPRESA BENCH S.A.C.",
            "direccion": "Av. Arequipa 100",
            "distrito": Distrito.objects.get(ubigeo="150101"),
            "sol_usuario": USUARIO,
            "sol_clave": CLAVE,
        },
    )
    if creada or not empresa.tiene_certificado:
        pfx = generar_autofirmado(ruc=RUC, razon_social="EMPRESA BENCH S.A.C.")
        empresa_cargar_certificado(empresa=empresa, contenido=pfx)
    DocumentoRecibido.objects.filter(ruc=RUC).delete()  # the same numbers are sent on every run
    return empresa


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _esperar(url: str, segundos: float = 30) -> None:
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        try:
            requests.get(f"{url}/ol-ti-itcpfegem-beta/billService?wsdl", timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit(f"El sandbox no respondió en {url}")


def _trabajador(argumentos):
    url, numeros, credenciales = argumentos
    os.environ["SUNAT_SANDBOX_URL"] = url
    from django.conf import settings

    settings.SUNAT_SANDBOX_URL = url
    cliente = ClienteSunat(ruc=RUC, usuario_sol=USUARIO, clave_sol=CLAVE, timeout=(5, 30))
    aceptados = 0
    for numero in numeros:
        nombre = nombre_comprobante(RUC, "01", "F001", numero)
        firmado = firmar(factura_xml(ruc=RUC, numero=numero, lineas=10), **credenciales)
        aceptados += cliente.enviar_comprobante(nombre, empaquetar(nombre, firmado.xml)).cdr.aceptado
    return aceptados


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documentos", type=int, default=1000)
    parser.add_argument("--trabajadores", type=int, default=2)
    parser.add_argument("--url", help="sandbox ya en marcha, p. ej. http://127.0.0.1:8000/sunat-sandbox")
    parser.add_argument(
        "--servidor",
        choices=("runserver", "gunicorn"),
        default="runserver",
        help="runserver como scripts/start, o gunicorn (2 procesos, conexiones a la base persistentes) como producción",
    )
    parser.add_argument("--validar", default="", help="carpeta del kit de SUNAT: el sandbox valida además el XSD")
    args = parser.parse_args()

    empresa = _empresa()
    credenciales = {
        "certificado": empresa.certificado,
        "clave": empresa.certificado_clave,
        "huella": empresa.certificado_huella,
    }
    connections.close_all()
    servidor = None
    url = args.url
    if not url:
        puerto = _puerto_libre()
        url = f"http://127.0.0.1:{puerto}/sunat-sandbox"
        entorno = {**os.environ, "SUNAT_VALIDACION_DIR": args.validar, "LOG_LEVEL": "WARNING"}
        if args.servidor == "gunicorn":
            entorno["DB_CONN_MAX_AGE"] = "60"
            orden = [str(Path(sys.executable).parent / "gunicorn"), "erp.wsgi", "--workers", "2", "--bind"]
        else:
            orden = [sys.executable, str(RAIZ / "manage.py"), "runserver", "--noreload"]
        servidor = subprocess.Popen(
            [*orden, f"127.0.0.1:{puerto}"], cwd=RAIZ, env=entorno, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    try:
        _esperar(url)
        lotes = [
            (url, range(i + 1, args.documentos + 1, args.trabajadores), credenciales) for i in range(args.trabajadores)
        ]
        inicio = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(args.trabajadores) as pool:
            aceptados = sum(pool.map(_trabajador, lotes))
        transcurrido = time.perf_counter() - inicio
    finally:
        if servidor:
            servidor.terminate()
            servidor.wait(10)
    print(f"Servidor: {args.servidor if servidor else url}; validación XSD: {'sí' if args.validar else 'no'}")
    print(f"{args.documentos} facturas de 10 líneas, {args.trabajadores} trabajadores: {transcurrido:.1f} s")
    print(f"{args.documentos / transcurrido:,.0f} facturas por segundo; aceptadas: {aceptados}")


if __name__ == "__main__":
    main()
