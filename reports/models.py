"""What the reports keep: the Excel exports too big to build while the user waits, and the reports' permissions."""

from django.conf import settings
from django.db import models


class Exportacion(models.Model):
    """A large export built by a Celery task; the page polls its progress and offers the file when it is ready."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "En cola"
        EN_CURSO = "en_curso", "Generando"
        LISTA = "lista", "Lista"
        ERROR = "error", "Error"

    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reporte = models.CharField(max_length=40)
    parametros = models.JSONField("filtros", default=dict)
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    filas_total = models.PositiveIntegerField("filas", default=0)
    filas_hechas = models.PositiveIntegerField("filas escritas", default=0)
    archivo = models.FileField(upload_to="reportes/", blank=True)
    error = models.TextField(blank=True)
    creado = models.DateTimeField("solicitado", auto_now_add=True)
    terminado = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-creado"]
        verbose_name = "exportación"
        verbose_name_plural = "exportaciones"
        indexes = [models.Index(fields=["usuario", "reporte", "estado"], name="exportacion_pendiente_idx")]
        permissions = [
            ("ver_ventas", "Ver los reportes de ventas"),
            ("ver_compras", "Ver los reportes de compras"),
            ("ver_inventario", "Ver los reportes de inventario"),
            ("ver_tesoreria", "Ver los reportes de caja, bancos y cartera"),
            ("ver_asistencia", "Ver el reporte de asistencia"),
            ("ver_planilla", "Ver los reportes de planilla"),
            ("ver_margenes", "Ver los reportes de márgenes"),
            ("ver_cpe", "Ver el reporte de comprobantes electrónicos"),
            ("ver_ple", "Generar los libros electrónicos (PLE)"),
        ]

    def __str__(self):
        return f"{self.reporte} {self.creado:%d/%m/%Y %H:%M}"

    @property
    def progreso(self) -> int:
        """Percent written, for the progress bar."""
        if self.estado == self.Estado.LISTA:
            return 100
        return int(self.filas_hechas * 100 / self.filas_total) if self.filas_total else 0
