"""factura-nuevo under load: the ERP under gunicorn on PostgreSQL, N clients on loopback for D seconds.

The script recreates its own database (--base, on the server of DATABASE_URL),
migrates it, loads the demo, gives the demo's mouse (cod_num 43677910) stock
for the whole run and switches off the company's automatic sending to SUNAT:
each factura is issued as in production (number under the series lock, stock
moves, CPE with its signed XML, payment) and its CPE waits as pending, so no
Celery broker is involved. Then it starts gunicorn as the README deploys it
(4 sync workers, the production settings) on a free port and drives
factura-nuevo (the manual's example, dated today) with N client threads, and
prints requests per second, p50, p95, errors and the load generator's own CPU.
With `--api nubefact` it drives the Nubefact-style dialect's generar_comprobante
instead; with `--api comparar`, both with the same one-line factura of a
service, taking turns, and prints the dialect's overhead over the action API.
Before the load it profiles some requests in its own process and prints the
time by layer (ORM, PostgreSQL, driver, Django, the ERP's code, CPE, totals).

Sync workers take one connection per request, so the kernel spreads requests
over idle workers; with `--clase gthread` connections are kept alive and stay
with the worker that accepted them, which may be one worker for all clients.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/erp .venv/bin/python bench/api_load.py \\
        [--clientes 8] [--segundos 30] [--workers 4] [--clase sync] [--base erp_bench_api]
"""

import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from bench.comun import puerto_libre  # noqa: E402


def _parametros():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clientes", type=int, default=8, help="clientes concurrentes (8)")
    parser.add_argument("--segundos", type=float, default=30, help="duración de la medición (30)")
    parser.add_argument("--calentamiento", type=float, default=3, help="segundos previos que no se miden (3)")
    parser.add_argument("--workers", type=int, default=4, help="procesos de gunicorn (4, como en producción)")
    parser.add_argument("--clase", default="sync", choices=["sync", "gthread"], help="clase de worker de gunicorn (sync)")
    parser.add_argument("--threads", type=int, default=1, help="hilos por proceso con --clase gthread (1)")
    parser.add_argument("--base", default="erp_bench_api", help="base de datos que se crea para la prueba")
    parser.add_argument("--conservar", action="store_true", help="no borrar la base de datos al terminar")
    parser.add_argument("--api", default="accion", choices=["accion", "nubefact", "comparar"],
                        help="accion: factura-nuevo; nubefact: generar_comprobante del dialecto; comparar: las dos por turnos (accion)")
    parser.add_argument("--perfil", type=int, default=300, metavar="N",
                        help="peticiones perfiladas en el mismo proceso antes de la carga (300; 0: ninguna)")
    return parser.parse_args()


def _url_base(nombre: str) -> str:
    import dj_database_url

    origen = os.environ.get("DATABASE_URL", "")
    if not origen.startswith("postgres"):
        raise SystemExit("Indique en DATABASE_URL un servidor PostgreSQL, p. ej. postgres://postgres@127.0.0.1:5432/erp")
    datos = dj_database_url.parse(origen)
    usuario = datos["USER"] + (f":{datos['PASSWORD']}" if datos["PASSWORD"] else "")
    return f"postgres://{usuario}@{datos['HOST'] or '127.0.0.1'}:{datos['PORT'] or 5432}/{nombre}"


def _recrear_base(url: str, nombre: str, *, crear: bool = True) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conexion:
        conexion.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')
        if crear:
            conexion.execute(f'CREATE DATABASE "{nombre}"')


def _preparar() -> dict:
    """Migrate, load the demo and leave it ready to sell: returns the request body."""
    import datetime
    import io
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from cpe.models import ConfiguracionCpe
    from erp.models import Empresa, Sucursal
    from inventory.models import Producto
    from inventory.selectors import almacen_principal
    from inventory.services import kardex_entrada

    call_command("migrate", verbosity=0)
    call_command("demo", stdout=io.StringIO())
    empresa = Empresa.objects.get()
    ConfiguracionCpe.objects.filter(empresa=empresa).update(envio_automatico=False)
    mouse = Producto.objects.get(empresa=empresa, cod_num=43677910)
    kardex_entrada(
        producto=mouse,
        almacen=almacen_principal(Sucursal.objects.get(empresa=empresa, codigo_establecimiento="0000")),
        cantidad=Decimal(1000000),
        fecha=timezone.localdate() - datetime.timedelta(days=1),
        tipo_operacion="02",
        documento_tipo="00",
        documento_serie="",
        documento_numero="",
        costo_unitario=Decimal("9.80"),
    )
    connections.close_all()
    return {
        "action": "factura-nuevo",
        "factura_estado": 1,
        "factura_cliente": 2,
        "factura_idmoneda": 1,
        "factura_observaciones": "Este es un contenido de prueba",
        "factura_idcontacto": 1,
        "factura_tipooperacion": 1,
        "factura_detraccion": 0,
        "factura_porcentaje_detraccion": 0,
        "factura_idpago": 1,
        "factura_formapago_cpe": "1",
        "detalle": [
            {
                "cod_num": 43677910,
                "cantidad": 1,
                "precio_unit": 20.5,
                "descuento": 10,
                "descripcion": "Este es un producto de prueba añadido a la factura",
            }
        ],
    }


