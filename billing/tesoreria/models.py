"""Treasury: cash registers and their sessions, cash movements, bank operations, concepts and exchange rates.

Every balance is a running total kept on the register's or account's row and
changed only by billing.tesoreria.services under that row's lock; each
movement stores the balance it left, so a statement needs no recomputation.
Nothing is deleted: a movement is undone by a counter-movement.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models

from billing.models.documentos import DocumentoVenta
from billing.models.tesoreria import CuentaBancaria
from erp.models import Auditado, Empresa, EmpresaDeSucursal, Moneda, Sucursal

CERO = Decimal("0")
CENTIMO = Decimal("0.01")


def _importe(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class Sentido(models.TextChoices):
    INGRESO = "ingreso", "Ingreso"
    EGRESO = "egreso", "Egreso"


class TipoCambio(models.Model):
    """The day's exchange rate (soles per unit of the currency), entered by hand or imported."""

    moneda = models.ForeignKey(Moneda, on_delete=models.PROTECT, related_name="+")
    fecha = models.DateField()
    compra = models.DecimalField(max_digits=10, decimal_places=3, validators=[MinValueValidator(Decimal("0.001"))])
    venta = models.DecimalField(max_digits=10, decimal_places=3, validators=[MinValueValidator(Decimal("0.001"))])

    class Meta:
        ordering = ["-fecha", "moneda"]
        verbose_name = "tipo de cambio"
        verbose_name_plural = "tipos de cambio"
        constraints = [
            models.UniqueConstraint(
                fields=["moneda", "fecha"], name="tipo_cambio_unico_por_dia", violation_error_message="Ya hay un tipo de cambio de esa moneda para ese día."
            )
        ]

    def __str__(self):
        return f"{self.moneda.codigo} {self.fecha:%d/%m/%Y}: compra {self.compra} / venta {self.venta}"


class ConceptoCaja(models.Model):
    """Why money comes in or goes out (the company's catalogue: "Venta al contado", "Pago de luz"...)."""

    empresa = models.ForeignKey(Empresa, on_delete=models.CASCADE, related_name="conceptos_caja")
    nombre = models.CharField(max_length=100)
    sentido = models.CharField(max_length=7, choices=Sentido.choices, blank=True, help_text="Vacío: sirve para ingresos y egresos.")
    activo = models.BooleanField(default=True)

    class Meta:
        ordering = ["nombre"]
        verbose_name = "concepto de caja"
        verbose_name_plural = "conceptos de caja"
        constraints = [models.UniqueConstraint(fields=["empresa", "nombre"], name="concepto_caja_unico")]

    def __str__(self):
        return self.nombre


