"""Purchases under load: 1,000 purchase invoices of 10 lines entering stock, the month's valued kardex, a back-dated edit.

It empties its own database (erp_bench_compras on DATABASE_URL's server),
migrates it and creates a company, a branch with its warehouse, a provider and
50 products. Then:

1. registers --facturas purchase invoices of 10 lines each through
   purchases.services.factura_registrar (totals by billing's engine, each line
   a kardex entry at its cost in soles), in date order over one month, and
   prints invoices per second (target >= 50/s);
2. times the month's valued kardex of every product of the warehouse
   (inventory.selectors.kardex, every move read) as the kardex screen builds it;
3. writes --movimientos moves of one product over two years (bulk, as
   bench/kardex.py does), registers a purchase dated the day before the first
   of them, and times correcting that purchase's cost (factura_corregir: the
   purchase is undone and entered again at its date, and the kardex revalues
   every later move; target < 10 s).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/erp .venv/bin/python bench/purchases.py [--facturas 1000] [--movimientos 100000]
"""

import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erp.settings")

from bench.comun import empresa_del_bench, usar_base_propia

LINEAS = 10
PRODUCTOS = 50


def _parametros():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--facturas", type=int, default=1000, help="facturas de compra a registrar (1000)")
    parser.add_argument("--movimientos", type=int, default=100_000, help="movimientos posteriores a la compra corregida (100000)")
    parser.add_argument("--base", default="erp_bench_compras", help="base de datos que se vacía para la prueba")
    return parser.parse_args()


def _preparar() -> dict:
    from stdnum.pe import ruc

    from erp.models import Socio, TipoDocumentoIdentidad, Usuario
    from inventory.models import Producto
    from inventory.selectors import almacen_principal

    empresa, sucursal = empresa_del_bench("2060000002", "COMPRAS DEL BENCH S.A.C.")
    usuario = Usuario.objects.create_superuser("compras-bench", "", None)
    usuario.sucursales.set([sucursal])
    base_prov = "2010000003"
    proveedor = Socio.objects.create(
        sucursal=sucursal, tipo_documento=TipoDocumentoIdentidad.objects.get(codigo="6"), numero_documento=base_prov + ruc.calc_check_digit(base_prov),
        razon_social="PROVEEDOR DEL BENCH S.A.C.", es_proveedor=True,
    )  # fmt: skip
    productos = [
        Producto.objects.create(empresa=empresa, codigo=f"BENCH-{n:03d}", nombre=f"INSUMO {n:03d}", precio_venta=118, valor_venta=100)
        for n in range(PRODUCTOS)
    ]
    return {"sucursal": sucursal, "almacen": almacen_principal(sucursal), "proveedor": proveedor, "usuario": usuario, "productos": productos}


def _cabecera(c: dict, numero: int, fecha: datetime.date) -> dict:
    return {"sucursal": c["sucursal"], "almacen": c["almacen"], "proveedor": c["proveedor"], "tipo": "01", "serie": "F001",
            "numero": str(numero), "fecha_emision": fecha}  # fmt: skip


def _registrar_facturas(c: dict, cuantas: int, inicio: datetime.date, primero: int = 1) -> None:
    from purchases.services import factura_registrar

    azar = random.Random(2026)
    t0 = time.perf_counter()
    for n in range(cuantas):
        fecha = inicio + datetime.timedelta(days=n * 28 // cuantas)
        lineas = [
            {"producto": p, "cantidad": Decimal(azar.randint(1, 40)), "valor_unitario": Decimal(azar.randint(500, 5000)) / 100}
            for p in azar.sample(c["productos"], LINEAS)
        ]
        factura_registrar(cabecera=_cabecera(c, primero + n, fecha), lineas=lineas, usuario=c["usuario"])
    segundos = time.perf_counter() - t0
    print(f"Registrar {cuantas:,} facturas de compra de {LINEAS} líneas con su ingreso al kardex (meta >= 50 por segundo):")
    print(f"  {segundos:.1f} s   {cuantas / segundos:.1f} facturas por segundo   {segundos * 1000 / cuantas:.1f} ms por factura")


def _valorizar_mes(c: dict, inicio: datetime.date) -> None:
    from inventory.selectors import kardex

    fin = inicio + datetime.timedelta(days=30)
    t0 = time.perf_counter()
    filas, valor = 0, Decimal("0")
    for producto in c["productos"]:
        k = kardex(producto, c["almacen"], inicio, fin)
        filas += sum(1 for _ in k.movimientos.iterator())
        valor += k.saldo_final.valor
    print(f"\nKardex valorizado del mes, {len(c['productos'])} productos, {filas:,} movimientos, valor final S/ {valor:,.2f}:")
    print(f"  {time.perf_counter() - t0:.2f} s")


def _editar_atrasada(c: dict, movimientos: int) -> None:
    import bench.kardex as kardex_bench
    from inventory.models import Movimiento, Producto, Stock
    from purchases.services import factura_corregir, factura_registrar

    producto = Producto.objects.create(empresa=c["sucursal"].empresa, codigo="BENCH-ATRASADO", nombre="INSUMO CON HISTORIA")
    inicio = datetime.date.today() - datetime.timedelta(days=kardex_bench.DIAS)
    kardex_bench.MOVIMIENTOS = movimientos
    print(f"\nEscribiendo {movimientos:,} movimientos de un producto desde el {inicio:%d/%m/%Y}…")
    kardex_bench._movimientos_de_dos_anios(producto, c["almacen"], inicio)
    fecha = inicio - datetime.timedelta(days=1)
    t0 = time.perf_counter()
    factura = factura_registrar(
        cabecera=_cabecera(c, 900_001, fecha), lineas=[{"producto": producto, "cantidad": Decimal("500"), "valor_unitario": Decimal("9.00")}],
        usuario=c["usuario"],
    )  # fmt: skip
    registrar = time.perf_counter() - t0
    posteriores = Movimiento.objects.filter(producto=producto, fecha__gt=fecha).count()
    t0 = time.perf_counter()
    factura_corregir(factura_id=factura.pk, cabecera={}, lineas=[{"producto": producto, "cantidad": Decimal("500"), "valor_unitario": Decimal("9.75")}],
                     usuario=c["usuario"])  # fmt: skip
    corregir = time.perf_counter() - t0
    stock = Stock.objects.get(producto=producto, almacen=c["almacen"])
    print(f"Compra con fecha atrasada, {posteriores:,} movimientos posteriores (meta < 10 s):")
    print(f"  registrarla {registrar:.2f} s   corregir su costo {corregir:.2f} s   (saldo final {stock.cantidad.normalize():f} u, S/ {stock.valor:,.2f})")


def main():
    args = _parametros()
    usar_base_propia(args.base, recrear=True)
    import django

    django.setup()
    contexto = _preparar()
    inicio = datetime.date.today().replace(day=1) - datetime.timedelta(days=60)
    inicio = inicio.replace(day=1)
    _registrar_facturas(contexto, args.facturas, inicio)
    _valorizar_mes(contexto, inicio)
    _editar_atrasada(contexto, args.movimientos)


if __name__ == "__main__":
    main()
