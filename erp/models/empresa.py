from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import RegexValidator
from django.db import models

from erp.cifrado import SecretoField
from erp.validadores import validar_ruc, validar_serie

from .base import Auditado, EmpresaDeSucursal
from .referencia import Distrito


class EntornoSunat(models.TextChoices):
    SANDBOX = "sandbox", "Sandbox del ERP (pruebas locales)"
    BETA = "beta", "SUNAT beta (homologación)"
    PRODUCCION = "produccion", "SUNAT producción"


class Empresa(Auditado):
    """The issuer of the electronic documents."""

    ruc = models.CharField("RUC", max_length=11, unique=True, validators=[validar_ruc])
    razon_social = models.CharField("razón social", max_length=250)
    nombre_comercial = models.CharField("nombre comercial", max_length=250, blank=True)
    direccion = models.CharField("dirección fiscal", max_length=250)
    urbanizacion = models.CharField("urbanización", max_length=100, blank=True)
    distrito = models.ForeignKey(Distrito, verbose_name="distrito (ubigeo)", on_delete=models.PROTECT)
    telefono = models.CharField("teléfono", max_length=50, blank=True)
    email = models.EmailField("correo", blank=True)
    web = models.URLField("página web", blank=True)
    logo = models.ImageField(upload_to="empresas/logos/", blank=True)
    activo = models.BooleanField("activa", default=True)

    entorno_sunat = models.CharField(
        "entorno SUNAT", max_length=12, choices=EntornoSunat.choices, default=EntornoSunat.SANDBOX
    )
    sol_usuario = models.CharField(
        "usuario SOL", max_length=20, blank=True, help_text="Usuario secundario SOL, sin el RUC delante."
    )
    sol_clave = SecretoField("clave SOL")
    # The guía de remisión's REST API (OAuth2): credentials the company creates in SUNAT's portal.
    gre_client_id = SecretoField("client id de la API de guías")
    gre_client_secret = SecretoField("client secret de la API de guías")

    certificado = models.TextField("certificado (PEM)", blank=True, editable=False)
    certificado_clave = SecretoField("clave privada del certificado")
    certificado_sujeto = models.CharField("titular del certificado", max_length=500, blank=True, editable=False)
    certificado_emisor = models.CharField("emisor del certificado", max_length=500, blank=True, editable=False)
    certificado_desde = models.DateTimeField("válido desde", null=True, blank=True, editable=False)
    certificado_vence = models.DateTimeField("vence", null=True, blank=True, editable=False)
    certificado_huella = models.CharField("huella SHA-256", max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["razon_social"]
        verbose_name = "empresa"

    def __str__(self):
        return f"{self.razon_social} ({self.ruc})"

    @property
    def tiene_sol(self) -> bool:
        return bool(self.sol_usuario and self.sol_clave)

    @property
    def tiene_credenciales_gre(self) -> bool:
        return bool(self.gre_client_id and self.gre_client_secret)

    @property
    def tiene_certificado(self) -> bool:
        return bool(self.certificado and self.certificado_clave)


class FormatoImpresion(models.TextChoices):
    """Paper of the printed documents (PDF): a branch's default, or one document's choice."""

    A4 = "a4", "A4"
    A5 = "a5", "A5 (media hoja)"
    TICKET = "ticket", "Ticket 80 mm"


_codigo_establecimiento = RegexValidator(r"^\d{4}$", "El código de establecimiento SUNAT tiene 4 dígitos (0000 es el domicilio fiscal).")


class Sucursal(Auditado):
    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="sucursales")
    nombre = models.CharField(max_length=100)
    direccion = models.CharField("dirección", max_length=250)
    distrito = models.ForeignKey(Distrito, verbose_name="distrito (ubigeo)", on_delete=models.PROTECT)
    codigo_establecimiento = models.CharField(
        "código de establecimiento SUNAT",
        max_length=4,
        default="0000",
        validators=[_codigo_establecimiento],
        help_text="Código de anexo que SUNAT asignó al local; 0000 es el domicilio fiscal.",
    )
    telefono = models.CharField("teléfono", max_length=50, blank=True)
    email = models.EmailField("correo", blank=True)
    formato_impresion = models.CharField(
        "formato de impresión",
        max_length=6,
        choices=FormatoImpresion.choices,
        default=FormatoImpresion.A4,
        help_text="Formato del PDF de los documentos de la sucursal; cada documento puede elegir otro.",
    )
    activo = models.BooleanField("activa", default=True)

    class Meta:
        ordering = ["empresa", "nombre"]
        verbose_name = "sucursal"
        verbose_name_plural = "sucursales"
        constraints = [
            models.UniqueConstraint(
                fields=["empresa", "codigo_establecimiento"],
                name="sucursal_codigo_establecimiento_unico",
                violation_error_message="Ya existe una sucursal de la empresa con ese código de establecimiento.",
            ),
        ]

    def __str__(self):
        return self.nombre


