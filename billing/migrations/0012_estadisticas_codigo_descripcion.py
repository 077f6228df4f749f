from django.db import migrations

NOMBRE = "billing_lineadocumento_codigo_descripcion"


def crear(apps, schema_editor):
    # A line's description follows from its code: without this PostgreSQL multiplies their distinct counts, expects
    # a group per line in the reports by product and sorts them on disk instead of hashing the real few thousand.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE STATISTICS IF NOT EXISTS {NOMBRE} (ndistinct) ON codigo, descripcion FROM billing_lineadocumento")


def borrar(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {NOMBRE}")


class Migration(migrations.Migration):
    dependencies = [("billing", "0011_caja_turno_abierto")]

    operations = [migrations.RunPython(crear, borrar)]
