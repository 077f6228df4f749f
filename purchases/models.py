"""Purchases: orders to providers, their receptions, the providers' documents and the payments to them.

Headers and lines are those of sales (billing's DocumentoComercial and
LineaComercial) with a provider instead of a client, so billing's totals
engine computes their numbers: one tax calculation in the whole ERP.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from billing.models import CuentaBancaria, MetodoPago
from billing.models.base import DocumentoComercial, LineaComercial, importe
from billing.tesoreria.models import Caja
from erp.catalogos import AfectacionIGV
from erp.models import Auditado, Empresa, EmpresaDeSucursal, Moneda, Socio, Sucursal, UnidadMedida
from inventory.models import Almacen

CERO = Decimal("0")


class DocumentoCompra(DocumentoComercial):
    """A purchase header: the provider takes the client's place."""

    cliente = None
    proveedor = models.ForeignKey(Socio, on_delete=models.PROTECT, related_name="+", limit_choices_to={"es_proveedor": True})
    almacen = models.ForeignKey(Almacen, verbose_name="almacén de recepción", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class LineaCompra(LineaComercial):
    # Providers quote values without IGV.
    ingreso_con_igv = models.BooleanField("precio con IGV", default=False, help_text="Si el precio ingresado incluye el IGV.")

    class Meta(LineaComercial.Meta):
        abstract = True


class OrdenCompra(DocumentoCompra):
    class Estado(models.TextChoices):
        BORRADOR = "borrador", "Borrador"
        EMITIDA = "emitida", "Emitida"
        RECIBIDA_PARCIAL = "parcial", "Recibida parcial"
        RECIBIDA = "recibida", "Recibida"
        ANULADA = "anulada", "Anulada"

    numero = models.PositiveIntegerField("número", editable=False)
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.BORRADOR, editable=False)
    fecha_entrega = models.DateField("fecha de entrega", null=True, blank=True)
    condiciones_pago = models.CharField("condiciones de pago", max_length=250, blank=True)

    class Meta:
        ordering = ["-fecha_emision", "-id"]
        verbose_name = "orden de compra"
        verbose_name_plural = "órdenes de compra"
        constraints = [models.UniqueConstraint(fields=["empresa", "numero"], name="orden_compra_numero_unico")]
        permissions = [("recibir_exceso", "Puede recibir más de lo pedido")]

    def __str__(self):
        return self.numero_completo

    @property
    def numero_completo(self) -> str:
        return f"OC-{self.numero:06d}"

    @property
    def titulo(self) -> str:
        return "Orden de compra"


class LineaOrdenCompra(LineaCompra):
    documento = models.ForeignKey(OrdenCompra, on_delete=models.CASCADE, related_name="lineas")
    cantidad_recibida = models.DecimalField("cantidad recibida", max_digits=22, decimal_places=10, default=CERO, editable=False)

    class Meta(LineaCompra.Meta):
        verbose_name = "línea de la orden"
        verbose_name_plural = "líneas de la orden"

    @property
    def pendiente(self) -> Decimal:
        return self.cantidad - self.cantidad_recibida


class Recepcion(models.Model):
    """Goods of an order that arrived on one day: each one enters the order's warehouse."""

    orden = models.ForeignKey(OrdenCompra, on_delete=models.PROTECT, related_name="recepciones")
    numero = models.PositiveSmallIntegerField("número", editable=False)
    fecha = models.DateField()
    guia_remision = models.CharField("guía de remisión del proveedor", max_length=30, blank=True)
    observaciones = models.CharField(max_length=250, blank=True)
    creado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, editable=False, related_name="+")
    creado = models.DateTimeField("fecha de creación", auto_now_add=True)

    class Meta:
        ordering = ["orden", "numero"]
        verbose_name = "recepción"
        verbose_name_plural = "recepciones"
        constraints = [models.UniqueConstraint(fields=["orden", "numero"], name="recepcion_numero_unico")]

    def __str__(self):
        return f"{self.orden} / recepción {self.numero}"


