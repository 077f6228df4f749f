"""The tax rates in force since they were set (the totals engine reads them by issue date)."""

import datetime
from decimal import Decimal

from django.db import migrations

TASAS = [
    ("IGV", datetime.date(2011, 3, 1), Decimal("18"), "Ley 29666: IGV 16 % + IPM 2 %"),
    ("IVAP", datetime.date(2004, 1, 1), Decimal("4"), "Ley 28211: Impuesto a la Venta del Arroz Pilado"),
    ("ICBPER", datetime.date(2019, 8, 1), Decimal("0.10"), "Ley 30884"),
    ("ICBPER", datetime.date(2020, 1, 1), Decimal("0.20"), "Ley 30884"),
    ("ICBPER", datetime.date(2021, 1, 1), Decimal("0.30"), "Ley 30884"),
    ("ICBPER", datetime.date(2022, 1, 1), Decimal("0.40"), "Ley 30884"),
    ("ICBPER", datetime.date(2023, 1, 1), Decimal("0.50"), "Ley 30884"),
]


def cargar(apps, schema_editor):
    TasaImpuesto = apps.get_model("billing", "TasaImpuesto")
    for tributo, desde, valor, base in TASAS:
        TasaImpuesto.objects.get_or_create(tributo=tributo, vigente_desde=desde, defaults={"valor": valor, "base_legal": base})


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [migrations.RunPython(cargar, migrations.RunPython.noop)]
