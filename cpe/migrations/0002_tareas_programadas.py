"""The beat schedules of electronic invoicing, as editable rows of django-celery-beat."""

from django.db import migrations

TAREAS = [
    # name, task, minutes between runs
    ("CPE: reenviar pendientes y errores", "cpe.tasks.reenviar_pendientes", 5),
]


def crear(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for nombre, tarea, minutos in TAREAS:
        intervalo, _ = IntervalSchedule.objects.get_or_create(every=minutos, period="minutes")
        PeriodicTask.objects.get_or_create(name=nombre, defaults={"task": tarea, "interval": intervalo, "enabled": True})


class Migration(migrations.Migration):
    dependencies = [("cpe", "0001_initial"), ("django_celery_beat", "0019_alter_periodictasks_options")]

    operations = [migrations.RunPython(crear, migrations.RunPython.noop)]
