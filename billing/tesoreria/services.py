"""Every write of the treasury: sessions, cash movements, bank operations, payments, collections, transfers, reversals.

A balance changes only here, under a row lock on its register or account:
one `UPDATE … RETURNING` takes it, after every check that needs no lock, and
returns a register's open session with the balance, so the lock is held for the
update, the insert and the commit only and concurrent payments end with the
exact sum. Operations on two of them lock both first in
one order (registers before accounts, each by id), so two transfers never
deadlock. Bad input raises ValidationError before anything is written.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from billing.models.tesoreria import CuentaBancaria

from . import importacion, selectors
from .models import CENTIMO, CERO, Caja, ConceptoCaja, MovimientoCaja, OperacionBancaria, Sentido, TipoCambio, TurnoCaja

UNO = Decimal("1.000")
# Pieces of each currency counted at close: billetes then monedas.
DENOMINACIONES = {
    "PEN": ["200", "100", "50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10"],
    "USD": ["100", "50", "20", "10", "5", "2", "1", "0.50", "0.25", "0.10", "0.05", "0.01"],
}
SENTIDO_DE_TIPO = {
    OperacionBancaria.Tipo.DEPOSITO: Sentido.INGRESO,
    OperacionBancaria.Tipo.COBRO: Sentido.INGRESO,
    OperacionBancaria.Tipo.INTERES: Sentido.INGRESO,
    OperacionBancaria.Tipo.RETIRO: Sentido.EGRESO,
    OperacionBancaria.Tipo.PAGO: Sentido.EGRESO,
    OperacionBancaria.Tipo.COMISION: Sentido.EGRESO,
    OperacionBancaria.Tipo.ITF: Sentido.EGRESO,
}


def _q2(valor: Decimal) -> Decimal:
    return valor.quantize(CENTIMO, rounding=ROUND_HALF_UP)


def numero_de(valor, nombre: str = "monto") -> Decimal:
    """A figure typed or sent by a user as a Decimal, or a clear message naming it."""
    try:
        numero = Decimal(str(valor))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"El {nombre} «{valor}» no es un número.") from None
    if not numero.is_finite():
        raise ValidationError(f"El {nombre} «{valor}» no es un número.")
    return numero


def _nombre(medio) -> str:
    return f"la caja {medio}" if isinstance(medio, Caja) else f"la cuenta {medio}"


def _bloquear(*medios) -> dict:
    """Lock the registers and accounts in one global order; returns the fresh rows by (model, id)."""
    claves = sorted({(0 if isinstance(m, Caja) else 1, m.pk) for m in medios})
    filas = {}
    for tipo, pk in claves:
        modelo = Caja if tipo == 0 else CuentaBancaria
        relacionados = ("moneda", "sucursal") if modelo is Caja else ("moneda",)
        filas[(modelo, pk)] = modelo.objects.select_for_update(of=("self",)).select_related(*relacionados).get(pk=pk)
    return filas


def _clave(medio) -> tuple:
    """A register's or account's key in the rows `_bloquear` and `_solo` return."""
    return (Caja if isinstance(medio, Caja) else CuentaBancaria, medio.pk)


def _solo(medio) -> dict:
    """One register or account as the caller has it: its balance is taken from the update that locks it, not from this row."""
    return {_clave(medio): medio}


def _fresco(filas: dict, medio):
    return filas[_clave(medio)]


def _convertir(*, monto: Decimal, moneda, medio, fecha: datetime.date, tipo_cambio) -> tuple[Decimal, Decimal, Decimal]:
    """(amount in the register's or account's currency, rate used, amount in soles).

    A USD movement uses the rate given, else the day's selling rate; without
    one nothing is written.
    """
    propia = medio.moneda
    moneda = moneda or propia
    extranjeras = {m.codigo for m in (moneda, propia) if m.codigo != "PEN"}
    if len(extranjeras) > 1:
        raise ValidationError(f"No se convierte {moneda.codigo} a {propia.codigo}: registre el movimiento en soles o en {propia.codigo}.")
    if not extranjeras:
        return _q2(monto), UNO, _q2(monto)
    if tipo_cambio is None:
        extranjera = moneda if moneda.codigo != "PEN" else propia
        tipo_cambio = selectors.tipo_cambio_del_dia(moneda=extranjera, fecha=fecha).venta
    tipo_cambio = numero_de(tipo_cambio, "tipo de cambio")
    if tipo_cambio <= 0:
        raise ValidationError("El tipo de cambio debe ser mayor que cero.")
    if moneda.pk == propia.pk:
        propio = _q2(monto)
    elif propia.codigo == "PEN":
        propio = _q2(monto * tipo_cambio)
    else:
        propio = _q2(monto / tipo_cambio)
    en_soles = propio if propia.codigo == "PEN" else _q2(propio * tipo_cambio)
    return propio, tipo_cambio, en_soles


def _exigir_operador(caja: Caja, usuario, *, asignacion: bool = True) -> None:
    """The register is active, of one of the user's branches and (unless `asignacion` is False: the caller checks it
    in the statement that moves the balance) assigned to the user."""
    if not caja.activo:
        raise ValidationError(f"La caja {caja} está desactivada.")
    if not usuario.opera_sucursal(caja.sucursal_id):
        raise ValidationError(f"La caja {caja} es de la sucursal {caja.sucursal}, que su usuario no opera.")
    if asignacion and not usuario.is_superuser and not caja.usuarios.filter(pk=usuario.pk).exists():
        _rechazar_no_asignado(caja)


def _rechazar_no_asignado(caja: Caja):
    raise ValidationError(f"Su usuario no está asignado a la caja {caja}: pida que lo asignen para operarla.")


def _turno_para(caja: Caja, fecha: datetime.date, visto: TurnoCaja | None) -> TurnoCaja:
    """The open session the locked row names; `visto`, read before the lock, spares the query while it is still that one."""
    if caja.turno_abierto_id is None:
        raise ValidationError(f"La caja {caja} está cerrada: abra un turno para operarla.")
    turno = visto if visto is not None and visto.pk == caja.turno_abierto_id else TurnoCaja.objects.get(pk=caja.turno_abierto_id)
    if fecha < turno.fecha:
        raise ValidationError(f"El {fecha:%d/%m/%Y} pertenece a un turno cerrado de la caja {caja}: el turno abierto empezó el {turno.fecha:%d/%m/%Y}.")
    return turno


def _mover_saldo(medio, delta: Decimal, operador=None) -> Decimal:
    """Add `delta` to the balance in one statement that locks the row until commit; the new balance (and a register's
    open session). With `operador`, only if that user is assigned to the register: one round trip for both."""
    es_caja = isinstance(medio, Caja)
    columnas = '"saldo", "turno_abierto_id"' if es_caja else '"saldo"'
    condicion, parametros = "", [delta, medio.pk]
    if operador is not None:
        asignados = Caja.usuarios.through._meta.db_table
        condicion = f' AND EXISTS (SELECT 1 FROM "{asignados}" WHERE "caja_id" = %s AND "usuario_id" = %s)'
        parametros += [medio.pk, operador.pk]
    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{medio._meta.db_table}" SET "saldo" = "saldo" + %s WHERE "id" = %s{condicion} RETURNING {columnas}', parametros)
        fila = cursor.fetchone()
    if fila is None:
        _rechazar_no_asignado(medio)
    # SQLite (the quick start) answers a float.
    medio.saldo = _q2(Decimal(str(fila[0])))
    if es_caja:
        medio.turno_abierto_id = fila[1]
    return medio.saldo


def _enlace(documento) -> dict:
    if documento is None:
        return {}
    return {"documento_tipo": ContentType.objects.get_for_model(documento), "documento_id": documento.pk}


def _asentar(filas, medio, *, sentido, monto, usuario, fecha, moneda=None, tipo_cambio=None, concepto=None, tipo=None, **datos):
    """One movement of a locked register or account, its balance moved; the caller holds the transaction."""
    medio = _fresco(filas, medio)
    monto = numero_de(monto)
    if monto <= 0:
        raise ValidationError("El monto debe ser mayor que cero.")
    propio, tipo_cambio, en_soles = _convertir(monto=monto, moneda=moneda, medio=medio, fecha=fecha, tipo_cambio=tipo_cambio)
    if propio <= 0:
        raise ValidationError("El monto convertido es menor que un céntimo.")
    operador = None  # the user whose assignment to the register the balance statement checks
    if isinstance(medio, Caja):
        _exigir_operador(medio, usuario, asignacion=False)
        operador = None if usuario.is_superuser else usuario
        if concepto is not None and concepto.sentido and concepto.sentido != sentido:
            raise ValidationError(f"El concepto «{concepto}» es de {concepto.get_sentido_display().lower()}s.")
    elif not medio.activo:
        raise ValidationError(f"La cuenta {medio} está desactivada.")
    delta = propio if sentido == Sentido.INGRESO else -propio
    visto = medio.turno_abierto if isinstance(medio, Caja) else None
    saldo = _mover_saldo(medio, delta, operador)
    # As the locked row says: closing a session takes the lock too.
    turno = _turno_para(medio, fecha, visto) if isinstance(medio, Caja) else None
    if saldo < 0 and not usuario.has_perm("billing.saldo_negativo"):
        raise ValidationError(f"El egreso de {propio} supera el saldo de {_nombre(medio)} ({saldo - delta}).")
    comun = {"sentido": sentido, "fecha": fecha, "monto": propio, "tipo_cambio": tipo_cambio, "monto_pen": en_soles, "saldo_resultante": saldo, "usuario": usuario}
    if turno is not None:
        return MovimientoCaja.objects.create(caja=medio, turno=turno, concepto=concepto, **comun, **datos)
    tipo = tipo or (OperacionBancaria.Tipo.COBRO if sentido == Sentido.INGRESO else OperacionBancaria.Tipo.PAGO)
    return OperacionBancaria.objects.create(cuenta=medio, tipo=tipo, **comun, **datos)


def _hoy(fecha):
    return fecha or timezone.localdate()


def movimiento_registrar(
    *,
    caja: Caja,
    sentido: str,
    monto,
    usuario,
    concepto: ConceptoCaja | None = None,
    fecha: datetime.date | None = None,
    moneda=None,
    tipo_cambio=None,
    referencia: str = "",
    descripcion: str = "",
    documento=None,
) -> MovimientoCaja:
    """An income or expense of a register's open session (`sentido`: "ingreso" or "egreso")."""
    if sentido not in Sentido.values:
        raise ValidationError("Indique si el movimiento es un ingreso o un egreso.")
    with transaction.atomic():
        filas = _solo(caja)
        return _asentar(
            filas, caja, sentido=sentido, monto=monto, usuario=usuario, fecha=_hoy(fecha), moneda=moneda, tipo_cambio=tipo_cambio,
            concepto=concepto, referencia=referencia, descripcion=descripcion, **_enlace(documento),
        )  # fmt: skip


