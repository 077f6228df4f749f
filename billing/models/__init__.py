from .comerciales import Cotizacion, LineaCotizacion, LineaPedido, Pedido
from .documentos import (
    AnticipoAplicado,
    Boleta,
    Cuota,
    DocumentoVenta,
    Factura,
    LineaDocumento,
    MotivoNotaCredito,
    MotivoNotaDebito,
    NotaCredito,
    NotaDebito,
    NotaVenta,
    Pago,
    TipoDocumentoVenta,
    TipoOperacion,
)
from .ordenes import Actividad, ActividadOrden, CostoFabricacion, OrdenTrabajo
from .parametros import TasaImpuesto
from .tesoreria import CuentaBancaria, MedioPagoSunat, MetodoPago

__all__ = [
    "Actividad",
    "ActividadOrden",
    "AnticipoAplicado",
    "Boleta",
    "CostoFabricacion",
    "Cotizacion",
    "Cuota",
    "CuentaBancaria",
    "DocumentoVenta",
    "Factura",
    "LineaCotizacion",
    "LineaDocumento",
    "LineaPedido",
    "MedioPagoSunat",
    "MetodoPago",
    "MotivoNotaCredito",
    "MotivoNotaDebito",
    "NotaCredito",
    "NotaDebito",
    "NotaVenta",
    "OrdenTrabajo",
    "Pago",
    "Pedido",
    "TasaImpuesto",
    "TipoDocumentoVenta",
    "TipoOperacion",
]
