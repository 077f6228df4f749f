"""SUNAT catalogues used as choices by several apps (codes from SUNAT's own catalogue files).

Large catalogues (ubigeo, units, countries, document types) are tables loaded
by migrations; these short code lists are enums because the code branches on them.
"""

from django.db import models


class AfectacionIGV(models.TextChoices):
    """Catálogo 07: tipo de afectación del IGV."""

    GRAVADO = "10", "Gravado - Operación onerosa"
    GRAVADO_RETIRO_PREMIO = "11", "Gravado - Retiro por premio"
    GRAVADO_RETIRO_DONACION = "12", "Gravado - Retiro por donación"
    GRAVADO_RETIRO = "13", "Gravado - Retiro"
    GRAVADO_RETIRO_PUBLICIDAD = "14", "Gravado - Retiro por publicidad"
    GRAVADO_BONIFICACION = "15", "Gravado - Bonificaciones"
    GRAVADO_RETIRO_TRABAJADORES = "16", "Gravado - Retiro por entrega a trabajadores"
    IVAP = "17", "Gravado - IVAP"
    EXONERADO = "20", "Exonerado - Operación onerosa"
    EXONERADO_GRATUITO = "21", "Exonerado - Transferencia gratuita"
    INAFECTO = "30", "Inafecto - Operación onerosa"
    INAFECTO_RETIRO_BONIFICACION = "31", "Inafecto - Retiro por bonificación"
    INAFECTO_RETIRO = "32", "Inafecto - Retiro"
    INAFECTO_RETIRO_MUESTRAS = "33", "Inafecto - Retiro por muestras médicas"
    INAFECTO_RETIRO_CONVENIO = "34", "Inafecto - Retiro por convenio colectivo"
    INAFECTO_RETIRO_PREMIO = "35", "Inafecto - Retiro por premio"
    INAFECTO_RETIRO_PUBLICIDAD = "36", "Inafecto - Retiro por publicidad"
    INAFECTO_GRATUITO = "37", "Inafecto - Transferencia gratuita"
    EXPORTACION = "40", "Exportación"

    @classmethod
    def onerosas(cls) -> set[str]:
        return {"10", "17", "20", "30", "40"}

    @classmethod
    def gratuitas(cls) -> set[str]:
        return {c.value for c in cls} - cls.onerosas()


class SistemaISC(models.TextChoices):
    """Catálogo 08: sistema de cálculo del ISC."""

    AL_VALOR = "01", "Sistema al valor"
    MONTO_FIJO = "02", "Aplicación del monto fijo"
    PRECIO_PUBLICO = "03", "Sistema de precios de venta al público"