def operacion_registrar(
    *,
    cuenta: CuentaBancaria,
    tipo: str,
    monto,
    usuario,
    fecha: datetime.date | None = None,
    numero_operacion: str = "",
    moneda=None,
    tipo_cambio=None,
    referencia: str = "",
    descripcion: str = "",
    documento=None,
) -> OperacionBancaria:
    """A bank operation of one account: deposit, withdrawal, collection, payment, commission, ITF or interest."""
    sentido = SENTIDO_DE_TIPO.get(tipo)
    if sentido is None:
        raise ValidationError("Elija el tipo de operación (las transferencias se registran como transferencia).")
    with transaction.atomic():
        filas = _solo(cuenta)
        return _asentar(
            filas, cuenta, sentido=sentido, monto=monto, usuario=usuario, fecha=_hoy(fecha), moneda=moneda, tipo_cambio=tipo_cambio,
            tipo=tipo, numero_operacion=numero_operacion, referencia=referencia, descripcion=descripcion, **_enlace(documento),
        )  # fmt: skip


def _medio_de(medio):
    if not isinstance(medio, Caja | CuentaBancaria):
        raise ValidationError("Elija una caja o una cuenta bancaria.")
    return medio


def pago_registrar(
    *,
    origen,
    monto,
    usuario,
    moneda=None,
    tipo_cambio=None,
    fecha: datetime.date | None = None,
    referencia: str = "",
    descripcion: str = "",
    documento=None,
    concepto: ConceptoCaja | None = None,
    numero_operacion: str = "",
):
    """Money out of `origen` (a Caja or a CuentaBancaria) to pay `documento`: returns the MovimientoCaja or OperacionBancaria.

    `monto` is in `moneda` (default: the origin's); a USD amount needs
    `tipo_cambio` or the day's rate. Call it inside the transaction that
    records the payment, so both are written or neither.
    """
    return _pagar_o_cobrar(
        _medio_de(origen), Sentido.EGRESO, monto=monto, usuario=usuario, moneda=moneda, tipo_cambio=tipo_cambio, fecha=fecha,
        referencia=referencia, descripcion=descripcion, documento=documento, concepto=concepto, numero_operacion=numero_operacion,
    )  # fmt: skip


