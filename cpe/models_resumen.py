"""Daily summaries (RC) and voiding communications (RA): what went with sendSummary, its ticket and verdict.

A `Resumen` is built with its lines in one transaction, then sent (a lease
stops two workers sending it), then its ticket is polled until SUNAT's
verdict, which each line's document takes. A `LineaResumen` without a
summary is a request waiting for the next one (a boleta to void or to
inform again). Imported by cpe.models.
"""

from django.conf import settings
from django.db import models

from cpe.gestores import SinArchivos
from erp.archivos import ArchivoField
from erp.models import Empresa


class TipoResumen(models.TextChoices):
    RESUMEN = "RC", "Resumen diario"
    BAJA = "RA", "Comunicación de baja"
    REVERSION = "RR", "Resumen de reversiones"


class EstadoResumen(models.TextChoices):
    PENDIENTE = "pendiente", "Por enviar"
    ENVIANDO = "enviando", "Enviando"
    EN_PROCESO = "en_proceso", "En proceso en SUNAT"
    ACEPTADO = "aceptado", "Aceptado"
    OBSERVADO = "observado", "Aceptado con observaciones"
    RECHAZADO = "rechazado", "Rechazado"
    ERROR = "error", "Error"


FINALES_RESUMEN = (EstadoResumen.ACEPTADO, EstadoResumen.OBSERVADO, EstadoResumen.RECHAZADO)


class Condicion(models.TextChoices):
    """Catálogo 19: what a summary line does with its document."""

    ADICIONAR = "1", "Adicionar"
    MODIFICAR = "2", "Modificar"
    ANULAR = "3", "Anular"


class Resumen(models.Model):
    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="resumenes")
    tipo = models.CharField(max_length=2, choices=TipoResumen.choices)
    fecha_generacion = models.DateField("fecha de generación")
    correlativo = models.PositiveIntegerField()
    fecha_emision = models.DateField("fecha de emisión", help_text="Fecha de emisión de los comprobantes que informa.")
    nombre = models.CharField(
        "archivo", max_length=40, unique=True, help_text="RUC-TIPO-FECHA-CORRELATIVO, como SUNAT nombra el archivo."
    )
    estado = models.CharField(
        max_length=10, choices=EstadoResumen.choices, default=EstadoResumen.PENDIENTE, db_index=True
    )
    ticket = models.CharField(max_length=40, blank=True, db_index=True)
    hash = models.CharField("código hash", max_length=100, blank=True)
    codigo_respuesta = models.CharField("código SUNAT", max_length=6, blank=True)
    descripcion = models.TextField("respuesta de SUNAT", blank=True)
    observaciones = models.JSONField(default=list, blank=True, help_text="Notas del CDR: [{codigo, mensaje}].")
    reintentable = models.BooleanField(default=True, help_text="Si un error se puede reintentar sin corregir nada.")
    intentos = models.PositiveIntegerField("envíos", default=0)
    consultas = models.PositiveIntegerField("consultas del ticket", default=0)
    enviando_hasta = models.DateTimeField(
        null=True, blank=True, help_text="Un envío en curso tiene el resumen hasta esta hora."
    )
    proximo_intento = models.DateTimeField("próximo intento", null=True, blank=True)
    enviado = models.DateTimeField("ticket recibido", null=True, blank=True)
    resuelto = models.DateTimeField("respuesta recibida", null=True, blank=True)
    xml = ArchivoField("XML firmado", carpeta="cpe/resumenes", extension="xml")
    zip = ArchivoField("ZIP enviado", carpeta="cpe/resumenes", extension="zip")
    cdr = ArchivoField("CDR (ZIP)", carpeta="cpe/resumenes", extension="zip")
    creado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    creado = models.DateTimeField("creado", auto_now_add=True)
    modificado = models.DateTimeField(auto_now=True)

    objects = SinArchivos()
    con_archivos = models.Manager()

    class Meta:
        ordering = ["-fecha_generacion", "-correlativo", "-id"]
        verbose_name = "resumen o baja"
        verbose_name_plural = "resúmenes y bajas"
        permissions = [("enviar_resumen", "Puede enviar resúmenes diarios y comunicaciones de baja")]
        constraints = [
            models.UniqueConstraint(
                fields=["empresa", "tipo", "fecha_generacion", "correlativo"], name="resumen_correlativo_unico_por_dia"
            ),
        ]

    def __str__(self):
        return self.identificador

    @property
    def identificador(self) -> str:
        """The document's cbc:ID: RC-YYYYMMDD-N or RA-YYYYMMDD-N."""
        return f"{self.tipo}-{self.fecha_generacion:%Y%m%d}-{self.correlativo}"

    @property
    def finalizado(self) -> bool:
        return self.estado in FINALES_RESUMEN


