"""Backups: the database and every stored file in one archive with a manifest, and their restore.

The archive (respaldo-AAAAMMDD-HHMMSS.tar.gz) holds:

    base/base.pgdump        pg_dump in custom format (PostgreSQL), or
    base/base.sqlite3       a copy taken with SQLite's backup API (the quick start)
    archivos/<nombre>       each file of the default storage (MEDIA_ROOT or object storage), under its name
    manifiesto.json         format, date, engine, and the size and sha256 of each member above

The database is dumped first, then the files are copied: a file is written before the row that names it
is committed, and never overwritten, so every file the dump names is already there when it is copied.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

FORMATO = 1
MANIFIESTO = "manifiesto.json"
BASE = {"postgresql": "base/base.pgdump", "sqlite": "base/base.sqlite3"}
ARCHIVOS = "archivos/"
BLOQUE = 1024 * 1024


class ErrorRespaldo(Exception):
    """A backup or restore that cannot be done; the message says why, in the user's words."""


@dataclass(frozen=True)
class Resumen:
    archivo: Path
    base_bytes: int
    archivos: int
    archivos_bytes: int


# Backup ------------------------------------------------------------------------------------------


def respaldo_crear(*, carpeta: Path, conexion=connection, almacen=default_storage) -> Resumen:
    """Write a new archive into `carpeta`; it appears under its final name only once complete."""
    carpeta = Path(carpeta)
    if carpeta.exists() and not carpeta.is_dir():
        raise ErrorRespaldo(f"«{carpeta}» no es una carpeta.")
    try:
        carpeta.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ErrorRespaldo(f"No se pudo crear la carpeta «{carpeta}»: {exc.strerror}.") from exc
    motor = _motor(conexion)
    destino = carpeta / f"respaldo-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
    if destino.exists():
        raise ErrorRespaldo(f"Ya existe «{destino}»: espere un segundo y vuelva a intentarlo.")
    parcial = destino.with_name(destino.name + ".parcial")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            volcado = Path(tmp) / "base"
            _volcar(motor, conexion, volcado)
            with tarfile.open(parcial, "w:gz") as tar:
                base = _agregar(tar, BASE[motor], volcado.open("rb"), volcado.stat().st_size)
                archivos = [
                    {"nombre": nombre, **_agregar(tar, ARCHIVOS + nombre, almacen.open(nombre, "rb"), almacen.size(nombre))}
                    for nombre in listar_almacen(almacen)
                ]
                manifiesto = {
                    "formato": FORMATO,
                    "creado": timezone.now().isoformat(),
                    "motor": motor,
                    "base": {"ruta": BASE[motor], **base},
                    "archivos": archivos,
                }
                contenido = json.dumps(manifiesto, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFIESTO)
                info.size, info.mtime = len(contenido), int(timezone.now().timestamp())
                tar.addfile(info, _Leido(contenido))
        parcial.chmod(0o600)  # it holds the whole company: readable by its owner only
        os.replace(parcial, destino)
    except OSError as exc:
        parcial.unlink(missing_ok=True)
        raise ErrorRespaldo(f"No se pudo escribir el respaldo en «{carpeta}»: {exc}") from exc
    except BaseException:
        parcial.unlink(missing_ok=True)
        raise
    return Resumen(destino, base["bytes"], len(archivos), sum(a["bytes"] for a in archivos))


def listar_almacen(almacen=default_storage, carpeta: str = "") -> list[str]:
    """Every file name in the storage, sorted (an absent MEDIA_ROOT is an empty storage)."""
    try:
        subcarpetas, archivos = almacen.listdir(carpeta)
    except FileNotFoundError:
        return []
    nombres = [f"{carpeta}/{a}" if carpeta else a for a in archivos]
    for sub in subcarpetas:
        nombres += listar_almacen(almacen, f"{carpeta}/{sub}" if carpeta else sub)
    return sorted(nombres)


def _motor(conexion) -> str:
    if conexion.vendor not in BASE:
        raise ErrorRespaldo(f"Solo se respaldan bases PostgreSQL o SQLite (esta es {conexion.vendor}).")
    return conexion.vendor


