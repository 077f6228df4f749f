"""Files that outlive a machine: written once through Django's storage API (STORAGES["default"]).

Production points the default storage at S3-compatible object storage (README, «Producción»); the quick
start keeps MEDIA_ROOT. Every file is named by what it belongs to and its content's sha256
(`<carpeta>/<nombre>/<campo>-<sha256>.<ext>`), so a corrected document gets a new file and the old one
stays as it was: a name, once written, is never written with other bytes (ArchivoExistente).

`ArchivoField` keeps such a file on a model: the column holds the file's name, the attribute reads and
takes bytes as a BinaryField would (`doc.xml = firmado`, `bytes(doc.xml)`), and the bytes are written to
the storage when the row is saved, or earlier with `guardar_archivo(doc, "cdr", contenido)` where an outage must be
handled at that step.

A model of another CPE kind adopts it with `xml = ArchivoField("XML firmado", carpeta="cpe/<kind>", extension="xml")`
(the row needs a unique `nombre`) and a data migration like cpe 0007 for rows it already holds.
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.query_utils import DeferredAttribute


class ArchivoExistente(Exception):
    """A second write of a stored name with other bytes: stored files are never replaced."""


class AlmacenNoDisponible(Exception):
    """The storage did not answer (object storage down, disk full...): nothing was written."""


def ruta(carpeta: str, nombre: str, campo: str, contenido: bytes, extension: str) -> str:
    return f"{carpeta}/{nombre}/{campo}-{hashlib.sha256(contenido).hexdigest()}.{extension}"


def guardar_una_vez(nombre: str, contenido: bytes, *, almacen=None) -> str:
    """Write `contenido` under `nombre`; the same bytes already there are kept, other bytes are refused."""
    almacen = almacen or default_storage
    try:
        if almacen.exists(nombre):
            _exigir_igual(almacen, nombre, contenido)
            return nombre
        guardado = almacen.save(nombre, ContentFile(contenido, name=nombre))
        if guardado != nombre:
            # Another process wrote the name between our check and our write; the storage kept both.
            almacen.delete(guardado)
            _exigir_igual(almacen, nombre, contenido)
    except ArchivoExistente:
        raise
    except Exception as exc:  # each backend has its own errors (OSError, botocore's...): all mean "not written"
        raise AlmacenNoDisponible(f"El almacenamiento de archivos no guardó «{nombre}»: {exc}") from exc
    return nombre


def _exigir_igual(almacen, nombre: str, contenido: bytes) -> None:
    with almacen.open(nombre, "rb") as archivo:
        if archivo.read() != contenido:
            raise ArchivoExistente(f"Ya existe «{nombre}» con otro contenido: un archivo guardado no se reemplaza.")


def existe(nombre: str, *, almacen=None) -> bool:
    try:
        return (almacen or default_storage).exists(nombre)
    except Exception as exc:
        raise AlmacenNoDisponible(f"El almacenamiento de archivos no respondió por «{nombre}»: {exc}") from exc


def leer(nombre: str, *, almacen=None) -> bytes:
    almacen = almacen or default_storage
    try:
        with almacen.open(nombre, "rb") as archivo:
            return archivo.read()
    except Exception as exc:
        raise AlmacenNoDisponible(f"El almacenamiento de archivos no entregó «{nombre}»: {exc}") from exc


_LEIDOS = "_archivos_leidos"


class Contenido(bytes):
    """A stored file's bytes that know their name: assigned to another row, that row names the same file."""

    nombre: str


class _Archivo(DeferredAttribute):
    """The field's attribute: the file's bytes (read from the storage once), or the bytes waiting to be saved.

    The row keeps the file's name in `__dict__`, as any field keeps its column's value.
    """

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        valor = super().__get__(instance, cls)
        if not isinstance(valor, str):
            return valor
        leidos = instance.__dict__.setdefault(_LEIDOS, {})
        if getattr(leidos.get(self.field.attname), "nombre", None) != valor:
            leidos[self.field.attname] = _contenido(valor, leer(valor))
        return leidos[self.field.attname]

    def __set__(self, instance, valor):
        if isinstance(valor, Contenido):
            instance.__dict__.setdefault(_LEIDOS, {})[self.field.attname] = valor
            valor = valor.nombre
        instance.__dict__[self.field.attname] = valor


def _contenido(nombre: str, contenido: bytes) -> Contenido:
    leido = Contenido(contenido)
    leido.nombre = nombre
    return leido


class ArchivoField(models.CharField):
    """A file of the row kept in the storage under `<carpeta>/<instance.nombre>/<campo>-<sha256>.<extension>`."""

    descriptor_class = _Archivo

    def __init__(self, *args, carpeta: str = "archivos", extension: str = "bin", **kwargs):
        self.carpeta, self.extension = carpeta, extension
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        nombre, ruta_clase, args, kwargs = super().deconstruct()
        kwargs.update(carpeta=self.carpeta, extension=self.extension)
        for clave, defecto in (("max_length", 200), ("null", True), ("editable", False)):
            if kwargs.get(clave) == defecto:
                kwargs.pop(clave)
        return nombre, ruta_clase, args, kwargs

    def guardar(self, instance, contenido=None) -> str | None:
        """Write `contenido` (else the pending bytes) to the storage; the attribute takes the file's name once written."""
        valor = instance.__dict__.get(self.attname) if contenido is None else contenido
        if isinstance(valor, bytes | bytearray | memoryview):
            contenido = bytes(valor)
            nombre = None
            if contenido:
                nombre = guardar_una_vez(ruta(self.carpeta, instance.nombre, self.name, contenido, self.extension), contenido)
                instance.__dict__.setdefault(_LEIDOS, {})[self.attname] = _contenido(nombre, contenido)
            instance.__dict__[self.attname] = nombre
            return nombre
        return valor

    def pre_save(self, instance, add):
        return self.guardar(instance)

    def get_prep_value(self, value):
        if isinstance(value, bytes | bytearray | memoryview):
            raise TypeError("Los bytes de un ArchivoField se asignan a la fila y se guardan con save(): update() no los escribe.")
        return super().get_prep_value(value)

    def value_from_object(self, obj):
        # Serialized (dumpdata, forms) as the file's name, never its bytes.
        valor = obj.__dict__.get(self.attname)
        return valor if isinstance(valor, str) else None


def guardar_archivo(instance, campo: str, contenido: bytes) -> str | None:
    """Put `contenido` in `instance.<campo>`, written to the storage now: on AlmacenNoDisponible the field keeps its value."""
    return instance._meta.get_field(campo).guardar(instance, contenido)
