"""Plumbing the performance scripts share: their own database, a free port, waiting for a server."""

import os
import socket
import time

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
