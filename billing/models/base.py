"""What quotations, orders and sales documents share: a header with a client and currency, and priced lines."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

from erp.catalogos import AfectacionIGV, SistemaISC
from erp.models import (
    Auditado,
    Contacto,
    Empresa,
    EmpresaDeSucursal,
    FormatoImpresion,
    Moneda,
    Socio,
    Sucursal,
    UnidadMedida,
)

CERO = Decimal("0")


def importe(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, default=CERO, **kwargs)


def valor_linea(verbose_name, **kwargs):
    # SUNAT keeps up to 10 decimals per line; totals round to 2.
    return models.DecimalField(verbose_name, max_digits=22, decimal_places=10, default=CERO, **kwargs)


class DocumentoComercial(EmpresaDeSucursal, Auditado):
    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, editable=False, related_name="+")
    sucursal = models.ForeignKey(Sucursal, on_delete=models.PROTECT, related_name="+")
    cliente = models.ForeignKey(Socio, on_delete=models.PROTECT, related_name="+")
    contacto = models.ForeignKey(Contacto, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    moneda = models.ForeignKey(Moneda, on_delete=models.PROTECT, default=1)
    tipo_cambio = models.DecimalField(
        "tipo de cambio", max_digits=10, decimal_places=3, default=Decimal("1.000"), validators=[MinValueValidator(Decimal("0.001"))]
    )
    fecha_emision = models.DateField("fecha de emisión")
    observaciones = models.TextField(blank=True)
    formato_impresion = models.CharField(
        "formato de impresión", max_length=6, choices=FormatoImpresion.choices, blank=True, help_text="Vacío: el formato de la sucursal."
    )

    descuento_global = importe("descuento global", help_text="Monto sin IGV que se descuenta de la base imponible.")
    otros_cargos = importe("otros cargos", help_text="Cargos que no forman parte de la base imponible (p. ej. recargo al consumo).")

    total_gravadas = importe("total gravadas", editable=False)
    total_gravadas_ivap = importe("total gravadas IVAP", editable=False)
    total_exoneradas = importe("total exoneradas", editable=False)
    total_inafectas = importe("total inafectas", editable=False)
    total_exportacion = importe("total exportación", editable=False)
    total_gratuitas = importe("total gratuitas", editable=False)
    total_descuentos = importe("total descuentos", editable=False)
    total_igv = importe("IGV", editable=False)
    total_ivap = importe("IVAP", editable=False)
    total_isc = importe("ISC", editable=False)
    total_icbper = importe("ICBPER", editable=False)
    total_otros_cargos = importe("otros cargos (total)", editable=False)
    total_anticipos = importe("anticipos", editable=False)
    importe_total = importe("importe total", editable=False)
    monto_letras = models.CharField("importe en letras", max_length=300, blank=True, editable=False)

    class Meta:
        abstract = True


class LineaComercial(models.Model):
    orden = models.PositiveSmallIntegerField(default=0)
    producto = models.ForeignKey("inventory.Producto", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    codigo = models.CharField("código", max_length=30, blank=True)
    descripcion = models.CharField("descripción", max_length=500)
    unidad = models.ForeignKey(UnidadMedida, on_delete=models.PROTECT, default="NIU")
    cantidad = models.DecimalField(max_digits=22, decimal_places=10, validators=[MinValueValidator(Decimal("0.0000000001"))])
    precio_unitario = valor_linea("precio unitario", help_text="Con IGV.")
    valor_unitario = valor_linea("valor unitario", help_text="Sin IGV.")
    ingreso_con_igv = models.BooleanField(
        "precio con IGV", default=True, help_text="Si el precio ingresado incluye el IGV; si no, se ingresó el valor unitario."
    )
    descuento_porcentaje = models.DecimalField(
        "descuento %", max_digits=5, decimal_places=2, default=CERO, validators=[MinValueValidator(CERO)]
    )
    afectacion_igv = models.CharField("afectación IGV", max_length=2, choices=AfectacionIGV.choices, default=AfectacionIGV.GRAVADO)
    isc_sistema = models.CharField("sistema ISC", max_length=2, choices=SistemaISC.choices, blank=True)
    isc_tasa = models.DecimalField("tasa o monto ISC", max_digits=12, decimal_places=4, default=CERO)
    icbper = models.BooleanField("bolsa plástica (ICBPER)", default=False)

    valor_venta = valor_linea("valor de venta", editable=False)
    descuento = valor_linea("descuento", editable=False)
    igv = valor_linea("IGV", editable=False)
    isc = valor_linea("ISC", editable=False)
    monto_icbper = valor_linea("ICBPER", editable=False)
    total = valor_linea("total", editable=False)
    valor_referencial = valor_linea("valor referencial", editable=False, help_text="Valor de mercado de un ítem gratuito.")

    class Meta:
        abstract = True
        ordering = ["orden", "id"]

    def __str__(self):
        return self.descripcion
