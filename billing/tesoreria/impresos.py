"""The treasury's printed files: the arqueo (PDF, xhtml2pdf like the other printed documents)."""

import io
from decimal import Decimal

from django.template.loader import render_to_string
from xhtml2pdf import pisa

from . import selectors
from .models import TurnoCaja
from .services import DENOMINACIONES

# From this value down a piece is a coin (monedas), above a note (billetes).
MONEDA_HASTA = {"PEN": Decimal("5"), "USD": Decimal("0.50")}


def _pdf(plantilla: str, contexto: dict) -> bytes:
    salida = io.BytesIO()
    pisa.CreatePDF(render_to_string(plantilla, contexto), dest=salida, encoding="utf-8")
    return salida.getvalue()


def arqueo_pdf(turno: TurnoCaja) -> bytes:
    caja = turno.caja
    codigo = caja.moneda.codigo
    conteo = [
        {"tipo": "Moneda" if Decimal(v) <= MONEDA_HASTA[codigo] else "Billete", "valor": v, "cantidad": turno.conteo[v], "importe": Decimal(v) * turno.conteo[v]}
        for v in DENOMINACIONES[codigo]
        if turno.conteo.get(v)
    ]
    movimientos = turno.movimientos.select_related("concepto").order_by("id")
    return _pdf(
        "billing/tesoreria/arqueo.html",
        {"turno": turno, "caja": caja, "empresa": caja.empresa, "conteo": conteo, "resumen": selectors.resumen_turno(turno), "movimientos": movimientos},
    )
