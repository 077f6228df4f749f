"""Warehouses, stock, serial numbers and the valued kardex."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from erp.models import Auditado, Empresa, Sucursal
from erp.models.base import EmpresaDeSucursal

from ..tablas import TipoComprobantePago, TipoOperacion
from .catalogo import Producto, TipoItem

CANTIDAD = {"max_digits": 16, "decimal_places": 4}
COSTO = {"max_digits": 20, "decimal_places": 6}
VALOR = {"max_digits": 18, "decimal_places": 2}


class ConfiguracionInventario(models.Model):
    """Inventory settings of a company."""

    ruta_empresa = "empresa"

    empresa = models.OneToOneField(Empresa, on_delete=models.CASCADE, related_name="configuracion_inventario")
    permitir_stock_negativo = models.BooleanField(
        "permitir stock negativo",
        default=False,
        help_text="Si se marca, se puede vender o retirar más de lo que hay en el almacén.",
    )

    class Meta:
        verbose_name = "configuración de inventario"
        verbose_name_plural = "configuración de inventario"

    def __str__(self):
        return f"Inventario de {self.empresa.razon_social}"


class Almacen(EmpresaDeSucursal, Auditado):
    ruta_empresa = "empresa"

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="almacenes", editable=False)
    sucursal = models.ForeignKey(Sucursal, on_delete=models.PROTECT, related_name="almacenes")
    nombre = models.CharField(max_length=100)
    direccion = models.CharField("dirección", max_length=250, blank=True, help_text="Si es distinta a la de la sucursal.")
    principal = models.BooleanField(default=False, help_text="El almacén del que vende la sucursal si no se elige otro.")
    activo = models.BooleanField(default=True)

    class Meta:
        ordering = ["sucursal__nombre", "-principal", "nombre"]
        verbose_name = "almacén"
        verbose_name_plural = "almacenes"
        constraints = [
            models.UniqueConstraint(
                fields=["sucursal", "nombre"],
                name="almacen_nombre_unico",
                violation_error_message="La sucursal ya tiene un almacén con ese nombre.",
            ),
            models.UniqueConstraint(
                fields=["sucursal"],
                condition=models.Q(principal=True),
                name="almacen_un_principal",
                violation_error_message="La sucursal ya tiene un almacén principal.",
            ),
        ]

    def __str__(self):
        return f"{self.nombre} ({self.sucursal})"

    def clean(self):
        super().clean()
        if not self.pk:
            return
        anterior = Almacen.objects.get(pk=self.pk)
        if anterior.sucursal_id != self.sucursal_id and self.movimientos.exists():
            raise ValidationError({"sucursal": "El almacén ya tiene movimientos: no puede pasar a otra sucursal."})
        if not self.activo and self.stocks.exclude(cantidad=0).exists():
            raise ValidationError({"activo": "El almacén tiene stock: transfiéralo o ajústelo antes de desactivarlo."})


class Stock(models.Model):
    """The balance after the last move of a product in a warehouse; only the kardex services write it."""

    ruta_empresa = "producto__empresa"

    producto = models.ForeignKey(Producto, on_delete=models.PROTECT, related_name="stocks")
    almacen = models.ForeignKey(Almacen, verbose_name="almacén", on_delete=models.PROTECT, related_name="stocks")
    cantidad = models.DecimalField(default=0, **CANTIDAD)
    costo_promedio = models.DecimalField("costo promedio", default=0, **COSTO)
    valor = models.DecimalField("valor", default=0, **VALOR)
    # Date of the last move: a move on or after it simply follows this balance.
    fecha_ultimo_movimiento = models.DateField("último movimiento", null=True, blank=True)

    class Meta:
        ordering = ["producto__nombre", "almacen__nombre"]
        verbose_name = "stock"
        verbose_name_plural = "stock por almacén"
        constraints = [
            models.UniqueConstraint(fields=["producto", "almacen"], name="stock_unico"),
        ]

    def __str__(self):
        return f"{self.producto} en {self.almacen}: {self.cantidad.normalize():f}"


class StockMinimo(models.Model):
    """The quantity a warehouse should keep of a product: below it, the product shows in «Stock bajo mínimo» and
    on the dashboard. Kept apart from Stock, which only the kardex writes and which has no row before the first move."""

    ruta_empresa = "producto__empresa"

    producto = models.ForeignKey(Producto, on_delete=models.CASCADE, related_name="minimos")
    almacen = models.ForeignKey(Almacen, verbose_name="almacén", on_delete=models.CASCADE, related_name="minimos")
    cantidad = models.DecimalField("stock mínimo", **CANTIDAD, help_text="Con menos que esto en el almacén, el producto está bajo mínimo.")

    class Meta:
        ordering = ["producto__nombre", "almacen__nombre"]
        verbose_name = "stock mínimo"
        verbose_name_plural = "stock mínimo por almacén"
        constraints = [
            models.UniqueConstraint(
                fields=["producto", "almacen"], name="stock_minimo_unico", violation_error_message="El producto ya tiene un stock mínimo en ese almacén."
            ),
            models.CheckConstraint(
                condition=models.Q(cantidad__gt=0), name="stock_minimo_positivo", violation_error_message="El stock mínimo debe ser mayor que cero."
            ),
        ]

    def __str__(self):
        return f"Mínimo de {self.producto} en {self.almacen}: {self.cantidad.normalize():f}"

    def clean(self):
        super().clean()
        if self.producto_id and self.producto.tipo != TipoItem.PRODUCTO:
            raise ValidationError("Un servicio no tiene stock: no lleva stock mínimo.")
        if self.producto_id and self.almacen_id and self.almacen.empresa_id != self.producto.empresa_id:
            raise ValidationError({"almacen": "El almacén es de otra empresa que el producto."})


class EstadoSerie(models.TextChoices):
    EN_ALMACEN = "A", "En almacén"
    FUERA = "F", "Fuera del almacén"


class NumeroSerie(models.Model):
    """A serial number of a product that tracks them, and where it is now."""

    ruta_empresa = "producto__empresa"

    producto = models.ForeignKey(Producto, on_delete=models.PROTECT, related_name="series")
    numero = models.CharField("número de serie", max_length=100)
    almacen = models.ForeignKey(
        Almacen, verbose_name="almacén", on_delete=models.PROTECT, related_name="series", help_text="Donde está o de donde salió."
    )
    estado = models.CharField(max_length=1, choices=EstadoSerie.choices, default=EstadoSerie.EN_ALMACEN)

    class Meta:
        ordering = ["producto__nombre", "numero"]
        verbose_name = "número de serie"
        verbose_name_plural = "números de serie"
        constraints = [
            models.UniqueConstraint(
                fields=["producto", "numero"],
                name="numero_serie_unico",
                violation_error_message="El producto ya tiene ese número de serie.",
            ),
        ]

    def __str__(self):
        return self.numero


class Naturaleza(models.TextChoices):
    ENTRADA = "E", "Entrada"
    SALIDA = "S", "Salida"


class Valorizacion(models.TextChoices):
    """Where a move's unit cost comes from when balances are recomputed."""

    DOCUMENTO = "D", "Costo del documento"
    PROMEDIO = "P", "Costo promedio"
    VINCULADO = "V", "Costo del movimiento vinculado"


