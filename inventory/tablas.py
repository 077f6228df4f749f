"""Tables of SUNAT's PLE annex 3 that the kardex records (codes from SUNAT's own tables).

Tabla 12 says why stock moved; tabla 10 says which document backs the move.
"""

from django.db import models


class TipoOperacion(models.TextChoices):
    """Tabla 12: tipo de operación."""

    VENTA = "01", "Venta nacional"
    COMPRA = "02", "Compra nacional"
    CONSIGNACION_RECIBIDA = "03", "Consignación recibida"
    CONSIGNACION_ENTREGADA = "04", "Consignación entregada"
    DEVOLUCION_RECIBIDA = "05", "Devolución recibida"
    DEVOLUCION_ENTREGADA = "06", "Devolución entregada"
    BONIFICACION = "07", "Bonificación"
    PREMIO = "08", "Premio"
    DONACION = "09", "Donación"
    SALIDA_PRODUCCION = "10", "Salida a producción"
    SALIDA_TRANSFERENCIA = "11", "Salida por transferencia entre almacenes"
    RETIRO = "12", "Retiro"
    MERMAS = "13", "Mermas"
    DESMEDROS = "14", "Desmedros"
    DESTRUCCION = "15", "Destrucción"
    SALDO_INICIAL = "16", "Saldo inicial"
    EXPORTACION = "17", "Exportación"
    IMPORTACION = "18", "Importación"
    ENTRADA_PRODUCCION = "19", "Entrada de producción"
    ENTRADA_DEVOLUCION_PRODUCCION = "20", "Entrada por devolución de producción"
    ENTRADA_TRANSFERENCIA = "21", "Entrada por transferencia entre almacenes"
    ENTRADA_IDENTIFICACION_ERRONEA = "22", "Entrada por identificación errónea"
    SALIDA_IDENTIFICACION_ERRONEA = "23", "Salida por identificación errónea"
    DEVOLUCION_CLIENTE = "24", "Entrada por devolución del cliente"
    DEVOLUCION_PROVEEDOR = "25", "Salida por devolución al proveedor"
    ENTRADA_SERVICIO_PRODUCCION = "26", "Entrada para servicio de producción"
    SALIDA_SERVICIO_PRODUCCION = "27", "Salida por servicio de producción"
    AJUSTE_INVENTARIO = "28", "Ajuste por diferencia de inventario"
    ENTRADA_PRESTAMO = "29", "Entrada de bienes en préstamo"
    SALIDA_PRESTAMO = "30", "Salida de bienes en préstamo"
    ENTRADA_CUSTODIA = "31", "Entrada de bienes en custodia"
    SALIDA_CUSTODIA = "32", "Salida de bienes en custodia"
    MUESTRAS_MEDICAS = "33", "Muestras médicas"
    PUBLICIDAD = "34", "Publicidad"
    GASTOS_REPRESENTACION = "35", "Gastos de representación"
    RETIRO_TRABAJADORES = "36", "Retiro para entrega a trabajadores"
    RETIRO_CONVENIO = "37", "Retiro por convenio colectivo"
    RETIRO_SINIESTRO = "38", "Retiro por sustitución de bien siniestrado"
    OTROS = "99", "Otros"

    @classmethod
    def entradas(cls) -> frozenset[str]:
        """Operations that only bring goods in."""
        return frozenset({"02", "03", "05", "16", "18", "19", "20", "21", "22", "24", "26", "29", "31"})

    @classmethod
    def salidas(cls) -> frozenset[str]:
        """Operations that only take goods out."""
        return frozenset(cls.values) - cls.entradas() - cls.ambas()

    @classmethod
    def ambas(cls) -> frozenset[str]:
        # Gifts and prizes can be received or given; adjustments go either way.
        return frozenset({"07", "08", "09", "28", "99"})

    @classmethod
    def de_ajuste(cls) -> list[tuple[str, str]]:
        """The reasons an adjustment screen offers."""
        codigos = ("16", "28", "13", "14", "15", "22", "23", "99")
        return [(c, cls(c).label) for c in codigos]


class TipoComprobantePago(models.TextChoices):
    """Tabla 10: tipo de comprobante de pago o documento (the ones that move goods)."""

    OTROS = "00", "Otros"
    FACTURA = "01", "Factura"
    BOLETA = "03", "Boleta de venta"
    LIQUIDACION_COMPRA = "04", "Liquidación de compra"
    NOTA_CREDITO = "07", "Nota de crédito"
    NOTA_DEBITO = "08", "Nota de débito"
    GUIA_REMITENTE = "09", "Guía de remisión - remitente"
    TICKET = "12", "Ticket o cinta emitido por máquina registradora"
    GUIA_TRANSPORTISTA = "31", "Guía de remisión - transportista"
    DUA = "50", "Declaración Única de Aduanas - importación definitiva"
    DESPACHO_SIMPLIFICADO = "52", "Despacho simplificado - importación simplificada"
    MENSAJERIA = "53", "Declaración de mensajería o courier"
    NO_DOMICILIADO = "91", "Comprobante de no domiciliado"
