"""Migration cpe 0007 moves the bytes of existing documents and summaries to the storage, and back."""

import datetime
import shutil

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cpe.models import ComprobanteElectronico, Resumen
from erp.respaldo import listar_almacen
from tests import factories

pytestmark = [pytest.mark.django_db(transaction=True)]

ARCHIVOS = {"xml": b"<Invoice>firmado</Invoice>", "zip": b"PK\x03\x04zip enviado", "cdr": b"PK\x03\x04R-cdr"}


def _migrar(destino: tuple[str, str] | None = None) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([destino] if destino else executor.loader.graph.leaf_nodes())


def _columnas(tabla: str) -> dict[str, bytes]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xml, zip, cdr FROM {tabla}")  # noqa: S608 (a fixed table name)
        (fila,) = cursor.fetchall()
    return {campo: bytes(valor) for campo, valor in zip(("xml", "zip", "cdr"), fila, strict=True)}


def test_los_bytes_de_la_base_pasan_al_almacen_sin_perder_nada(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    empresa = factories.empresa()
    ComprobanteElectronico.objects.create(
        empresa=empresa, tipo="01", serie="F001", numero=7, nombre=f"{empresa.ruc}-01-F001-7", **ARCHIVOS
    )
    Resumen.objects.create(
        empresa=empresa,
        tipo="RC",
        fecha_generacion=datetime.date(2026, 12, 2),
        correlativo=1,
        fecha_emision=datetime.date(2026, 12, 1),
        nombre=f"{empresa.ruc}-RC-20261202-1",
        **ARCHIVOS,
    )
    try:
        # Back to the database columns of before: the bytes come back from the storage.
        _migrar(("cpe", "0006_dialectos"))
        assert _columnas("cpe_comprobanteelectronico") == ARCHIVOS and _columnas("cpe_resumen") == ARCHIVOS
        shutil.rmtree(settings.MEDIA_ROOT)  # a database whose files were never in the storage
    finally:
        _migrar()
    assert len(listar_almacen()) == 6
    comprobante = ComprobanteElectronico.con_archivos.get()
    resumen = Resumen.con_archivos.get()
    for fila in (comprobante, resumen):
        assert {c: bytes(getattr(fila, c)) for c in ARCHIVOS} == ARCHIVOS
    assert comprobante._meta.get_field("cdr").value_from_object(comprobante).startswith(f"cpe/comprobantes/{comprobante.nombre}/cdr-")
