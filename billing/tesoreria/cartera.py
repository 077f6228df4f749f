"""Receivables (cuentas por cobrar): the open parts of the issued sales documents, their age, and the client's statement.

A credit document owes by instalment (cuota); one without instalments owes
its balance from its due date (or issue date). What was paid and credited is
applied to the instalments in their order, so the first ones are paid first.
The work is one SQL query with a window sum, so 100,000 open instalments are
listed and aged in the database, not in Python.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection

from billing.models import DocumentoVenta, TipoDocumentoVenta

CERO = Decimal("0")
# Aging buckets: (code, label, days overdue from, to); None is open-ended.
TRAMOS = [
    ("por_vencer", "Por vencer", None, 0),
    ("d1_30", "1 a 30 días", 1, 30),
    ("d31_60", "31 a 60 días", 31, 60),
    ("d61_90", "61 a 90 días", 61, 90),
    ("d90", "Más de 90 días", 91, None),
]
_COBRABLES = (TipoDocumentoVenta.FACTURA, TipoDocumentoVenta.BOLETA, TipoDocumentoVenta.NOTA_DEBITO, TipoDocumentoVenta.NOTA_VENTA)

# The selected documents once (`base`, a materialized CTE), what covers each (payments and issued credit notes,
# summed by joins the planner may hash: correlated subqueries would probe two indexes per document), then their
# parts. 100,000 open documents take one pass over each table instead of 200,000 index probes; `docs` is inlined
# in both branches of `partes` (writing it out costs more than joining it twice: 220 against 270 ms).
_PARTES = """
WITH base AS (
    SELECT d.id, d.cliente_id, d.importe_total, COALESCE(d.fecha_vencimiento, d.fecha_emision) AS vence
    FROM billing_documentoventa d
    WHERE d.empresa_id = %(empresa)s AND d.estado = 'emitido' AND d.estado_pago <> 'pagado' AND d.moneda_id = %(moneda)s
      AND d.tipo IN %(tipos)s {filtros}
),
docs AS NOT MATERIALIZED (
    SELECT base.*, COALESCE(p.monto, 0) + COALESCE(n.monto, 0) AS cubierto
    FROM base
    LEFT JOIN (SELECT p.documento_id, SUM(p.monto) AS monto FROM billing_pago p JOIN base b ON b.id = p.documento_id GROUP BY 1) p
        ON p.documento_id = base.id
    LEFT JOIN (SELECT n.documento_referencia_id, SUM(n.importe_total) AS monto FROM billing_documentoventa n JOIN base b ON b.id = n.documento_referencia_id
               WHERE n.tipo = '07' AND n.estado = 'emitido' GROUP BY 1) n
        ON n.documento_referencia_id = base.id
),
partes AS (
    SELECT c.documento_id, c.numero AS cuota, c.fecha_pago AS vence, c.monto,
        SUM(c.monto) OVER (PARTITION BY c.documento_id ORDER BY c.numero) AS acumulado, docs.cliente_id, docs.cubierto
    FROM billing_cuota c JOIN docs ON docs.id = c.documento_id
    UNION ALL
    SELECT docs.id, 0, docs.vence, docs.importe_total, docs.importe_total, docs.cliente_id, docs.cubierto
    FROM docs
    WHERE NOT EXISTS (SELECT 1 FROM billing_cuota c WHERE c.documento_id = docs.id)
),
abiertas AS (
    SELECT documento_id, cuota, vence, monto, acumulado, cliente_id,
        CASE WHEN acumulado - cubierto <= 0 THEN 0
             WHEN acumulado - cubierto >= monto THEN monto
             ELSE acumulado - cubierto END AS saldo
    FROM partes
)
"""


@dataclass
class Parte:
    documento_id: int
    documento: str
    socio_id: int
    socio: str
    cuota: int
    emision: datetime.date
    vence: datetime.date
    monto: Decimal
    saldo: Decimal
    dias_vencido: int

    @property
    def pagado(self) -> Decimal:
        return self.monto - self.saldo

    @property
    def tramo(self) -> str:
        return tramo_de(self.dias_vencido)


def repartir(monto: Decimal, elegidos: list, saldo_de) -> list[tuple]:
    """`monto` spread over the chosen documents in their order, each up to its balance: (documento, amount) pairs.
    More than their total balance is refused."""
    saldo = sum((saldo_de(d) for d in elegidos), CERO)
    if monto > saldo:
        raise ValidationError(f"El monto ({monto:.2f}) excede el saldo de los documentos elegidos ({saldo:.2f}).")
    partes, resto = [], monto
    for documento in elegidos:
        aplicar = min(saldo_de(documento), resto)
        if aplicar > 0:
            partes.append((documento, aplicar))
            resto -= aplicar
    return partes


def tramo_de(dias_vencido: int) -> str:
    for codigo, _, desde, hasta in TRAMOS:
        if (desde is None or dias_vencido >= desde) and (hasta is None or dias_vencido <= hasta):
            return codigo
    raise AssertionError(dias_vencido)


def _consulta(*, empresa, moneda, corte, sucursales=None, cliente=None):
    filtros, params = "", {"empresa": empresa.pk, "moneda": moneda.pk, "tipos": tuple(str(t) for t in _COBRABLES), "corte": corte}
    if sucursales is not None:
        filtros += " AND d.sucursal_id IN %(sucursales)s"
        params["sucursales"] = tuple(sucursales) or (0,)
    if cliente is not None:
        filtros += " AND d.cliente_id = %(cliente)s"
        params["cliente"] = cliente.pk
    return _PARTES.format(filtros=filtros), params


def _sql(texto: str, params: dict):
    """Named parameters to positional ones, a tuple spelled out as one placeholder per value (for IN)."""
    lista = []

    def valor(nombre):
        v = params[nombre]
        if isinstance(v, tuple):
            lista.extend(v)
            return "(" + ", ".join(["%s"] * len(v)) + ")"
        lista.append(v)
        return "%s"

    return re.sub(r"%\((\w+)\)s", lambda m: valor(m.group(1)), texto), lista


def resumen(*, empresa, moneda, corte: datetime.date, sucursales=None, cliente=None) -> dict:
    """Totals by aging bucket at `corte`, plus the total and the number of open parts."""
    base, params = _consulta(empresa=empresa, moneda=moneda, corte=corte, sucursales=sucursales, cliente=cliente)
    columnas, i = [], 0
    for codigo, _, desde, hasta in TRAMOS:
        condiciones = []
        # Overdue days = corte − vence: bucket [desde, hasta] is vence in [corte − hasta, corte − desde].
        if desde is not None:
            params[f"v{i}a"] = corte - datetime.timedelta(days=desde)
            condiciones.append(f"vence <= %(v{i}a)s")
        if hasta is not None:
            params[f"v{i}b"] = corte - datetime.timedelta(days=hasta)
            condiciones.append(f"vence >= %(v{i}b)s")
        columnas.append(f"COALESCE(SUM(CASE WHEN {' AND '.join(condiciones)} THEN saldo END), 0) AS {codigo}")
        i += 1
    texto, valores = _sql(base + f"SELECT {', '.join(columnas)}, COALESCE(SUM(saldo), 0), COUNT(*) FROM abiertas WHERE saldo > 0", params)
    with connection.cursor() as cursor:
        cursor.execute(texto, valores)
        fila = cursor.fetchone()
    totales = {codigo: Decimal(valor) for (codigo, *_), valor in zip(TRAMOS, fila, strict=False)}
    return {"tramos": totales, "total": Decimal(fila[len(TRAMOS)]), "partes": fila[len(TRAMOS) + 1]}


def partes(*, empresa, moneda, corte: datetime.date, sucursales=None, cliente=None, desde: int = 0, cuantas: int | None = 50) -> list[Parte]:
    """The open parts, oldest due first: a page of `cuantas` from `desde` (None: all)."""
    base, params = _consulta(empresa=empresa, moneda=moneda, corte=corte, sucursales=sucursales, cliente=cliente)
    limite = ""
    if cuantas is not None:
        params.update(limite=cuantas, desde=desde)
        limite = " LIMIT %(limite)s OFFSET %(desde)s"
    texto, valores = _sql(
        base
        + """SELECT a.documento_id, s.serie, d.numero, d.tipo, a.cliente_id, d.cliente_razon_social, a.cuota, d.fecha_emision, a.vence, a.monto, a.saldo
        FROM abiertas a JOIN billing_documentoventa d ON d.id = a.documento_id JOIN erp_serie s ON s.id = d.serie_id
        WHERE a.saldo > 0 ORDER BY a.vence, a.documento_id, a.cuota"""
        + limite,
        params,
    )
    with connection.cursor() as cursor:
        cursor.execute(texto, valores)
        filas = cursor.fetchall()
    tipos = dict(TipoDocumentoVenta.choices)
    return [
        Parte(
            documento_id=doc, documento=f"{tipos[tipo]} {serie}-{numero:08d}", socio_id=cli, socio=nombre, cuota=cuota,
            emision=_fecha(emision), vence=_fecha(vence), monto=Decimal(monto), saldo=Decimal(saldo), dias_vencido=(corte - _fecha(vence)).days,
        )  # fmt: skip
        for doc, serie, numero, tipo, cli, nombre, cuota, emision, vence, monto, saldo in filas
    ]


def _fecha(valor) -> datetime.date:
    return valor if isinstance(valor, datetime.date) else datetime.date.fromisoformat(str(valor))


@dataclass
class LineaEstado:
    fecha: datetime.date
    documento: str
    concepto: str
    cargo: Decimal
    abono: Decimal
    saldo: Decimal = CERO


def estado_de_cuenta(*, cliente, moneda, desde: datetime.date, hasta: datetime.date) -> dict:
    """The client's statement: balance before `desde`, then each charge (documents) and credit (payments, credit notes) with the running balance."""
    documentos = DocumentoVenta.objects.filter(cliente=cliente, moneda=moneda, estado=DocumentoVenta.Estado.EMITIDO)
    lineas = []
    for d in documentos.filter(tipo__in=_COBRABLES).select_related("serie"):
        lineas.append(LineaEstado(d.fecha_emision, d.numero_completo, d.get_tipo_display(), d.importe_total, CERO))
        for p in d.pagos.all():
            lineas.append(LineaEstado(p.fecha, d.numero_completo, f"Pago {p.referencia}".strip(), CERO, p.monto))
    for n in documentos.filter(tipo=TipoDocumentoVenta.NOTA_CREDITO).select_related("serie", "documento_referencia__serie"):
        lineas.append(LineaEstado(n.fecha_emision, n.numero_completo, f"Nota de crédito a {n.documento_referencia.numero_completo}", CERO, n.importe_total))
    lineas.sort(key=lambda linea: (linea.fecha, linea.cargo == 0))
    inicial = sum((linea.cargo - linea.abono for linea in lineas if linea.fecha < desde), CERO)
    saldo, periodo = inicial, []
    for linea in lineas:
        if desde <= linea.fecha <= hasta:
            saldo += linea.cargo - linea.abono
            linea.saldo = saldo
            periodo.append(linea)
    return {
        "cliente": cliente, "moneda": moneda, "desde": desde, "hasta": hasta, "saldo_inicial": inicial, "lineas": periodo, "saldo_final": saldo,
        "cargos": sum((linea.cargo for linea in periodo), CERO), "abonos": sum((linea.abono for linea in periodo), CERO),
        "pendientes": partes(empresa=cliente.empresa, moneda=moneda, corte=hasta, cliente=cliente, cuantas=None),
    }  # fmt: skip