# The same factura in both APIs for `--api comparar`: one hour of the demo's support service at S/ 59.00 (no stock moves).
SERVICIO = {"cod_num": 43677914, "cantidad": 1, "precio_unit": 59, "descripcion": "Comparación de APIs"}


def _cuerpo_nubefact() -> dict:
    """generar_comprobante of the Nubefact-style dialect: the series' next number, S/ 50.00 + IGV 9.00."""
    from django.utils import timezone

    return {
        "operacion": "generar_comprobante", "tipo_de_comprobante": 1, "serie": "F001", "numero": "", "sunat_transaction": 1,
        "cliente_tipo_de_documento": 6, "cliente_numero_de_documento": "20100070970", "cliente_denominacion": "SUPERMERCADOS PERUANOS S.A.",
        "cliente_direccion": "AV. LA MARINA 2000 - SAN MIGUEL - LIMA", "fecha_de_emision": f"{timezone.localdate():%d-%m-%Y}", "moneda": 1,
        "porcentaje_de_igv": 18.0, "total_gravada": 50, "total_igv": 9, "total": 59, "enviar_automaticamente_a_la_sunat": False,
        "enviar_automaticamente_al_cliente": False,
        "items": [{
            "unidad_de_medida": "HUR", "codigo": "SRV-02", "descripcion": "SOPORTE TÉCNICO (POR HORA) - Comparación de APIs", "cantidad": 1,
            "valor_unitario": 50, "precio_unitario": 59, "subtotal": 50, "tipo_de_igv": 1, "igv": 9, "total": 59,
        }],
    }  # fmt: skip


def _cargas(api: str, puerto: int, cuerpo: bytes, clave: str) -> dict[str, "Carga"]:
    """The load of each API measured: factura-nuevo (the mouse, or the service when compared) and/or generar_comprobante."""
    from cpe.demo import ruta_nubefact
    from erp.models import Empresa

    cargas = {}
    if api != "nubefact":
        if api == "comparar":
            cuerpo = json.dumps({**json.loads(cuerpo), "detalle": [SERVICIO], "factura_observaciones": ""}).encode()
        cargas["factura-nuevo"] = Carga(puerto, cuerpo, clave)
    if api != "accion":
        ruta = ruta_nubefact(Empresa.objects.get())
        cargas["generar_comprobante"] = Carga(
            puerto, json.dumps(_cuerpo_nubefact()).encode(), clave, ruta=ruta, cabeceras={"Authorization": f'Token token="{clave}"'}
        )
    return cargas


def _esperar(puerto: int, servidor: subprocess.Popen, segundos: float = 60) -> None:
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        if servidor.poll() is not None:
            raise SystemExit("gunicorn terminó al arrancar.")
        try:
            conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=2)
            conexion.request("GET", "/admin/login/")
            conexion.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn no respondió en el puerto {puerto}.")