def cobro_registrar(
    *,
    destino,
    monto,
    usuario,
    moneda=None,
    tipo_cambio=None,
    fecha: datetime.date | None = None,
    referencia: str = "",
    descripcion: str = "",
    documento=None,
    concepto: ConceptoCaja | None = None,
    numero_operacion: str = "",
):
    """Money into `destino` (a Caja or a CuentaBancaria) collected for `documento`; as pago_registrar otherwise."""
    return _pagar_o_cobrar(
        _medio_de(destino), Sentido.INGRESO, monto=monto, usuario=usuario, moneda=moneda, tipo_cambio=tipo_cambio, fecha=fecha,
        referencia=referencia, descripcion=descripcion, documento=documento, concepto=concepto, numero_operacion=numero_operacion,
    )  # fmt: skip


def _pagar_o_cobrar(medio, sentido, *, concepto, numero_operacion, documento, fecha, **datos):
    with transaction.atomic():
        filas = _solo(medio)
        extra = {"concepto": concepto} if isinstance(medio, Caja) else {"numero_operacion": numero_operacion}
        return _asentar(filas, medio, sentido=sentido, fecha=_hoy(fecha), **extra, **datos, **_enlace(documento))


def transferencia_registrar(
    *,
    origen,
    destino,
    monto,
    usuario,
    fecha: datetime.date | None = None,
    tipo_cambio=None,
    numero_operacion: str = "",
    referencia: str = "",
    descripcion: str = "",
):
    """Money from one register or account to another: between registers, a deposit of the day's cash, a withdrawal, between own accounts.

    `monto` is in the origin's currency; both sides are written together,
    each pointing at the other. Returns (salida, entrada).
    """
    _medio_de(origen), _medio_de(destino)
    if type(origen) is type(destino) and origen.pk == destino.pk:
        raise ValidationError("El origen y el destino de la transferencia deben ser distintos.")
    fecha = _hoy(fecha)
    with transaction.atomic():
        filas = _bloquear(origen, destino)
        origen_fresco = _fresco(filas, origen)
        texto = descripcion or f"Transferencia de {_nombre(origen_fresco)} a {_nombre(_fresco(filas, destino))}"
        comun = {"usuario": usuario, "fecha": fecha, "referencia": referencia, "descripcion": texto[:250]}
        banco = {"tipo": OperacionBancaria.Tipo.TRANSFERENCIA, "numero_operacion": numero_operacion}
        salida = _asentar(filas, origen, sentido=Sentido.EGRESO, monto=monto, tipo_cambio=tipo_cambio, **comun, **({} if isinstance(origen, Caja) else banco))
        if isinstance(destino, CuentaBancaria) and isinstance(origen, Caja):
            banco["tipo"] = OperacionBancaria.Tipo.DEPOSITO
        entrada = _asentar(
            filas, destino, sentido=Sentido.INGRESO, monto=salida.monto, moneda=origen_fresco.moneda, tipo_cambio=tipo_cambio if tipo_cambio else None,
            **comun, **({} if isinstance(destino, Caja) else banco),
        )  # fmt: skip
        _enlazar(salida, entrada)
    return salida, entrada


