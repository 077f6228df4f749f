"""What the compatible JSON dialects keep: each company's Nubefact-style route, and the callers' unique codes.

Imported by cpe.models.
"""

import uuid

from django.db import models

from erp.models import Empresa


class RutaDialecto(models.Model):
    """The path that identifies a company in a dialect's URL, as the provider's route did."""

    empresa = models.OneToOneField(Empresa, on_delete=models.CASCADE, related_name="ruta_dialecto")
    ruta = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = "ruta de API compatible"
        verbose_name_plural = "rutas de API compatibles"

    def __str__(self):
        return str(self.ruta)

    @classmethod
    def de(cls, empresa: Empresa) -> "RutaDialecto":
        return cls.objects.get_or_create(empresa=empresa)[0]


class CodigoUnico(models.Model):
    """A caller's own code for a document (Nubefact's `codigo_unico`): sending it again answers with the same document."""

    empresa = models.ForeignKey(Empresa, on_delete=models.CASCADE, related_name="+")
    codigo = models.CharField("código único", max_length=20)
    documento = models.ForeignKey("billing.DocumentoVenta", on_delete=models.CASCADE, related_name="+")
    creado = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "código único de integración"
        verbose_name_plural = "códigos únicos de integración"
        constraints = [models.UniqueConstraint(fields=["empresa", "codigo"], name="codigo_unico_por_empresa")]

    def __str__(self):
        return self.codigo
