"""Electronic documents (CPE) as sent to SUNAT: their files, status and every attempt."""

import datetime

from django.db import models

from cpe.gestores import SinArchivos
from cpe.models_dialectos import CodigoUnico, RutaDialecto  # noqa: F401  (the compatible dialects' records)
from cpe.models_guia import TicketGre, TokenGre  # noqa: F401  (guías de remisión: REST token and tickets)
from cpe.models_resumen import (  # noqa: F401  (daily summaries and voidings, in their own module)
    FINALES_RESUMEN,
    ComunicacionBaja,
    Condicion,
    EstadoResumen,
    IntentoResumen,
    LineaResumen,
    PlazoSunat,
    Resumen,
    ResumenDiario,
    ResumenReversion,
    TipoResumen,
)
from erp.archivos import ArchivoField
from erp.models import Empresa


class ConfiguracionCpe(models.Model):
    """How a company sends its documents to SUNAT."""

    class Algoritmo(models.TextChoices):
        SHA256 = "sha256", "RSA-SHA256"
        SHA1 = "sha1", "RSA-SHA1"

    empresa = models.OneToOneField(Empresa, on_delete=models.CASCADE, related_name="configuracion_cpe")
    envio_automatico = models.BooleanField(
        "enviar al emitir", default=True, help_text="Cada documento se envía a SUNAT en segundo plano apenas se emite."
    )
    boletas_por_resumen = models.BooleanField(
        "boletas en el resumen diario",
        default=True,
        help_text="Las boletas y sus notas se informan en el resumen diario; si se desmarca, se envían una por una.",
    )
    hora_resumen = models.TimeField("hora del resumen diario", default=datetime.time(1, 0))
    algoritmo_firma = models.CharField("algoritmo de firma", max_length=6, choices=Algoritmo.choices, default=Algoritmo.SHA256)
    url_otros_cpe = models.URLField(
        "servicio de retenciones y percepciones",
        blank=True,
        help_text="Dirección del billService de «otros CPE» (20, 40 y RR). Vacío: la de SUNAT para el entorno de la empresa (beta o producción).",
    )

    class Meta:
        verbose_name = "configuración de facturación electrónica"
        verbose_name_plural = "configuración de facturación electrónica"

    def __str__(self):
        return f"Facturación electrónica de {self.empresa}"

    @classmethod
    def de(cls, empresa: Empresa) -> "ConfiguracionCpe":
        """The company's settings (created with the defaults the first time), read once per Empresa instance."""
        try:
            return empresa.configuracion_cpe
        except cls.DoesNotExist:
            empresa.configuracion_cpe = cls.objects.get_or_create(empresa=empresa)[0]
            return empresa.configuracion_cpe


class EstadoCpe(models.TextChoices):
    PENDIENTE = "pendiente", "Pendiente de envío"
    ENVIANDO = "enviando", "Enviando"
    ACEPTADO = "aceptado", "Aceptado"
    OBSERVADO = "observado", "Aceptado con observaciones"
    RECHAZADO = "rechazado", "Rechazado"
    ERROR = "error", "Error (se reintentará)"
    ANULADO = "anulado", "Anulado (baja)"


ESTADOS_FINALES = (EstadoCpe.ACEPTADO, EstadoCpe.OBSERVADO, EstadoCpe.RECHAZADO, EstadoCpe.ANULADO)