class ResumenDiario(Resumen):
    """The manual's "Resumen diario" screen."""

    class Meta:
        proxy = True
        verbose_name = "resumen diario"
        verbose_name_plural = "resúmenes diarios"


class ComunicacionBaja(Resumen):
    """The voiding communications of facturas and their notes."""

    class Meta:
        proxy = True
        verbose_name = "comunicación de baja"
        verbose_name_plural = "comunicaciones de baja"


class ResumenReversion(Resumen):
    """The reversals (RR) of retention and perception comprobantes."""

    class Meta:
        proxy = True
        verbose_name = "resumen de reversiones"
        verbose_name_plural = "resúmenes de reversiones"


class LineaResumen(models.Model):
    resumen = models.ForeignKey(Resumen, on_delete=models.CASCADE, null=True, blank=True, related_name="lineas")
    comprobante = models.ForeignKey("cpe.ComprobanteElectronico", on_delete=models.PROTECT, related_name="lineas_resumen")
    numero = models.PositiveIntegerField("línea", null=True, blank=True)
    condicion = models.CharField("estado informado", max_length=1, choices=Condicion.choices)
    motivo = models.CharField("motivo de la baja", max_length=100, blank=True)
    vigente = models.BooleanField(default=True, help_text="Deja de estarlo si SUNAT rechazó su resumen.")
    solicitado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    creado = models.DateTimeField("solicitado", auto_now_add=True)

    class Meta:
        ordering = ["resumen_id", "numero", "id"]
        verbose_name = "comprobante del resumen"
        verbose_name_plural = "comprobantes del resumen"
        constraints = [
            models.UniqueConstraint(fields=["resumen", "numero"], name="linea_resumen_numero_unico"),
            # A document is added once and voided once, whatever happens to concurrent jobs.
            models.UniqueConstraint(
                fields=["comprobante", "condicion"],
                condition=models.Q(vigente=True, condicion__in=["1", "3"]),
                name="linea_resumen_una_vigente",
            ),
        ]

    def __str__(self):
        return f"{self.comprobante.numeracion} ({self.get_condicion_display()})"


class IntentoResumen(models.Model):
    """One call to SUNAT for a summary: sendSummary or getStatus, what came back and how long it took."""

    resumen = models.ForeignKey(Resumen, on_delete=models.CASCADE, related_name="intentos_envio")
    operacion = models.CharField("operación", max_length=20)
    ticket = models.CharField(max_length=40, blank=True)
    inicio = models.DateTimeField()
    duracion_ms = models.PositiveIntegerField("duración (ms)")
    codigo = models.CharField("código", max_length=6, blank=True)
    mensaje = models.TextField(blank=True)

    class Meta:
        ordering = ["-inicio", "-id"]
        verbose_name = "consulta a SUNAT"
        verbose_name_plural = "consultas a SUNAT"

    def __str__(self):
        return f"{self.operacion} {self.inicio:%d/%m/%Y %H:%M:%S}"


class PlazoSunat(models.Model):
    """SUNAT's deadline for a kind of submission, in calendar days after the documents' issue date, from a date on."""

    class Tipo(models.TextChoices):
        RESUMEN = "RC", "Resumen diario de boletas y sus notas"
        BAJA = "RA", "Comunicación de baja (y anulación de boletas en el resumen)"

    tipo = models.CharField(max_length=2, choices=Tipo.choices)
    vigente_desde = models.DateField("vigente desde")
    dias = models.PositiveSmallIntegerField(
        "días calendario", help_text="Contados desde el día siguiente a la emisión."
    )
    base_legal = models.CharField("base legal", max_length=200, blank=True)

    class Meta:
        ordering = ["tipo", "-vigente_desde"]
        verbose_name = "plazo de envío a SUNAT"
        verbose_name_plural = "plazos de envío a SUNAT"
        constraints = [models.UniqueConstraint(fields=["tipo", "vigente_desde"], name="plazo_sunat_unico_por_fecha")]

    def __str__(self):
        return f"{self.get_tipo_display()}: {self.dias} días desde {self.vigente_desde:%d/%m/%Y}"
