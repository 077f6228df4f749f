"""Branches that existed before the inventory get their principal warehouse."""

from django.db import migrations


def crear(apps, schema_editor):
    Sucursal = apps.get_model("erp", "Sucursal")
    Almacen = apps.get_model("inventory", "Almacen")
    for sucursal in Sucursal.objects.exclude(almacenes__principal=True):
        Almacen.objects.get_or_create(
            sucursal=sucursal,
            nombre="Almacén principal",
            defaults={"principal": True, "empresa_id": sucursal.empresa_id},
        )


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]

    operations = [migrations.RunPython(crear, migrations.RunPython.noop)]