def _enlazar(a, b) -> None:
    for uno, otro in ((a, b), (b, a)):
        campo = "contrapartida_caja" if isinstance(otro, MovimientoCaja) else "contrapartida_banco"
        setattr(uno, campo, otro)
        uno.save(update_fields=[campo])


def _contrapartida(movimiento):
    return movimiento.contrapartida_caja or movimiento.contrapartida_banco


def movimiento_revertir(*, movimiento, usuario, motivo: str = "", fecha: datetime.date | None = None) -> list:
    """Undo a cash movement or bank operation with its counter-movement (and the other side of a transfer with its own).

    The original stays as it was; the reversal takes the opposite direction,
    the same amount and rate, and points at it. Returns the reversals.
    """
    fecha = _hoy(fecha)
    with transaction.atomic():
        originales = [movimiento] + ([_contrapartida(movimiento)] if _contrapartida(movimiento) else [])
        filas = _bloquear(*(_medio_del(m) for m in originales))
        reversiones = []
        for original in originales:
            original = type(original).objects.select_for_update().get(pk=original.pk)
            if original.revierte_id is not None:
                raise ValidationError("Un movimiento de reversión no se revierte: registre un movimiento nuevo.")
            if type(original).objects.filter(revierte=original).exists():
                raise ValidationError(f"El movimiento {original} ya fue revertido.")
            medio = _medio_del(original)
            datos = {"revierte": original, "referencia": original.referencia, "descripcion": (f"Reversión: {motivo}" if motivo else "Reversión")[:250]}
            datos.update(documento_tipo_id=original.documento_tipo_id, documento_id=original.documento_id)
            if isinstance(original, OperacionBancaria):
                datos.update(tipo=OperacionBancaria.Tipo.REVERSION, numero_operacion=original.numero_operacion)
            opuesto = Sentido.EGRESO if original.sentido == Sentido.INGRESO else Sentido.INGRESO
            reversiones.append(
                _asentar(
                    filas, medio, sentido=opuesto, monto=original.monto, usuario=usuario, fecha=fecha, tipo_cambio=original.tipo_cambio,
                    concepto=getattr(original, "concepto", None), **datos,
                )  # fmt: skip
            )
    return reversiones


