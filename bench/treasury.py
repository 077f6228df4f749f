"""Treasury under load: N clients posting cash movements to one register through gunicorn on PostgreSQL, and the receivables over 100k cuotas.

The script empties its own database (erp_bench_tesoreria on DATABASE_URL's
server), migrates it and creates a company, a branch, a PEN register with a
cashier assigned (profile "Cajas y turnos" and "Cuentas por cobrar", API key)
and opens a session. It starts gunicorn as the README deploys it (sync
workers, production settings) on a free port, and N concurrent clients POST the
movements to /api/rest/tesoreria/movimientos-caja/ (every tenth an expense),
as a POS would. It prints movements per second, p50, p95, errors, and checks
that the register's balance equals the opening plus the sum of the accepted
movements (EXACTO, or the difference and exit code 1).

Then it writes 100,000 open cuotas (25,000 credit facturas of 4 cuotas, a
third partly paid) with bulk_create and times the receivables query as the
screen runs it (cartera.resumen and the first page of cartera.partes), and the
same page through the REST endpoint.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/erp .venv/bin/python bench/treasury.py \\
        [--clientes 50] [--movimientos 2000] [--workers 4] [--cuotas 100000]
"""

import argparse
import asyncio
import collections
import datetime
import http.client
import json
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erp.settings")

from bench.api_load import _percentil
from bench.comun import (
    cpu_de_procesos,
    empresa_del_bench,
    esperar_servidor,
    informe_cpu,
    puerto_libre,
    usar_base_propia,
)

APERTURA = Decimal("1000.00")
RUTA = "/api/rest/tesoreria/movimientos-caja/"


def _parametros():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clientes", type=int, default=50, help="clientes concurrentes (50)")
    parser.add_argument("--movimientos", type=int, default=2000, help="movimientos a registrar (2000; uno de cada diez es un egreso)")
    parser.add_argument("--workers", type=int, default=4, help="procesos de gunicorn (4, como en producción)")
    parser.add_argument("--cuotas", type=int, default=100_000, help="cuotas abiertas de la cartera (100000)")
    parser.add_argument("--base", default="erp_bench_tesoreria", help="base de datos que se vacía para la prueba")
    return parser.parse_args()


def _preparar() -> dict:
    """Company, branch, register with its cashier and key, an open session."""
    from billing.models import Caja, ConceptoCaja
    from billing.tesoreria import services
    from erp.models import ApiKey, Modulo, Moneda, PerfilPermiso, Usuario

    empresa, sucursal = empresa_del_bench("2060000001", "TESORERÍA DEL BENCH S.A.C.")
    perfil = PerfilPermiso.objects.create(nombre="Caja del bench")
    perfil.modulos.set(Modulo.objects.filter(codigo__in=["tesoreria.cajas", "tesoreria.cobranza"]))
    cajero = Usuario.objects.create_user(username="cajero-bench", password=None, is_staff=True, sucursal_predeterminada=sucursal)
    cajero.sucursales.set([sucursal])
    cajero.perfiles.set([perfil])
    caja = Caja.objects.create(sucursal=sucursal, nombre="Caja del bench", moneda=Moneda.objects.get(codigo="PEN"), predeterminada=True)
    caja.usuarios.add(cajero)
    services.turno_abrir(caja=caja, usuario=cajero, monto_apertura=APERTURA)
    ingreso = ConceptoCaja.objects.create(empresa=empresa, nombre="Venta al contado", sentido="ingreso")
    egreso = ConceptoCaja.objects.create(empresa=empresa, nombre="Gastos menores", sentido="egreso")
    clave = ApiKey.generar(usuario=cajero, nombre="POS del bench")[1]
    return {"empresa": empresa, "sucursal": sucursal, "caja": caja, "cajero": cajero, "clave": clave, "ingreso": ingreso, "egreso": egreso}


def _movimiento(i: int, datos: dict) -> tuple[dict, Decimal]:
    """The i-th body and what it adds to the balance: incomes of 10.01 to 99.99, every tenth an expense of 3.50."""
    if i % 10 == 9:
        return {"caja": datos["caja"].pk, "sentido": "egreso", "monto": "3.50", "concepto": datos["egreso"].pk, "descripcion": f"Gasto {i}"}, Decimal("-3.50")
    monto = Decimal(10 + i % 90) + Decimal(i % 99 + 1) / 100
    return {"caja": datos["caja"].pk, "sentido": "ingreso", "monto": str(monto), "concepto": datos["ingreso"].pk, "referencia": f"B001-{i + 1}"}, monto