class LineaRecepcion(models.Model):
    recepcion = models.ForeignKey(Recepcion, on_delete=models.CASCADE, related_name="lineas")
    linea_orden = models.ForeignKey(LineaOrdenCompra, on_delete=models.PROTECT, related_name="recepciones")
    cantidad = models.DecimalField(max_digits=22, decimal_places=10, validators=[MinValueValidator(Decimal("0.0000000001"))])

    class Meta:
        verbose_name = "línea recibida"
        verbose_name_plural = "líneas recibidas"


class TipoDocumentoCompra(models.TextChoices):
    """The provider's documents (SUNAT tabla 10)."""

    FACTURA = "01", "Factura"
    RECIBO_HONORARIOS = "02", "Recibo por honorarios"
    BOLETA = "03", "Boleta de venta"
    LIQUIDACION = "04", "Liquidación de compra"
    NOTA_CREDITO = "07", "Nota de crédito"
    NOTA_DEBITO = "08", "Nota de débito"
    DUA = "50", "Declaración Única de Aduanas (DUA)"


class FacturaCompra(DocumentoCompra):
    """A provider's document as registered: its goods enter the warehouse at their unit cost in soles."""

    class Estado(models.TextChoices):
        REGISTRADA = "registrada", "Registrada"
        ANULADA = "anulada", "Anulada"

    class MotivoNota(models.TextChoices):
        DEVOLUCION = "devolucion", "Devolución de mercadería (sale del almacén)"
        DESCUENTO = "descuento", "Descuento o rebaja (baja el costo)"

    tipo = models.CharField("tipo de documento", max_length=2, choices=TipoDocumentoCompra.choices, default=TipoDocumentoCompra.FACTURA)
    serie = models.CharField("serie", max_length=20)
    numero = models.CharField("número", max_length=20)
    fecha_vencimiento = models.DateField("fecha de vencimiento", null=True, blank=True)
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.REGISTRADA, editable=False)
    orden = models.ForeignKey(
        OrdenCompra, verbose_name="orden de compra", on_delete=models.PROTECT, null=True, blank=True, related_name="facturas",
        help_text="Con orden, la mercadería ya ingresó con sus recepciones.",
    )
    documento_referencia = models.ForeignKey(
        "self", verbose_name="documento que modifica", on_delete=models.PROTECT, null=True, blank=True, related_name="notas"
    )
    motivo_nota = models.CharField("motivo de la nota", max_length=10, choices=MotivoNota.choices, blank=True)
    detraccion_constancia = models.CharField("constancia de detracción", max_length=30, blank=True)
    detraccion_fecha = models.DateField("fecha de la constancia", null=True, blank=True)
    detraccion_monto = importe("monto de la detracción")
    retencion_monto = importe("monto retenido")
    pagado = importe("pagado", editable=False)

    class Meta:
        ordering = ["-fecha_emision", "-id"]
        verbose_name = "factura de compra"
        verbose_name_plural = "facturas de compra"
        constraints = [
            models.UniqueConstraint(
                fields=["empresa", "proveedor", "tipo", "serie", "numero"],
                condition=~models.Q(estado="anulada"),
                name="compra_numero_unico_por_proveedor",
                violation_error_message="Ese documento del proveedor ya está registrado.",
            ),
            models.CheckConstraint(condition=models.Q(pagado__gte=0), name="compra_pagado_no_negativo"),
        ]

    def __str__(self):
        return f"{self.get_tipo_display()} {self.serie}-{self.numero}"

    @property
    def es_nota_credito(self) -> bool:
        return self.tipo == TipoDocumentoCompra.NOTA_CREDITO

    @property
    def por_pagar(self) -> Decimal:
        """What the company owes on it: the total less detracción, retención and payments."""
        if self.es_nota_credito or self.estado == self.Estado.ANULADA:
            return CERO
        return self.importe_total - self.detraccion_monto - self.retencion_monto - self.pagado


class LineaFacturaCompra(LineaCompra):
    documento = models.ForeignKey(FacturaCompra, on_delete=models.CASCADE, related_name="lineas")

    class Meta(LineaCompra.Meta):
        verbose_name = "línea"
        verbose_name_plural = "líneas"


