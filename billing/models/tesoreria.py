from decimal import Decimal

from django.db import models

from erp.models import Empresa, Moneda


class MedioPagoSunat(models.TextChoices):
    """Catálogo 59 (the usual ones): how a payment or a detracción deposit is made."""

    DEPOSITO = "001", "Depósito en cuenta"
    GIRO = "002", "Giro"
    TRANSFERENCIA = "003", "Transferencia de fondos"
    ORDEN_PAGO = "004", "Orden de pago"
    TARJETA_DEBITO = "005", "Tarjeta de débito"
    TARJETA_CREDITO = "006", "Tarjeta de crédito emitida en el país"
    CHEQUE = "007", "Cheque no negociable"
    EFECTIVO_SIN_OBLIGACION = "008", "Efectivo (sin obligación de usar medio de pago)"
    EFECTIVO = "009", "Efectivo, en los demás casos"
    COMERCIO_EXTERIOR = "010", "Medios de pago de comercio exterior"
    OTROS = "999", "Otros medios de pago"


class MetodoPago(models.Model):
    """How the client pays (the manual's "Métodos de pago"); ids are the API's factura_idpago."""

    empresa = models.ForeignKey(Empresa, on_delete=models.CASCADE, related_name="metodos_pago")
    nombre = models.CharField(max_length=100)
    medio_pago_sunat = models.CharField("medio de pago SUNAT", max_length=3, choices=MedioPagoSunat.choices, default=MedioPagoSunat.EFECTIVO)
    cuenta_bancaria = models.ForeignKey(
        "CuentaBancaria",
        verbose_name="cuenta de abono",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Los cobros con este método entran a esta cuenta; vacío: a la caja predeterminada de la sucursal.",
    )
    activo = models.BooleanField(default=True)

    class Meta:
        ordering = ["nombre"]
        verbose_name = "método de pago"
        verbose_name_plural = "métodos de pago"

    def __str__(self):
        return self.nombre


class CuentaBancaria(models.Model):
    empresa = models.ForeignKey(Empresa, on_delete=models.CASCADE, related_name="cuentas_bancarias")
    banco = models.CharField(max_length=100)
    moneda = models.ForeignKey(Moneda, on_delete=models.PROTECT)
    numero = models.CharField("número de cuenta", max_length=30)
    cci = models.CharField("CCI", max_length=20, blank=True)
    es_detraccion = models.BooleanField(
        "cuenta de detracciones", default=False, help_text="Cuenta del Banco de la Nación donde el cliente deposita la detracción."
    )
    saldo_inicial = models.DecimalField("saldo inicial", max_digits=14, decimal_places=2, default=Decimal("0"))
    fecha_saldo_inicial = models.DateField("fecha del saldo inicial", null=True, blank=True)
    # Running balance, changed only by the treasury services under this row's lock.
    saldo = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"), editable=False)
    activo = models.BooleanField(default=True)

    class Meta:
        ordering = ["banco", "numero"]
        verbose_name = "cuenta bancaria"
        verbose_name_plural = "cuentas bancarias"

    def __str__(self):
        return f"{self.banco} {self.moneda.codigo} {self.numero}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.saldo = self.saldo_inicial
        super().save(*args, **kwargs)
