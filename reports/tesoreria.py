"""Cash, bank and portfolio reports: register and bank moves, receivables and payables aged in the buckets that
billing's and purchases' cartera compute (their selectors, not a second computation)."""

from django.db.models import Case, DecimalField, F, When
from django.utils import timezone

from billing.tesoreria import cartera as cobrar
from billing.tesoreria.cartera import TRAMOS
from billing.tesoreria.models import MovimientoCaja, OperacionBancaria, Sentido
from erp.models import Empresa, Moneda
from purchases import cartera as pagar

from .framework import Columna, Grafico, Reporte, registrar

IMPORTE = DecimalField(max_digits=14, decimal_places=2)


def _por_sentido(sentido):
    return Case(When(sentido=sentido, then=F("monto")), default=None, output_field=IMPORTE)


class _Tesoreria(Reporte):
    grupo = "Caja, bancos y cartera"
    permiso = "reports.ver_tesoreria"


MOVIMIENTO = (
    Columna("ingreso", "Ingreso", "importe", total=True),
    Columna("egreso", "Egreso", "importe", total=True),
)


@registrar
class MovimientosCaja(_Tesoreria):
    codigo = "caja"
    titulo = "Movimientos de caja"
    columnas = (
        Columna("fecha", "Fecha", "fecha", ancho=11),
        Columna("caja_nombre", "Caja", ancho=20),
        Columna("concepto_nombre", "Concepto", ancho=24),
        Columna("referencia", "Referencia", ancho=18),
        Columna("descripcion", "Descripción", ancho=36),
        *MOVIMIENTO,
    )
    orden = "fecha"

    def filas(self, f):
        moves = MovimientoCaja.objects.filter(caja__sucursal__in=f.sucursales, fecha__range=(f.desde, f.hasta))
        if f.moneda:
            moves = moves.filter(caja__moneda=f.moneda)
        return moves.order_by("fecha", "id").values(
            "fecha", "referencia", "descripcion", caja_nombre=F("caja__nombre"), concepto_nombre=F("concepto__nombre"),
            ingreso=_por_sentido(Sentido.INGRESO), egreso=_por_sentido(Sentido.EGRESO),
        )  # fmt: skip


@registrar
class MovimientosBanco(_Tesoreria):
    codigo = "bancos"
    titulo = "Movimientos bancarios"
    descripcion = "Las operaciones de las cuentas bancarias de las empresas de sus sucursales."
    columnas = (
        Columna("fecha", "Fecha", "fecha", ancho=11),
        Columna("cuenta_nombre", "Cuenta", ancho=28),
        Columna("tipo", "Tipo", ancho=14),
        Columna("numero_operacion", "N.º de operación", ancho=16),
        Columna("referencia", "Referencia", ancho=18),
        *MOVIMIENTO,
        Columna("conciliado", "Conciliado", ancho=10),
    )
    orden = "fecha"

    def filas(self, f):
        empresas = Empresa.objects.filter(sucursales__in=f.sucursales).distinct()
        ops = OperacionBancaria.objects.filter(cuenta__empresa__in=empresas, fecha__range=(f.desde, f.hasta))
        if f.moneda:
            ops = ops.filter(cuenta__moneda=f.moneda)
        tipos = dict(OperacionBancaria.Tipo.choices)
        return [
            {**fila, "tipo": tipos.get(fila["tipo"], fila["tipo"]), "conciliado": "Sí" if fila["conciliado"] else "No",
             "cuenta_nombre": f"{fila.pop('cuenta__banco')} {fila.pop('cuenta__numero')}"}
            for fila in ops.order_by("fecha", "id").values(
                "fecha", "tipo", "numero_operacion", "referencia", "conciliado", "cuenta__banco", "cuenta__numero",
                ingreso=_por_sentido(Sentido.INGRESO), egreso=_por_sentido(Sentido.EGRESO),
            )
        ]  # fmt: skip


COLUMNAS_TRAMOS = tuple(Columna(codigo, nombre, "importe", total=True) for codigo, nombre, *_ in TRAMOS)


class _Antiguedad(_Tesoreria):
    filtros = ("hasta", "sucursal", "moneda", "socio")
    cartera = None
    titulo_socio = ""
    orden = "-total"
    grafico = Grafico("socio", tuple(codigo for codigo, *_ in TRAMOS[1:]), maximo=15, apilado=True)

    def columnas_para(self, f):
        return (
            Columna("socio", self.titulo_socio, ancho=40),
            Columna("documentos", "Documentos", "entero", total=True, ancho=11),
            *COLUMNAS_TRAMOS,
            Columna("total", "Saldo total", "importe", total=True),
        )

    def filas(self, f):
        socio = (f.datos.get("socio") or "").lower()
        filas: dict[int, dict] = {}
        empresas = Empresa.objects.filter(sucursales__in=f.sucursales).distinct()
        moneda, corte = f.moneda or Moneda.objects.get(codigo="PEN"), f.hasta or timezone.localdate()
        for empresa in empresas:
            for parte in self.cartera.partes(empresa=empresa, moneda=moneda, corte=corte, sucursales=f.sucursales, cuantas=None):
                if socio and socio not in parte.socio.lower():
                    continue
                fila = filas.setdefault(parte.socio_id, {"socio": parte.socio, "documentos": set(), "total": 0, **{c: 0 for c, *_ in TRAMOS}})
                fila["documentos"].add(parte.documento_id)
                fila[parte.tramo] += parte.saldo
                fila["total"] += parte.saldo
        return [{**fila, "documentos": len(fila["documentos"])} for fila in filas.values()]


@registrar
class CuentasPorCobrar(_Antiguedad):
    codigo = "por-cobrar"
    titulo = "Cuentas por cobrar por antigüedad"
    descripcion = "Lo que cada cliente debe a la fecha de corte («Hasta»), por días de vencido."
    cartera = cobrar
    titulo_socio = "Cliente"


@registrar
class CuentasPorPagar(_Antiguedad):
    codigo = "por-pagar"
    titulo = "Cuentas por pagar por antigüedad"
    descripcion = "Lo que se debe a cada proveedor a la fecha de corte («Hasta»), por días de vencido."
    cartera = pagar
    titulo_socio = "Proveedor"
