"""Signing speed on one core: raw RSA-2048 signatures, and the signer on a 10-line factura.

    /work/main/.venv/bin/python bench/firma.py [segundos]
"""

import hashlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erp.settings")

import django  # noqa: E402

django.setup()

from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import padding  # noqa: E402

from cpe.empaquetado import empaquetar  # noqa: E402
from cpe.firma import firmar, verificar_firma  # noqa: E402
from erp.certificados import generar_autofirmado, leer_certificado  # noqa: E402
from tests.cpe.documentos import factura_xml  # noqa: E402

RUC = "20100070970"


def por_segundo(funcion, segundos: float) -> float:
    funcion()  # warm-up: caches, first allocation
    veces, inicio = 0, time.perf_counter()
    while (transcurrido := time.perf_counter() - inicio) < segundos:
        funcion()
        veces += 1
    return veces / transcurrido


def main():
    segundos = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    certificado = leer_certificado(generar_autofirmado(ruc=RUC, razon_social="EMPRESA BENCH S.A.C."))
    credenciales = {
        "certificado": certificado.pem_certificado(),
        "clave": certificado.pem_clave(),
        "huella": certificado.huella,
    }
    xml = factura_xml(ruc=RUC, lineas=10)
    resumen = hashlib.sha256(xml).digest()
    firmado = firmar(xml, **credenciales)

    filas = [
        (
            "firmas RSA-2048 (SHA-256) en bruto",
            por_segundo(lambda: certificado.clave_privada.sign(resumen, padding.PKCS1v15(), hashes.SHA256()), segundos),
        ),
        ("documentos firmados (10 líneas)", por_segundo(lambda: firmar(xml, **credenciales), segundos)),
        (
            "documentos firmados y comprimidos",
            por_segundo(lambda: empaquetar(f"{RUC}-01-F001-1", firmar(xml, **credenciales).xml), segundos),
        ),
        ("firmas verificadas (sandbox)", por_segundo(lambda: verificar_firma(firmado.xml), segundos)),
    ]
    print(f"Documento de prueba: factura de 10 líneas, {len(xml):,} bytes sin firma, {len(firmado.xml):,} firmada.")
    for nombre, valor in filas:
        print(f"{nombre:<40} {valor:>10,.0f} /s")


if __name__ == "__main__":
    main()