class PagoCompra(models.Model):
    """A payment to a provider against one of its documents."""

    factura = models.ForeignKey(FacturaCompra, on_delete=models.PROTECT, related_name="pagos")
    fecha = models.DateField()
    monto = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    metodo_pago = models.ForeignKey(MetodoPago, verbose_name="método de pago", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    cuenta_bancaria = models.ForeignKey(
        CuentaBancaria, verbose_name="cuenta bancaria", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    caja = models.ForeignKey(Caja, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    referencia = models.CharField("número de operación", max_length=50, blank=True)
    anulado = models.BooleanField(default=False, editable=False)
    retenido = importe("retenido", editable=False, help_text="Retención del IGV, en la moneda del documento; el proveedor recibe el monto.")
    retencion = models.ForeignKey(
        "billing.ComprobanteOtro", verbose_name="comprobante de retención", on_delete=models.PROTECT, null=True, blank=True,
        editable=False, related_name="pagos_compra",
    )  # fmt: skip
    creado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, editable=False, related_name="+")
    creado = models.DateTimeField("fecha de creación", auto_now_add=True)

    class Meta:
        ordering = ["-fecha", "-id"]
        verbose_name = "pago a proveedor"
        verbose_name_plural = "pagos a proveedores"
        constraints = [models.CheckConstraint(condition=models.Q(monto__gt=0), name="pago_compra_positivo")]

    def __str__(self):
        return f"Pago {self.monto} de {self.factura}"


class CuentaPorPagar(FacturaCompra):
    """The payables screen's entry (its menu item and permission); the rows are the documents still owed."""

    class Meta:
        proxy = True
        verbose_name = "cuenta por pagar"
        verbose_name_plural = "cuentas por pagar"


class SolicitudCompra(EmpresaDeSucursal, Auditado):
    """An internal purchase request of a branch, approved by a user with the permission."""

    class Estado(models.TextChoices):
        POR_APROBAR = "por_aprobar", "Por aprobar"
        APROBADA = "aprobada", "Aprobada"
        RECHAZADA = "rechazada", "Rechazada"

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, editable=False, related_name="+")
    sucursal = models.ForeignKey(Sucursal, on_delete=models.PROTECT, related_name="+")
    fecha = models.DateField()
    motivo = models.CharField(max_length=250)
    estado = models.CharField(max_length=12, choices=Estado.choices, default=Estado.POR_APROBAR, editable=False)
    revisado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="revisado por", on_delete=models.PROTECT, null=True, editable=False, related_name="+"
    )
    revisado_en = models.DateTimeField("revisado el", null=True, editable=False)
    comentario_revision = models.CharField("comentario de la revisión", max_length=250, blank=True, editable=False)
    orden_generada = models.ForeignKey(OrdenCompra, verbose_name="orden generada", on_delete=models.SET_NULL, null=True, editable=False, related_name="+")
    cotizacion_generada = models.ForeignKey(
        "SolicitudCotizacion", verbose_name="solicitud de cotización generada", on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["-fecha", "-id"]
        verbose_name = "solicitud de compra"
        verbose_name_plural = "solicitudes de compra"
        permissions = [("aprobar_solicitudcompra", "Puede aprobar solicitudes de compra")]

    def __str__(self):
        return f"SC-{self.pk:06d}" if self.pk else "Solicitud de compra"


class LineaPedida(models.Model):
    """What a request asks for: a product or a description, its quantity and when it is wanted."""

    producto = models.ForeignKey("inventory.Producto", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    descripcion = models.CharField("descripción", max_length=500, blank=True)
    unidad = models.ForeignKey(UnidadMedida, on_delete=models.PROTECT, default="NIU")
    cantidad = models.DecimalField(max_digits=22, decimal_places=10, validators=[MinValueValidator(Decimal("0.0000000001"))])
    fecha_requerida = models.DateField("fecha requerida", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["id"]
        verbose_name = "línea"
        verbose_name_plural = "líneas"

    def __str__(self):
        return self.descripcion


class LineaSolicitudCompra(LineaPedida):
    solicitud = models.ForeignKey(SolicitudCompra, on_delete=models.CASCADE, related_name="lineas")


class SolicitudCotizacion(EmpresaDeSucursal, Auditado):
    """A request for quotation to several providers; their answers are compared line by line."""

    class Estado(models.TextChoices):
        BORRADOR = "borrador", "Borrador"
        ENVIADA = "enviada", "Enviada"
        RESPONDIDA = "respondida", "Respondida"
        CERRADA = "cerrada", "Cerrada"

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, editable=False, related_name="+")
    sucursal = models.ForeignKey(Sucursal, on_delete=models.PROTECT, related_name="+")
    almacen = models.ForeignKey(Almacen, verbose_name="almacén de recepción", on_delete=models.PROTECT, related_name="+")
    fecha_emision = models.DateField("fecha de emisión")
    fecha_limite = models.DateField("responder hasta", null=True, blank=True)
    proveedores = models.ManyToManyField(Socio, related_name="+", limit_choices_to={"es_proveedor": True})
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.BORRADOR, editable=False)
    observaciones = models.TextField(blank=True)
    orden_generada = models.ForeignKey(OrdenCompra, verbose_name="orden generada", on_delete=models.SET_NULL, null=True, editable=False, related_name="+")

    class Meta:
        ordering = ["-fecha_emision", "-id"]
        verbose_name = "solicitud de cotización"
        verbose_name_plural = "solicitudes de cotización"

    def __str__(self):
        return f"SCT-{self.pk:06d}" if self.pk else "Solicitud de cotización"

    @property
    def titulo(self) -> str:
        return "Solicitud de cotización"

    @property
    def numero_completo(self) -> str:
        return str(self)


class LineaSolicitudCotizacion(LineaPedida):
    solicitud = models.ForeignKey(SolicitudCotizacion, on_delete=models.CASCADE, related_name="lineas")


class RespuestaCotizacion(models.Model):
    """One provider's answer: its prices per line."""

    solicitud = models.ForeignKey(SolicitudCotizacion, on_delete=models.CASCADE, related_name="respuestas")
    proveedor = models.ForeignKey(Socio, on_delete=models.PROTECT, related_name="+", limit_choices_to={"es_proveedor": True})
    fecha = models.DateField()
    moneda = models.ForeignKey(Moneda, on_delete=models.PROTECT, default=1)
    tipo_cambio = models.DecimalField("tipo de cambio", max_digits=10, decimal_places=3, default=Decimal("1.000"))
    condiciones = models.CharField("condiciones de pago y entrega", max_length=250, blank=True)

    class Meta:
        ordering = ["solicitud", "id"]
        verbose_name = "respuesta de proveedor"
        verbose_name_plural = "respuestas de proveedores"
        constraints = [models.UniqueConstraint(fields=["solicitud", "proveedor"], name="respuesta_unica_por_proveedor")]

    def __str__(self):
        return f"{self.proveedor.razon_social} ({self.solicitud})"


class PrecioRespuesta(models.Model):
    respuesta = models.ForeignKey(RespuestaCotizacion, on_delete=models.CASCADE, related_name="precios")
    linea = models.ForeignKey(LineaSolicitudCotizacion, on_delete=models.CASCADE, related_name="precios")
    valor_unitario = models.DecimalField("valor unitario (sin IGV)", max_digits=22, decimal_places=10, validators=[MinValueValidator(CERO)])
    afectacion_igv = models.CharField("afectación IGV", max_length=2, choices=AfectacionIGV.choices, default=AfectacionIGV.GRAVADO)
    plazo_dias = models.PositiveSmallIntegerField("plazo de entrega (días)", null=True, blank=True)

    class Meta:
        verbose_name = "precio"
        verbose_name_plural = "precios"
        constraints = [models.UniqueConstraint(fields=["respuesta", "linea"], name="precio_unico_por_linea")]
