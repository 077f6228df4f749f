from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
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


class EmpresaDeSucursal(models.Model):
    """A row owned by a branch that also stores the branch's company.

    The company is copied so constraints can be per company; it is not a form
    field, so forms skip those constraints and `exigir_unico` checks them.
    """

    class Meta:
        abstract = True

    def tomar_empresa_de_sucursal(self) -> bool:
        try:
            # Also works while the branch is being created in the same form.
            self.empresa_id = self.sucursal.empresa_id
        except ObjectDoesNotExist:
            return False
        return True

    def clean_fields(self, exclude=None):
        self.tomar_empresa_de_sucursal()
        super().clean_fields(exclude)

    def exigir_unico(self, campo_error: str, mensaje: str, **filtros) -> None:
        if type(self)._default_manager.filter(empresa_id=self.empresa_id, **filtros).exclude(pk=self.pk).exists():
            raise ValidationError({campo_error: mensaje})

    def save(self, *args, **kwargs):
        self.tomar_empresa_de_sucursal()
        super().save(*args, **kwargs)
