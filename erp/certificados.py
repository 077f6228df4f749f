"""Reading and checking the company's digital certificate (PFX/P12 or PEM)."""

import datetime
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from django.utils import timezone


class CertificadoInvalido(ValueError):
    """The file, its password or its content is not usable; the message says why."""


@dataclass(frozen=True)
class Certificado:
    clave_privada: rsa.RSAPrivateKey
    certificado: x509.Certificate
    cadena: tuple[x509.Certificate, ...] = ()

    @property
    def sujeto(self) -> str:
        return self.certificado.subject.rfc4514_string()

    @property
    def emisor(self) -> str:
        return self.certificado.issuer.rfc4514_string()

    @property
    def desde(self) -> datetime.datetime:
        return self.certificado.not_valid_before_utc

    @property
    def vence(self) -> datetime.datetime:
        return self.certificado.not_valid_after_utc

    @property
    def huella(self) -> str:
        return self.certificado.fingerprint(hashes.SHA256()).hex()

    def pem_certificado(self) -> str:
        return "".join(
            c.public_bytes(serialization.Encoding.PEM).decode("ascii") for c in (self.certificado, *self.cadena)
        )

    def pem_clave(self) -> str:
        return self.clave_privada.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode("ascii")


def _leer_pfx(contenido: bytes, clave: bytes | None) -> Certificado:
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(contenido, clave)
    except ValueError as exc:
        raise CertificadoInvalido(
            "No se pudo abrir el certificado: la contraseña es incorrecta o el archivo no es un PFX/P12 válido."
        ) from exc
    if key is None or cert is None:
        raise CertificadoInvalido("El archivo PFX/P12 no contiene el certificado y su clave privada.")
    return Certificado(key, cert, tuple(extra or ()))


def _leer_pem(contenido: bytes, clave: bytes | None) -> Certificado:
    certs = x509.load_pem_x509_certificates(contenido) if b"-----BEGIN CERTIFICATE-----" in contenido else []
    if not certs:
        raise CertificadoInvalido("El archivo PEM no contiene un certificado (BEGIN CERTIFICATE).")
    if b"PRIVATE KEY-----" not in contenido:
        raise CertificadoInvalido("El archivo PEM no contiene la clave privada (BEGIN PRIVATE KEY).")
    try:
        key = serialization.load_pem_private_key(contenido, password=clave)
    except TypeError as exc:
        raise CertificadoInvalido("La clave privada del PEM está protegida: ingrese su contraseña.") from exc
    except ValueError as exc:
        raise CertificadoInvalido("No se pudo leer la clave privada del PEM: la contraseña es incorrecta.") from exc
    # The key may sit beside CA certificates: keep the one that matches it first.
    publica = key.public_key().public_numbers()
    propios = [c for c in certs if c.public_key().public_numbers() == publica]
    if not propios:
        raise CertificadoInvalido("La clave privada no corresponde a ningún certificado del archivo.")
    return Certificado(key, propios[0], tuple(c for c in certs if c is not propios[0]))


def leer_certificado(contenido: bytes, clave: str = "") -> Certificado:
    """Open a PFX/P12 or PEM file; `clave` is its password (may be empty)."""
    password = clave.encode() if clave else None
    cert = _leer_pem(contenido, password) if b"-----BEGIN" in contenido else _leer_pfx(contenido, password)
    if not isinstance(cert.clave_privada, rsa.RSAPrivateKey):
        raise CertificadoInvalido("SUNAT requiere un certificado con clave RSA.")
    return cert


def validar_para_empresa(cert: Certificado, ruc: str, ahora: datetime.datetime | None = None) -> None:
    """Refuse a certificate that is not in force or is not the company's."""
    ahora = ahora or timezone.now()
    local = timezone.localtime
    if cert.vence <= ahora:
        raise CertificadoInvalido(f"El certificado venció el {local(cert.vence):%d/%m/%Y}.")
    if cert.desde > ahora:
        raise CertificadoInvalido(f"El certificado recién será válido desde el {local(cert.desde):%d/%m/%Y}.")
    if ruc not in cert.sujeto:
        raise CertificadoInvalido(
            f"El certificado no corresponde al RUC {ruc}: su titular es «{cert.sujeto}»."
        )


def generar_autofirmado(
    *, ruc: str, razon_social: str, dias: int = 3650, desde: datetime.datetime | None = None, clave: str = ""
) -> bytes:
    """A self-signed PFX for the demo company and the sandbox: never for SUNAT production."""
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    desde = desde or timezone.now() - datetime.timedelta(days=1)
    nombre = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, razon_social),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, f"RUC{ruc}"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{razon_social} - {ruc}"),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(nombre)
        .issuer_name(nombre)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(desde)
        .not_valid_after(desde + datetime.timedelta(days=dias))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cifrado = serialization.BestAvailableEncryption(clave.encode()) if clave else serialization.NoEncryption()
    return pkcs12.serialize_key_and_certificates(razon_social.encode(), key, cert, None, cifrado)
