"""Reads of the sales module."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from billing.models import TasaImpuesto


def tasa_vigente(tributo: str, fecha: datetime.date) -> Decimal:
    """The rate of `tributo` (TasaImpuesto.Tributo) in force on `fecha`."""
    tasa = TasaImpuesto.objects.filter(tributo=tributo, vigente_desde__lte=fecha).order_by("-vigente_desde").first()
    if tasa is None:
        raise ValidationError(f"No hay una tasa de {tributo} vigente al {fecha:%d/%m/%Y}: regístrela en Tasas de impuestos.")
    return tasa.valor