def _volcar(motor: str, conexion, destino: Path) -> None:
    if motor == "sqlite":
        conexion.ensure_connection()
        with sqlite3.connect(destino) as copia:
            conexion.connection.backup(copia)
        return
    _ejecutar(["pg_dump", "--format=custom", "--file", str(destino)], conexion, "pg_dump")


def _ejecutar(orden: list[str], conexion, programa: str) -> None:
    """Run a PostgreSQL client program on the connection's database (its password through the environment)."""
    if shutil.which(programa) is None:
        raise ErrorRespaldo(
            f"No se encontró {programa}: instale el cliente de PostgreSQL (paquete postgresql-client), "
            "de la versión del servidor o una más nueva."
        )
    datos = conexion.settings_dict
    entorno = {**os.environ, "PGDATABASE": datos["NAME"]}
    for clave, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if datos.get(clave):
            entorno[variable] = str(datos[clave])
    if datos.get("OPTIONS", {}).get("sslmode"):
        entorno["PGSSLMODE"] = datos["OPTIONS"]["sslmode"]
    resultado = subprocess.run(orden, check=False, env=entorno, capture_output=True, text=True)
    if resultado.returncode != 0:
        raise ErrorRespaldo(f"{programa} falló en la base «{datos['NAME']}»: {resultado.stderr.strip()}")


class _Leido:
    """Reads bytes already in memory, as tarfile expects of a file."""

    def __init__(self, contenido: bytes):
        self.contenido, self.posicion = contenido, 0

    def read(self, n: int = -1) -> bytes:
        fin = len(self.contenido) if n is None or n < 0 else self.posicion + n
        parte = self.contenido[self.posicion : fin]
        self.posicion += len(parte)
        return parte


class _ConHash:
    """A file read through: counts and hashes what tarfile copies into the archive."""

    def __init__(self, archivo):
        self.archivo, self.hash, self.bytes = archivo, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        parte = self.archivo.read(n)
        self.hash.update(parte)
        self.bytes += len(parte)
        return parte


def _agregar(tar: tarfile.TarFile, ruta: str, archivo, tamano: int) -> dict:
    with archivo:
        info = tarfile.TarInfo(ruta)
        info.size, info.mtime, info.mode = tamano, int(timezone.now().timestamp()), 0o600
        lector = _ConHash(archivo)
        tar.addfile(info, lector)
    return {"bytes": lector.bytes, "sha256": lector.hash.hexdigest()}


# Restore -----------------------------------------------------------------------------------------