def _campo(modelo, nombre: str):
    try:
        return modelo._meta.get_field(nombre)
    except FieldDoesNotExist:
        return None


class TipoSerie(models.TextChoices):
    FACTURA = "01", "Factura"
    BOLETA = "03", "Boleta de venta"
    NOTA_CREDITO = "07", "Nota de crédito"
    NOTA_DEBITO = "08", "Nota de débito"
    GUIA_REMITENTE = "09", "Guía de remisión remitente"
    RETENCION = "20", "Comprobante de retención"
    GUIA_TRANSPORTISTA = "31", "Guía de remisión transportista"
    PERCEPCION = "40", "Comprobante de percepción"
    NOTA_VENTA = "NV", "Nota de venta (interna)"
    COTIZACION = "CT", "Cotización"
    PEDIDO = "PV", "Pedido de venta"
    ORDEN_TRABAJO = "OT", "Orden de trabajo"


class Serie(EmpresaDeSucursal):
    """A document series of a branch and the last number it issued."""

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="series", editable=False)
    sucursal = models.ForeignKey(Sucursal, on_delete=models.PROTECT, related_name="series")
    tipo_documento = models.CharField("tipo de documento", max_length=2, choices=TipoSerie.choices)
    serie = models.CharField(max_length=4)
    ultimo_numero = models.PositiveIntegerField(
        "último número", default=0, help_text="Último correlativo emitido; el siguiente documento lleva este más uno."
    )
    activo = models.BooleanField("activa", default=True)

    class Meta:
        ordering = ["sucursal", "tipo_documento", "serie"]
        verbose_name = "serie"
        constraints = [
            models.UniqueConstraint(
                fields=["empresa", "tipo_documento", "serie"],
                name="serie_unica_por_empresa",
                violation_error_message="La empresa ya tiene esa serie para ese tipo de documento.",
            ),
        ]

    def __str__(self):
        return self.serie

    def clean(self):
        super().clean()
        try:
            validar_serie(self.tipo_documento, self.serie)
        except ValidationError as exc:
            raise ValidationError({"serie": exc.messages}) from exc
        if self.tomar_empresa_de_sucursal():
            self.exigir_unico(
                "serie",
                "La empresa ya tiene esa serie para ese tipo de documento.",
                tipo_documento=self.tipo_documento,
                serie=self.serie,
            )
        if self.pk and self.ultimo_numero < (alto := self.numero_mas_alto_usado()):
            raise ValidationError({"ultimo_numero": f"La serie ya emitió el número {alto}: el último número no puede ser menor."})

    def numero_mas_alto_usado(self) -> int:
        """The highest number a document of this series carries, in whichever app keeps it."""
        alto = 0
        for relacion in self._meta.get_fields(include_hidden=True):
            if not (relacion.one_to_many and relacion.auto_created):
                continue
            modelo = relacion.related_model
            if isinstance(_campo(modelo, "numero"), models.PositiveIntegerField):
                maximo = modelo._base_manager.filter(**{relacion.field.name: self}).aggregate(m=models.Max("numero"))["m"]
                alto = max(alto, maximo or 0)
        return alto
