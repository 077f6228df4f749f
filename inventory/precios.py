"""Sale price with and without IGV: pure functions the forms, services and demo share."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from erp.catalogos import AfectacionIGV

DECIMALES_PRECIO = Decimal("0.000001")
TOLERANCIA = Decimal("0.01")


def tasa_igv(fecha: datetime.date | None = None) -> Decimal:
    """IGV rate (IGV + IPM) in force on `fecha`.

    The one place that knows the rate: it will read the dated tax parameters
    once they exist.
    """
    return Decimal("0.18")


def tasa_ivap(fecha: datetime.date | None = None) -> Decimal:
    return Decimal("0.04")


def _tasa(afectacion: str, fecha) -> Decimal:
    if afectacion == AfectacionIGV.IVAP:
        return tasa_ivap(fecha)
    if afectacion == AfectacionIGV.GRAVADO:
        return tasa_igv(fecha)
    # Exonerated, unaffected, exports and free transfers charge no IGV on the price.
    return Decimal("0")


def _redondear(valor: Decimal) -> Decimal:
    return valor.quantize(DECIMALES_PRECIO, rounding=ROUND_HALF_UP)


def precio_con_igv(valor_venta: Decimal, afectacion: str, fecha=None) -> Decimal:
    return _redondear(Decimal(valor_venta) * (1 + _tasa(afectacion, fecha)))


def valor_sin_igv(precio_venta: Decimal, afectacion: str, fecha=None) -> Decimal:
    return _redondear(Decimal(precio_venta) / (1 + _tasa(afectacion, fecha)))


def precios_consistentes(
    *, afectacion: str, precio_venta: Decimal | None = None, valor_venta: Decimal | None = None, fecha=None
) -> tuple[Decimal, Decimal]:
    """(precio_venta, valor_venta) from whichever the user entered; both must agree to the cent."""
    if precio_venta is None and valor_venta is None:
        return Decimal("0"), Decimal("0")
    if valor_venta is None:
        return _redondear(Decimal(precio_venta)), valor_sin_igv(precio_venta, afectacion, fecha)
    esperado = precio_con_igv(valor_venta, afectacion, fecha)
    if precio_venta is None:
        return esperado, _redondear(Decimal(valor_venta))
    if abs(esperado - Decimal(precio_venta)) > TOLERANCIA:
        raise ValidationError(
            "El precio con IGV (%(precio)s) no corresponde al valor sin IGV (%(valor)s): ingrese solo uno de los dos.",
            code="precios_inconsistentes",
            params={"precio": precio_venta, "valor": valor_venta},
        )
    return _redondear(Decimal(precio_venta)), _redondear(Decimal(valor_venta))
