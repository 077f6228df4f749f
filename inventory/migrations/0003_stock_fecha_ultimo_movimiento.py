from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def completar(apps, schema_editor):
    Stock = apps.get_model("inventory", "Stock")
    Movimiento = apps.get_model("inventory", "Movimiento")
    ultimo = Movimiento.objects.filter(producto=OuterRef("producto"), almacen=OuterRef("almacen")).order_by("-fecha")
    Stock.objects.update(fecha_ultimo_movimiento=Subquery(ultimo.values("fecha")[:1]))


class Migration(migrations.Migration):
    dependencies = [("inventory", "0002_almacenes_de_sucursales")]

    operations = [
        migrations.AddField(
            model_name="stock",
            name="fecha_ultimo_movimiento",
            field=models.DateField(blank=True, null=True, verbose_name="último movimiento"),
        ),
        migrations.RunPython(completar, migrations.RunPython.noop),
    ]
