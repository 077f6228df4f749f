"""Guides as the pure CPE core sees them (cpe.domain_guia), for the DespatchAdvice tests."""

import datetime
from dataclasses import replace
from decimal import Decimal

from cpe.domain import Cliente, Direccion, Emisor
from cpe.domain_guia import Conductor, DocumentoGuia, Guia, LineaGuia, Punto, Transportista, Vehiculo

RUC = "20100000001"  # the test certificate's (tests/cpe/conftest.py)
CLIENTE_RUC = "20600695771"
EMISOR = Emisor(RUC, "EMPRESA DE PRUEBA S.A.C.", Direccion("AV. AREQUIPA 100", "150101"))
LA_EMPRESA = Cliente("6", RUC, EMISOR.razon_social)
CLIENTE = Cliente("6", CLIENTE_RUC, "CLIENTE CORPORATIVO S.A.")
ALMACEN = Punto("150101", "AV. AREQUIPA 100, LIMA", "0000", RUC)
TIENDA = Punto("150122", "AV. LARCO 345, MIRAFLORES", "0001", RUC)
CONDUCTOR = Conductor("1", "45678912", "JUAN CARLOS", "PÉREZ QUISPE", "Q45678912")
CARGUERO = Transportista("20512345678", "TRANSPORTES DEL SUR S.A.C.", "1534567CNG")
HOY = datetime.date(2026, 12, 1)


def guia(**cambios) -> Guia:
    """A guía remitente for a sale, by private transport; `cambios` replace fields."""
    base = Guia(
        tipo_documento="09",
        serie="T001",
        numero=25,
        fecha_emision=HOY,
        hora_emision=datetime.time(10, 30),
        emisor=EMISOR,
        destinatario=CLIENTE,
        fecha_inicio=HOY,
        peso_bruto=Decimal("125.500"),
        bultos=4,
        partida=Punto("150101", "AV. AREQUIPA 100, LIMA"),
        llegada=Punto("150122", "CALLE LIBERTAD 116, MIRAFLORES"),
        lineas=(
            LineaGuia(Decimal("10"), "NIU", "TECLADO USB – NEGRO", "P001"),
            LineaGuia(Decimal("2.5"), "KGM", "CABLE DE COBRE", "P002"),
        ),
        modalidad="02",
        vehiculos=(Vehiculo("ABC123"), Vehiculo("XYZ789")),
        conductores=(CONDUCTOR,),
        documentos=(DocumentoGuia("01", "F001-25", RUC),),
    )
    return replace(base, **cambios)


def guia_transportista(**cambios) -> Guia:
    """A guía transportista carrying a client's goods under its electronic guía remitente."""
    return guia(
        tipo_documento="31",
        serie="V001",
        registro_mtc="1534567CNG",
        remitente=CLIENTE,
        destinatario=Cliente("6", "20498765432", "DESTINO FINAL S.R.L."),
        documentos=(DocumentoGuia("09", "T001-88", CLIENTE_RUC),),
        **cambios,
    )
