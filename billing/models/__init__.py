from .comerciales import Cotizacion, LineaCotizacion, LineaPedido, Pedido
from .documentos import (
    MODELO_DE_TIPO,
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

# The treasury's models live in their subpackage; imported here so Django registers them with billing.
from billing.tesoreria.models import Caja, ConceptoCaja, CuentaPorCobrar, MovimientoCaja, OperacionBancaria, TipoCambio, TurnoCaja  # noqa: E402, I001

__all__ = [
    "CuentaPorCobrar",
    "TurnoCaja",
    "TipoCambio",
    "OperacionBancaria",
    "MovimientoCaja",
    "ConceptoCaja",
    "Caja",
    "MODELO_DE_TIPO",
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