class Carga:
    """N concurrent clients taking the next movement from one queue until none is left, as asyncio connections in
    one thread: the load generator shares the server's 2 CPUs, and 50 threads fighting for the GIL took a quarter
    of them. Each POST opens its connection, as gunicorn's sync workers close it after the answer."""

    def __init__(self, puerto: int, clave: str, cuerpos: list[tuple[dict, Decimal]]):
        self.puerto = puerto
        self.cabecera = f"POST {RUTA} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nKey: {clave}\r\nConnection: close\r\n"
        self.pendientes = collections.deque((json.dumps(cuerpo).encode(), importe) for cuerpo, importe in cuerpos)
        self.latencias: list[float] = []
        self.aceptado = Decimal(0)
        self.errores: list[str] = []
        self.cpu = 0.0

    async def _post(self, cuerpo: bytes) -> tuple[int, bytes]:
        lector, escritor = await asyncio.open_connection("127.0.0.1", self.puerto)
        try:
            escritor.write(f"{self.cabecera}Content-Length: {len(cuerpo)}\r\n\r\n".encode() + cuerpo)
            await escritor.drain()
            respuesta = await lector.read()
        finally:
            escritor.close()
        cabeza, _, contenido = respuesta.partition(b"\r\n\r\n")
        return int(cabeza.split(b" ", 2)[1]), contenido

    async def _cliente(self) -> None:
        while self.pendientes:
            cuerpo, importe = self.pendientes.popleft()
            inicio = time.perf_counter()
            try:
                estado, contenido = await asyncio.wait_for(self._post(cuerpo), 60)
                ok = estado == 201
            except (OSError, ValueError, IndexError, asyncio.TimeoutError) as exc:
                ok, contenido = False, repr(exc).encode()
            self.latencias.append(time.perf_counter() - inicio)
            if ok:
                self.aceptado += importe
            else:
                self.errores.append(contenido[:200].decode(errors="replace"))

    def correr(self, clientes: int) -> float:
        async def todos():
            await asyncio.gather(*(self._cliente() for _ in range(clientes)))

        cpu, inicio = time.process_time(), time.perf_counter()
        asyncio.run(todos())
        self.cpu = time.process_time() - cpu
        return time.perf_counter() - inicio


def _cartera(datos: dict, cuotas: int) -> None:
    """`cuotas` open instalments of credit facturas issued over the last 400 days, written in bulk; a third partly paid."""
    from stdnum.pe import ruc

    from billing.models import Cuota, DocumentoVenta, MetodoPago, Pago
    from erp.models import Serie, Socio, TipoDocumentoIdentidad

    empresa, sucursal, cajero = datos["empresa"], datos["sucursal"], datos["cajero"]
    hoy = datetime.date.today()
    serie = Serie.objects.create(sucursal=sucursal, tipo_documento="01", serie="F001")
    tipo_ruc = TipoDocumentoIdentidad.objects.get(codigo="6")
    clientes = Socio.objects.bulk_create(
        Socio(empresa=empresa, sucursal=sucursal, es_cliente=True, tipo_documento=tipo_ruc, razon_social=f"CLIENTE {n:03d} S.A.C.",
              numero_documento=f"20{n:08d}" + ruc.calc_check_digit(f"20{n:08d}"))
        for n in range(1, 501)
    )  # fmt: skip
    metodo = MetodoPago.objects.create(empresa=empresa, nombre="Transferencia")
    por_documento = 4
    documentos = cuotas // por_documento
    monto_cuota = Decimal("250.00")
    lote = 5000
    for desde in range(0, documentos, lote):
        filas = []
        for n in range(desde, min(desde + lote, documentos)):
            cliente = clientes[n % len(clientes)]
            filas.append(
                DocumentoVenta(
                    tipo="01", serie=serie, numero=n + 1, estado="emitido", estado_pago="parcial" if n % 3 == 0 else "pendiente",
                    empresa=empresa, sucursal=sucursal, cliente=cliente, moneda_id=1, fecha_emision=hoy - datetime.timedelta(days=n % 400),
                    forma_pago="credito", cliente_tipo_documento="6", cliente_numero_documento=cliente.numero_documento,
                    cliente_razon_social=cliente.razon_social, importe_total=monto_cuota * por_documento, creado_por=cajero,
                )
            )
        creados = DocumentoVenta.objects.bulk_create(filas)
        Cuota.objects.bulk_create(
            Cuota(documento=d, numero=k, fecha_pago=d.fecha_emision + datetime.timedelta(days=30 * k), monto=monto_cuota)
            for d in creados
            for k in range(1, por_documento + 1)
        )
        Pago.objects.bulk_create(
            Pago(documento=d, fecha=d.fecha_emision + datetime.timedelta(days=20), monto=Decimal("100.00"), metodo_pago=metodo, creado_por=cajero)
            for d in creados
            if d.numero % 3 == 1
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _medir_cartera(datos: dict, puerto: int) -> None:
    from django.db import connection

    from billing.tesoreria import cartera
    from erp.models import Moneda

    consulta = {"empresa": datos["empresa"], "moneda": Moneda.objects.get(codigo="PEN"), "corte": datetime.date.today(), "sucursales": [datos["sucursal"].pk]}
    def medir():
        tiempos = []
        for _ in range(3):
            inicio = time.perf_counter()
            total = cartera.resumen(**consulta)
            pagina = cartera.partes(**consulta, desde=0, cuantas=50)
            tiempos.append(time.perf_counter() - inicio)
        return tiempos, total, pagina

    tiempos, total, pagina = medir()
    print(f"cuentas por cobrar: {total['partes']:,} partes abiertas, total S/ {total['total']:,}; primera página de {len(pagina)} filas")
    print("  tramos: " + ", ".join(f"{codigo} {valor:,}" for codigo, valor in total["tramos"].items()))
    print(f"  resumen + primera página (consulta): {tiempos[0] * 1000:.0f} ms la primera vez, {min(tiempos) * 1000:.0f} ms la mejor de 3")
    # For reference: PostgreSQL's JIT compiles these queries on every run (their cost estimate is high).
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        if cursor.fetchone()[0] == "on":
            cursor.execute("SET jit = off")
            sin_jit, *_ = medir()
            cursor.execute("RESET jit")
            print(f"  la misma consulta con jit = off en la sesión: {min(sin_jit) * 1000:.0f} ms la mejor de 3")
    conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=60)
    http_tiempos = []
    for _ in range(3):
        inicio = time.perf_counter()
        conexion.request("GET", "/api/rest/tesoreria/cuentas-por-cobrar/", headers={"Key": datos["clave"]})
        respuesta = conexion.getresponse()
        cuerpo = respuesta.read()
        http_tiempos.append(time.perf_counter() - inicio)
        if respuesta.status != 200:
            raise SystemExit(f"GET cuentas-por-cobrar respondió {respuesta.status}: {cuerpo[:200]!r}")
    print(f"  GET /api/rest/tesoreria/cuentas-por-cobrar/ (count {json.loads(cuerpo)['count']:,}): "
          f"{http_tiempos[0] * 1000:.0f} ms la primera vez, {min(http_tiempos) * 1000:.0f} ms la mejor de 3")  # fmt: skip


