"""How long the pure CPE core takes for one 10-line factura: totals, adapter, XML.

    .venv/bin/python bench/cpe_ubl.py [repeticiones]

Prints microseconds per document for each stage (best of 5 rounds); no database, no Django.
The pipeline target is 300 signed documents per second on one core (3.3 ms each,
signing and zipping included), so this part should stay well under 1 ms.
"""

import datetime
import sys
import timeit
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from billing.totals import Documento, Linea, Tasas, calcular  # noqa: E402
from cpe.desde_totales import Cabecera, DatosItem, comprobante_desde_totales  # noqa: E402
from cpe.domain import Cliente, Direccion, Emisor  # noqa: E402
from cpe.ubl import construir_arbol, construir_xml  # noqa: E402

TASAS = Tasas(igv=Decimal("18"), ivap=Decimal("4"), icbper=Decimal("0.50"))
DOCUMENTO = Documento([Linea(cantidad=n, afectacion="10", valor_unitario=f"{10 + n}.75") for n in range(1, 11)])
CABECERA = Cabecera(
    tipo_documento="01",
    serie="F001",
    numero=1234,
    fecha_emision=datetime.date(2025, 6, 2),
    hora_emision=datetime.time(10, 30),
    emisor=Emisor(
        "20100000001", "EMPRESA DE PRUEBA S.A.C.", Direccion("AV. AREQUIPA 100", "150101", "LIMA", "LIMA", "LIMA")
    ),
    cliente=Cliente("6", "20600695771", "CLIENTE CORPORATIVO S.A.", Direccion("CALLE LIBERTAD 116, MIRAFLORES")),
)
ITEMS = [DatosItem(f"PRODUCTO DE PRUEBA NÚMERO {n}", codigo=f"P{n:04d}") for n in range(1, 11)]


def medir(nombre: str, funcion, repeticiones: int, rondas: int = 5) -> None:
    """Best round of `rondas`: on a shared machine the slower ones measure the neighbours."""
    mejor = min(timeit.repeat(funcion, number=repeticiones, repeat=rondas)) / repeticiones
    print(f"{nombre:<42} {mejor * 1e6:8.1f} µs")


def main() -> None:
    repeticiones = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    totales = calcular(DOCUMENTO, TASAS)
    comprobante = comprobante_desde_totales(CABECERA, totales, ITEMS)
    print(f"factura de 10 líneas, {len(construir_xml(comprobante))} bytes, {repeticiones} repeticiones")
    medir("calcular (motor de totales)", lambda: calcular(DOCUMENTO, TASAS), repeticiones)
    medir(
        "comprobante_desde_totales (adaptador)",
        lambda: comprobante_desde_totales(CABECERA, totales, ITEMS),
        repeticiones,
    )
    medir("construir_xml (UBL 2.1, bytes)", lambda: construir_xml(comprobante), repeticiones)
    medir("construir_arbol (UBL 2.1, árbol lxml)", lambda: construir_arbol(comprobante), repeticiones)
    medir(
        "todo: calcular + adaptar + construir_xml",
        lambda: construir_xml(comprobante_desde_totales(CABECERA, calcular(DOCUMENTO, TASAS), ITEMS)),
        repeticiones,
    )


if __name__ == "__main__":
    main()
