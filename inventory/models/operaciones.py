"""Transfers between warehouses and adjustments: drafts whose lines become kardex moves when registered."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from erp.models import Auditado, Empresa

from ..tablas import TipoOperacion
from .almacen import CANTIDAD, COSTO, Almacen, Naturaleza
from .base import separar_series, siguiente_numero
from .catalogo import Producto, TipoItem


class EstadoOperacion(models.TextChoices):
    BORRADOR = "B", "Borrador"
    REGISTRADA = "R", "Registrada"
    ANULADA = "A", "Anulada"


class OperacionAlmacen(Auditado):
    """A numbered document of the company that moves stock once registered."""

    prefijo = ""
    ruta_empresa = "empresa"

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="+", editable=False)
    numero = models.PositiveIntegerField("número", editable=False)
    fecha = models.DateField(default=timezone.localdate)
    estado = models.CharField(max_length=1, choices=EstadoOperacion.choices, default=EstadoOperacion.BORRADOR, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        return self.codigo

    @property
    def codigo(self) -> str:
        return f"{self.prefijo}-{self.numero:06d}" if self.numero else f"{self.prefijo} (nuevo)"

    @property
    def es_borrador(self) -> bool:
        return self.estado == EstadoOperacion.BORRADOR

    def almacen_base(self) -> Almacen | None:
        raise NotImplementedError

    def save(self, *args, **kwargs):
        almacen = self.almacen_base()
        self.empresa_id = almacen.empresa_id
        if not self.numero:
            self.numero = siguiente_numero(type(self)._default_manager.filter(empresa_id=self.empresa_id), "numero")
        super().save(*args, **kwargs)


class Transferencia(OperacionAlmacen):
    """Goods moved from one warehouse to another, of the same or another branch."""

    prefijo = "TR"

    almacen_origen = models.ForeignKey(
        Almacen, verbose_name="almacén de origen", on_delete=models.PROTECT, related_name="transferencias_salida"
    )
    almacen_destino = models.ForeignKey(
        Almacen, verbose_name="almacén de destino", on_delete=models.PROTECT, related_name="transferencias_entrada"
    )
    observaciones = models.TextField(blank=True)

    class Meta:
        ordering = ["-fecha", "-numero"]
        verbose_name = "transferencia"
        constraints = [
            models.UniqueConstraint(fields=["empresa", "numero"], name="transferencia_numero_unico"),
        ]

    def almacen_base(self):
        return self.almacen_origen

    def clean(self):
        super().clean()
        if self.almacen_origen_id and self.almacen_destino_id:
            if self.almacen_origen_id == self.almacen_destino_id:
                raise ValidationError({"almacen_destino": "El almacén de destino debe ser distinto del de origen."})
            if self.almacen_origen.empresa_id != self.almacen_destino.empresa_id:
                raise ValidationError({"almacen_destino": "Los dos almacenes deben ser de la misma empresa."})


class Ajuste(OperacionAlmacen):
    """An adjustment of a warehouse's stock with its reason, or its opening balance."""

    prefijo = "AJ"

    almacen = models.ForeignKey(Almacen, verbose_name="almacén", on_delete=models.PROTECT, related_name="ajustes")
    tipo_operacion = models.CharField(
        "tipo", max_length=2, choices=TipoOperacion.de_ajuste(), default=TipoOperacion.AJUSTE_INVENTARIO
    )
    motivo = models.TextField(help_text="Por qué se ajusta el stock (inventario físico, merma, rotura...).")

    class Meta:
        ordering = ["-fecha", "-numero"]
        verbose_name = "ajuste de inventario"
        verbose_name_plural = "ajustes y saldos iniciales"
        constraints = [
            models.UniqueConstraint(fields=["empresa", "numero"], name="ajuste_numero_unico"),
        ]

    def almacen_base(self):
        return self.almacen

    @property
    def es_saldo_inicial(self) -> bool:
        return self.tipo_operacion == TipoOperacion.SALDO_INICIAL


class LineaOperacion(models.Model):
    producto = models.ForeignKey(
        Producto, on_delete=models.PROTECT, related_name="+", limit_choices_to={"tipo": TipoItem.PRODUCTO, "activo": True}
    )
    cantidad = models.DecimalField(validators=[MinValueValidator(0)], **CANTIDAD)
    series = models.TextField(
        "números de serie", blank=True, help_text="Para productos con series: uno por línea o separados por comas."
    )

    class Meta:
        abstract = True

    def lista_series(self) -> list[str]:
        return separar_series(self.series)

    def clean(self):
        super().clean()
        if self.cantidad is not None and self.cantidad <= 0:
            raise ValidationError({"cantidad": "La cantidad debe ser mayor que cero."})
        if not self.producto_id or self.cantidad is None:
            return
        series = self.lista_series()
        if self.producto.maneja_series:
            if len(series) != self.cantidad:
                raise ValidationError(
                    {"series": f"{self.producto.nombre} controla series: indique {self.cantidad.normalize():f} números de serie."}
                )
        elif series:
            raise ValidationError({"series": f"{self.producto.nombre} no controla números de serie."})


class TransferenciaLinea(LineaOperacion):
    transferencia = models.ForeignKey(Transferencia, on_delete=models.CASCADE, related_name="lineas")

    class Meta:
        ordering = ["id"]
        verbose_name = "producto transferido"
        verbose_name_plural = "productos transferidos"

    def __str__(self):
        return f"{self.cantidad.normalize():f} {self.producto}"


class AjusteLinea(LineaOperacion):
    ajuste = models.ForeignKey(Ajuste, on_delete=models.CASCADE, related_name="lineas")
    naturaleza = models.CharField("entrada o salida", max_length=1, choices=Naturaleza.choices, default=Naturaleza.ENTRADA)
    costo_unitario = models.DecimalField(
        "costo unitario",
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Solo en entradas; vacío toma el costo promedio actual.",
        **COSTO,
    )

    class Meta:
        ordering = ["id"]
        verbose_name = "producto ajustado"
        verbose_name_plural = "productos ajustados"

    def __str__(self):
        return f"{self.get_naturaleza_display()} {self.cantidad.normalize():f} {self.producto}"

    def clean(self):
        super().clean()
        if self.naturaleza == Naturaleza.SALIDA and self.costo_unitario is not None:
            raise ValidationError({"costo_unitario": "Las salidas salen al costo promedio: deje el costo vacío."})