def main():
    args = _parametros()
    usar_base_propia(args.base, recrear=True)
    import django

    django.setup()
    from django.db import connections

    print(f"Preparando la base {args.base} (migraciones, empresa, caja abierta con S/ {APERTURA})...", flush=True)
    datos = _preparar()
    cuerpos = [_movimiento(i, datos) for i in range(args.movimientos)]
    connections.close_all()

    puerto = puerto_libre()
    entorno = {**os.environ, "LOG_LEVEL": "ERROR", "DEBUG": "0"}
    orden = [
        str(Path(sys.executable).parent / "gunicorn"), "erp.wsgi", "--bind", f"127.0.0.1:{puerto}",
        "--workers", str(args.workers), "--log-level", "warning",
    ]  # fmt: skip
    servidor = subprocess.Popen(orden, cwd=RAIZ, env=entorno, start_new_session=True)
    try:
        esperar_servidor(f"http://127.0.0.1:{puerto}/admin/login/", servidor)
        carga = Carga(puerto, datos["clave"], cuerpos)
        carga_previa = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"{args.movimientos} movimientos, {args.clientes} clientes, gunicorn {args.workers} procesos sync; "
              f"CPUs: {os.cpu_count()}, carga de la máquina antes: {carga_previa}", flush=True)  # fmt: skip
        cpu_antes = cpu_de_procesos()
        segundos = carga.correr(args.clientes)
        cpu_despues = cpu_de_procesos()

        from billing.models import Caja
        from billing.tesoreria import selectors

        caja = Caja.objects.get(pk=datos["caja"].pk)
        esperado = APERTURA + carga.aceptado
        sumado = selectors.saldo_caja(caja)
        aceptados = len(carga.latencias) - len(carga.errores)
        print(f"movimientos: {aceptados} aceptados en {segundos:.1f} s -> {aceptados / segundos:.1f} por segundo")
        print(f"latencia p50: {_percentil(carga.latencias, 50) * 1000:.1f} ms  p95: {_percentil(carga.latencias, 95) * 1000:.1f} ms  "
              f"p99: {_percentil(carga.latencias, 99) * 1000:.1f} ms")  # fmt: skip
        print(f"CPU del generador de carga (los {args.clientes} clientes): {carga.cpu * 1000 / max(len(carga.latencias), 1):.1f} ms por movimiento")
        print(informe_cpu(cpu_antes, cpu_despues, len(carga.latencias), "movimiento"))
        print(f"errores: {len(carga.errores)}" + (f" (p. ej. {carga.errores[0]})" if carga.errores else ""))
        exacto = caja.saldo == esperado == sumado
        print(f"saldo de la caja: {caja.saldo} (apertura {APERTURA} + aceptados {carga.aceptado} = {esperado}; suma de movimientos {sumado}): "
              + ("EXACTO" if exacto else f"DIFERENCIA {caja.saldo - esperado}"))  # fmt: skip

        print(f"Creando {args.cuotas:,} cuotas abiertas...", flush=True)
        inicio = time.perf_counter()
        _cartera(datos, args.cuotas)
        print(f"  listas en {time.perf_counter() - inicio:.1f} s")
        _medir_cartera(datos, puerto)
    finally:
        os.killpg(servidor.pid, signal.SIGTERM)
        servidor.wait(15)
        connections.close_all()
    if not exacto:
        sys.exit(1)


if __name__ == "__main__":
    main()