class Caja(EmpresaDeSucursal, Auditado):
    """A cash register of a branch, in one currency."""

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, editable=False, related_name="+")
    sucursal = models.ForeignKey(Sucursal, on_delete=models.PROTECT, related_name="cajas")
    nombre = models.CharField(max_length=100)
    moneda = models.ForeignKey(Moneda, on_delete=models.PROTECT, related_name="+")
    predeterminada = models.BooleanField(
        "caja predeterminada", default=False, help_text="Las ventas al contado y las cobranzas de la sucursal en esta moneda entran aquí."
    )
    usuarios = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="usuarios asignados", blank=True, related_name="cajas", help_text="Solo ellos abren, operan y cierran la caja."
    )
    # Running balance, changed only by the treasury services under this row's lock.
    saldo = models.DecimalField(max_digits=14, decimal_places=2, default=CERO, editable=False)
    # The open session, set and cleared under this row's lock: the statement that moves the balance reads it too.
    turno_abierto = models.OneToOneField("TurnoCaja", null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+")
    activo = models.BooleanField("activa", default=True)

    class Meta:
        ordering = ["sucursal", "nombre"]
        verbose_name = "caja"
        permissions = [("saldo_negativo", "Puede dejar una caja con saldo negativo")]
        constraints = [
            models.UniqueConstraint(
                fields=["sucursal", "moneda"],
                condition=models.Q(predeterminada=True),
                name="caja_predeterminada_unica",
                violation_error_message="La sucursal ya tiene una caja predeterminada en esa moneda.",
            ),
        ]

    def __str__(self):
        return f"{self.nombre} ({self.moneda.codigo})"


class TurnoCaja(models.Model):
    """A session of a register: opened with an amount, closed with a count by denomination."""

    class Estado(models.TextChoices):
        ABIERTO = "abierto", "Abierto"
        CERRADO = "cerrado", "Cerrado"

    caja = models.ForeignKey(Caja, on_delete=models.PROTECT, related_name="turnos")
    fecha = models.DateField("fecha de apertura")
    estado = models.CharField(max_length=7, choices=Estado.choices, default=Estado.ABIERTO)
    monto_apertura = _importe("monto de apertura", default=CERO)
    abierto_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    abierto_en = models.DateTimeField("abierto el")
    cerrado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    cerrado_en = models.DateTimeField("cerrado el", null=True, blank=True)
    # {"200.00": 3, "0.10": 5}: pieces counted of each denomination.
    conteo = models.JSONField("conteo por denominación", default=dict, blank=True)
    monto_esperado = _importe("monto esperado", null=True, blank=True)
    monto_contado = _importe("monto contado", null=True, blank=True)
    diferencia = _importe("diferencia", null=True, blank=True, help_text="Contado menos esperado: positivo es sobrante, negativo faltante.")
    explicacion = models.TextField("explicación de la diferencia", blank=True)

    class Meta:
        ordering = ["-abierto_en"]
        verbose_name = "turno de caja"
        verbose_name_plural = "turnos de caja"
        constraints = [
            models.UniqueConstraint(
                fields=["caja"], condition=models.Q(estado="abierto"), name="turno_abierto_unico", violation_error_message="La caja ya tiene un turno abierto."
            ),
        ]

    def __str__(self):
        return f"{self.caja} {self.fecha:%d/%m/%Y} ({self.get_estado_display().lower()})"

    @property
    def resultado(self) -> str:
        if self.diferencia is None:
            return ""
        if self.diferencia > 0:
            return "Sobrante"
        return "Faltante" if self.diferencia < 0 else "Cuadrada"


class MovimientoTesoreria(models.Model):
    """What a cash movement and a bank operation share: amount, rate, author, the document it pays, its reversal."""

    sentido = models.CharField(max_length=7, choices=Sentido.choices)
    fecha = models.DateField()
    monto = _importe("monto", validators=[MinValueValidator(CENTIMO)], help_text="En la moneda de la caja o cuenta.")
    tipo_cambio = models.DecimalField("tipo de cambio", max_digits=10, decimal_places=3, default=Decimal("1.000"))
    monto_pen = _importe("monto en soles")
    saldo_resultante = _importe("saldo", help_text="Saldo de la caja o cuenta después de este movimiento.")
    referencia = models.CharField("referencia", max_length=100, blank=True, help_text="Documento que lo sustenta: F001-123, recibo, voucher...")
    descripcion = models.CharField("descripción", max_length=250, blank=True)
    documento_tipo = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    documento_id = models.PositiveBigIntegerField(null=True, blank=True)
    documento = GenericForeignKey("documento_tipo", "documento_id")
    revierte = models.OneToOneField(
        "self", verbose_name="revierte a", on_delete=models.PROTECT, null=True, blank=True, related_name="reversion", editable=False
    )
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    creado = models.DateTimeField("registrado el", auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def importe(self) -> Decimal:
        """Signed amount: what it added to the balance."""
        return self.monto if self.sentido == Sentido.INGRESO else -self.monto


class MovimientoCaja(MovimientoTesoreria):
    caja = models.ForeignKey(Caja, on_delete=models.PROTECT, related_name="movimientos")
    turno = models.ForeignKey(TurnoCaja, on_delete=models.PROTECT, related_name="movimientos")
    concepto = models.ForeignKey(ConceptoCaja, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    ajuste = models.CharField(
        "ajuste del turno", max_length=8, blank=True, editable=False,
        choices=[("apertura", "Fondo de apertura"), ("cierre", "Diferencia de cierre")],
        help_text="Lleva el saldo al monto abierto o al contado; no es un ingreso ni un egreso del día.",
    )  # fmt: skip
    # A transfer between registers, or a deposit to / withdrawal from a bank account, has its other side here.
    contrapartida_caja = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False)
    contrapartida_banco = models.ForeignKey(
        "OperacionBancaria", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = "movimiento de caja"
        verbose_name_plural = "movimientos de caja"
        indexes = [
            models.Index(fields=["caja", "fecha"], name="movcaja_caja_fecha_idx"),
            models.Index(fields=["documento_tipo", "documento_id"], name="movcaja_documento_idx"),
        ]
        constraints = [models.CheckConstraint(condition=models.Q(monto__gt=0), name="movcaja_monto_positivo")]

    def __str__(self):
        return f"{self.get_sentido_display()} {self.monto} {self.caja}"


class OperacionBancaria(MovimientoTesoreria):
    class Tipo(models.TextChoices):
        DEPOSITO = "deposito", "Depósito"
        RETIRO = "retiro", "Retiro"
        TRANSFERENCIA = "transferencia", "Transferencia entre cuentas propias"
        COBRO = "cobro", "Cobro de cliente"
        PAGO = "pago", "Pago"
        COMISION = "comision", "Comisión"
        ITF = "itf", "ITF"
        INTERES = "interes", "Interés"
        REVERSION = "reversion", "Reversión"

    cuenta = models.ForeignKey(CuentaBancaria, on_delete=models.PROTECT, related_name="operaciones")
    tipo = models.CharField(max_length=13, choices=Tipo.choices)
    numero_operacion = models.CharField("número de operación", max_length=40, blank=True)
    # A transfer's other side: a register's movement or another account's operation.
    contrapartida_caja = models.ForeignKey(MovimientoCaja, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False)
    contrapartida_banco = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False)
    conciliado = models.BooleanField(default=False, editable=False)
    fecha_conciliacion = models.DateField("conciliado al", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = "operación bancaria"
        verbose_name_plural = "operaciones bancarias"
        indexes = [
            models.Index(fields=["cuenta", "fecha"], name="opbanco_cuenta_fecha_idx"),
            models.Index(fields=["documento_tipo", "documento_id"], name="opbanco_documento_idx"),
        ]
        constraints = [models.CheckConstraint(condition=models.Q(monto__gt=0), name="opbanco_monto_positivo")]

    def __str__(self):
        return f"{self.get_tipo_display()} {self.monto} {self.cuenta}"


class CuentaPorCobrar(DocumentoVenta):
    """The receivables screen's entry (its menu item and permission); the rows are the documents' open parts."""

    class Meta:
        proxy = True
        verbose_name = "cuenta por cobrar"
        verbose_name_plural = "cuentas por cobrar"
