"""Issued, signed documents for the tests of the printed outputs, the platform and the public pages; and PDF readers."""

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pyzbar.pyzbar import decode

from billing import services
from cpe.models import ComprobanteElectronico, ConfiguracionCpe
from erp.certificados import generar_autofirmado
from erp.services import empresa_cargar_certificado
from tests import factories
from tests.ventas import HOY, borrador  # noqa: F401  (re-exported for the output tests)

MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture
def tienda_cpe(tienda):
    """The sales tests' shop with a certificate: its documents are signed when issued (and not sent)."""
    empresa = tienda["empresa"]
    pfx = generar_autofirmado(ruc=empresa.ruc, razon_social=empresa.razon_social, clave="c")
    empresa_cargar_certificado(empresa=empresa, contenido=pfx, clave="c")
    ConfiguracionCpe.objects.update_or_create(empresa=empresa, defaults={"envio_automatico": False})
    perfil = factories.perfil(
        "Facturación",
        modulos=[
            "facturacion.cpe",
            "ventas.facturas",
            "ventas.boletas",
            "ventas.notas_credito",
            "ventas.notas_venta",
            "ventas.cotizaciones",
        ],
    )
    tienda["contador"] = factories.usuario("contador", sucursales=[tienda["sucursal"]], perfiles=[perfil])
    return tienda


def emitir(t, tipo="01", **kwargs):
    """Issue a draft built with `borrador` in the shop `t`; returns the document and its CPE (with its files)."""
    documento = services.documento_emitir(documento_id=borrador(t, tipo=tipo, **kwargs).pk, usuario=t["vendedor"])
    return documento, ComprobanteElectronico.con_archivos.filter(documento=documento).first()


def texto_pdf(contenido: bytes) -> str:
    """The PDF's text with its whitespace collapsed (a long legend wraps differently on each paper)."""
    return " ".join(" ".join(pagina.extract_text().split()) for pagina in PdfReader(io.BytesIO(contenido)).pages)


def paginas_pdf(contenido: bytes):
    """(width, height) in millimetres of each page."""
    return [
        (round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM))
        for p in PdfReader(io.BytesIO(contenido)).pages
    ]


def qr_pdf(contenido: bytes) -> list[str]:
    """The QR codes printed in the PDF, read from its pages rendered at 150 dpi (poppler's pdftoppm, libzbar)."""
    with tempfile.TemporaryDirectory() as carpeta:
        (Path(carpeta) / "doc.pdf").write_bytes(contenido)
        subprocess.run(["pdftoppm", "-png", "-r", "150", "doc.pdf", "pagina"], cwd=carpeta, check=True)
        return [
            codigo.data.decode("utf-8")
            for imagen in sorted(Path(carpeta).glob("pagina*.png"))
            for codigo in decode(Image.open(imagen))
            if codigo.type == "QRCODE"
        ]
