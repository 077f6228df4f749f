"""What sending guías de remisión through SUNAT's REST API keeps: each company's token and each guide's ticket."""

from django.db import models

from erp.cifrado import SecretoField
from erp.models import Empresa


class TokenGre(models.Model):
    """The company's OAuth2 access token, reused until shortly before it expires."""

    empresa = models.OneToOneField(Empresa, on_delete=models.CASCADE, related_name="token_gre")
    token = SecretoField("token de acceso")
    vence = models.DateTimeField("vence")
    obtenido = models.DateTimeField("obtenido", auto_now=True)

    class Meta:
        verbose_name = "token de la API de guías"
        verbose_name_plural = "tokens de la API de guías"

    def __str__(self):
        return f"Token GRE de {self.empresa_id} (vence {self.vence:%d/%m/%Y %H:%M})"


class TicketGre(models.Model):
    """The ticket SUNAT gave a sent guide, polled until its verdict."""

    comprobante = models.OneToOneField("cpe.ComprobanteElectronico", on_delete=models.CASCADE, related_name="ticket_gre")
    numero = models.CharField("ticket", max_length=60)
    recibido = models.CharField("recepción SUNAT", max_length=40, blank=True, help_text="fecRecepcion de SUNAT.")
    consultas = models.PositiveIntegerField("consultas", default=0)
    proxima_consulta = models.DateTimeField("próxima consulta", null=True, blank=True, db_index=True)
    enlace = models.URLField("enlace del CDR (QR)", max_length=500, blank=True)
    creado = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ticket de guía"
        verbose_name_plural = "tickets de guías"

    def __str__(self):
        return self.numero