def _medio_del(movimiento):
    return movimiento.caja if isinstance(movimiento, MovimientoCaja) else movimiento.cuenta


def movimientos_revertir(*, documento, usuario, motivo: str = "", fecha: datetime.date | None = None) -> list:
    """Reverse every movement and operation `documento` caused that is not reversed yet (voiding a payment)."""
    enlace = _enlace(documento)
    with transaction.atomic():
        reversiones = []
        for modelo in (MovimientoCaja, OperacionBancaria):
            pendientes = modelo.objects.filter(**enlace, revierte=None, reversion=None).order_by("id")
            for original in pendientes:
                reversiones += movimiento_revertir(movimiento=original, usuario=usuario, motivo=motivo, fecha=fecha)
    return reversiones


def tipos_cambio_importar(*, contenido: bytes, nombre: str, moneda) -> tuple[int, int]:
    """Load a file of daily rates of `moneda` (see importacion); a day already there takes the file's rates.
    All rows or none. Returns (created, updated)."""
    tasas = importacion.leer_tipos_cambio(contenido, nombre)
    creados = 0
    with transaction.atomic():
        for fecha, compra, venta in tasas:
            _, nuevo = TipoCambio.objects.update_or_create(moneda=moneda, fecha=fecha, defaults={"compra": compra, "venta": venta})
            creados += nuevo
    return creados, len(tasas) - creados


def conciliar(*, cuenta: CuentaBancaria, marcadas, fecha: datetime.date) -> int:
    """Mark the account's operations up to `fecha` as they stand on the bank's statement: those in `marcadas` (ids)
    reconciled at `fecha`, the others not; returns how many are reconciled."""
    marcadas = {int(pk) for pk in marcadas}
    with transaction.atomic():
        operaciones = OperacionBancaria.objects.select_for_update().filter(cuenta=cuenta, fecha__lte=fecha)
        ajenas = marcadas - set(operaciones.values_list("pk", flat=True))
        if ajenas:
            raise ValidationError("Solo se concilian operaciones de la cuenta hasta la fecha del extracto.")
        operaciones.filter(pk__in=marcadas).exclude(conciliado=True).update(conciliado=True, fecha_conciliacion=fecha)
        operaciones.exclude(pk__in=marcadas).update(conciliado=False, fecha_conciliacion=None)
    return len(marcadas)


# Sessions ------------------------------------------------------------------------------------


