"""Tasks of the reports (queue "reportes"): a large Excel export, built away from the user's request."""

from celery import shared_task

from .models import Exportacion


@shared_task(name="reports.tasks.exportar")
def exportar(exportacion_id: int) -> None:
    from .services import exportacion_generar

    try:
        exportacion_generar(exportacion_id=exportacion_id)
    except Exception as exc:
        # The page shows the failure instead of a progress bar that never ends.
        Exportacion.objects.filter(pk=exportacion_id).update(estado=Exportacion.Estado.ERROR, error=str(exc)[:500])
        raise
