"""Encryption of secrets at rest (SOL password, certificate private key, ...)."""

import base64
import functools

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models


@functools.cache
def _fernet(material: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"erp-secretos", info=b"fernet").derive(
        material.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def fernet() -> Fernet:
    return _fernet(settings.FIELD_ENCRYPTION_KEY or settings.SECRET_KEY)


def cifrar(data: bytes) -> str:
    return fernet().encrypt(data).decode("ascii")


def descifrar(token: str) -> bytes:
    try:
        return fernet().decrypt(token.encode("ascii"))
    except InvalidToken as exc:
        raise ValueError(
            "No se pudo descifrar un secreto guardado: la clave de cifrado cambió. "
            "Vuelva a ingresar el secreto."
        ) from exc


class SecretoField(models.TextField):
    """A text column stored encrypted; Python sees the plain value.

    It is kept out of forms (editable=False): screens offer write-only fields
    and never render the stored value.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        if not value:
            return ""
        return descifrar(value).decode("utf-8")

    def get_prep_value(self, value):
        if not value:
            return ""
        return cifrar(str(value).encode("utf-8"))
