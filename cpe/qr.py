"""The QR code SUNAT requires on the printed CPE: its content and its image.

Content, in SUNAT's order, each field followed by "|":
RUC|TIPO|SERIE|NUMERO|IGV|TOTAL|FECHA|TIPO DOC CLIENTE|NUM DOC CLIENTE|HASH|
(amounts with 2 decimals, the issue date as YYYY-MM-DD, the client's document
type as its catálogo 06 code, the hash of the signed XML). Error correction
level Q, black on white, with a quiet zone.
"""

import datetime
import io
from decimal import ROUND_HALF_UP, Decimal

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_Q

CENTIMO = Decimal("0.01")


def contenido_qr(
    *,
    ruc: str,
    tipo: str,
    serie: str,
    numero: int,
    igv: Decimal,
    total: Decimal,
    fecha: datetime.date,
    cliente_tipo: str,
    cliente_numero: str,
    hash: str,
) -> str:
    campos = [
        ruc,
        tipo,
        serie,
        f"{numero:08d}",
        str(igv.quantize(CENTIMO, ROUND_HALF_UP)),
        str(total.quantize(CENTIMO, ROUND_HALF_UP)),
        fecha.isoformat(),
        cliente_tipo,
        cliente_numero,
        hash,
    ]
    return "".join(f"{campo}|" for campo in campos)


def qr_png(texto: str) -> bytes:
    """The QR as a black and white PNG, 4 pixels per module with a 2-module quiet zone.

    Printed about 2.5 cm wide, a module stays well above SUNAT's 0.19 mm.
    """
    codigo = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=2)
    codigo.add_data(texto.encode("utf-8"))
    codigo.make(fit=True)
    matriz = codigo.get_matrix()
    lado = len(matriz)
    imagen = Image.new("1", (lado, lado))
    imagen.putdata([0 if negro else 1 for fila in matriz for negro in fila])
    salida = io.BytesIO()
    imagen.resize((lado * 4, lado * 4), Image.Resampling.NEAREST).save(salida, format="PNG")
    return salida.getvalue()


def contenido_qr_de(documento, *, ruc: str, hash: str) -> str:
    """The QR content of an issued sales document (any object with its fields: no app imported here)."""
    return contenido_qr(
        ruc=ruc,
        tipo=documento.tipo,
        serie=documento.serie.serie,
        numero=documento.numero,
        igv=documento.total_igv + documento.total_ivap,
        total=documento.importe_total,
        fecha=documento.fecha_emision,
        cliente_tipo=documento.cliente_tipo_documento,
        cliente_numero=documento.cliente_numero_documento,
        hash=hash,
    )

