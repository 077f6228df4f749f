"""Comprobantes de retención (20) and de percepción (40): the company as SUNAT's agent.

A retention is issued when the company pays a provider (purchases), a
perception when it collects from a customer (billing); both list each paid
document as it was on the payment, so the CPE is built from this record
alone. The designation as agent and the regime's rate and threshold are
dated rows. What the company retained or perceived is owed to SUNAT: one
`TributoPorPagar` per comprobante, in the treasury's screens.
"""

from django.conf import settings
from django.db import models

from erp.models import Empresa, Serie, Socio, Sucursal

from .base import CERO, importe


class TipoOtro(models.TextChoices):
    RETENCION = "20", "Comprobante de retención"
    PERCEPCION = "40", "Comprobante de percepción"


class RegimenOtro(models.Model):
    """A regime of catálogo 23 (retention) or 22 (perception): its rate and the operation's minimum, from a date on."""

    tipo = models.CharField(max_length=2, choices=TipoOtro.choices)
    codigo = models.CharField("régimen", max_length=2, help_text="Catálogo 23 (retención) o 22 (percepción).")
    descripcion = models.CharField("descripción", max_length=100)
    vigente_desde = models.DateField("vigente desde")
    tasa = models.DecimalField("tasa (%)", max_digits=5, decimal_places=2)
    monto_minimo = importe(
        "monto mínimo de la operación (S/)", help_text="Se retiene o percibe cuando la operación supera este importe; 0: siempre."
    )
    base_legal = models.CharField("base legal", max_length=200, blank=True)

    class Meta:
        ordering = ["tipo", "codigo", "-vigente_desde"]
        verbose_name = "régimen de retención o percepción"
        verbose_name_plural = "regímenes de retención y percepción"
        constraints = [models.UniqueConstraint(fields=["tipo", "codigo", "vigente_desde"], name="regimen_otro_unico_por_fecha")]

    def __str__(self):
        return f"{self.get_tipo_display()} {self.codigo}: {self.tasa} % desde {self.vigente_desde:%d/%m/%Y}"


class AgenteDesignacion(models.Model):
    """SUNAT designated the company retention or perception agent from a date (and may exclude it later)."""

    empresa = models.ForeignKey(Empresa, on_delete=models.CASCADE, related_name="designaciones_agente")
    tipo = models.CharField("agente de", max_length=2, choices=TipoOtro.choices)
    regimen = models.CharField("régimen", max_length=2, default="01", help_text="Catálogo 23 (retención) o 22 (percepción).")
    desde = models.DateField("designado desde")
    hasta = models.DateField("excluido desde", null=True, blank=True)
    resolucion = models.CharField("resolución", max_length=100, blank=True)

    class Meta:
        ordering = ["empresa", "tipo", "-desde"]
        verbose_name = "designación como agente"
        verbose_name_plural = "designaciones como agente de retención o percepción"
        constraints = [models.UniqueConstraint(fields=["empresa", "tipo", "desde"], name="designacion_agente_unica")]

    def __str__(self):
        return f"Agente de {'retención' if self.tipo == TipoOtro.RETENCION else 'percepción'} desde {self.desde:%d/%m/%Y}"