class Carga:
    """N threads posting the same body (reusing each connection the server keeps open); latencies of the measured window."""

    def __init__(self, puerto: int, cuerpo: bytes, clave: str, ruta: str = "/api/", cabeceras: dict | None = None):
        self.puerto, self.cuerpo, self.ruta = puerto, cuerpo, ruta
        self.cabeceras = {"Content-Type": "application/json", **(cabeceras if cabeceras is not None else {"Key": clave})}
        self.latencias: list[float] = []
        self.errores: list[str] = []
        self.cerrojo = threading.Lock()

    def _cliente(self, desde: float, hasta: float) -> None:
        conexion = http.client.HTTPConnection("127.0.0.1", self.puerto, timeout=30)
        latencias, errores = [], []
        while (ahora := time.perf_counter()) < hasta:
            try:
                conexion.request("POST", self.ruta, body=self.cuerpo, headers=self.cabeceras)
                respuesta = conexion.getresponse()
                contenido = respuesta.read()
                ok = respuesta.status in (200, 201) and b'"errors"' not in contenido
            except (OSError, http.client.HTTPException) as exc:
                conexion.close()
                conexion = http.client.HTTPConnection("127.0.0.1", self.puerto, timeout=30)
                ok, contenido = False, repr(exc).encode()
            fin = time.perf_counter()
            if ahora >= desde:
                latencias.append(fin - ahora)
                if not ok:
                    errores.append(contenido[:200].decode(errors="replace"))
        conexion.close()
        with self.cerrojo:
            self.latencias += latencias
            self.errores += errores

    def correr(self, clientes: int, calentamiento: float, segundos: float) -> float:
        desde = time.perf_counter() + calentamiento
        hasta = desde + segundos
        hilos = [threading.Thread(target=self._cliente, args=(desde, hasta)) for _ in range(clientes)]
        for hilo in hilos:
            hilo.start()
        for hilo in hilos:
            hilo.join()
        return segundos


# Where a request's time goes, by the file its functions live in (first match wins).
_GRUPOS_PERFIL = (
    ("PostgreSQL (espera de la respuesta)", ("psycopg/connection.py", "psycopg/waiting.py")),
    ("driver psycopg", ("psycopg/",)),
    ("ORM de Django (armar SQL, leer filas)", ("django/db/",)),
    ("CPE: XML, firma, ZIP", ("/cpe/ubl", "/cpe/firma", "/cpe/empaquetado", "/cpe/desde_totales", "/cpe/letras")),
    ("motor de totales", ("/billing/totals",)),
    ("ERP: API, servicios, kardex", ("/erp/", "/billing/", "/inventory/", "/cpe/")),
    ("Django: petición, middleware, JSON", ("django/",)),
)
_OTROS = "funciones en C y otras (firma RSA, zlib, JSON…)"
# The steps of one factura-nuevo, by their function's cumulative time (a step includes the ones nested in it).
_PASOS_PERFIL = (
    ("autenticar la API key", "erp/api.py", "_autenticar"),
    ("armar la venta desde el JSON", "billing/acciones.py", "_venta"),
    ("registrar el documento (todo)", "billing/services.py", "documento_registrar"),
    ("  emitir: número, líneas, pago", "billing/services.py", "_emitir"),
    ("    salida de stock (kardex)", "billing/services.py", "_registrar_stock"),
    ("    CPE: datos, XML, firma, ZIP, fila", "cpe/services.py", "cpe_crear"),
    ("      XML, firma y ZIP", "cpe/services.py", "_generar_archivos"),
)


def _perfil(cuerpo: bytes, clave: str, peticiones: int) -> None:
    """Profile `peticiones` factura-nuevo in this process and print the time by layer."""
    import cProfile
    import pstats

    from django.test import Client

    cliente = Client()

    def enviar():
        respuesta = cliente.generic("POST", "/api/", cuerpo, content_type="application/json", HTTP_KEY=clave)
        assert respuesta.status_code == 201, respuesta.content[:200]

    for _ in range(20):
        enviar()
    perfil = cProfile.Profile()
    inicio = time.perf_counter()
    perfil.enable()
    for _ in range(peticiones):
        enviar()
    perfil.disable()
    duracion = time.perf_counter() - inicio
    por_grupo: dict[str, float] = {}
    for (archivo, _linea, _nombre), (_, _, propio, _, _) in pstats.Stats(perfil).stats.items():
        grupo = next((g for g, partes in _GRUPOS_PERFIL if any(p in archivo for p in partes)), _OTROS)
        por_grupo[grupo] = por_grupo.get(grupo, 0.0) + propio
    pasos = {
        etiqueta: acumulado
        for (archivo, _linea, nombre), (_, _, _, acumulado, _) in pstats.Stats(perfil).stats.items()
        for etiqueta, sufijo, funcion in _PASOS_PERFIL
        if nombre == funcion and archivo.endswith(sufijo)
    }
    total = sum(por_grupo.values())
    from django.db import connections

    connections.close_all()
    print(f"Perfil de {peticiones} factura-nuevo en un proceso (cProfile, que infla las llamadas cortas):")
    print(f"  {duracion / peticiones * 1000:.1f} ms por petición perfilada")
    for grupo, propio in sorted(por_grupo.items(), key=lambda g: -g[1]):
        print(f"  {grupo:<48} {propio / total * 100:5.1f} %  {propio / peticiones * 1000:6.2f} ms")
    print("  por paso:")
    for etiqueta, _sufijo, _funcion in _PASOS_PERFIL:
        if etiqueta in pasos:
            print(f"  {etiqueta:<48} {pasos[etiqueta] / peticiones * 1000:6.2f} ms")


