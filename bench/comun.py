"""Plumbing the performance scripts share: their own database, a free port, waiting for a server."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg

POR_DEFECTO = "postgres://postgres@127.0.0.1:5432/erp"


def usar_base_propia(nombre: str, *, recrear: bool = False) -> str:
    """Point DATABASE_URL at database `nombre` on DATABASE_URL's server, creating it if missing (`recrear`: empty again).

    Call before django.setup(); migrate after it.
    """
    servidor = os.environ.get("DATABASE_URL", POR_DEFECTO).rsplit("/", 1)[0]
    with psycopg.connect(f"{servidor}/postgres", autocommit=True) as conexion:
        if recrear:
            conexion.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')
        if not conexion.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nombre]).fetchone():
            conexion.execute(f'CREATE DATABASE "{nombre}"')
    os.environ["DATABASE_URL"] = f"{servidor}/{nombre}"
    return os.environ["DATABASE_URL"]


def empresa_del_bench(base_ruc: str, razon_social: str):
    """Migrate the bench's database and create its company with a main branch (code 0000) in Lima; returns both."""
    from django.core.management import call_command
    from stdnum.pe import ruc

    from erp.models import Distrito, Empresa, Sucursal

    call_command("migrate", verbosity=0)
    empresa = Empresa.objects.create(
        ruc=base_ruc + ruc.calc_check_digit(base_ruc), razon_social=razon_social, direccion="Av. Benchmark 100",
        distrito=Distrito.objects.get(ubigeo="150101"),
    )  # fmt: skip
    sucursal = Sucursal.objects.create(empresa=empresa, nombre="Lima", direccion="Av. 1", distrito=empresa.distrito, codigo_establecimiento="0000")
    return empresa, sucursal


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def esperar_servidor(url: str, proceso=None, segundos: float = 60) -> None:
    """Wait until `url` answers (any HTTP status), or stop if the server process died."""
    import requests

    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        if proceso is not None and proceso.poll() is not None:
            raise SystemExit(f"El servidor terminó al arrancar ({url}).")
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit(f"El servidor no respondió en {url}.")


@contextlib.contextmanager
def sandbox_y_workers(*, workers: int = 2, entorno: dict | None = None, esperar: str = "/sunat-sandbox/ol-ti-itcpfegem-beta/billService?wsdl"):
    """gunicorn (3 processes) serving the ERP and its sandbox on a free port, and `workers` Celery workers (solo pool)
    pointed at it; yields the base URL and stops them all on exit."""
    raiz = Path(__file__).resolve().parent.parent
    url = f"http://127.0.0.1:{puerto_libre()}"
    entorno = {**os.environ, **(entorno or {}), "SUNAT_SANDBOX_URL": f"{url}/sunat-sandbox"}
    procesos = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "erp.wsgi", "--bind", url.removeprefix("http://"), "--workers", "3", "--log-level", "warning"],
            cwd=raiz, env=entorno,
        )
    ]
    for i in range(workers):
        procesos.append(
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "erp", "worker", "--pool", "solo", "--hostname", f"bench{i}@%h", "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
                cwd=raiz, env=entorno, stdout=subprocess.DEVNULL,
            )
        )
    try:
        esperar_servidor(f"{url}{esperar}", procesos[0])
        yield url
    finally:
        for proceso in procesos:
            proceso.terminate()
        for proceso in procesos:
            proceso.wait(timeout=30)


def cpu_de_procesos() -> dict:
    """CPU seconds so far of every process (by pid, with its name) and the machine's busy and total seconds: sampled
    before and after a load, it says who spent the CPU and whether all of it was used."""
    procesos = {}
    tic = os.sysconf("SC_CLK_TCK")
    for entrada in os.scandir("/proc"):
        if not entrada.name.isdigit():
            continue
        try:
            stat = Path(entrada.path, "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        nombre, resto = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        # utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
        procesos[int(entrada.name)] = (nombre.split("/")[0], (int(resto[11]) + int(resto[12])) / tic)
    cpu = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return {"procesos": procesos, "ocupada": (sum(cpu) - cpu[3] - cpu[4]) / tic, "total": sum(cpu) / tic}  # all but idle and iowait


def informe_cpu(antes: dict, despues: dict, unidades: int, unidad: str) -> str:
    """The CPU milliseconds per `unidad` of the busiest process names between two samples, and the share of the machine used."""
    por_nombre: dict[str, float] = {}
    for pid, (nombre, segundos) in despues["procesos"].items():
        previo = antes["procesos"].get(pid)
        por_nombre[nombre] = por_nombre.get(nombre, 0.0) + segundos - (previo[1] if previo else 0.0)
    principales = sorted(((s, n) for n, s in por_nombre.items() if s > 0), reverse=True)[:4]
    partes = ", ".join(f"{n} {s * 1000 / unidades:.1f}" for s, n in principales)
    usada = (despues["ocupada"] - antes["ocupada"]) * 100 / (despues["total"] - antes["total"])
    return f"CPU por {unidad} (ms): {partes}; máquina ocupada {usada:.0f} %"
