"""manage.py respaldo and restaurar: a company's documents come back byte for byte in a new database and storage."""

import contextlib
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image
from reportlab import rl_config

from billing import services
from billing.models import DocumentoVenta
from cpe import pdf
from cpe.models import ComprobanteElectronico, EstadoCpe, IntentoEnvio
from cpe.services import cpe_enviar
from erp.respaldo import listar_almacen
from tests.cpe.conftest import empresa_tienda  # noqa: F401  (fixture: the shop on the sandbox of a live server)
from tests.ventas import borrador

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def base_vacia(transactional_db):
    """A new, empty PostgreSQL database beside the test one; dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("La restauración se prueba con pg_dump/pg_restore: solo PostgreSQL.")
    nombre = f"{connection.settings_dict['NAME']}_restaurada"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{nombre}"')
    yield nombre
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')


@contextlib.contextmanager
def en_base(nombre: str):
    """Point this process's connection at another database, as a fresh machine's DATABASE_URL would."""
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = nombre
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original


def _png() -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (120, 48), (200, 30, 40)).save(salida, format="PNG")
    return salida.getvalue()


def _emitir(tienda, tipo="01", **kwargs) -> DocumentoVenta:
    lineas = kwargs.pop("lineas", [(tienda["laptop"], 1, "2360")])
    return services.documento_emitir(documento_id=borrador(tienda, tipo=tipo, lineas=lineas, **kwargs).pk, usuario=tienda["vendedor"])


def _archivos_de_documentos() -> dict:
    """For each issued document: its signed XML, the zip sent, SUNAT's CDR and its PDF, as bytes."""
    pdf._logo_data_uri.cache_clear()  # the logo is read from the storage of this "machine", not from memory
    return {
        c.nombre: {
            "estado": c.estado,
            "xml": bytes(c.xml),
            "zip": bytes(c.zip),
            "cdr": bytes(c.cdr),
            "pdf": pdf.pdf_de(c.documento),
        }
        for c in ComprobanteElectronico.con_archivos.select_related("documento").order_by("nombre")
    }


def _almacen() -> dict[str, str]:
    return {n: hashlib.sha256(default_storage.open(n).read()).hexdigest() for n in listar_almacen()}


@pytest.mark.sandbox
def test_respaldo_restaurado_en_base_y_almacen_vacios(tienda, base_vacia, settings, tmp_path, monkeypatch):
    # Without its creation date, the same document with the same logo gives the same PDF bytes.
    monkeypatch.setattr(rl_config, "invariant", 1)
    settings.MEDIA_ROOT = tmp_path / "media"
    empresa = tienda["empresa"]
    empresa.logo.save("logo.png", ContentFile(_png()))
    documentos = [
        _emitir(tienda),
        _emitir(tienda, lineas=[(tienda["soporte"], 3, "118")]),
        _emitir(tienda, "03", cliente=tienda["con_dni"], lineas=[(tienda["mouse"], 2, "59")]),
    ]
    for documento in documentos:
        assert cpe_enviar(comprobante_id=ComprobanteElectronico.objects.get(documento=documento).pk).estado == EstadoCpe.ACEPTADO
    antes = _archivos_de_documentos()
    assert sorted(antes) == [f"{empresa.ruc}-01-F001-1", f"{empresa.ruc}-01-F001-2", f"{empresa.ruc}-03-B001-1"]
    assert all(a["cdr"] and a["xml"] and a["pdf"].startswith(b"%PDF") for a in antes.values())
    almacen_antes = _almacen()
    # The logo and, per document, its signed XML, zip, CDR and PDF: all in the storage, none in the database.
    tipos = sorted(n.rsplit("/", 1)[-1].split("-")[0] for n in almacen_antes if n.startswith("cpe/"))
    assert len(almacen_antes) == 13 and tipos == ["cdr"] * 3 + ["pdf"] * 3 + ["xml"] * 3 + ["zip"] * 3
    intentos = IntentoEnvio.objects.count()

    salida = io.StringIO()
    call_command("respaldo", str(tmp_path / "respaldos"), stdout=salida)
    (archivo,) = (tmp_path / "respaldos").glob("respaldo-*.tar.gz")
    assert f"Respaldo creado: {archivo}" in salida.getvalue()
    with tarfile.open(archivo) as tar:
        manifiesto = json.load(tar.extractfile("manifiesto.json"))
    assert manifiesto["motor"] == "postgresql"
    assert {a["nombre"]: a["sha256"] for a in manifiesto["archivos"]} == almacen_antes
    # Issued after the backup: not in it, so its number is free again after the restore.
    _emitir(tienda)

    settings.MEDIA_ROOT = tmp_path / "media-nueva"
    with en_base(base_vacia):
        salida = io.StringIO()
        call_command("restaurar", str(archivo), stdout=salida)
        assert "Respaldo restaurado: la base de datos y 13 archivos" in salida.getvalue()
        assert _almacen() == almacen_antes
        assert _archivos_de_documentos() == antes  # XML, zip, CDR and PDF, byte for byte
        assert IntentoEnvio.objects.count() == intentos
        siguiente = _emitir(tienda)
        assert (siguiente.serie.serie, siguiente.numero) == ("F001", 3)
        assert _emitir(tienda, "03", cliente=tienda["con_dni"]).numero == 2

        # A second restore finds the database in use and refuses, leaving it as it is.
        with pytest.raises(CommandError, match="no está vacía"):
            call_command("restaurar", str(archivo))
        assert DocumentoVenta.objects.filter(serie__serie="F001", numero=3).exists()


def test_restaurar_rechaza_respaldo_danado_sin_escribir_nada(tienda, base_vacia, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    tienda["empresa"].logo.save("logo.png", ContentFile(_png()))
    call_command("respaldo", str(tmp_path), stdout=io.StringIO())
    (archivo,) = tmp_path.glob("respaldo-*.tar.gz")
    # The same archive with one byte of the logo changed, and its manifest as it was.
    danado = tmp_path / "danado.tar.gz"
    with tarfile.open(archivo) as origen, tarfile.open(danado, "w:gz") as destino:
        for miembro in origen:
            contenido = origen.extractfile(miembro).read()
            if miembro.name.startswith("archivos/"):
                contenido = contenido[:-1] + bytes([contenido[-1] ^ 1])
            destino.addfile(miembro, io.BytesIO(contenido))

    settings.MEDIA_ROOT = tmp_path / "media-nueva"
    with en_base(base_vacia):
        with pytest.raises(CommandError, match="no coincide con el manifiesto: el respaldo está dañado"):
            call_command("restaurar", str(danado))
        assert connection.introspection.table_names() == []
        assert listar_almacen() == []
        with pytest.raises(CommandError, match="No existe el archivo de respaldo"):
            call_command("restaurar", str(tmp_path / "no-existe.tar.gz"))
    # Into the database in use, only with --forzar.
    with pytest.raises(CommandError, match="no está vacía"):
        call_command("restaurar", str(archivo))
    assert not Path(settings.MEDIA_ROOT).exists()
