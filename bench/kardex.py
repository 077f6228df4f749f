"""Kardex performance with 100,000 moves of one product in one warehouse over two years.

It uses its own database, erp_bench_kardex on DATABASE_URL's server (created
and migrated here), creates its own company, product and moves, prints its
figures and deletes what it created:

    .venv/bin/python bench/kardex.py

Figures: the time to record one more move (kardex_salida / kardex_entrada at
today's date), to render the admin kardex page for a one-month range and for
the full two years, and to export the full kardex to Excel. Targets: under
10 ms per move; under 2 s for the page and for the export. For reference it
also prints what a back-dated move costs (it revalues every later move).
"""

import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erp.settings")

MOVIMIENTOS = 100_000
DIAS = 730


def _cronometrar(funcion, veces=1):
    tiempos = []
    resultado = None
    for _ in range(veces):
        inicio = time.perf_counter()
        resultado = funcion()
        tiempos.append(time.perf_counter() - inicio)
    return tiempos, resultado


def _ms(segundos):
    return f"{segundos * 1000:8.1f} ms"


def _movimientos_de_dos_anios(producto, almacen, inicio) -> None:
    """MOVIMIENTOS purchases and sales spread over DIAS days, written in bulk, and the stock row they leave."""
    from django.db import connection

    from inventory import valuacion
    from inventory.models import Movimiento, Naturaleza, Stock, Valorizacion

    azar = random.Random(2025)
    saldo = valuacion.Saldo()
    lote = []
    comunes = {"producto": producto, "almacen": almacen, "documento_tipo": "01", "documento_serie": "F001"}
    for i in range(MOVIMIENTOS):
        fecha = inicio + datetime.timedelta(days=i * DIAS // MOVIMIENTOS)
        if saldo.cantidad < 20 or i % 4 == 0:
            r = valuacion.entrada(saldo, Decimal(azar.randint(30, 60)), Decimal(azar.randint(800, 1200)) / 100)
            datos = {"naturaleza": Naturaleza.ENTRADA, "tipo_operacion": "02", "valorizacion": Valorizacion.DOCUMENTO}
        else:
            r = valuacion.salida(saldo, Decimal(min(azar.randint(1, 10), int(saldo.cantidad))))
            datos = {"naturaleza": Naturaleza.SALIDA, "tipo_operacion": "01", "valorizacion": Valorizacion.PROMEDIO}
        cantidad = abs(r.saldo.cantidad - saldo.cantidad)
        lote.append(Movimiento(fecha=fecha, documento_numero=str(i + 1), cantidad=cantidad, **r.campos(), **datos, **comunes))
        saldo = r.saldo
        if len(lote) == 10_000:
            Movimiento.objects.bulk_create(lote)
            lote = []
    Movimiento.objects.bulk_create(lote)
    Stock.objects.update_or_create(
        producto=producto,
        almacen=almacen,
        defaults={
            "cantidad": saldo.cantidad,
            "costo_promedio": saldo.costo_unitario,
            "valor": saldo.valor,
            "fecha_ultimo_movimiento": fecha,
        },
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Movimiento._meta.db_table}")


_DOC = {"documento_tipo": "01", "documento_serie": "F001", "documento_numero": "BENCH"}


def _medir_registro(producto, almacen, hoy) -> None:
    from inventory.services import kardex_entrada, kardex_salida

    n = [0]

    def un_movimiento():
        n[0] += 1
        if n[0] % 2:
            return kardex_salida(producto=producto, almacen=almacen, cantidad=1, fecha=hoy, tipo_operacion="01", **_DOC)
        return kardex_entrada(
            producto=producto, almacen=almacen, cantidad=1, costo_unitario=Decimal("10.25"), fecha=hoy, tipo_operacion="02", **_DOC
        )

    tiempos, _ = _cronometrar(un_movimiento, 200)
    print("Registrar un movimiento más (200 veces, entradas y salidas alternadas, meta < 10 ms):")
    print(f"  mediana {_ms(statistics.median(tiempos))}   p95 {_ms(sorted(tiempos)[189])}   máximo {_ms(max(tiempos))}")


def _medir_pantallas(usuario, producto, almacen, inicio, hoy) -> None:
    from django.test import Client
    from django.urls import reverse

    from inventory.models import Movimiento

    cliente = Client()
    cliente.force_login(usuario)
    url = reverse("admin:inventory_movimiento_kardex")

    def pagina(desde, extra=None):
        datos = {"producto": producto.pk, "almacen": almacen.pk, "desde": f"{desde:%d/%m/%Y}", "hasta": f"{hoy:%d/%m/%Y}"}
        respuesta = cliente.get(url, {**datos, **(extra or {})})
        assert respuesta.status_code == 200, respuesta.status_code
        return respuesta

    print("\nPágina del kardex (meta < 2 s):")
    for nombre, desde in [("un mes", hoy - datetime.timedelta(days=30)), ("todo (2 años)", inicio)]:
        tiempos, respuesta = _cronometrar(lambda d=desde: pagina(d), 5)
        filas = respuesta.context_data["kardex"].numero
        print(f"  {nombre:14} {filas:>7,} movimientos   mediana {_ms(statistics.median(tiempos))}   máximo {_ms(max(tiempos))}")

    tiempos, respuesta = _cronometrar(lambda: pagina(inicio, {"formato": "xlsx"}), 3)
    print("\nExportar el kardex completo a Excel (meta < 2 s):")
    print(
        f"  {Movimiento.objects.filter(producto=producto).count():,} filas, {len(respuesta.content) / 1e6:.1f} MB"
        f"   mediana {_ms(statistics.median(tiempos))}   máximo {_ms(max(tiempos))}"
    )


def _medir_atrasados(producto, almacen, inicio, hoy) -> None:
    from inventory.models import Movimiento
    from inventory.services import kardex_entrada

    print("\nComo referencia, un movimiento con fecha atrasada revaloriza los posteriores:")
    for nombre, fecha in [("hace un mes", hoy - datetime.timedelta(days=30)), ("hace dos años", inicio)]:
        posteriores = Movimiento.objects.filter(producto=producto, almacen=almacen, fecha__gt=fecha).count()
        tiempos, _ = _cronometrar(
            lambda f=fecha: kardex_entrada(
                producto=producto, almacen=almacen, cantidad=5, costo_unitario=Decimal("9.10"), fecha=f, tipo_operacion="02", **_DOC
            )
        )
        print(f"  {nombre:14} {posteriores:>7,} posteriores   {_ms(tiempos[0])}")


def main():
    from bench.comun import usar_base_propia

    usar_base_propia("erp_bench_kardex")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from django.db import transaction
    from django.utils import timezone
    from stdnum.pe import ruc

    from erp.models import Distrito, Empresa, Sucursal, Usuario
    from inventory.models import Almacen, Movimiento, Producto, Stock

    base = f"20{random.Random(2025).randrange(10**8):08d}"
    empresa = Empresa.objects.create(
        ruc=base + ruc.calc_check_digit(base),
        razon_social="EMPRESA DEL BENCH S.A.C.",
        direccion="Av. Benchmark 100",
        distrito=Distrito.objects.get(ubigeo="150101"),
    )
    usuario = Usuario.objects.create_superuser(f"bench-{empresa.ruc}", "", None)
    try:
        sucursal = Sucursal.objects.create(empresa=empresa, nombre="Bench", direccion="Av. 1", distrito=empresa.distrito)
        almacen = Almacen.objects.get(sucursal=sucursal)
        producto = Producto.objects.create(empresa=empresa, codigo="BENCH-1", nombre="PRODUCTO DEL BENCH")

        hoy = timezone.localdate()
        inicio = hoy - datetime.timedelta(days=DIAS)
        print(f"Creando {MOVIMIENTOS:,} movimientos del {inicio:%d/%m/%Y} al {hoy - datetime.timedelta(days=1):%d/%m/%Y}…")
        t0 = time.perf_counter()
        _movimientos_de_dos_anios(producto, almacen, inicio)
        print(f"  listos en {time.perf_counter() - t0:.1f} s\n")
        _medir_registro(producto, almacen, hoy)
        _medir_pantallas(usuario, producto, almacen, inicio, hoy)
        _medir_atrasados(producto, almacen, inicio, hoy)
    finally:
        print("\nBorrando los datos del bench…")
        with transaction.atomic():
            Movimiento.objects.filter(producto__empresa=empresa).delete()
            Stock.objects.filter(producto__empresa=empresa).delete()
            Producto.objects.filter(empresa=empresa).delete()
            Almacen.objects.filter(empresa=empresa).delete()
            Sucursal.objects.filter(empresa=empresa).delete()
            empresa.delete()
            usuario.delete()


if __name__ == "__main__":
    main()
