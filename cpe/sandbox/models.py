from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models

from erp.cifrado import SecretoField


class Operacion(models.TextChoices):
    SEND_BILL = "sendBill", "sendBill (comprobante)"
    SEND_SUMMARY = "sendSummary", "sendSummary (resumen o baja)"
    GET_STATUS = "getStatus", "getStatus (ticket)"
    GET_STATUS_CDR = "getStatusCdr", "getStatusCdr (consulta de CDR)"
    GRE_TOKEN = "greToken", "API de guías: token"
    GRE_ENVIO = "greEnvio", "API de guías: envío"
    GRE_TICKET = "greTicket", "API de guías: consulta de ticket"


class CertificadoSandbox(models.Model):
    """The certificate the sandbox signs its CDRs with, as SUNAT signs its own; generated once."""

    certificado = models.TextField("certificado (PEM)")
    clave = SecretoField("clave privada")
    huella = models.CharField("huella SHA-256", max_length=64)
    creado = models.DateTimeField("creado", auto_now_add=True)

    class Meta:
        verbose_name = "certificado del sandbox"
        verbose_name_plural = "certificados del sandbox"

    def __str__(self):
        return f"Certificado del sandbox {self.huella[:16]}"


class DocumentoRecibido(models.Model):
    """A zip the sandbox received through sendBill or sendSummary, and its answer."""

    ruc = models.CharField("RUC", max_length=11, db_index=True)
    tipo = models.CharField("tipo", max_length=2, blank=True, help_text="01, 03, 07, 08, 20, 40, RC, RA o RR.")
    serie = models.CharField(
        "serie", max_length=8, blank=True, help_text="La serie, o la fecha AAAAMMDD de un resumen."
    )
    numero = models.PositiveIntegerField("número", null=True, blank=True)
    nombre = models.CharField("archivo", max_length=100)
    operacion = models.CharField("operación", max_length=12, choices=Operacion.choices)
    zip = models.BinaryField("ZIP recibido")
    hash = models.CharField("hash (DigestValue)", max_length=100, blank=True)
    codigo = models.CharField(
        "código de respuesta", max_length=4, blank=True, help_text="0 aceptado; 2000-3999 rechazo; otros: falla SOAP."
    )
    descripcion = models.TextField("descripción", blank=True)
    observaciones = models.JSONField("observaciones", default=list, blank=True)
    cdr_zip = models.BinaryField("CDR", null=True, blank=True)
    registrado = models.BooleanField(
        "registrado",
        default=True,
        help_text="SUNAT lo registró: un nuevo envío del mismo número responde 1033. "
        "No se registran los envíos con falla SOAP ni los resúmenes repetidos.",
    )
    recibido = models.DateTimeField("recibido", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-recibido", "-id"]
        verbose_name = "documento recibido"
        verbose_name_plural = "documentos recibidos"
        constraints = [
            models.UniqueConstraint(
                fields=["ruc", "tipo", "serie", "numero"],
                condition=models.Q(registrado=True),
                name="sandbox_documento_registrado_unico",
            ),
        ]

    def __str__(self):
        return self.nombre

    @property
    def aceptado(self) -> bool:
        return self.codigo == "0"

    @property
    def es_falla(self) -> bool:
        return bool(self.codigo) and self.codigo != "0" and int(self.codigo) < 2000


class Ticket(models.Model):
    """The ticket of a summary sent with sendSummary; getStatus reveals its CDR after some polls."""

    numero = models.CharField("ticket", max_length=40, unique=True)
    documento = models.OneToOneField(DocumentoRecibido, on_delete=models.CASCADE, related_name="ticket")
    en_proceso = models.PositiveIntegerField(
        "consultas en proceso", default=1, help_text="Consultas que aún responderán 98 (en proceso)."
    )
    consultas = models.PositiveIntegerField("consultas", default=0)
    creado = models.DateTimeField("creado", auto_now_add=True)

    class Meta:
        ordering = ["-creado", "-id"]
        verbose_name = "ticket"

    def __str__(self):
        return self.numero


class TipoFalla(models.TextChoices):
    DEMORA = "demora", "Demora (la respuesta llega después del tiempo de espera del cliente)"
    HTTP_500 = "http500", "Error HTTP 500 sin mensaje SOAP"
    FALLA_SOAP = "falla", "Falla SOAP con código SUNAT"
    CDR_CORRUPTO = "cdr_corrupto", "CDR corrupto"
    EN_PROCESO = "en_proceso", "Ticket en proceso (98)"
    TOKEN_VENCIDO = "token401", "Token vencido (HTTP 401, API de guías)"


# Which misbehaviours make sense for each operation.
FALLAS_POR_OPERACION = {
    Operacion.SEND_BILL: (TipoFalla.DEMORA, TipoFalla.HTTP_500, TipoFalla.FALLA_SOAP, TipoFalla.CDR_CORRUPTO),
    Operacion.SEND_SUMMARY: (TipoFalla.DEMORA, TipoFalla.HTTP_500, TipoFalla.FALLA_SOAP),
    Operacion.GET_STATUS: tuple(TipoFalla),
    Operacion.GET_STATUS_CDR: (TipoFalla.DEMORA, TipoFalla.HTTP_500, TipoFalla.FALLA_SOAP, TipoFalla.CDR_CORRUPTO),
    # The REST API of guides: a "falla SOAP" answers HTTP 422 with the code in errors[].
    Operacion.GRE_TOKEN: (TipoFalla.DEMORA, TipoFalla.HTTP_500),
    Operacion.GRE_ENVIO: (TipoFalla.DEMORA, TipoFalla.HTTP_500, TipoFalla.FALLA_SOAP, TipoFalla.TOKEN_VENCIDO),
    Operacion.GRE_TICKET: (
        TipoFalla.DEMORA, TipoFalla.HTTP_500, TipoFalla.FALLA_SOAP, TipoFalla.TOKEN_VENCIDO, TipoFalla.EN_PROCESO, TipoFalla.CDR_CORRUPTO,
    ),
}


class Falla(models.Model):
    """A misbehaviour the sandbox applies to the next calls, for tests and demos."""

    ruc = models.CharField(
        "RUC", max_length=11, blank=True, validators=[RegexValidator(r"^\d{11}$", "El RUC tiene 11 dígitos.")],
        help_text="Vacío: cualquier empresa.",
    )
    operacion = models.CharField(
        "operación", max_length=12, choices=Operacion.choices, blank=True, help_text="Vacío: cualquier operación."
    )
    tipo = models.CharField("falla", max_length=12, choices=TipoFalla.choices)
    codigo = models.CharField(
        "código SUNAT",
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", "El código SUNAT tiene 4 dígitos, p. ej. 0100.")],
        help_text="Para una falla SOAP: 0100, 0109, 0130 (transitorias), 0102 (credenciales)...",
    )
    segundos = models.DecimalField(
        "segundos de demora",
        max_digits=5,
        decimal_places=2,
        default=Decimal("5"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Para una demora: cuánto tarda la respuesta.",
    )
    restantes = models.PositiveIntegerField("llamadas restantes", default=1)
    aplicadas = models.PositiveIntegerField("veces aplicada", default=0, editable=False)
    creada = models.DateTimeField("creada", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "falla simulada"
        verbose_name_plural = "fallas simuladas"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(tipo="falla") | models.Q(codigo__regex=r"^\d{4}$"),
                name="sandbox_falla_soap_con_codigo",
                violation_error_message="Una falla SOAP necesita el código SUNAT que responderá.",
            ),
        ]

    def __str__(self):
        detalle = f" {self.codigo}" if self.tipo == TipoFalla.FALLA_SOAP else ""
        return f"{self.get_tipo_display()}{detalle} ({self.restantes} restantes)"

    def clean(self):
        super().clean()
        if self.operacion and self.tipo and self.tipo not in FALLAS_POR_OPERACION[self.operacion]:
            raise ValidationError({"tipo": f"Esta falla no se aplica a {self.operacion}."})
