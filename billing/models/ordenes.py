"""Work orders (órdenes de trabajo): activities from a catalogue, approval, and manufacturing costs."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from erp.models import Auditado, Empresa, EmpresaDeSucursal, Serie, Socio, Sucursal


class Actividad(models.Model):
    empresa = models.ForeignKey(Empresa, on_delete=models.CASCADE, related_name="actividades")
    nombre = models.CharField(max_length=150)
    activo = models.BooleanField(default=True)

    class Meta:
        ordering = ["nombre"]
        verbose_name = "actividad"
        verbose_name_plural = "actividades"
        constraints = [models.UniqueConstraint(fields=["empresa", "nombre"], name="actividad_unica")]

    def __str__(self):
        return self.nombre


class OrdenTrabajo(EmpresaDeSucursal, Auditado):
    class Estado(models.TextChoices):
        POR_APROBAR = "por_aprobar", "Por aprobar"
        APROBADA = "aprobada", "Aprobada"
        EN_PROCESO = "en_proceso", "En proceso"
        TERMINADA = "terminada", "Terminada"
        ANULADA = "anulada", "Anulada"

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, editable=False, related_name="+")
    sucursal = models.ForeignKey(Sucursal, on_delete=models.PROTECT, related_name="+")
    serie = models.ForeignKey(Serie, on_delete=models.PROTECT, related_name="+")
    numero = models.PositiveIntegerField("número", editable=False)
    cliente = models.ForeignKey(Socio, on_delete=models.PROTECT, related_name="+")
    titulo = models.CharField("trabajo", max_length=200)
    fecha = models.DateField()
    fecha_entrega = models.DateField("fecha de entrega", null=True, blank=True)
    estado = models.CharField(max_length=12, choices=Estado.choices, default=Estado.POR_APROBAR, editable=False)
    descripcion = models.TextField("descripción", blank=True)
    aprobado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="aprobado por", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    aprobado_en = models.DateTimeField("aprobado el", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-fecha", "-id"]
        verbose_name = "orden de trabajo"
        verbose_name_plural = "órdenes de trabajo"
        permissions = [("aprobar_ordentrabajo", "Puede aprobar órdenes de trabajo")]
        constraints = [models.UniqueConstraint(fields=["serie", "numero"], name="orden_trabajo_numero_unico")]

    def __str__(self):
        return f"{self.serie.serie}-{self.numero:08d} {self.titulo}"

    @property
    def costo_total(self) -> Decimal:
        return sum((c.total for c in self.costos.all()), Decimal("0"))


class ActividadOrden(models.Model):
    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        EN_PROCESO = "en_proceso", "En proceso"
        TERMINADA = "terminada", "Terminada"

    orden_trabajo = models.ForeignKey(OrdenTrabajo, on_delete=models.CASCADE, related_name="actividades")
    actividad = models.ForeignKey(Actividad, on_delete=models.PROTECT)
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    orden = models.PositiveSmallIntegerField(default=1)
    fecha_inicio = models.DateField("fecha de inicio", null=True, blank=True)
    fecha_termino = models.DateField("fecha de término", null=True, blank=True)
    fecha_extemporanea = models.DateField("fecha extemporánea", null=True, blank=True, help_text="Nueva fecha si la actividad se atrasó.")
    observacion = models.CharField("observación", max_length=250, blank=True)

    class Meta:
        ordering = ["orden", "id"]
        verbose_name = "actividad de la orden"
        verbose_name_plural = "actividades"

    def __str__(self):
        return str(self.actividad)


class CostoFabricacion(models.Model):
    orden_trabajo = models.ForeignKey(OrdenTrabajo, on_delete=models.CASCADE, related_name="costos")
    concepto = models.CharField(max_length=200)
    costo_unitario = models.DecimalField("costo unitario", max_digits=14, decimal_places=4, validators=[MinValueValidator(Decimal("0"))])
    cantidad = models.DecimalField(max_digits=14, decimal_places=4, validators=[MinValueValidator(Decimal("0.0001"))])
    creado_por = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="autor", on_delete=models.PROTECT, null=True, editable=False, related_name="+")
    creado = models.DateTimeField("fecha de creación", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "costo de fabricación"
        verbose_name_plural = "costos de fabricación"

    def __str__(self):
        return self.concepto

    @property
    def total(self) -> Decimal:
        return (self.costo_unitario or 0) * (self.cantidad or 0)