def _percentil(valores: list[float], p: float) -> float:
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, round(p / 100 * (len(ordenados) - 1)))] if ordenados else float("nan")


def main():
    args = _parametros()
    url = _url_base(args.base)
    _recrear_base(url, args.base)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erp.settings")
    import django

    django.setup()
    from erp.demo import API_KEY_DEMO

    print(f"Preparando la base {args.base} (migraciones y demo)...", flush=True)
    cuerpo = json.dumps(_preparar()).encode()
    if args.perfil:
        _perfil(cuerpo, API_KEY_DEMO, args.perfil)
        _recrear_base(url, args.base)
        cuerpo = json.dumps(_preparar()).encode()

    puerto = puerto_libre()
    entorno = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING", "DEBUG": "0"}
    orden = [
        str(Path(sys.executable).parent / "gunicorn"), "erp.wsgi", "--bind", f"127.0.0.1:{puerto}",
        "--workers", str(args.workers), "--worker-class", args.clase, "--threads", str(args.threads),
        "--keep-alive", "30", "--log-level", "warning",
    ]  # fmt: skip
    servidor = subprocess.Popen(orden, cwd=RAIZ, env=entorno, start_new_session=True)
    try:
        _esperar(puerto, servidor)
        cargas = _cargas(args.api, puerto, cuerpo, API_KEY_DEMO)
        # Compared APIs take turns in short windows, so a busy neighbour on the machine weighs on both alike.
        turnos = [nombre for _ in range(2) for nombre in cargas] if len(cargas) > 1 else list(cargas)
        ventana = args.segundos / len(turnos)
        print(f"{', '.join(cargas)}: {args.clientes} clientes, {args.segundos:.0f} s (más {args.calentamiento:.0f} s de calentamiento)...", flush=True)
        cpu, inicio = time.process_time(), time.perf_counter()
        for numero, nombre in enumerate(turnos):
            cargas[nombre].correr(args.clientes, args.calentamiento if numero < len(cargas) else 0, ventana)
        # The generator shares the machine's cores with the server: what it takes is shown.
        cpu_generador = (time.process_time() - cpu) / (time.perf_counter() - inicio)
    finally:
        os.killpg(servidor.pid, signal.SIGTERM)
        servidor.wait(15)

    from django.db import connections

    from billing.models import DocumentoVenta

    numeros = list(DocumentoVenta.objects.filter(serie__serie="F001").order_by("numero").values_list("numero", flat=True))
    connections.close_all()
    if not args.conservar:
        _recrear_base(url, args.base, crear=False)

    print(f"gunicorn: {args.workers} procesos x {args.threads} hilos ({args.clase}); CPUs: {os.cpu_count()}")
    print(f"generador de carga: {cpu_generador * 100:.0f} % de un núcleo")
    tasas = {}
    for nombre, carga in cargas.items():
        segundos = ventana * turnos.count(nombre)
        total = len(carga.latencias) - len(carga.errores)
        tasas[nombre] = total / segundos
        print(f"{nombre}: {total} facturas en {segundos:.0f} s -> {tasas[nombre]:.1f} por segundo; "
              f"latencia p50 {_percentil(carga.latencias, 50) * 1000:.1f} ms, p95 {_percentil(carga.latencias, 95) * 1000:.1f} ms, "
              f"p99 {_percentil(carga.latencias, 99) * 1000:.1f} ms")  # fmt: skip
        print(f"  errores: {len(carga.errores)}" + (f" (p. ej. {carga.errores[0]})" if carga.errores else ""))
    if len(tasas) > 1:
        costo = tasas["factura-nuevo"] / tasas["generar_comprobante"] - 1
        print(f"sobrecosto del dialecto sobre el API de acciones: {costo * 100:+.1f} % (meta: menos de 10 %)")
    print(f"facturas emitidas: {len(numeros)}, números del 1 al {numeros[-1] if numeros else 0} sin huecos: {numeros == list(range(1, len(numeros) + 1))}")


if __name__ == "__main__":
    main()
