"""Reads of the sales module."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from billing.models import TasaImpuesto


def tasas_vigentes(fecha: datetime.date) -> dict[str, Decimal]:
    """The rate of each tributo (TasaImpuesto.Tributo) in force on `fecha`, in one query."""
    vigentes = {}
    for tributo, valor in TasaImpuesto.objects.filter(vigente_desde__lte=fecha).order_by("-vigente_desde").values_list("tributo", "valor"):
        vigentes.setdefault(tributo, valor)
    for tributo in TasaImpuesto.Tributo.values:
        if tributo not in vigentes:
            raise ValidationError(f"No hay una tasa de {tributo} vigente al {fecha:%d/%m/%Y}: regístrela en Tasas de impuestos.")
    return vigentes
