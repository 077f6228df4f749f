from django.db import models


class TasaImpuesto(models.Model):
    """A tax rate in force from a date: SUNAT changes them by law, never by a code release."""

    class Tributo(models.TextChoices):
        IGV = "IGV", "IGV (%)"
        IVAP = "IVAP", "IVAP (%)"
        ICBPER = "ICBPER", "ICBPER (soles por bolsa)"

    tributo = models.CharField(max_length=6, choices=Tributo.choices)
    vigente_desde = models.DateField("vigente desde")
    valor = models.DecimalField(max_digits=8, decimal_places=4, help_text="IGV e IVAP en porcentaje (18); ICBPER en soles por bolsa (0.50).")
    base_legal = models.CharField("base legal", max_length=200, blank=True)

    class Meta:
        ordering = ["tributo", "-vigente_desde"]
        verbose_name = "tasa de impuesto"
        verbose_name_plural = "tasas de impuestos"
        constraints = [models.UniqueConstraint(fields=["tributo", "vigente_desde"], name="tasa_unica_por_fecha")]

    def __str__(self):
        return f"{self.get_tributo_display()}: {self.valor} desde {self.vigente_desde:%d/%m/%Y}"
