"""The user's own exports: what was asked, how far it got, the file."""

from django.urls import reverse
from django.utils.html import format_html
from unfold.decorators import display

from erp.admin.base import ErpModelAdmin, SoloConsultaMixin, admin

from .framework import reporte
from .models import Exportacion


@admin.register(Exportacion)
class ExportacionAdmin(SoloConsultaMixin, ErpModelAdmin):
    list_display = ("creado", "reporte_txt", "estado_txt", "filas_total", "archivo_txt")
    list_display_links = None
    ordering = ("-creado",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(usuario=request.user)

    @display(description="reporte")
    def reporte_txt(self, obj):
        definicion = reporte(obj.reporte)
        return definicion.titulo if definicion else obj.reporte

    @display(description="estado", label={"Lista": "success", "Error": "danger", "Generando": "info", "En cola": "warning"})
    def estado_txt(self, obj):
        return obj.get_estado_display()

    @display(description="archivo")
    def archivo_txt(self, obj):
        if obj.estado == Exportacion.Estado.LISTA:
            return format_html('<a class="text-primary-600" href="{}">Descargar</a>', reverse("reports:descargar", args=[obj.pk]))
        return format_html('<a class="text-primary-600" href="{}">Ver avance</a>', reverse("reports:exportacion", args=[obj.pk]))
