"""Weighted-average valuation (promedio ponderado móvil): pure functions, no database.

Entries at their cost change the average; exits leave at the current average.
Unit costs keep 6 decimals, values 2 (ROUND_HALF_UP). When an exit empties the
stock it takes all the value left, so no cents stay behind on zero units.
With negative stock (only if the company allows it) the average holds until
there is stock again.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CERO = Decimal("0")
DOS = Decimal("0.01")
SEIS = Decimal("0.000001")


def redondear_valor(valor: Decimal) -> Decimal:
    return valor.quantize(DOS, rounding=ROUND_HALF_UP)


def redondear_costo(costo: Decimal) -> Decimal:
    return costo.quantize(SEIS, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Saldo:
    """The running balance of one product in one warehouse."""

    cantidad: Decimal = CERO
    costo_unitario: Decimal = CERO
    valor: Decimal = CERO


@dataclass(frozen=True)
class Valorizado:
    """A valued move: its own unit cost and value, and the balance after it."""

    costo_unitario: Decimal
    costo_total: Decimal
    saldo: Saldo

    def campos(self) -> dict:
        """The values as the kardex move (inventory.models.Movimiento) names them."""
        return {
            "costo_unitario": self.costo_unitario,
            "costo_total": self.costo_total,
            "saldo_cantidad": self.saldo.cantidad,
            "saldo_costo_unitario": self.saldo.costo_unitario,
            "saldo_valor": self.saldo.valor,
        }


def entrada(saldo: Saldo, cantidad: Decimal, costo_unitario: Decimal | None = None) -> Valorizado:
    """An entry at `costo_unitario`, or at the current average when it is None (a return)."""
    costo = saldo.costo_unitario if costo_unitario is None else redondear_costo(costo_unitario)
    total = redondear_valor(cantidad * costo)
    nueva = saldo.cantidad + cantidad
    valor = saldo.valor + total
    if nueva > 0:
        promedio = redondear_costo(valor / nueva)
    else:
        promedio, valor = (saldo.costo_unitario or costo), (CERO if nueva == 0 else valor)
    return Valorizado(costo, total, Saldo(nueva, promedio, valor))


def salida(saldo: Saldo, cantidad: Decimal, costo_unitario: Decimal | None = None) -> Valorizado:
    """An exit at the current average, or at `costo_unitario` (undoing an entry at that cost)."""
    nueva = saldo.cantidad - cantidad
    if nueva == 0:
        total = saldo.valor
        costo = redondear_costo(total / cantidad)
        return Valorizado(costo, total, Saldo(CERO, saldo.costo_unitario, CERO))
    if costo_unitario is None:
        costo = saldo.costo_unitario
        total = redondear_valor(cantidad * costo)
    else:
        # Undoing an entry never leaves units with a negative value.
        total = min(redondear_valor(cantidad * costo_unitario), max(saldo.valor, CERO))
        costo = redondear_costo(total / cantidad)
    valor = saldo.valor - total
    promedio = redondear_costo(valor / nueva) if nueva > 0 else saldo.costo_unitario
    return Valorizado(costo, total, Saldo(nueva, promedio, valor))
