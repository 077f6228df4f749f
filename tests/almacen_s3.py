"""An S3 API for tests: moto's server on a free port, with an empty bucket, as object storage would be.

    def test_x(s3):                      # the fixture (a plugin of tests/conftest.py)
        s3.objetos()                     # {key: bytes} in the bucket
        s3.entorno                       # the ALMACEN_S3_* variables a worker on another host would have

The test process's default storage points at the bucket through erp.settings.almacen_s3, as
production's settings do.
"""

import socket
import subprocess
import sys
import time
from dataclasses import dataclass

import boto3
import pytest

from erp.settings import almacen_s3

BUCKET = "erp-archivos"


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ServidorS3:
    entorno: dict
    cliente: object

    def objetos(self) -> dict[str, bytes]:
        paginas = self.cliente.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        claves = [o["Key"] for pagina in paginas for o in pagina.get("Contents", [])]
        return {c: self.cliente.get_object(Bucket=BUCKET, Key=c)["Body"].read() for c in claves}


@pytest.fixture
def s3(settings, tmp_path):
    puerto = puerto_libre()
    with open(tmp_path / "moto.log", "ab") as log:
        proceso = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(puerto)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        limite = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", puerto), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > limite or proceso.poll() is not None:
                    pytest.fail(f"El servidor S3 de moto no arrancó:\n{(tmp_path / 'moto.log').read_text()[-2000:]}")
                time.sleep(0.1)
        entorno = {
            "ALMACEN_S3_BUCKET": BUCKET,
            "ALMACEN_S3_ENDPOINT": f"http://127.0.0.1:{puerto}",
            "ALMACEN_S3_REGION": "us-east-1",
            "ALMACEN_S3_ACCESS_KEY": "prueba",
            "ALMACEN_S3_SECRET_KEY": "prueba-secreta",
        }
        cliente = boto3.client(
            "s3",
            endpoint_url=entorno["ALMACEN_S3_ENDPOINT"],
            region_name="us-east-1",
            aws_access_key_id="prueba",
            aws_secret_access_key="prueba-secreta",
        )
        cliente.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, "default": almacen_s3(entorno)}
        yield ServidorS3(entorno, cliente)
    finally:
        proceso.terminate()
        proceso.wait(10)