class ComprobanteOtro(models.Model):
    class Estado(models.TextChoices):
        EMITIDO = "emitido", "Emitido"
        POR_REVERTIR = "por_revertir", "Reversión enviada"
        REVERTIDO = "revertido", "Revertido"

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="+")
    sucursal = models.ForeignKey(Sucursal, on_delete=models.PROTECT, related_name="+")
    tipo = models.CharField(max_length=2, choices=TipoOtro.choices)
    serie = models.ForeignKey(Serie, on_delete=models.PROTECT, related_name="comprobantes_otros")
    numero = models.PositiveIntegerField("número")
    fecha_emision = models.DateField("fecha de emisión")
    socio = models.ForeignKey(Socio, verbose_name="proveedor o cliente", on_delete=models.PROTECT, related_name="comprobantes_otros")
    receptor_tipo_documento = models.CharField(max_length=1)
    receptor_numero_documento = models.CharField(max_length=15)
    receptor_razon_social = models.CharField(max_length=250)
    receptor_direccion = models.CharField(max_length=500, blank=True)
    regimen = models.CharField("régimen", max_length=2)
    tasa = models.DecimalField("tasa (%)", max_digits=5, decimal_places=2)
    total = importe("importe retenido o percibido (S/)")
    total_neto = importe("importe pagado o cobrado (S/)")
    observacion = models.CharField("observación", max_length=250, blank=True)
    estado = models.CharField(max_length=12, choices=Estado.choices, default=Estado.EMITIDO)
    motivo_reversion = models.CharField("motivo de la reversión", max_length=100, blank=True)
    creado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, editable=False, related_name="+")
    creado = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fecha_emision", "-id"]
        verbose_name = "comprobante de retención o percepción"
        verbose_name_plural = "comprobantes de retención y percepción"
        constraints = [
            models.UniqueConstraint(fields=["serie", "numero"], name="comprobante_otro_numero_unico"),
            models.CheckConstraint(condition=models.Q(total__gt=0), name="comprobante_otro_total_positivo"),
        ]
        permissions = [("revertir_comprobanteotro", "Puede revertir comprobantes de retención y percepción")]

    def __str__(self):
        return f"{self.get_tipo_display()} {self.numeracion}"

    @property
    def numeracion(self) -> str:
        return f"{self.serie.serie}-{self.numero}"

    @property
    def es_retencion(self) -> bool:
        return self.tipo == TipoOtro.RETENCION


class LineaComprobanteOtro(models.Model):
    """One document paid or collected, with its payment, as the comprobante lists it."""

    comprobante = models.ForeignKey(ComprobanteOtro, on_delete=models.CASCADE, related_name="lineas")
    tipo_documento = models.CharField("tipo", max_length=2, help_text="Catálogo 01.")
    numero_documento = models.CharField("documento", max_length=30, help_text="Serie y número: F001-12.")
    fecha_documento = models.DateField("emitido el")
    moneda = models.CharField(max_length=3)
    importe_documento = importe("total del documento")
    pago_numero = models.PositiveIntegerField("pago n.º")
    pago_fecha = models.DateField("fecha del pago")
    pago_monto = importe("importe del pago")
    tipo_cambio = models.DecimalField("tipo de cambio", max_digits=10, decimal_places=6, null=True, blank=True)
    monto = importe("retenido o percibido (S/)")
    neto = importe("neto pagado o cobrado (S/)")

    class Meta:
        ordering = ["comprobante", "id"]
        verbose_name = "documento del comprobante"
        verbose_name_plural = "documentos del comprobante"

    def __str__(self):
        return self.numero_documento


class TributoPorPagar(models.Model):
    """What a retention or perception made the company owe SUNAT, until it is declared and paid (PDT 626/697)."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Por pagar"
        PAGADO = "pagado", "Pagado"
        ANULADO = "anulado", "Anulado (revertido)"

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="+")
    comprobante = models.OneToOneField(ComprobanteOtro, on_delete=models.PROTECT, related_name="tributo")
    periodo = models.CharField("período", max_length=7, help_text="AAAA-MM en que se declara.")
    fecha = models.DateField()
    monto = importe("monto (S/)")
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)

    class Meta:
        ordering = ["-periodo", "-fecha", "-id"]
        verbose_name = "retención o percepción por pagar a SUNAT"
        verbose_name_plural = "retenciones y percepciones por pagar a SUNAT"
        constraints = [models.CheckConstraint(condition=models.Q(monto__gt=CERO), name="tributo_por_pagar_positivo")]

    def __str__(self):
        return f"{self.comprobante} {self.periodo}: S/ {self.monto}"
