"""Quotations and sales orders: priced like sales documents, not sent to SUNAT."""

from django.db import models

from erp.models import Serie

from .base import DocumentoComercial, LineaComercial
from .documentos import DocumentoVenta
from .tesoreria import MetodoPago


class DocumentoPrevio(DocumentoComercial):
    """A quotation or an order: numbered when saved, convertible into a factura or boleta."""

    serie = models.ForeignKey(Serie, on_delete=models.PROTECT, related_name="+")
    numero = models.PositiveIntegerField("número", editable=False)
    notas_privadas = models.TextField("notas privadas", blank=True, help_text="No se imprimen ni se envían al cliente.")
    metodos_pago = models.ManyToManyField(MetodoPago, verbose_name="métodos de pago", blank=True, related_name="+")
    documento_generado = models.ForeignKey(
        DocumentoVenta, verbose_name="comprobante generado", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.numero_completo

    @property
    def numero_completo(self) -> str:
        return f"{self.serie.serie}-{self.numero:08d}"

    @property
    def titulo(self) -> str:
        return self._meta.verbose_name.capitalize()


class Cotizacion(DocumentoPrevio):
    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        ENVIADA = "enviada", "Enviada al cliente"
        ACEPTADA = "aceptada", "Aceptada"
        RECHAZADA = "rechazada", "Rechazada"
        FACTURADA = "facturada", "Facturada"

    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    valido_hasta = models.DateField("válida hasta", null=True, blank=True)
    condiciones = models.CharField("condiciones de entrega y pago", max_length=250, blank=True)

    class Meta:
        ordering = ["-fecha_emision", "-id"]
        verbose_name = "cotización"
        verbose_name_plural = "cotizaciones"
        constraints = [models.UniqueConstraint(fields=["serie", "numero"], name="cotizacion_numero_unico")]


class LineaCotizacion(LineaComercial):
    documento = models.ForeignKey(Cotizacion, on_delete=models.CASCADE, related_name="lineas")

    class Meta(LineaComercial.Meta):
        verbose_name = "línea"
        verbose_name_plural = "detalle"


class Pedido(DocumentoPrevio):
    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        ATENDIDO = "atendido", "Atendido"
        FACTURADO = "facturado", "Facturado"
        ANULADO = "anulado", "Anulado"

    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    fecha_entrega = models.DateField("fecha de entrega", null=True, blank=True)
    direccion_entrega = models.CharField("dirección de entrega", max_length=250, blank=True)
    cotizacion = models.ForeignKey(Cotizacion, on_delete=models.SET_NULL, null=True, blank=True, related_name="pedidos")

    class Meta:
        ordering = ["-fecha_emision", "-id"]
        verbose_name = "pedido de venta"
        verbose_name_plural = "pedidos de venta"
        constraints = [models.UniqueConstraint(fields=["serie", "numero"], name="pedido_numero_unico")]


class LineaPedido(LineaComercial):
    documento = models.ForeignKey(Pedido, on_delete=models.CASCADE, related_name="lineas")

    class Meta(LineaComercial.Meta):
        verbose_name = "línea"
        verbose_name_plural = "detalle"
