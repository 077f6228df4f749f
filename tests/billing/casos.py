"""The production checklist of the provider manual (seed 001) as totals-engine inputs.

tests/billing/test_totals.py works their numbers out by hand; tests/cpe/test_ubl.py
sends the same documents as XML through SUNAT's validator.
"""

from decimal import Decimal

from billing.totals import Ajuste, Anticipo, Detraccion, Documento, Isc, Linea, Percepcion, Retencion, Tasas

# Rates in force since 2023; the product reads them from its dated parameters.
TASAS = Tasas(igv=Decimal("18"), ivap=Decimal("4"), icbper=Decimal("0.50"))

SOLES = Documento([
    Linea(cantidad=1, afectacion="10", valor_unitario="500"),
    Linea(cantidad=5, afectacion="10", precio_unitario="23.60"),
])
DOLARES = Documento([Linea(cantidad=3, afectacion="10", valor_unitario="150.75")], moneda="USD", tipo_cambio="3.745")
EXONERADA = Documento([Linea(cantidad=4, afectacion="20", valor_unitario="12.50")])
INAFECTA = Documento([Linea(cantidad=2, afectacion="30", valor_unitario="35")])
EXPORTACION = Documento([Linea(cantidad=10, afectacion="40", valor_unitario="25.50")], moneda="USD")
COMBINADA = Documento([
    Linea(cantidad=2, afectacion="10", valor_unitario="100"),
    Linea(cantidad=1, afectacion="20", valor_unitario="50"),
    Linea(cantidad=3, afectacion="30", valor_unitario="10"),
])
GRATUITA = Documento([Linea(cantidad=2, afectacion="13", valor_unitario="40")])
GRATUITA_CON_GRAVADA = Documento([
    Linea(cantidad=1, afectacion="10", valor_unitario="100"),
    Linea(cantidad=1, afectacion="15", valor_unitario="20"),
    Linea(cantidad=5, afectacion="31", valor_unitario="1.50"),
])
DESCUENTO_GLOBAL = Documento(
    [Linea(cantidad=2, afectacion="10", valor_unitario="100"), Linea(cantidad=1, afectacion="10", valor_unitario="50")],
    ajustes=[Ajuste("02", porcentaje="10")],
)
DESCUENTO_LINEA = Documento(
    [Linea(cantidad=2, afectacion="10", valor_unitario="100", ajustes=[Ajuste("00", monto="20")])]
)
DESCUENTO_GLOBAL_Y_LINEA = Documento(
    [
        Linea(cantidad=2, afectacion="10", valor_unitario="100", ajustes=[Ajuste("00", porcentaje="5")]),
        Linea(cantidad=1, afectacion="10", valor_unitario="50"),
    ],
    ajustes=[Ajuste("02", monto="15")],
)
OTROS_CARGOS = Documento(
    [Linea(cantidad=1, afectacion="10", valor_unitario="200")], ajustes=[Ajuste("50", porcentaje="10")]
)
OTROS_CARGOS_LINEA = Documento(
    [Linea(cantidad=1, afectacion="10", valor_unitario="200", ajustes=[Ajuste("48", monto="5")])]
)
ISC = Documento([
    Linea(cantidad=10, afectacion="10", valor_unitario="10", isc=Isc("01", tasa="30")),
    Linea(cantidad=2, afectacion="10", valor_unitario="20", isc=Isc("02", monto_unitario="1.50")),
    Linea(cantidad=5, afectacion="10", valor_unitario="8", isc=Isc("03", tasa="10", precio_publico="11.80")),
])
PERCEPCION = Documento(
    [Linea(cantidad=1, afectacion="10", valor_unitario="1000")], percepcion=Percepcion("51", porcentaje="2")
)
PERCEPCION_DOLARES = Documento(
    [Linea(cantidad=1, afectacion="10", valor_unitario="500")],
    moneda="USD",
    tipo_cambio="3.750",
    percepcion=Percepcion("51", porcentaje="2"),
)
PRIMER_ANTICIPO = Documento([Linea(cantidad=1, afectacion="10", valor_unitario="1000")])
ANTICIPO_REGULARIZACION = Documento(
    [Linea(cantidad=1, afectacion="10", valor_unitario="3000")],
    anticipos=[Anticipo("02", "F001-10", total="1180")],
)
DETRACCION = Documento(
    [Linea(cantidad=1, afectacion="10", valor_unitario="1500")],
    detraccion=Detraccion("037", porcentaje="12", cuenta="00-000-123456"),
)
DETRACCION_DOLARES = Documento(
    [Linea(cantidad=1, afectacion="10", valor_unitario="1000")],
    moneda="USD",
    tipo_cambio="3.750",
    detraccion=Detraccion("037", porcentaje="12", cuenta="00-000-123456"),
)
IVAP = Documento([Linea(cantidad=100, afectacion="17", valor_unitario="3.50")])
ICBPER = Documento([
    Linea(cantidad=1, afectacion="10", valor_unitario="10"),
    Linea(cantidad=3, afectacion="10", valor_unitario="0.10", icbper=True),
])
RETENCION = Documento(
    [Linea(cantidad=1, afectacion="10", valor_unitario="1000")], retencion=Retencion(porcentaje="3")
)
PRECIO_CON_IGV = Documento([Linea(cantidad=1, afectacion="10", precio_unitario="100")])
