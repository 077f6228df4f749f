"""Renders the sample printouts in docs/: an A4 factura and a ticket boleta, as PNG images.

    DATABASE_URL=postgres://... .venv/bin/python scripts/muestras_impresion.py

Loads the demo company (as `manage.py demo` does), issues a factura and a
boleta and prints them with the product's own PDF code, then rolls
everything back: the database is left as it was. Needs poppler's pdftoppm.
"""

import datetime
import os
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erp.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from billing.demo import cargar_demo as cargar_demo_ventas  # noqa: E402
from billing.models import CuentaBancaria, Cuota, DocumentoVenta, LineaDocumento  # noqa: E402
from billing.services import documento_emitir  # noqa: E402
from cpe import pdf  # noqa: E402
from cpe.demo import cargar_demo as cargar_demo_cpe  # noqa: E402
from erp.demo import cargar_demo  # noqa: E402
from erp.models import Serie, Socio  # noqa: E402
from inventory.demo import cargar_demo as cargar_demo_inventario  # noqa: E402
from inventory.models import Producto  # noqa: E402

DOCS = RAIZ / "docs"


class _Deshacer(Exception):
    pass


def _documento(datos, tipo, serie, cliente, lineas, **campos) -> DocumentoVenta:
    empresa, sucursal = datos["empresa"], datos["sucursales"]["0000"]
    documento = DocumentoVenta.objects.create(
        tipo=tipo,
        sucursal=sucursal,
        serie=Serie.objects.get(empresa=empresa, serie=serie),
        cliente=Socio.objects.get(empresa=empresa, razon_social=cliente),
        fecha_emision=timezone.localdate(),
        creado_por=datos["usuarios"]["vendedor"],
        **campos,
    )
    for orden, (codigo, cantidad) in enumerate(lineas):
        producto = Producto.objects.get(empresa=empresa, codigo=codigo)
        LineaDocumento.objects.create(
            documento=documento,
            orden=orden,
            producto=producto,
            codigo=producto.codigo,
            descripcion=producto.nombre,
            unidad=producto.unidad,
            cantidad=Decimal(cantidad),
            precio_unitario=producto.precio_venta,
            afectacion_igv=producto.afectacion_igv,
        )
    return documento


def _png(contenido: bytes, nombre: str) -> None:
    with tempfile.TemporaryDirectory() as carpeta:
        (Path(carpeta) / "doc.pdf").write_bytes(contenido)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", "doc.pdf", "muestra"], cwd=carpeta, check=True)
        (DOCS / nombre).write_bytes((Path(carpeta) / "muestra.png").read_bytes())
    print(f"docs/{nombre}")


def main():
    DOCS.mkdir(exist_ok=True)
    try:
        with transaction.atomic():
            datos = cargar_demo()
            for cargar_modulo in (cargar_demo_inventario, cargar_demo_ventas, cargar_demo_cpe):
                cargar_modulo(datos)
            vendedor = datos["usuarios"]["vendedor"]
            factura = _documento(
                datos,
                "01",
                "F001",
                "INVERSIONES SAN MARTÍN S.A.C.",
                [("P0003", 1), ("P0001", 2), ("S0001", 3)],
                forma_pago="credito",
                orden_compra="OC-2026-0815",
                observaciones="Entrega e instalación en la oficina del cliente (3.er piso).",
            )
            factura.cuentas_bancarias.set(CuentaBancaria.objects.filter(empresa=datos["empresa"], es_detraccion=False))
            hoy = timezone.localdate()
            # 2,899.00 + 2 × 20.50 + 3 × 80.00 = 3,180.00, paid in two installments.
            Cuota.objects.create(
                documento=factura, numero=1, fecha_pago=hoy + datetime.timedelta(days=30), monto=Decimal("1590.00")
            )
            Cuota.objects.create(
                documento=factura, numero=2, fecha_pago=hoy + datetime.timedelta(days=60), monto=Decimal("1590.00")
            )
            factura = documento_emitir(documento_id=factura.pk, usuario=vendedor)
            boleta = _documento(datos, "03", "B001", "JORGE LUIS QUISPE MAMANI", [("P0004", 2), ("P0001", 1)])
            boleta = documento_emitir(documento_id=boleta.pk, usuario=vendedor)
            _png(pdf.pdf_de(factura, "a4"), "impreso-factura-a4.png")
            _png(pdf.pdf_de(boleta, "ticket"), "impreso-boleta-ticket.png")
            raise _Deshacer
    except _Deshacer:
        pass


if __name__ == "__main__":
    main()