class ComprobanteElectronico(models.Model):
    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="comprobantes_electronicos")
    documento = models.OneToOneField("billing.DocumentoVenta", on_delete=models.PROTECT, related_name="cpe", null=True, blank=True)
    guia = models.OneToOneField("billing.GuiaRemision", on_delete=models.PROTECT, related_name="cpe", null=True, blank=True)
    otro = models.OneToOneField("billing.ComprobanteOtro", on_delete=models.PROTECT, related_name="cpe", null=True, blank=True)
    tipo = models.CharField(max_length=2)
    serie = models.CharField(max_length=4)
    numero = models.PositiveIntegerField("número")
    nombre = models.CharField("archivo", max_length=40, unique=True, help_text="RUC-TIPO-SERIE-NÚMERO, como SUNAT nombra el archivo.")
    fecha_emision = models.DateField(
        "fecha de emisión", null=True, blank=True, editable=False, help_text="La del documento, copiada para listar y contar por fechas sin unir tablas."
    )
    estado = models.CharField(max_length=10, choices=EstadoCpe.choices, default=EstadoCpe.PENDIENTE, db_index=True)
    hash = models.CharField("código hash", max_length=100, blank=True)
    codigo_respuesta = models.CharField("código SUNAT", max_length=6, blank=True)
    descripcion = models.TextField("respuesta de SUNAT", blank=True)
    observaciones = models.JSONField(default=list, blank=True, help_text="Notas del CDR: [{codigo, mensaje}].")
    reintentable = models.BooleanField(default=True, help_text="Si un error se puede reintentar sin corregir nada.")
    intentos = models.PositiveIntegerField(default=0)
    enviando_hasta = models.DateTimeField(null=True, blank=True, help_text="Un envío en curso tiene el comprobante hasta esta hora.")
    proximo_intento = models.DateTimeField("próximo intento", null=True, blank=True)
    enviado = models.DateTimeField("respuesta recibida", null=True, blank=True)
    xml = ArchivoField("XML firmado", carpeta="cpe/comprobantes", extension="xml")
    zip = ArchivoField("ZIP enviado", carpeta="cpe/comprobantes", extension="zip")
    cdr = ArchivoField("CDR (ZIP)", carpeta="cpe/comprobantes", extension="zip")
    creado = models.DateTimeField(auto_now_add=True)
    modificado = models.DateTimeField(auto_now=True)

    objects = SinArchivos()
    con_archivos = models.Manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "comprobante electrónico"
        verbose_name_plural = "comprobantes electrónicos"
        indexes = [models.Index(fields=["empresa", "estado", "tipo"]), models.Index(fields=["fecha_emision", "id"], name="cpe_fecha_emision_idx")]
        permissions = [("enviar_comprobanteelectronico", "Puede enviar comprobantes a SUNAT")]

    def __str__(self):
        return self.nombre

    def save(self, *args, **kwargs):
        if self.fecha_emision is None and (self.documento_id or self.guia_id or self.otro_id):
            self.fecha_emision = (self.documento or self.guia or self.otro).fecha_emision
        super().save(*args, **kwargs)

    @property
    def numeracion(self) -> str:
        return f"{self.serie}-{self.numero}"

    @property
    def enviado_a_sunat(self) -> bool:
        return self.estado in ESTADOS_FINALES


class IntentoEnvio(models.Model):
    """One call to SUNAT for a document: what was sent, what came back, how long it took."""

    class Resultado(models.TextChoices):
        ACEPTADO = "aceptado", "Aceptado"
        OBSERVADO = "observado", "Aceptado con observaciones"
        RECHAZADO = "rechazado", "Rechazado"
        FALLA = "falla", "Falla de SUNAT"
        ERROR = "error", "Error de comunicación"

    comprobante = models.ForeignKey(ComprobanteElectronico, on_delete=models.CASCADE, related_name="intentos_envio")
    operacion = models.CharField("operación", max_length=20)
    enviado = models.CharField("enviado", max_length=60)
    inicio = models.DateTimeField()
    duracion_ms = models.PositiveIntegerField("duración (ms)")
    resultado = models.CharField(max_length=10, choices=Resultado.choices)
    codigo = models.CharField("código", max_length=6, blank=True)
    mensaje = models.TextField(blank=True)

    class Meta:
        ordering = ["-inicio", "-id"]
        verbose_name = "intento de envío"
        verbose_name_plural = "intentos de envío"

    def __str__(self):
        return f"{self.operacion} {self.inicio:%d/%m/%Y %H:%M:%S}"
