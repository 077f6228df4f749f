"""Sales documents: factura, boleta, notes of credit and debit, and the internal nota de venta."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from erp.models import Serie

from .base import CERO, DocumentoComercial, LineaComercial, importe
from .numeracion import NumeradoEnSerie, restricciones_de_numeracion
from .tesoreria import CuentaBancaria, MedioPagoSunat, MetodoPago


class TipoDocumentoVenta(models.TextChoices):
    FACTURA = "01", "Factura"
    BOLETA = "03", "Boleta de venta"
    NOTA_CREDITO = "07", "Nota de crédito"
    NOTA_DEBITO = "08", "Nota de débito"
    NOTA_VENTA = "NV", "Nota de venta"


# The proxy model of each type: its admin and its permissions (billing.view_factura...).
MODELO_DE_TIPO = {
    TipoDocumentoVenta.FACTURA: "factura",
    TipoDocumentoVenta.BOLETA: "boleta",
    TipoDocumentoVenta.NOTA_CREDITO: "notacredito",
    TipoDocumentoVenta.NOTA_DEBITO: "notadebito",
    TipoDocumentoVenta.NOTA_VENTA: "notaventa",
}


class MotivoNotaCredito(models.TextChoices):
    """Catálogo 09."""

    ANULACION = "01", "Anulación de la operación"
    ANULACION_ERROR_RUC = "02", "Anulación por error en el RUC"
    CORRECCION_DESCRIPCION = "03", "Corrección por error en la descripción"
    DESCUENTO_GLOBAL = "04", "Descuento global"
    DESCUENTO_ITEM = "05", "Descuento por ítem"
    DEVOLUCION_TOTAL = "06", "Devolución total"
    DEVOLUCION_ITEM = "07", "Devolución por ítem"
    BONIFICACION = "08", "Bonificación"
    DISMINUCION_VALOR = "09", "Disminución en el valor"
    OTROS = "10", "Otros conceptos"
    AJUSTE_EXPORTACION = "11", "Ajustes de operaciones de exportación"
    AJUSTE_IVAP = "12", "Ajustes afectos al IVAP"
    AJUSTE_PAGO = "13", "Ajustes - montos y/o fechas de pago"

    @classmethod
    def devuelven_mercaderia(cls) -> set[str]:
        return {cls.ANULACION, cls.ANULACION_ERROR_RUC, cls.DEVOLUCION_TOTAL, cls.DEVOLUCION_ITEM}


class MotivoNotaDebito(models.TextChoices):
    """Catálogo 10."""

    INTERESES_MORA = "01", "Intereses por mora"
    AUMENTO_VALOR = "02", "Aumento en el valor"
    PENALIDADES = "03", "Penalidades / otros conceptos"
    AJUSTE_EXPORTACION = "11", "Ajustes de operaciones de exportación"
    AJUSTE_IVAP = "12", "Ajustes afectos al IVAP"


class TipoOperacion(models.TextChoices):
    """Catálogo 51 (the operations an SME issues)."""

    VENTA_INTERNA = "0101", "Venta interna"
    EXPORTACION_BIENES = "0200", "Exportación de bienes"
    EXPORTACION_SERVICIOS = "0201", "Exportación de servicios"
    NO_DOMICILIADOS = "0401", "Ventas a no domiciliados que no califican como exportación"
    DETRACCION = "1001", "Operación sujeta a detracción"
    DETRACCION_HIDROBIOLOGICOS = "1002", "Detracción - recursos hidrobiológicos"
    DETRACCION_PASAJEROS = "1003", "Detracción - transporte de pasajeros"
    DETRACCION_CARGA = "1004", "Detracción - transporte de carga"
    PERCEPCION = "2001", "Operación sujeta a percepción"


class DocumentoVenta(NumeradoEnSerie, DocumentoComercial):
    class Estado(models.TextChoices):
        BORRADOR = "borrador", "Borrador"
        EMITIDO = "emitido", "Emitido"
        ANULADO = "anulado", "Anulado"

    class EstadoPago(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente de pago"
        PARCIAL = "parcial", "Pagado parcialmente"
        PAGADO = "pagado", "Pagado"

    class FormaPago(models.TextChoices):
        CONTADO = "contado", "Contado"
        CREDITO = "credito", "Crédito"

    tipo = models.CharField(max_length=2, choices=TipoDocumentoVenta.choices)
    serie = models.ForeignKey(Serie, on_delete=models.PROTECT, related_name="documentos_venta")
    numero = models.PositiveIntegerField("número", null=True, blank=True, editable=False)
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.BORRADOR, editable=False)
    estado_pago = models.CharField("pago", max_length=10, choices=EstadoPago.choices, default=EstadoPago.PENDIENTE, editable=False)
    hora_emision = models.TimeField("hora de emisión", null=True, blank=True)
    fecha_vencimiento = models.DateField("fecha de vencimiento", null=True, blank=True)
    fecha_pago = models.DateField("fecha de pago", null=True, blank=True, editable=False)
    tipo_operacion = models.CharField("tipo de operación", max_length=4, choices=TipoOperacion.choices, default=TipoOperacion.VENTA_INTERNA)
    forma_pago = models.CharField("forma de pago", max_length=7, choices=FormaPago.choices, default=FormaPago.CONTADO)
    metodo_pago = models.ForeignKey(MetodoPago, verbose_name="método de pago", on_delete=models.SET_NULL, null=True, blank=True)
    orden_compra = models.CharField("orden de compra", max_length=20, blank=True)
    placa_vehiculo = models.CharField("placa del vehículo", max_length=8, blank=True)
    guias = models.CharField("guías de remisión relacionadas", max_length=200, blank=True, help_text="Series y números separados por comas, p. ej. T001-23.")
    cuentas_bancarias = models.ManyToManyField(CuentaBancaria, verbose_name="cuentas bancarias a imprimir", blank=True)

    # Client data as issued: the document keeps it even if the client is edited later.
    cliente_tipo_documento = models.CharField(max_length=1, blank=True, editable=False)
    cliente_numero_documento = models.CharField(max_length=15, blank=True, editable=False)
    cliente_razon_social = models.CharField(max_length=250, blank=True, editable=False)
    cliente_direccion = models.CharField(max_length=500, blank=True, editable=False)

    # Notes: the document they modify and why.
    documento_referencia = models.ForeignKey(
        "self", verbose_name="documento que modifica", on_delete=models.PROTECT, null=True, blank=True, related_name="notas"
    )
    motivo_nota = models.CharField("motivo", max_length=2, blank=True, help_text="Catálogo 09 (crédito) o 10 (débito).")
    sustento = models.CharField("sustento", max_length=250, blank=True)

    detraccion_codigo = models.CharField("código de detracción", max_length=3, blank=True, help_text="Catálogo 54.")
    detraccion_porcentaje = models.DecimalField("porcentaje de detracción", max_digits=6, decimal_places=3, default=CERO)
    detraccion_monto = importe("monto de detracción", editable=False)
    detraccion_medio_pago = models.CharField(
        "medio de pago de la detracción", max_length=3, choices=MedioPagoSunat.choices, default=MedioPagoSunat.DEPOSITO
    )
    percepcion_regimen = models.CharField(
        "régimen de percepción", max_length=2, blank=True, choices=[("01", "Venta interna 2%"), ("02", "Combustible 1%"), ("03", "Agente de percepción 0.5%")]
    )
    percepcion_base = importe("base de la percepción", editable=False)
    percepcion_monto = importe("percepción", editable=False)
    retencion_porcentaje = models.DecimalField("porcentaje de retención", max_digits=5, decimal_places=2, default=CERO)
    retencion_base = importe("base de la retención", editable=False)
    retencion_monto = importe("retención", editable=False)
    es_anticipo = models.BooleanField("es un anticipo", default=False, help_text="Factura o boleta por un pago adelantado.")

    class Meta:
        ordering = ["-fecha_emision", "-id"]
        verbose_name = "documento de venta"
        verbose_name_plural = "documentos de venta"
        constraints = [
            *restricciones_de_numeracion("documento"),
            models.CheckConstraint(condition=models.Q(importe_total__gte=0), name="documento_importe_no_negativo"),
        ]
        indexes = [models.Index(fields=["empresa", "tipo", "estado", "fecha_emision"])]

    def __str__(self):
        return f"{self.get_tipo_display()} {self.numero_completo}"

    @property
    def titulo(self) -> str:
        return self.get_tipo_display()

    @property
    def es_nota(self) -> bool:
        return self.tipo in (TipoDocumentoVenta.NOTA_CREDITO, TipoDocumentoVenta.NOTA_DEBITO)

    @property
    def es_electronico(self) -> bool:
        return self.tipo != TipoDocumentoVenta.NOTA_VENTA

    # Advances a document being registered will deduct, saved with it (unsaved AnticipoAplicado rows).
    anticipos_por_aplicar: tuple = ()

    @property
    def pagado(self) -> Decimal:
        return sum((p.monto for p in self.pagos.all()), CERO)

    @property
    def acreditado(self) -> Decimal:
        """What the issued credit notes against it take off what the client owes."""
        notas = self.notas.all() if self.pk else ()
        return sum((n.importe_total for n in notas if n.tipo == TipoDocumentoVenta.NOTA_CREDITO and n.estado == self.Estado.EMITIDO), CERO)

    @property
    def devuelto(self) -> Decimal:
        """What was given back to the client for the credit notes against it."""
        notas = self.notas.all() if self.pk else ()
        return sum((d.monto for n in notas if n.tipo == TipoDocumentoVenta.NOTA_CREDITO for d in n.devoluciones.all()), CERO)

    @property
    def saldo(self) -> Decimal:
        """What the client still owes (negative: what the client has in favour): the same figure on the list, the page and the dialogs."""
        return self.importe_total - self.pagado - self.acreditado + self.devuelto


class LineaDocumento(LineaComercial):
    documento = models.ForeignKey(DocumentoVenta, on_delete=models.CASCADE, related_name="lineas")
    numero_serie = models.CharField(
        "número de serie", max_length=250, blank=True, help_text="Si el producto controla series, una por unidad separadas por comas."
    )

    class Meta(LineaComercial.Meta):
        verbose_name = "línea"
        verbose_name_plural = "detalle"


class Cuota(models.Model):
    """An instalment of a credit sale (SUNAT requires them when the sale is on credit)."""

    documento = models.ForeignKey(DocumentoVenta, on_delete=models.CASCADE, related_name="cuotas")
    numero = models.PositiveSmallIntegerField("cuota")
    fecha_pago = models.DateField("fecha de pago")
    monto = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])

    class Meta:
        ordering = ["numero"]
        verbose_name = "cuota"
        constraints = [models.UniqueConstraint(fields=["documento", "numero"], name="cuota_unica")]

    def __str__(self):
        return f"Cuota {self.numero:03d}"


class AnticipoAplicado(models.Model):
    """An advance (a factura or boleta paid before) deducted in a later document."""

    documento = models.ForeignKey(DocumentoVenta, on_delete=models.CASCADE, related_name="anticipos_aplicados")
    anticipo = models.ForeignKey(DocumentoVenta, on_delete=models.PROTECT, related_name="aplicado_en")
    monto = models.DecimalField("monto sin IGV", max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])

    class Meta:
        verbose_name = "anticipo aplicado"
        verbose_name_plural = "anticipos aplicados"


class _DineroDelDocumento(models.Model):
    """Money that changed hands for a document on a date: what payments and refunds share."""

    fecha = models.DateField()
    monto = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    referencia = models.CharField("referencia", max_length=100, blank=True, help_text="N.º de operación, voucher, cheque...")
    creado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, editable=False, related_name="+")
    creado = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["fecha", "id"]

    def __str__(self):
        return f"{self.fecha:%d/%m/%Y} {self.monto}"


class Pago(_DineroDelDocumento):
    """A payment on account ("pago a cuenta") of an issued document."""

    documento = models.ForeignKey(DocumentoVenta, on_delete=models.CASCADE, related_name="pagos")
    metodo_pago = models.ForeignKey(MetodoPago, verbose_name="método de pago", on_delete=models.PROTECT)
    percibido = importe("percibido", editable=False, help_text="Percepción del IGV cobrada además del monto, en la moneda del documento.")
    percepcion = models.ForeignKey(
        "billing.ComprobanteOtro", verbose_name="comprobante de percepción", on_delete=models.PROTECT, null=True, blank=True,
        editable=False, related_name="pagos_venta",
    )  # fmt: skip

    class Meta(_DineroDelDocumento.Meta):
        verbose_name = "pago a cuenta"
        verbose_name_plural = "pagos a cuenta"


class Devolucion(_DineroDelDocumento):
    """Money given back to the client for an issued credit note on a document that was already paid."""

    nota = models.ForeignKey(DocumentoVenta, verbose_name="nota de crédito", on_delete=models.PROTECT, related_name="devoluciones")

    class Meta(_DineroDelDocumento.Meta):
        verbose_name = "devolución al cliente"
        verbose_name_plural = "devoluciones al cliente"


class _PorTipo(models.Manager):
    def __init__(self, tipo):
        super().__init__()
        self.tipo = tipo

    def get_queryset(self):
        return super().get_queryset().filter(tipo=self.tipo)


class Factura(DocumentoVenta):
    objects = _PorTipo(TipoDocumentoVenta.FACTURA)

    class Meta:
        proxy = True
        verbose_name = "factura"


class Boleta(DocumentoVenta):
    objects = _PorTipo(TipoDocumentoVenta.BOLETA)

    class Meta:
        proxy = True
        verbose_name = "boleta de venta"
        verbose_name_plural = "boletas de venta"


class NotaCredito(DocumentoVenta):
    objects = _PorTipo(TipoDocumentoVenta.NOTA_CREDITO)

    class Meta:
        proxy = True
        verbose_name = "nota de crédito"
        verbose_name_plural = "notas de crédito"


class NotaDebito(DocumentoVenta):
    objects = _PorTipo(TipoDocumentoVenta.NOTA_DEBITO)

    class Meta:
        proxy = True
        verbose_name = "nota de débito"
        verbose_name_plural = "notas de débito"


class NotaVenta(DocumentoVenta):
    objects = _PorTipo(TipoDocumentoVenta.NOTA_VENTA)

    class Meta:
        proxy = True
        verbose_name = "nota de venta"
        verbose_name_plural = "notas de venta"
