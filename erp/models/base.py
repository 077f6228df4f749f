from django.conf import settings
from django.db import models


class Auditado(models.Model):
    """Who created a record and when, as the manual's "Registro" tab shows."""

    creado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="autor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    creado = models.DateTimeField("fecha de creación", auto_now_add=True)
    modificado = models.DateTimeField("fecha de modificación", auto_now=True)

    class Meta:
        abstract = True
