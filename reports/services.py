"""Writes of the reports: asking for a large export, and building it."""

import tempfile

from django.conf import settings
from django.core.files import File
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from . import tasks
from .excel import libro
from .framework import reporte as reporte_de
from .framework import resultado
from .models import Exportacion


@transaction.atomic
def exportacion_solicitar(*, usuario, reporte: str, parametros: dict) -> tuple[Exportacion, bool]:
    """Queue the export of `reporte` with `parametros` (the page's GET data) for `usuario`: (export, created).
    The same export asked again while it is being built is that one, not a second file."""
    en_curso = Exportacion.objects.select_for_update().filter(
        usuario=usuario, reporte=reporte, parametros=parametros, estado__in=[Exportacion.Estado.PENDIENTE, Exportacion.Estado.EN_CURSO]
    )
    existente = en_curso.first()
    if existente:
        return existente, False
    exportacion = Exportacion.objects.create(usuario=usuario, reporte=reporte, parametros=parametros)
    transaction.on_commit(lambda: tasks.exportar.delay(exportacion.pk))
    return exportacion, True


def exportacion_generar(*, exportacion_id: int) -> Exportacion:
    """Build the file of a queued export, recording the rows written as it goes; an export already built is left as is."""
    exportacion = Exportacion.objects.select_related("usuario").get(pk=exportacion_id)
    if exportacion.estado == Exportacion.Estado.LISTA:
        return exportacion
    definicion = reporte_de(exportacion.reporte)
    parametros = dict(exportacion.parametros)
    res = resultado(definicion, exportacion.usuario, parametros, parametros.get("o", ""))
    exportacion.estado, exportacion.filas_total, exportacion.filas_hechas = Exportacion.Estado.EN_CURSO, res.cuantas(), 0
    exportacion.save(update_fields=["estado", "filas_total", "filas_hechas"])

    def progreso(filas):
        Exportacion.objects.filter(pk=exportacion.pk).update(filas_hechas=filas)

    with tempfile.TemporaryFile() as temporal:
        libro(res, progreso).save(temporal)
        temporal.seek(0)
        nombre = f"{definicion.codigo}-{timezone.localtime():%Y%m%d-%H%M%S}.xlsx"
        exportacion.archivo.save(nombre, File(temporal), save=False)
    exportacion.estado, exportacion.terminado = Exportacion.Estado.LISTA, timezone.now()
    exportacion.filas_hechas = exportacion.filas_total
    exportacion.save(update_fields=["archivo", "estado", "terminado", "filas_hechas"])
    if exportacion.usuario.email:
        # The user may have left the page: the file waits for them under "Mis exportaciones".
        send_mail(
            f"Su exportación «{definicion.titulo}» está lista",
            f"El archivo de {exportacion.filas_total} filas está listo: {settings.URL_PUBLICA}{reverse('reports:descargar', args=[exportacion.pk])}\n"
            "También está en el ERP, en Reportes › Mis exportaciones.",
            None, [exportacion.usuario.email],
        )  # fmt: skip
    return exportacion
