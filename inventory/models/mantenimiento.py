from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from erp.models import Auditado, Cliente, Empresa, Sucursal
from erp.models.base import EmpresaDeSucursal

from .base import siguiente_numero
from .catalogo import Producto, TipoItem


class EstadoMantenimiento(models.TextChoices):
    PENDIENTE = "PE", "Pendiente"
    EN_PROCESO = "EP", "En proceso"
    TERMINADO = "TE", "Terminado"
    ENTREGADO = "EN", "Entregado"
    ANULADO = "AN", "Anulado"


class Mantenimiento(EmpresaDeSucursal, Auditado):
    """A maintenance report of a product, the company's own or a client's."""

    ruta_empresa = "empresa"

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="mantenimientos", editable=False)
    sucursal = models.ForeignKey(Sucursal, on_delete=models.PROTECT, related_name="mantenimientos")
    numero_reporte = models.PositiveIntegerField(
        "número de reporte", blank=True, help_text="Si lo deja vacío se asigna el siguiente."
    )
    producto = models.ForeignKey(
        Producto, on_delete=models.PROTECT, related_name="mantenimientos", limit_choices_to={"tipo": TipoItem.PRODUCTO}
    )
    numero_serie = models.CharField("número de serie", max_length=100, blank=True)
    cliente = models.ForeignKey(
        Cliente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mantenimientos",
        limit_choices_to={"es_cliente": True},
        help_text="Vacío si el equipo es de la empresa.",
    )
    fecha_ingreso = models.DateField("fecha de ingreso", default=timezone.localdate)
    fecha_programada = models.DateField("fecha programada", null=True, blank=True)
    fecha_entrega = models.DateField("fecha de entrega", null=True, blank=True)
    descripcion = models.TextField("descripción", help_text="Qué se revisa o repara y lo que se encontró.")
    responsable = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    estado = models.CharField(max_length=2, choices=EstadoMantenimiento.choices, default=EstadoMantenimiento.PENDIENTE)

    class Meta:
        ordering = ["-fecha_ingreso", "-numero_reporte"]
        verbose_name = "mantenimiento"
        constraints = [
            models.UniqueConstraint(
                fields=["empresa", "numero_reporte"],
                name="mantenimiento_reporte_unico",
                violation_error_message="Ya existe un mantenimiento con ese número de reporte.",
            ),
        ]

    def __str__(self):
        return f"Reporte {self.numero_reporte or '(nuevo)'} - {self.producto.nombre}"

    def clean(self):
        super().clean()
        errores = {}
        for campo in ("fecha_programada", "fecha_entrega"):
            fecha = getattr(self, campo)
            if fecha and self.fecha_ingreso and fecha < self.fecha_ingreso:
                errores[campo] = "No puede ser anterior a la fecha de ingreso."
        if self.estado == EstadoMantenimiento.ENTREGADO and not self.fecha_entrega:
            errores["fecha_entrega"] = "Indique cuándo se entregó."
        if self.tomar_empresa_de_sucursal():
            if self.producto_id and self.producto.empresa_id != self.empresa_id:
                errores["producto"] = "El producto es de otra empresa."
            if self.cliente_id and self.cliente.empresa_id != self.empresa_id:
                errores["cliente"] = "El cliente es de otra empresa."
            if self.numero_reporte:
                try:
                    self.exigir_unico("numero_reporte", "Ya existe un mantenimiento con ese número de reporte.", numero_reporte=self.numero_reporte)
                except ValidationError as exc:
                    errores.update(exc.message_dict)
        if errores:
            raise ValidationError(errores)

    def save(self, *args, **kwargs):
        self.tomar_empresa_de_sucursal()
        if not self.numero_reporte:
            self.numero_reporte = siguiente_numero(Mantenimiento.objects.filter(empresa_id=self.empresa_id), "numero_reporte")
        super().save(*args, **kwargs)
