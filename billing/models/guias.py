"""Guías de remisión electrónicas: remitente (09) and transportista (31)."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models

from erp.models import Auditado, Distrito, Empresa, EmpresaDeSucursal, Serie, Socio, Sucursal, UnidadMedida

from ..puertos import AEROPUERTOS, PUERTOS
from .documentos import DocumentoVenta
from .numeracion import NumeradoEnSerie, restricciones_de_numeracion


class TipoGuia(models.TextChoices):
    REMITENTE = "09", "Guía de remisión remitente"
    TRANSPORTISTA = "31", "Guía de remisión transportista"


class TipoDocumentoGuia(models.TextChoices):
    """Catálogo 61: the documents a guide cites that the product issues or receives."""

    FACTURA = "01", "Factura"
    BOLETA = "03", "Boleta de venta"
    LIQUIDACION_COMPRA = "04", "Liquidación de compra"
    GUIA_REMITENTE = "09", "Guía de remisión remitente"
    GUIA_TRANSPORTISTA = "31", "Guía de remisión transportista"
    DAM = "50", "Declaración aduanera de mercancías (DAM)"
    DS = "52", "Declaración simplificada (DS)"

    @classmethod
    def aduaneros(cls) -> set[str]:
        """The customs declarations an import or export guide cites (SUNAT rules 3440, 3445)."""
        return {cls.DAM, cls.DS}


class MotivoTraslado(models.TextChoices):
    """Catálogo 20."""

    VENTA = "01", "Venta"
    COMPRA = "02", "Compra"
    VENTA_TERCEROS = "03", "Venta con entrega a terceros"
    ENTRE_ESTABLECIMIENTOS = "04", "Traslado entre establecimientos de la misma empresa"
    CONSIGNACION = "05", "Consignación"
    DEVOLUCION = "06", "Devolución"
    RECOJO_TRANSFORMADOS = "07", "Recojo de bienes transformados"
    IMPORTACION = "08", "Importación"
    EXPORTACION = "09", "Exportación"
    OTROS = "13", "Otros"
    VENTA_SUJETA_CONFIRMACION = "14", "Venta sujeta a confirmación del comprador"
    PARA_TRANSFORMACION = "17", "Traslado de bienes para transformación"
    EMISOR_ITINERANTE = "18", "Traslado emisor itinerante CP"

    @classmethod
    def hacia_la_empresa(cls) -> set[str]:
        """Moves whose recipient is the company itself (SUNAT rule 2554)."""
        return {cls.COMPRA, cls.ENTRE_ESTABLECIMIENTOS, cls.RECOJO_TRANSFORMADOS, cls.EMISOR_ITINERANTE}

    @classmethod
    def de_aduana(cls) -> set[str]:
        return {cls.IMPORTACION, cls.EXPORTACION}


class ModalidadTraslado(models.TextChoices):
    PUBLICO = "01", "Transporte público"
    PRIVADO = "02", "Transporte privado"


class UnidadPeso(models.TextChoices):
    KILOGRAMOS = "KGM", "Kilogramos"
    TONELADAS = "TNE", "Toneladas"


# Catálogos 63 and 64 as one choice: "1-CLL" is the port of Callao, "2-LIM" Lima's airport.
PUERTOS_Y_AEROPUERTOS = [
    ("Puertos", [(f"1-{codigo}", nombre) for codigo, (nombre, _) in PUERTOS.items()]),
    ("Aeropuertos", [(f"2-{codigo}", nombre) for codigo, (nombre, _) in AEROPUERTOS.items()]),
]

_placa = RegexValidator(r"^[A-Z0-9]{6,8}$", "La placa tiene de 6 a 8 letras o dígitos, sin guion (p. ej. ABC123).")
_establecimiento = RegexValidator(r"^\d{4}$", "El código de establecimiento SUNAT tiene 4 dígitos.")
_mtc = RegexValidator(r"^[0-9A-Z]{1,20}$", "El registro MTC tiene hasta 20 letras mayúsculas o dígitos.")


class GuiaRemision(NumeradoEnSerie, EmpresaDeSucursal, Auditado):
    class Estado(models.TextChoices):
        BORRADOR = "borrador", "Borrador"
        EMITIDA = "emitida", "Emitida"

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, editable=False, related_name="+")
    sucursal = models.ForeignKey(Sucursal, on_delete=models.PROTECT, related_name="+")
    tipo = models.CharField(max_length=2, choices=TipoGuia.choices, default=TipoGuia.REMITENTE)
    serie = models.ForeignKey(Serie, on_delete=models.PROTECT, related_name="guias_remision")
    numero = models.PositiveIntegerField("número", null=True, blank=True, editable=False)
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.BORRADOR, editable=False)
    fecha_emision = models.DateField("fecha de emisión")
    hora_emision = models.TimeField("hora de emisión", null=True, blank=True, editable=False)

    destinatario = models.ForeignKey(
        Socio, verbose_name="destinatario", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Vacío: la propia empresa (traslado entre establecimientos, compra, recojo).",
    )
    remitente = models.ForeignKey(
        Socio, verbose_name="remitente", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Solo en la guía transportista: dueño de los bienes que se trasladan.",
    )
    proveedor = models.ForeignKey(
        Socio, verbose_name="proveedor", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="En una compra o un recojo de bienes transformados: quien vende o transformó los bienes.",
    )
    motivo = models.CharField("motivo de traslado", max_length=2, choices=MotivoTraslado.choices, default=MotivoTraslado.VENTA)
    descripcion_motivo = models.CharField("descripción del motivo", max_length=100, blank=True)
    fecha_inicio = models.DateField("fecha de inicio del traslado")
    peso_bruto = models.DecimalField(
        "peso bruto total", max_digits=12, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    unidad_peso = models.CharField("unidad de peso", max_length=3, choices=UnidadPeso.choices, default=UnidadPeso.KILOGRAMOS)
    bultos = models.PositiveIntegerField("número de bultos", null=True, blank=True)

    partida_distrito = models.ForeignKey(
        Distrito, verbose_name="ubigeo de partida", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    partida_direccion = models.CharField("dirección de partida", max_length=250, blank=True)
    partida_establecimiento = models.CharField(
        "establecimiento de partida", max_length=4, blank=True, validators=[_establecimiento],
        help_text="Código SUNAT del local propio de partida (traslado entre establecimientos).",
    )
    llegada_distrito = models.ForeignKey(
        Distrito, verbose_name="ubigeo de llegada", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    llegada_direccion = models.CharField("dirección de llegada", max_length=250, blank=True)
    llegada_establecimiento = models.CharField(
        "establecimiento de llegada", max_length=4, blank=True, validators=[_establecimiento],
        help_text="Código SUNAT del local propio de llegada (traslado entre establecimientos).",
    )

    puerto = models.CharField(
        "puerto o aeropuerto", max_length=5, blank=True, choices=PUERTOS_Y_AEROPUERTOS,
        help_text="Importación: de desembarque (en el ubigeo de partida). Exportación: puerto de embarque (en el de llegada).",
    )

    modalidad = models.CharField("modalidad de traslado", max_length=2, choices=ModalidadTraslado.choices, default=ModalidadTraslado.PRIVADO)
    transportista_ruc = models.CharField("RUC del transportista", max_length=11, blank=True)
    transportista_razon_social = models.CharField("razón social del transportista", max_length=250, blank=True)
    transportista_mtc = models.CharField("registro MTC", max_length=20, blank=True, validators=[_mtc],
                                         help_text="Del transportista contratado, o de la empresa en una guía transportista.")  # fmt: skip

    documento_venta = models.ForeignKey(
        DocumentoVenta, verbose_name="factura o boleta", on_delete=models.PROTECT, null=True, blank=True,
        related_name="guias_remision",
    )
    transferencia = models.ForeignKey(
        "inventory.Transferencia", verbose_name="transferencia", on_delete=models.PROTECT, null=True, blank=True,
        related_name="guias_remision",
    )
    observaciones = models.CharField(max_length=250, blank=True)

    # The recipient as printed and sent (a copy: the partner's record may change later).
    destinatario_tipo_documento = models.CharField(max_length=1, blank=True, editable=False)
    destinatario_numero_documento = models.CharField(max_length=15, blank=True, editable=False)
    destinatario_razon_social = models.CharField(max_length=250, blank=True, editable=False)

    class Meta:
        ordering = ["-fecha_emision", "-id"]
        verbose_name = "guía de remisión"
        verbose_name_plural = "guías de remisión"
        constraints = restricciones_de_numeracion("guia")

    def __str__(self):
        return f"{self.get_tipo_display()} {self.numero_completo}"

    @property
    def titulo(self) -> str:
        return self.get_tipo_display()

    @property
    def es_borrador(self) -> bool:
        return self.estado == self.Estado.BORRADOR


class LineaGuia(models.Model):
    guia = models.ForeignKey(GuiaRemision, on_delete=models.CASCADE, related_name="lineas")
    orden = models.PositiveSmallIntegerField(default=0)
    producto = models.ForeignKey("inventory.Producto", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    codigo = models.CharField("código", max_length=30, blank=True)
    descripcion = models.CharField("descripción", max_length=500)
    unidad = models.ForeignKey(UnidadMedida, on_delete=models.PROTECT, default="NIU")
    cantidad = models.DecimalField(max_digits=22, decimal_places=10, validators=[MinValueValidator(Decimal("0.0000000001"))])

    class Meta:
        ordering = ["orden", "id"]
        verbose_name = "bien trasladado"
        verbose_name_plural = "bienes trasladados"

    def __str__(self):
        return self.descripcion


class VehiculoGuia(models.Model):
    guia = models.ForeignKey(GuiaRemision, on_delete=models.CASCADE, related_name="vehiculos")
    placa = models.CharField(max_length=8, validators=[_placa])

    class Meta:
        ordering = ["id"]
        verbose_name = "vehículo"

    def __str__(self):
        return self.placa


class ConductorGuia(models.Model):
    guia = models.ForeignKey(GuiaRemision, on_delete=models.CASCADE, related_name="conductores")
    tipo_documento = models.CharField(
        "tipo de documento", max_length=1, default="1",
        choices=[("1", "DNI"), ("4", "Carné de extranjería"), ("7", "Pasaporte")],
    )
    numero_documento = models.CharField("número de documento", max_length=15)
    nombres = models.CharField(max_length=100)
    apellidos = models.CharField(max_length=100)
    licencia = models.CharField("licencia de conducir", max_length=10, validators=[
        RegexValidator(r"^[A-Z0-9-]{9,10}$", "La licencia de conducir tiene de 9 a 10 letras mayúsculas o dígitos (p. ej. Q45678912).")
    ])  # fmt: skip

    class Meta:
        ordering = ["id"]
        verbose_name = "conductor"
        verbose_name_plural = "conductores"

    def __str__(self):
        return f"{self.nombres} {self.apellidos}"


class DocumentoRelacionadoGuia(models.Model):
    """A document the guide cites (catálogo 61): the sale's factura, the provider's, the remitente's guide."""

    guia = models.ForeignKey(GuiaRemision, on_delete=models.CASCADE, related_name="documentos")
    tipo = models.CharField(max_length=2, choices=TipoDocumentoGuia.choices)
    numero = models.CharField("serie y número", max_length=20, help_text="Por ejemplo: F001-25; una DAM: 118-2026-10-123456.")
    ruc_emisor = models.CharField("RUC del emisor", max_length=11, blank=True, help_text="No se pide para la DAM ni la DS.")

    class Meta:
        ordering = ["id"]
        verbose_name = "documento relacionado"
        verbose_name_plural = "documentos relacionados"

    def __str__(self):
        return f"{self.get_tipo_display()} {self.numero}"

    def clean(self):
        if self.tipo in TipoDocumentoGuia.aduaneros():
            # SUNAT's number of a declaration: customs office, year, regime (10 import, 40 export; DS 18, 48), number.
            if not _DECLARACION.fullmatch(self.numero or ""):
                raise ValidationError({"numero": "Escriba el número de la declaración: aduana-año-régimen-número, p. ej. 118-2026-10-123456."})
            return
        if not _SERIE_NUMERO.fullmatch(self.numero or ""):
            raise ValidationError({"numero": "Escriba la serie y el número, p. ej. F001-25."})
        if not self.ruc_emisor:
            raise ValidationError({"ruc_emisor": "Indique el RUC de quien emitió el documento."})


_SERIE_NUMERO = re.compile(r"[A-Z0-9]{4}-\d{1,8}")
_DECLARACION = re.compile(r"\d{3}-\d{4}-\d{2}-\d{1,6}")
