"""Reads of the treasury: rates of the day, open sessions, balances from the movements."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Case, DecimalField, F, Sum, Value, When

from billing.models.tesoreria import CuentaBancaria

from .models import CERO, Caja, MovimientoCaja, OperacionBancaria, Sentido, TipoCambio, TurnoCaja


def tipo_cambio_del_dia(*, moneda, fecha: datetime.date) -> TipoCambio:
    tipo = TipoCambio.objects.filter(moneda=moneda, fecha=fecha).first()
    if tipo is None:
        raise ValidationError(
            f"No hay tipo de cambio de {moneda.codigo} del {fecha:%d/%m/%Y}: regístrelo en Tipos de cambio antes de mover {moneda.codigo}.",
            code="tipo_cambio",
        )
    return tipo


def turno_abierto(caja: Caja) -> TurnoCaja | None:
    # The register names its open session; the services set and clear it under the register's lock.
    return caja.turno_abierto if caja.turno_abierto_id else None


def caja_predeterminada(*, sucursal, moneda) -> Caja | None:
    return Caja.objects.filter(sucursal=sucursal, moneda=moneda, predeterminada=True, activo=True).first()


def medios_para(usuario, empresa, moneda=None) -> list[tuple[str, str]]:
    """The registers the user operates and the company's accounts, as choices keyed "caja:<id>" / "cuenta:<id>".
    Given a currency, those in it come first, a default register leading: the form preselects the first."""
    cajas = Caja.objects.filter(sucursal__in=usuario.sucursales_permitidas(), empresa=empresa, activo=True).select_related("moneda")
    if not usuario.is_superuser:
        cajas = cajas.filter(usuarios=usuario)
    cuentas = CuentaBancaria.objects.filter(empresa=empresa, activo=True).select_related("moneda")
    otra = (lambda m: m.moneda_id != moneda.pk) if moneda else (lambda m: False)
    medios = [((otra(c), 0 if c.predeterminada else 1), f"caja:{c.pk}", f"Caja: {c}") for c in cajas]
    medios += [((otra(c), 2), f"cuenta:{c.pk}", f"Cuenta: {c}") for c in cuentas]
    return [(clave, nombre) for _, clave, nombre in sorted(medios, key=lambda m: m[0])]


def medio_de_clave(clave: str, usuario, empresa):
    """The register or account a choice of medios_para names, if the user may use it; else None."""
    if clave not in dict(medios_para(usuario, empresa)):
        return None
    tipo, _, pk = clave.partition(":")
    return (Caja if tipo == "caja" else CuentaBancaria).objects.get(pk=pk)


def medio_predeterminado(*, sucursal, moneda, metodo_pago=None):
    """Where a payment's money goes or comes from when nobody chose: the method's bank account, else the branch's
    default register in the document's currency (or in soles); None when the branch has no register."""
    if metodo_pago is not None and metodo_pago.cuenta_bancaria_id:
        return metodo_pago.cuenta_bancaria
    caja = caja_predeterminada(sucursal=sucursal, moneda=moneda)
    if caja is None and moneda.codigo != "PEN":
        caja = Caja.objects.filter(sucursal=sucursal, moneda__codigo="PEN", predeterminada=True, activo=True).first()
    return caja


_CON_SIGNO = Case(
    When(sentido=Sentido.INGRESO, then=F("monto")),
    default=-F("monto"),
    output_field=DecimalField(max_digits=14, decimal_places=2),
)


def _suma(movimientos) -> Decimal:
    return movimientos.aggregate(s=Sum(_CON_SIGNO, default=Value(CERO)))["s"]


def saldo_caja(caja: Caja, fecha: datetime.date | None = None) -> Decimal:
    """The register's balance summed from its movements (at the end of `fecha`, or now)."""
    movimientos = MovimientoCaja.objects.filter(caja=caja)
    if fecha is not None:
        movimientos = movimientos.filter(fecha__lte=fecha)
    return _suma(movimientos)


def saldo_cuenta(cuenta, fecha: datetime.date | None = None) -> Decimal:
    """The account's balance: its opening balance plus its operations (to the end of `fecha`, or now)."""
    operaciones = OperacionBancaria.objects.filter(cuenta=cuenta)
    if fecha is not None:
        operaciones = operaciones.filter(fecha__lte=fecha)
    return cuenta.saldo_inicial + _suma(operaciones)


def conciliacion(cuenta, *, fecha: datetime.date, saldo_extracto: Decimal | None = None) -> dict:
    """The account against the bank's statement at `fecha`: the book balance, what the reconciled operations add up to,
    the operations still unreconciled, and the statement's difference from the reconciled balance."""
    hasta = OperacionBancaria.objects.filter(cuenta=cuenta, fecha__lte=fecha)
    conciliado = cuenta.saldo_inicial + _suma(hasta.filter(conciliado=True))
    libros = cuenta.saldo_inicial + _suma(hasta)
    return {
        "saldo_libros": libros,
        "saldo_conciliado": conciliado,
        "por_conciliar": libros - conciliado,
        "operaciones": list(hasta.order_by("fecha", "id")),
        "diferencia": None if saldo_extracto is None else saldo_extracto - conciliado,
    }


def resumen_turno(turno: TurnoCaja) -> dict:
    """The arqueo's figures: opening, the day's incomes and expenses (the opening and closing adjustments apart), expected."""
    del_dia = MovimientoCaja.objects.filter(turno=turno, ajuste="")
    ingresos = del_dia.filter(sentido=Sentido.INGRESO).aggregate(s=Sum("monto", default=Value(CERO)))["s"]
    egresos = del_dia.filter(sentido=Sentido.EGRESO).aggregate(s=Sum("monto", default=Value(CERO)))["s"]
    return {"apertura": turno.monto_apertura, "ingresos": ingresos, "egresos": egresos, "esperado": turno.monto_apertura + ingresos - egresos}
