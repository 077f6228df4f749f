"""How a report's cell reads on screen: amounts with 2 decimals and thousands, dates dd/mm/yyyy."""

import datetime
from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def celda(valor, tipo: str):
    if valor is None or valor == "":
        return ""
    if tipo == "importe":
        return floatformat(valor, "2g")
    if tipo == "cantidad" and isinstance(valor, Decimal | float | int):
        return floatformat(valor, "-4g")
    if tipo == "entero":
        return floatformat(valor, "0g")
    if isinstance(valor, datetime.date):
        return f"{valor:%d/%m/%Y}"
    return valor