class Movimiento(models.Model):
    """One line of the kardex: an entry or exit and the running balance after it.

    Ordered by date, then by id (the order moves were recorded). Only the
    services in inventory.services create moves and recompute balances.
    """

    ruta_empresa = "producto__empresa"

    producto = models.ForeignKey(
        Producto, on_delete=models.PROTECT, related_name="movimientos", limit_choices_to={"tipo": TipoItem.PRODUCTO}
    )
    almacen = models.ForeignKey(Almacen, verbose_name="almacén", on_delete=models.PROTECT, related_name="movimientos")
    fecha = models.DateField()
    naturaleza = models.CharField("entrada o salida", max_length=1, choices=Naturaleza.choices)
    tipo_operacion = models.CharField("tipo de operación", max_length=2, choices=TipoOperacion.choices)
    documento_tipo = models.CharField("tipo de documento", max_length=2, choices=TipoComprobantePago.choices)
    documento_serie = models.CharField("serie", max_length=20, blank=True)
    documento_numero = models.CharField("número", max_length=20, blank=True)
    glosa = models.CharField(max_length=250, blank=True)
    cantidad = models.DecimalField(**CANTIDAD)
    valorizacion = models.CharField("valorización", max_length=1, choices=Valorizacion.choices)
    costo_unitario = models.DecimalField("costo unitario", **COSTO)
    costo_total = models.DecimalField("costo total", **VALOR)
    saldo_cantidad = models.DecimalField("saldo", **CANTIDAD)
    saldo_costo_unitario = models.DecimalField("costo promedio", **COSTO)
    saldo_valor = models.DecimalField("valor del saldo", **VALOR)
    vinculado = models.ForeignKey(
        "self",
        verbose_name="movimiento vinculado",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dependientes",
        help_text="El movimiento del que toma su costo: la salida de una transferencia o el movimiento que anula.",
    )
    es_reversion = models.BooleanField("es anulación", default=False)
    series = models.ManyToManyField(NumeroSerie, verbose_name="números de serie", blank=True, related_name="movimientos")
    origen_tipo = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    origen_id = models.PositiveBigIntegerField(null=True, blank=True)
    origen = GenericForeignKey("origen_tipo", "origen_id")
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    creado = models.DateTimeField("registrado", auto_now_add=True)

    class Meta:
        ordering = ["fecha", "id"]
        verbose_name = "movimiento de kardex"
        verbose_name_plural = "movimientos de kardex"
        indexes = [
            models.Index(fields=["producto", "almacen", "fecha", "id"], name="movimiento_kardex_idx"),
            models.Index(fields=["origen_tipo", "origen_id"], name="movimiento_origen_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(cantidad__gt=0), name="movimiento_cantidad_positiva"),
        ]

    def __str__(self):
        return f"{self.get_naturaleza_display()} {self.cantidad.normalize():f} {self.producto.codigo} ({self.fecha:%d/%m/%Y})"

    @property
    def documento(self) -> str:
        if self.documento_serie and self.documento_numero:
            return f"{self.documento_serie}-{self.documento_numero}"
        return self.documento_serie or self.documento_numero

    @property
    def es_entrada(self) -> bool:
        return self.naturaleza == Naturaleza.ENTRADA