def turno_abrir(*, caja: Caja, usuario, monto_apertura, fecha: datetime.date | None = None) -> TurnoCaja:
    """Open a session with the cash found in the register; a difference from its balance is recorded as a movement."""
    monto_apertura = numero_de(monto_apertura, "monto de apertura")
    if monto_apertura < 0:
        raise ValidationError("El monto de apertura no puede ser negativo.")
    fecha = _hoy(fecha)
    with transaction.atomic():
        caja = _fresco(_bloquear(caja), caja)
        _exigir_operador(caja, usuario)
        if caja.turno_abierto_id is not None:
            raise ValidationError(f"La caja {caja} ya tiene un turno abierto.")
        ultimo = caja.turnos.order_by("-fecha").first()
        if ultimo is not None and fecha < ultimo.fecha:
            raise ValidationError(f"El {fecha:%d/%m/%Y} es anterior al último turno de la caja ({ultimo.fecha:%d/%m/%Y}).")
        turno = TurnoCaja.objects.create(caja=caja, fecha=fecha, monto_apertura=_q2(monto_apertura), abierto_por=usuario, abierto_en=timezone.now())
        caja.turno_abierto = turno
        Caja.objects.filter(pk=caja.pk).update(turno_abierto=turno)
        diferencia = _q2(monto_apertura) - caja.saldo
        if diferencia:
            sentido = Sentido.INGRESO if diferencia > 0 else Sentido.EGRESO
            _asentar({(Caja, caja.pk): caja}, caja, sentido=sentido, monto=abs(diferencia), usuario=usuario, fecha=fecha, descripcion="Fondo de apertura del turno", ajuste="apertura")
    return turno


def _contar(conteo: dict, moneda) -> tuple[dict, Decimal]:
    validas = DENOMINACIONES.get(moneda.codigo)
    if validas is None:
        raise ValidationError(f"No hay denominaciones de {moneda.codigo} para contar.")
    limpio, total = {}, CERO
    for denominacion, cantidad in (conteo or {}).items():
        clave = str(numero_de(denominacion, "valor de la denominación").normalize())
        clave = next((v for v in validas if Decimal(v) == Decimal(clave)), None)
        if clave is None:
            raise ValidationError(f"{denominacion} no es un billete ni una moneda de {moneda.codigo}.")
        try:
            cantidad = int(cantidad or 0)
        except (TypeError, ValueError):
            raise ValidationError(f"La cantidad de {denominacion} «{cantidad}» no es un número entero.") from None
        if cantidad < 0:
            raise ValidationError(f"La cantidad de {denominacion} no puede ser negativa.")
        if cantidad:
            limpio[clave] = cantidad
            total += Decimal(clave) * cantidad
    return limpio, _q2(total)


def turno_cerrar(*, turno: TurnoCaja, usuario, conteo: dict, explicacion: str = "") -> TurnoCaja:
    """Close a session with the count by denomination: expected, counted and difference are recorded.

    A difference needs its explanation; it is booked as a sobrante (income)
    or faltante (expense), so the register's balance is the cash counted.
    """
    explicacion = (explicacion or "").strip()
    with transaction.atomic():
        caja = _fresco(_bloquear(turno.caja), turno.caja)
        turno = TurnoCaja.objects.select_for_update().get(pk=turno.pk)
        _exigir_operador(caja, usuario)
        if turno.estado != TurnoCaja.Estado.ABIERTO:
            raise ValidationError("El turno ya está cerrado.")
        limpio, contado = _contar(conteo, caja.moneda)
        esperado = caja.saldo
        diferencia = contado - esperado
        if diferencia and not explicacion:
            tipo = "un sobrante" if diferencia > 0 else "un faltante"
            raise ValidationError(f"El conteo da {tipo} de {abs(diferencia)}: explique la diferencia para cerrar.")
        if diferencia:
            sentido = Sentido.INGRESO if diferencia > 0 else Sentido.EGRESO
            fecha = max(timezone.localdate(), turno.fecha)
            _, tipo_cambio, en_soles = _convertir(monto=abs(diferencia), moneda=None, medio=caja, fecha=fecha, tipo_cambio=None)
            # A shortage always closes, whatever the negative-balance permission: the cash is what was counted.
            caja.saldo = contado
            MovimientoCaja.objects.create(
                caja=caja, turno=turno, sentido=sentido, fecha=fecha,
                monto=abs(diferencia), tipo_cambio=tipo_cambio, monto_pen=en_soles, saldo_resultante=contado, usuario=usuario, ajuste="cierre",
                descripcion=("Sobrante" if diferencia > 0 else "Faltante") + f" al cierre: {explicacion}"[:230],
            )  # fmt: skip
            caja.save(update_fields=["saldo"])
        turno.conteo, turno.monto_contado, turno.monto_esperado, turno.diferencia = limpio, contado, esperado, diferencia
        turno.explicacion, turno.estado, turno.cerrado_por, turno.cerrado_en = explicacion, TurnoCaja.Estado.CERRADO, usuario, timezone.now()
        turno.save()
        Caja.objects.filter(pk=caja.pk).update(turno_abierto=None)
    return turno
