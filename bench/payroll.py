"""Payroll of 5,000 workers: how long one planilla takes to calculate and the process's peak resident memory.

The script empties its own database (erp_bench_planilla on DATABASE_URL's
server), migrates it and creates a company, a branch and N workers (every
third in an AFP, a mix of regimes, some with children, overtime and
tardiness) with a month of attendance (entry and exit Monday to Friday,
written with bulk_create). Then it times planilla_calcular for that month as
the "Calcular planilla" screen calls it, and again as a recalculation of the
open planilla, and prints both times (target < 30 s), the peak resident set
before and after the calculation, and the planilla's totals.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/erp .venv/bin/python bench/payroll.py [--trabajadores 5000]
"""

import argparse
import datetime
import os
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erp.settings")

from bench.comun import usar_base_propia

OBJETIVO = 30.0


def _parametros():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trabajadores", type=int, default=5000, help="trabajadores de la planilla (5000)")
    parser.add_argument("--periodo", default="2026-11-01", help="mes de la planilla, ya transcurrido (2026-11-01)")
    parser.add_argument("--base", default="erp_bench_planilla", help="base de datos que se vacía para la prueba")
    return parser.parse_args()


def _pico_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _preparar(n: int, periodo: datetime.date):
    """A branch with n workers and their month of marks; returns the branch."""
    from django.core.management import call_command
    from django.utils import timezone
    from stdnum.pe import ruc

    from erp.models import Distrito, Empresa, Sucursal, TipoDocumentoIdentidad
    from hr.models import Afp, Empleado, Marcacion, TipoMarcacion

    call_command("migrate", verbosity=0)
    base = "2060000002"
    empresa = Empresa.objects.create(ruc=base + ruc.calc_check_digit(base), razon_social="PLANILLA DEL BENCH S.A.C.",
                                     direccion="Av. Benchmark 200", distrito=Distrito.objects.get(ubigeo="150101"))
    sucursal = Sucursal.objects.create(empresa=empresa, nombre="Lima", direccion="Av. 2", distrito=empresa.distrito,
                                       codigo_establecimiento="0000")
    dni = TipoDocumentoIdentidad.objects.get(codigo="1")
    afps = list(Afp.values)
    regimenes = ["general", "general", "pequena", "micro"]
    Empleado.objects.bulk_create([
        Empleado(
            empresa=empresa, sucursal=sucursal, nombres=f"Trabajador {i}", apellidos=f"Bench {i:05d}", tipo_documento=dni,
            numero_documento=f"{10000000 + i}", fecha_ingreso=datetime.date(2024, 1, 1), codigo=f"{i:06d}",
            sueldo_basico=Decimal(1130 + (i * 37) % 9000), regimen=regimenes[i % 4], hijos=i % 3 == 0,
            sistema_pension="afp" if i % 3 else "onp", afp=afps[i % 4] if i % 3 else "", tipo_comision="flujo" if i % 3 else "",
            cuspp=f"BENCH{i:07d}" if i % 3 else "", eps=i % 10 == 0,
        ) for i in range(n)
    ], batch_size=2000)  # fmt: skip
    zona = timezone.get_current_timezone()
    ids = list(Empleado.objects.filter(sucursal=sucursal).values_list("pk", flat=True))
    dias = [periodo + datetime.timedelta(days=d) for d in range(31) if (periodo + datetime.timedelta(days=d)).month == periodo.month]
    for dia in dias:
        if dia.weekday() >= 5:
            continue
        marcas = []
        for k, pk in enumerate(ids):
            # Some come 20 minutes late, some stay an hour and a half longer.
            entrada = datetime.time(8, 20) if (k + dia.day) % 17 == 0 else datetime.time(7, 58)
            salida = datetime.time(18, 30) if (k + dia.day) % 11 == 0 else datetime.time(17, 2)
            marcas.append(Marcacion(empleado_id=pk, fecha_hora=datetime.datetime.combine(dia, entrada, tzinfo=zona),
                                    tipo=TipoMarcacion.ENTRADA, origen="api"))
            marcas.append(Marcacion(empleado_id=pk, fecha_hora=datetime.datetime.combine(dia, salida, tzinfo=zona),
                                    tipo=TipoMarcacion.SALIDA, origen="api"))
        Marcacion.objects.bulk_create(marcas, batch_size=5000)
    return sucursal


def main():
    args = _parametros()
    usar_base_propia(args.base, recrear=True)
    import django

    django.setup()
    from hr import services
    from hr.models import Marcacion

    periodo = datetime.date.fromisoformat(args.periodo)
    inicio = time.perf_counter()
    sucursal = _preparar(args.trabajadores, periodo)
    print(f"Preparación: {args.trabajadores} trabajadores, {Marcacion.objects.count()} marcaciones en "
          f"{time.perf_counter() - inicio:.1f} s; memoria pico {_pico_mb():.0f} MB")
    tiempos = []
    for _ in range(2):
        inicio = time.perf_counter()
        planilla = services.planilla_calcular(sucursal=sucursal, periodo=periodo)
        tiempos.append(time.perf_counter() - inicio)
    print(f"Planilla {periodo:%m/%Y}: {planilla.lineas.count()} boletas; ingresos S/ {planilla.total_ingresos:,.2f}, "
          f"neto S/ {planilla.total_neto:,.2f}, aportes S/ {planilla.total_aportes:,.2f}")
    print(f"Cálculo: {tiempos[0]:.1f} s; recálculo de la planilla abierta: {tiempos[1]:.1f} s (objetivo < {OBJETIVO:.0f} s)")
    print(f"Memoria pico (resident set) tras el cálculo: {_pico_mb():.0f} MB")
    sys.exit(0 if max(tiempos) < OBJETIVO else 1)


if __name__ == "__main__":
    main()
