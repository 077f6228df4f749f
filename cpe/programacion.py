"""Each company's daily-summary schedule follows its `hora_resumen`.

The schedule is a django-celery-beat PeriodicTask on a CrontabSchedule in
America/Lima, visible and editable in Sistema › Tareas programadas; saving
the company's configuration moves it to the configured hour (the task's
other settings, such as being enabled, are left as the office set them).
"""

import json

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from cpe.models import ConfiguracionCpe

TAREA = "cpe.tasks.resumen_diario"
ZONA = "America/Lima"


def nombre_tarea(ruc: str) -> str:
    return f"CPE: resumen diario de boletas ({ruc})"


def programar_resumen_diario(*, configuracion: ConfiguracionCpe) -> PeriodicTask:
    """Create or move the company's daily-summary task to its configured hour."""
    hora = configuracion.hora_resumen
    with transaction.atomic():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=str(hora.minute),
            hour=str(hora.hour),
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=ZONA,
        )
        tarea, creada = PeriodicTask.objects.get_or_create(
            name=nombre_tarea(configuracion.empresa.ruc),
            defaults={
                "task": TAREA,
                "crontab": crontab,
                "kwargs": json.dumps({"empresa_id": configuracion.empresa_id}),
            },
        )
        if not creada and tarea.crontab_id != crontab.pk:
            tarea.crontab, tarea.interval = crontab, None
            tarea.save()
    return tarea


@receiver(post_save, sender=ConfiguracionCpe, dispatch_uid="cpe_programar_resumen_diario")
def al_guardar_configuracion(sender, instance, raw=False, **kwargs):
    if not raw:
        programar_resumen_diario(configuracion=instance)
