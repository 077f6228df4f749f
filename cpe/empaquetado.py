"""The zip files SUNAT exchanges: names, packing a signed XML, reading a CDR."""

import datetime
import io
import re
import zipfile
import zlib

# RUC-TT-SERIE-NUMERO for documents, RUC-RC|RA|RR-YYYYMMDD-N for summaries and voidings.
NOMBRE_COMPROBANTE = re.compile(
    r"^(?P<ruc>\d{11})-(?P<tipo>01|03|07|08|09|20|31|40)-(?P<serie>[A-Z0-9]{4})-(?P<numero>\d{1,8})$"
)
NOMBRE_RESUMEN = re.compile(r"^(?P<ruc>\d{11})-(?P<tipo>RC|RA|RR)-(?P<serie>\d{8})-(?P<numero>\d{1,5})$")
TIPOS_RESUMEN = ("RC", "RA", "RR")


class ZipInvalido(ValueError):
    """A zip that cannot be read, or that holds no XML; the message says which."""


def nombre_comprobante(ruc: str, tipo: str, serie: str, numero: int | str) -> str:
    """'20123456789-01-F001-1': the name, without extension, of a document's XML and zip."""
    return f"{ruc}-{tipo}-{serie}-{numero}"


def nombre_resumen(ruc: str, tipo: str, fecha: datetime.date, correlativo: int) -> str:
    """'20123456789-RC-20240131-1': daily summary (RC), voiding (RA) or reversion (RR)."""
    if tipo not in TIPOS_RESUMEN:
        raise ValueError(f"Tipo de resumen desconocido: {tipo!r} (se espera RC, RA o RR).")
    return f"{ruc}-{tipo}-{fecha:%Y%m%d}-{correlativo}"


def partes_nombre(nombre: str) -> dict[str, str] | None:
    """ruc, tipo, serie and numero of a SUNAT file name (extension optional); None if it is not one.

    For summaries `serie` is the date YYYYMMDD and `numero` the correlative.
    """
    base = re.sub(r"\.(xml|zip)$", "", nombre, flags=re.IGNORECASE)
    coincide = NOMBRE_COMPROBANTE.match(base) or NOMBRE_RESUMEN.match(base)
    return coincide.groupdict() if coincide else None


def empaquetar(nombre: str, xml: bytes) -> bytes:
    """The zip SUNAT receives: `{nombre}.zip` holding only `{nombre}.xml`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        # A fixed date keeps the zip of one XML byte-for-byte the same.
        info = zipfile.ZipInfo(f"{nombre}.xml", date_time=(2000, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        # The fastest deflate: the zip is a few KB either way and packing runs once per document.
        zf.writestr(info, xml, compresslevel=1)
    return buffer.getvalue()


def leer_zip(contenido: bytes) -> tuple[str, bytes]:
    """(name, bytes) of the first XML in a zip, skipping folders (SUNAT's CDR zips sometimes start with one)."""
    try:
        with zipfile.ZipFile(io.BytesIO(contenido)) as zf:
            for info in zf.infolist():
                if not info.is_dir() and info.filename.lower().endswith(".xml"):
                    return info.filename.rsplit("/", 1)[-1], zf.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError) as exc:
        raise ZipInvalido(f"El archivo ZIP está dañado o no es un ZIP ({exc}).") from exc
    raise ZipInvalido("El archivo ZIP no contiene ningún XML.")
