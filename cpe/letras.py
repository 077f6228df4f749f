"""Amounts in words, as printed on a CPE and sent in legend 1000 (catálogo 52).

`monto_en_letras(Decimal("737.50"), "PEN")` -> "SETECIENTOS TREINTA Y SIETE CON 50/100 SOLES".
The integer part is spelled out, the cents go as a fraction of 100, then the currency name.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words

MONEDAS = {
    "PEN": "SOLES",
    "USD": "DÓLARES AMERICANOS",
    "EUR": "EUROS",
    "GBP": "LIBRAS ESTERLINAS",
}

# num2words says "veintiuno mil" and "ciento uno millones"; Spanish apocopates
# "uno" before a noun: "veintiún mil", "ciento un millones".
_APOCOPE = re.compile(r"(veinti)?uno (mil|mill[oó]n|millones)\b")


def _apocope(m: re.Match) -> str:
    return ("veintiún " if m.group(1) else "un ") + m.group(2)


def monto_en_letras(monto: Decimal, moneda: str) -> str:
    """The amount spelled out in capitals, cents as NN/100, then the currency name."""
    if moneda not in MONEDAS:
        raise ValueError(f"No se puede expresar en letras un importe en la moneda «{moneda}».")
    monto = monto.quantize(Decimal("0.01"), ROUND_HALF_UP)
    if monto < 0:
        raise ValueError("No se puede expresar en letras un importe negativo.")
    entero = int(monto)
    centimos = int((monto - entero) * 100)
    palabras = _APOCOPE.sub(_apocope, num2words(entero, lang="es"))
    return f"{palabras.upper()} CON {centimos:02d}/100 {MONEDAS[moneda]}"