def respaldo_restaurar(*, archivo: Path, forzar: bool = False, conexion=connection, almacen=default_storage) -> Resumen:
    """Bring an archive back into the connection's database and the storage, both empty unless `forzar`.

    The whole archive is checked against its manifest before anything is written.
    """
    archivo = Path(archivo)
    if not archivo.is_file():
        raise ErrorRespaldo(f"No existe el archivo de respaldo «{archivo}».")
    try:
        tar = tarfile.open(archivo, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (tarfile.TarError, OSError) as exc:
        raise ErrorRespaldo(f"«{archivo}» no es un respaldo del ERP (no es un .tar.gz legible).") from exc
    with tar, tempfile.TemporaryDirectory() as tmp:
        try:
            manifiesto = _verificar(tar)
        except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
            raise ErrorRespaldo(f"«{archivo}» está dañado o incompleto ({exc}).") from exc
        motor = _motor(conexion)
        if manifiesto["motor"] != motor:
            raise ErrorRespaldo(f"El respaldo es de una base {manifiesto['motor']} y la base de destino es {motor}.")
        if not forzar:
            _exigir_vacios(conexion, almacen)
        volcado = Path(tmp) / "base"
        with tar.extractfile(manifiesto["base"]["ruta"]) as origen, volcado.open("wb") as copia:
            shutil.copyfileobj(origen, copia, BLOQUE)
        for entrada in manifiesto["archivos"]:
            _restaurar_archivo(tar, almacen, entrada, forzar)
        _cargar(motor, conexion, volcado, forzar)
    ContentType.objects.clear_cache()
    return Resumen(
        archivo,
        manifiesto["base"]["bytes"],
        len(manifiesto["archivos"]),
        sum(a["bytes"] for a in manifiesto["archivos"]),
    )


def _verificar(tar: tarfile.TarFile) -> dict:
    """The manifest, once every member is what it says (name, size, sha256) and nothing else is there."""
    try:
        manifiesto = json.load(tar.extractfile(MANIFIESTO))
        esperados = {manifiesto["base"]["ruta"]: manifiesto["base"]}
        esperados.update({ARCHIVOS + a["nombre"]: a for a in manifiesto["archivos"]})
        formato = manifiesto["formato"]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ErrorRespaldo("El respaldo no tiene un manifiesto válido (manifiesto.json).") from exc
    if formato != FORMATO:
        raise ErrorRespaldo(f"Formato de respaldo {formato} desconocido: restáurelo con la versión del ERP que lo creó.")
    if manifiesto["base"]["ruta"] not in BASE.values():
        raise ErrorRespaldo("El manifiesto del respaldo nombra una base de datos desconocida.")
    for nombre in esperados:
        ruta = PurePosixPath(nombre)
        if ruta.is_absolute() or ".." in ruta.parts:
            raise ErrorRespaldo(f"El respaldo nombra un archivo fuera de su carpeta: «{nombre}».")
    vistos = set()
    for miembro in tar:
        if miembro.name == MANIFIESTO:
            continue
        esperado = esperados.get(miembro.name)
        if esperado is None or not miembro.isfile():
            raise ErrorRespaldo(f"El respaldo contiene «{miembro.name}», que su manifiesto no nombra.")
        lector = _ConHash(tar.extractfile(miembro))
        while lector.read(BLOQUE):
            pass
        if lector.bytes != esperado["bytes"] or lector.hash.hexdigest() != esperado["sha256"]:
            raise ErrorRespaldo(f"«{miembro.name}» no coincide con el manifiesto: el respaldo está dañado.")
        vistos.add(miembro.name)
    faltan = sorted(set(esperados) - vistos)
    if faltan:
        raise ErrorRespaldo(f"Faltan en el respaldo {len(faltan)} archivos del manifiesto, entre ellos «{faltan[0]}».")
    return manifiesto


def _exigir_vacios(conexion, almacen) -> None:
    tablas = conexion.introspection.table_names()
    if tablas:
        raise ErrorRespaldo(
            f"La base de datos «{conexion.settings_dict['NAME']}» no está vacía ({len(tablas)} tablas). "
            "Restaure en una base recién creada, o use --forzar para reemplazar su contenido."
        )
    presentes = listar_almacen(almacen)
    if presentes:
        raise ErrorRespaldo(
            f"El almacenamiento de archivos no está vacío ({len(presentes)} archivos, entre ellos «{presentes[0]}»). "
            "Restaure en uno vacío, o use --forzar para reemplazarlos."
        )


def _restaurar_archivo(tar: tarfile.TarFile, almacen, entrada: dict, forzar: bool) -> None:
    nombre = entrada["nombre"]
    if almacen.exists(nombre):
        if _sha256(almacen, nombre) == entrada["sha256"]:
            return  # already there, byte for byte (a restore repeated with --forzar)
        if not forzar:
            raise ErrorRespaldo(f"Ya existe el archivo «{nombre}» con otro contenido.")
        almacen.delete(nombre)
    with tar.extractfile(ARCHIVOS + nombre) as origen:
        guardado = almacen.save(nombre, File(origen, name=nombre))
    if guardado != nombre or _sha256(almacen, nombre) != entrada["sha256"]:
        raise ErrorRespaldo(f"El almacenamiento no guardó «{nombre}» tal como está en el respaldo.")


def _sha256(almacen, nombre: str) -> str:
    with almacen.open(nombre, "rb") as archivo:
        lector = _ConHash(archivo)
        while lector.read(BLOQUE):
            pass
    return lector.hash.hexdigest()


def _cargar(motor: str, conexion, volcado: Path, forzar: bool) -> None:
    conexion.close()
    if motor == "sqlite":
        destino = conexion.settings_dict["NAME"]
        with sqlite3.connect(volcado) as origen, sqlite3.connect(destino) as copia:
            origen.backup(copia)
        return
    orden = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if forzar:
        orden += ["--clean", "--if-exists"]
    _ejecutar([*orden, "--dbname", conexion.settings_dict["NAME"], str(volcado)], conexion, "pg_restore")
