"""SUNAT's deadlines for summaries and voidings, and the beat schedules that send and poll them.

Each company gets its daily-summary task at its configured hour (America/Lima);
cpe.programacion keeps it in step when the configuration changes.
"""

import datetime

from django.db import migrations

PLAZOS = [
    # tipo, vigente desde, días calendario desde el día siguiente a la emisión, base legal
    ("RC", datetime.date(2016, 1, 1), 7, "R.S. 097-2012/SUNAT y modificatorias: hasta el séptimo día calendario siguiente"),
    ("RC", datetime.date(2021, 1, 1), 3, "R.S. 000193-2020/SUNAT: hasta el tercer día calendario siguiente"),
    ("RA", datetime.date(2016, 1, 1), 7, "R.S. 097-2012/SUNAT y modificatorias: hasta el séptimo día calendario siguiente"),
]
TAREA_TICKETS = "CPE: resúmenes y bajas: enviar pendientes y consultar tickets"
TAREA_DIARIA = "CPE: resumen diario de boletas ({ruc})"


def crear(apps, schema_editor):
    PlazoSunat = apps.get_model("cpe", "PlazoSunat")
    ConfiguracionCpe = apps.get_model("cpe", "ConfiguracionCpe")
    Empresa = apps.get_model("erp", "Empresa")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for tipo, desde, dias, base in PLAZOS:
        PlazoSunat.objects.get_or_create(tipo=tipo, vigente_desde=desde, defaults={"dias": dias, "base_legal": base})
    intervalo, _ = IntervalSchedule.objects.get_or_create(every=2, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TAREA_TICKETS, defaults={"task": "cpe.tasks.atender_resumenes", "interval": intervalo, "enabled": True}
    )
    for empresa in Empresa.objects.all():
        configuracion, _ = ConfiguracionCpe.objects.get_or_create(empresa=empresa)
        hora = configuracion.hora_resumen
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=str(hora.minute), hour=str(hora.hour), day_of_week="*", day_of_month="*", month_of_year="*",
            timezone="America/Lima",
        )
        PeriodicTask.objects.get_or_create(
            name=TAREA_DIARIA.format(ruc=empresa.ruc),
            defaults={
                "task": "cpe.tasks.resumen_diario",
                "crontab": crontab,
                "kwargs": f'{{"empresa_id": {empresa.pk}}}',
                "enabled": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cpe", "0003_resumenes_y_bajas"),
        ("erp", "0002_referencias"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(crear, migrations.RunPython.noop)]
