"""Real Celery workers and beat for integration tests: subprocesses on Redis against the test database.

Use from a transactional test (live_server or transaction=True), so the
subprocesses see what the test wrote:

    celery = Celery(tmp_path, sandbox_url=live_server.url + "/sunat-sandbox")
    celery.worker()          # `celery -A erp worker`, as the README runs it
    celery.beat()            # `celery -A erp beat` with the database scheduler
    celery.enviar("cpe.tasks.resumen_diario", empresa_id=1)
    esperar(lambda: ..., segundos=60, mensaje="...")
    celery.detener()         # or let the `celery` fixture of a conftest stop them

The broker is TEST_REDIS_URL (redis://127.0.0.1:6379/15 by default), emptied
first; the test is skipped, saying why, when Redis does not answer.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from erp.celery import app

RAIZ = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def esperar(condicion, *, segundos: float = 30, cada: float = 0.2, mensaje: str = "la condición"):
    """Poll `condicion()` until it returns something true; fail the test after `segundos`."""
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        valor = condicion()
        if valor:
            return valor
        time.sleep(cada)
    pytest.fail(f"No se cumplió {mensaje} en {segundos:.0f} s.")


def url_base_de_pruebas() -> str:
    """DATABASE_URL of the test database the test process uses."""
    datos = connection.settings_dict
    clave = f":{datos['PASSWORD']}" if datos.get("PASSWORD") else ""
    return f"postgres://{datos['USER']}{clave}@{datos['HOST'] or '127.0.0.1'}:{datos['PORT'] or 5432}/{datos['NAME']}"


class Celery:
    """Workers and beat started for one test, with their logs in `carpeta`."""

    def __init__(self, carpeta: Path, *, sandbox_url: str = "", **entorno: str):
        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).flushdb()
        except redis.exceptions.ConnectionError:
            pytest.skip(f"Redis no responde en {REDIS_URL} (ajuste TEST_REDIS_URL).")
        if connection.vendor != "postgresql":
            pytest.skip("Los trabajadores de Celery comparten la base de datos de la prueba: solo PostgreSQL.")
        self.carpeta = carpeta
        self.procesos: dict[str, subprocess.Popen] = {}
        self.entorno = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.celery_settings",
            "DATABASE_URL": url_base_de_pruebas(),
            "CELERY_BROKER_URL": REDIS_URL,
            "LOG_LEVEL": "INFO",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # the files the workers store, where the test reads them
            **({"SUNAT_SANDBOX_URL": sandbox_url} if sandbox_url else {}),
            **entorno,
        }

    def _iniciar(self, nombre: str, *argumentos: str) -> subprocess.Popen:
        log = open(self.carpeta / f"{nombre}.log", "ab")  # noqa: SIM115 (closed with the process)
        proceso = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "erp", *argumentos],
            cwd=RAIZ,
            env=self.entorno,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed whole, pool included
        )
        proceso.log = log
        self.procesos[nombre] = proceso
        return proceso

    def log(self, nombre: str) -> str:
        return (self.carpeta / f"{nombre}.log").read_text(errors="replace")

    def worker(self, nombre: str = "worker", *, concurrencia: int = 1, colas: str = "") -> subprocess.Popen:
        """`celery -A erp worker` (on the queues `colas`, comma-separated; all when empty), started and ready."""
        inicio = len(self.log(nombre)) if (self.carpeta / f"{nombre}.log").exists() else 0
        proceso = self._iniciar(
            nombre,
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            str(concurrencia),
            "--hostname",
            f"{nombre}@%h",
            "--without-gossip",
            "--without-mingle",
            *(["--queues", colas] if colas else []),
        )
        esperar(
            lambda: " ready." in self.log(nombre)[inicio:] or proceso.poll() is not None,
            segundos=30,
            mensaje=f"el arranque de {nombre}",
        )
        if proceso.poll() is not None:
            pytest.fail(f"El trabajador {nombre} terminó al arrancar:\n{self.log(nombre)[-3000:]}")
        return proceso

    def beat(self) -> subprocess.Popen:
        """`celery -A erp beat` with the django-celery-beat scheduler of the settings."""
        return self._iniciar("beat", "beat", "--loglevel", "INFO", "--max-interval", "1")

    def enviar(self, tarea: str, *args, **kwargs) -> None:
        """Queue a task by name on the test broker, as a web process would."""
        with app.connection_for_write(REDIS_URL) as conexion:
            app.send_task(tarea, args=args, kwargs=kwargs, connection=conexion)

    def matar(self, nombre: str) -> None:
        """SIGKILL the process and its children, as a machine crash would: nothing gets to clean up."""
        proceso = self.procesos.pop(nombre)
        os.killpg(proceso.pid, signal.SIGKILL)
        proceso.wait(10)
        proceso.log.close()

    def detener(self) -> None:
        for nombre, proceso in list(self.procesos.items()):
            if proceso.poll() is None:
                os.killpg(proceso.pid, signal.SIGTERM)
                try:
                    proceso.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(proceso.pid, signal.SIGKILL)
                    proceso.wait(10)
            proceso.log.close()
            del self.procesos[nombre]
