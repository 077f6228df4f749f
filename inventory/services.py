"""Business actions of the inventory: every stock change is a kardex move recorded here.

Moves are ordered by date, then by id. A move dated before others of its
product and warehouse revalues those later ones (and, through transfers, the
moves that take their cost from them), so recording the same moves in any
order of entry gives the same balances.
"""

import contextlib
import contextvars
import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from . import valuacion
from .models import (
    Ajuste,
    Almacen,
    EstadoOperacion,
    EstadoSerie,
    Movimiento,
    Naturaleza,
    NumeroSerie,
    Producto,
    Stock,
    Transferencia,
    Valorizacion,
)
from .models.base import separar_series
from .selectors import permite_stock_negativo, saldo_antes
from .tablas import TipoComprobantePago, TipoOperacion
from .valuacion import Saldo

CUATRO = Decimal("0.0001")
DOCUMENTO_INTERNO = TipoComprobantePago.OTROS


def _txt(numero: Decimal) -> str:
    return f"{numero.normalize():f}"


def _cantidad(valor) -> Decimal:
    try:
        cantidad = Decimal(str(valor)).quantize(CUATRO, rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(f"La cantidad «{valor}» no es un número.") from None
    if cantidad <= 0:
        raise ValidationError("La cantidad debe ser mayor que cero.")
    return cantidad


def _fecha(valor) -> datetime.date:
    if isinstance(valor, datetime.datetime):
        return timezone.localdate(valor) if timezone.is_aware(valor) else valor.date()
    if isinstance(valor, datetime.date):
        return valor
    raise ValidationError("Indique la fecha del movimiento.")


def _validar_operacion(tipo_operacion: str, naturaleza: str) -> None:
    if tipo_operacion not in TipoOperacion.values:
        raise ValidationError(f"El tipo de operación «{tipo_operacion}» no está en la tabla 12 de SUNAT.")
    prohibidas = TipoOperacion.salidas() if naturaleza == Naturaleza.ENTRADA else TipoOperacion.entradas()
    if tipo_operacion in prohibidas:
        operacion = TipoOperacion(tipo_operacion)
        movimiento = "una entrada" if naturaleza == Naturaleza.ENTRADA else "una salida"
        raise ValidationError(f"La operación {operacion.value} ({operacion.label}) no corresponde a {movimiento}.")


def _bloquear_stock(producto_id: int, almacen_id: int) -> Stock:
    """The stock row of a product in a warehouse, locked: moves of the pair queue on it."""
    try:
        return Stock.objects.select_for_update().get(producto_id=producto_id, almacen_id=almacen_id)
    except Stock.DoesNotExist:
        Stock.objects.get_or_create(producto_id=producto_id, almacen_id=almacen_id)
        return Stock.objects.select_for_update().get(producto_id=producto_id, almacen_id=almacen_id)


def _guardar_stock(stock: Stock, saldo: Saldo, ultima_fecha: datetime.date | None = None) -> None:
    stock.cantidad, stock.costo_promedio, stock.valor = saldo.cantidad, saldo.costo_unitario, saldo.valor
    stock.fecha_ultimo_movimiento = ultima_fecha or stock.fecha_ultimo_movimiento
    stock.save(update_fields=["cantidad", "costo_promedio", "valor", "fecha_ultimo_movimiento"])


class _PermiteNegativo:
    """Whether the company allows negative stock, asked only when a balance goes negative."""

    def __init__(self, empresa_id: int, valor: bool | None = None):
        self.empresa_id, self.valor = empresa_id, valor

    def __bool__(self) -> bool:
        if self.valor is None:
            self.valor = permite_stock_negativo(self.empresa_id)
        return self.valor


def _mover_series(*, producto: Producto, almacen: Almacen, naturaleza: str, cantidad: Decimal, series) -> list[NumeroSerie]:
    """Check and update the serial numbers a move carries; products without serial control ignore them."""
    if not producto.maneja_series:
        return []
    if isinstance(series, str):
        numeros = separar_series(series)
    else:
        numeros = [str(s).strip().upper() for s in series if str(s).strip()]
    repetidos = sorted({n for n in numeros if numeros.count(n) > 1})
    if repetidos:
        raise ValidationError(f"Números de serie repetidos: {', '.join(repetidos)}.")
    if cantidad != len(numeros):
        raise ValidationError(
            f"{producto.nombre} controla números de serie: indique {_txt(cantidad)} (se indicaron {len(numeros)})."
        )
    existentes = {
        s.numero: s
        for s in NumeroSerie.objects.select_for_update(of=("self",)).select_related("almacen").filter(producto=producto, numero__in=numeros)
    }
    if naturaleza == Naturaleza.ENTRADA:
        for numero in numeros:
            serie = existentes.get(numero)
            if serie and serie.estado == EstadoSerie.EN_ALMACEN:
                raise ValidationError(f"La serie {numero} de {producto.nombre} ya está en el almacén {serie.almacen.nombre}.")
        for serie in existentes.values():
            serie.almacen, serie.estado = almacen, EstadoSerie.EN_ALMACEN
        NumeroSerie.objects.bulk_update(existentes.values(), ["almacen", "estado"])
        nuevas = NumeroSerie.objects.bulk_create(
            NumeroSerie(producto=producto, numero=n, almacen=almacen) for n in numeros if n not in existentes
        )
        return [*existentes.values(), *nuevas]
    for numero in numeros:
        serie = existentes.get(numero)
        if serie is None:
            raise ValidationError(f"La serie {numero} no está registrada para {producto.nombre}.")
        if serie.estado != EstadoSerie.EN_ALMACEN:
            raise ValidationError(f"La serie {numero} de {producto.nombre} ya salió del almacén: fue vendida o retirada antes.")
        if serie.almacen_id != almacen.pk:
            raise ValidationError(f"La serie {numero} de {producto.nombre} está en el almacén {serie.almacen.nombre}, no en {almacen.nombre}.")
    for serie in existentes.values():
        serie.estado = EstadoSerie.FUERA
    NumeroSerie.objects.bulk_update(existentes.values(), ["estado"])
    return list(existentes.values())


_CAMPOS_VALOR = ("costo_unitario", "costo_total", "saldo_cantidad", "saldo_costo_unitario", "saldo_valor")


def _guardar_valores(cambios: list[tuple]) -> None:
    """Write recomputed values: (id, *_CAMPOS_VALOR) rows, in one statement per batch on PostgreSQL."""
    if not cambios:
        return
    if connection.vendor != "postgresql":
        objetos = [Movimiento(id=fila[0], **dict(zip(_CAMPOS_VALOR, fila[1:], strict=True))) for fila in cambios]
        Movimiento.objects.bulk_update(objetos, _CAMPOS_VALOR, batch_size=500)
        return
    asignaciones = ", ".join(f"{c} = v.{c}" for c in _CAMPOS_VALOR)
    columnas = ", ".join(_CAMPOS_VALOR)
    arreglos = ", ".join(["%s::bigint[]"] + ["%s::numeric[]"] * len(_CAMPOS_VALOR))
    sql = (
        f"UPDATE {Movimiento._meta.db_table} AS m SET {asignaciones} "
        f"FROM unnest({arreglos}) AS v(id, {columnas}) WHERE m.id = v.id"
    )
    with connection.cursor() as cursor:
        for inicio in range(0, len(cambios), 20_000):
            lote = cambios[inicio : inicio + 20_000]
            cursor.execute(sql, [list(col) for col in zip(*lote, strict=True)])


def _guardar_stocks(stocks: list[Stock]) -> None:
    """Write several stock rows' balances in one statement (bulk_update's CASE costs more to build than to run)."""
    if connection.vendor != "postgresql":
        Stock.objects.bulk_update(stocks, ["cantidad", "costo_promedio", "valor", "fecha_ultimo_movimiento"])
        return
    sql = (
        f"UPDATE {Stock._meta.db_table} AS s SET cantidad = v.cantidad, costo_promedio = v.costo_promedio, valor = v.valor, "
        "fecha_ultimo_movimiento = v.fecha FROM unnest(%s::bigint[], %s::numeric[], %s::numeric[], %s::numeric[], %s::date[]) "
        "AS v(id, cantidad, costo_promedio, valor, fecha) WHERE s.id = v.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [[getattr(s, c) for s in stocks] for c in ("pk", "cantidad", "costo_promedio", "valor", "fecha_ultimo_movimiento")])


def _revalorizar(
    *, producto: Producto, almacen: Almacen, saldo: Saldo, posteriores, permitir_negativo: _PermiteNegativo
) -> tuple[Saldo, list[int], datetime.date | None]:
    """Revalue `posteriores` (in kardex order) from `saldo`. Returns the final balance, the
    ids of moves whose unit cost changed (other moves may take their cost from them) and
    the date of the last move revalued."""
    filas = list(
        posteriores.order_by("fecha", "id").values_list(
            "id", "fecha", "naturaleza", "cantidad", "valorizacion", "vinculado_id", "documento_serie", "documento_numero", *_CAMPOS_VALOR
        )
    )
    if not filas:
        return saldo, [], None
    propios = {fila[0] for fila in filas}
    externos = {fila[5] for fila in filas if fila[4] == Valorizacion.VINCULADO and fila[5] not in propios}
    costos = dict(Movimiento.objects.filter(id__in=externos).values_list("id", "costo_unitario")) if externos else {}
    cambios, costo_cambiado = [], []
    for mov_id, fecha, naturaleza, cantidad, modo, vinculado_id, serie, numero, *anteriores in filas:
        costo = None  # the average cost of the moment
        if modo == Valorizacion.DOCUMENTO:
            costo = anteriores[0]
        elif modo == Valorizacion.VINCULADO:
            costo = costos[vinculado_id]
        calculo = valuacion.entrada if naturaleza == Naturaleza.ENTRADA else valuacion.salida
        r = calculo(saldo, cantidad, costo)
        nuevos = (r.costo_unitario, r.costo_total, r.saldo.cantidad, r.saldo.costo_unitario, r.saldo.valor)
        if r.saldo.cantidad < 0 and r.saldo.cantidad < anteriores[2] and not permitir_negativo:
            documento = f"{serie}-{numero}".strip("-")
            raise ValidationError(
                f"No se puede registrar: el {fecha:%d/%m/%Y} el stock de {producto.nombre} en {almacen.nombre} "
                f"quedaría en {_txt(r.saldo.cantidad)} (documento {documento})."
            )
        costos[mov_id] = r.costo_unitario
        if nuevos != tuple(anteriores):
            cambios.append((mov_id, *nuevos))
            if r.costo_unitario != anteriores[0]:
                costo_cambiado.append(mov_id)
        saldo = r.saldo
    _guardar_valores(cambios)
    return saldo, costo_cambiado, filas[-1][1]


def _propagar(producto: Producto, almacen_id: int, cambiados: list[int], permitir_negativo: _PermiteNegativo) -> None:
    """Revalue, in other warehouses, the moves that take their cost from moves whose cost changed.

    A move always takes its cost from an earlier one, so the work moves forward and ends.
    """
    pendientes: dict[int, tuple[datetime.date, int]] = {}

    def encolar(ids, almacen_id):
        # Dependents in the same warehouse (reversals) were revalued in the same pass. The product's linked moves
        # elsewhere (transfers) are few next to the ids of a long revaluation: matched here, not in a huge IN list.
        ids = set(ids)
        dependientes = Movimiento.objects.filter(producto=producto, vinculado__isnull=False).exclude(almacen_id=almacen_id)
        for vinculado_id, otro, fecha, mov_id in dependientes.values_list("vinculado_id", "almacen_id", "fecha", "id"):
            if vinculado_id in ids:
                pendientes[otro] = min(pendientes.get(otro, (fecha, mov_id)), (fecha, mov_id))

    encolar(cambiados, almacen_id)
    while pendientes:
        almacen_id, (fecha, mov_id) = min(pendientes.items(), key=lambda item: item[1])
        del pendientes[almacen_id]
        almacen = Almacen.objects.get(pk=almacen_id)
        stock = _bloquear_stock(producto.pk, almacen_id)
        posteriores = Movimiento.objects.filter(producto=producto, almacen_id=almacen_id).exclude(fecha__lt=fecha).exclude(
            fecha=fecha, id__lt=mov_id
        )
        final, otros, ultima = _revalorizar(
            producto=producto,
            almacen=almacen,
            saldo=saldo_antes(producto.pk, almacen_id, fecha, mov_id),
            posteriores=posteriores,
            permitir_negativo=permitir_negativo,
        )
        _guardar_stock(stock, final, ultima)
        encolar(otros, almacen_id)


def _validar_registro(*, producto: Producto, almacen: Almacen, documento_tipo: str, es_reversion: bool) -> None:
    if documento_tipo not in TipoComprobantePago.values:
        raise ValidationError(f"El tipo de documento «{documento_tipo}» no está en la tabla 10 de SUNAT.")
    if almacen.empresa_id != producto.empresa_id:
        raise ValidationError(f"El almacén {almacen.nombre} es de otra empresa que el producto {producto.nombre}.")
    if not almacen.activo and not es_reversion:
        raise ValidationError(f"El almacén {almacen.nombre} está inactivo.")


def _stock_insuficiente(*, producto: Producto, almacen: Almacen, fecha, anterior: Saldo, cantidad) -> ValidationError:
    cuando = "" if fecha >= timezone.localdate() else f" al {fecha:%d/%m/%Y}"
    return ValidationError(
        f"Stock insuficiente de {producto.nombre} en {almacen.nombre}{cuando}: "
        f"hay {_txt(anterior.cantidad)}, se necesitan {_txt(cantidad)}."
    )


def _registrar(
    *,
    producto: Producto,
    almacen: Almacen,
    naturaleza: str,
    cantidad,
    fecha,
    tipo_operacion: str,
    documento_tipo: str,
    documento_serie: str,
    documento_numero,
    valorizacion: str,
    costo_unitario: Decimal | None = None,
    vinculado: Movimiento | None = None,
    es_reversion: bool = False,
    series=(),
    usuario=None,
    origen=None,
    glosa: str = "",
) -> Movimiento:
    cantidad = _cantidad(cantidad)
    fecha = _fecha(fecha)
    _validar_registro(producto=producto, almacen=almacen, documento_tipo=documento_tipo, es_reversion=es_reversion)
    with transaction.atomic():
        stock = _bloquear_stock(producto.pk, almacen.pk)
        ultima = stock.fecha_ultimo_movimiento
        al_final = ultima is not None and fecha >= ultima
        if al_final:
            anterior = Saldo(stock.cantidad, stock.costo_promedio, stock.valor)
        else:
            anterior = saldo_antes(producto.pk, almacen.pk, fecha)
        if valorizacion == Valorizacion.VINCULADO:
            costo_unitario = Movimiento.objects.values_list("costo_unitario", flat=True).get(pk=vinculado.pk)
        valuar = valuacion.entrada if naturaleza == Naturaleza.ENTRADA else valuacion.salida
        r = valuar(anterior, cantidad, costo_unitario)
        # Serial numbers first: where a serial is says more than a short stock.
        numeros = _mover_series(producto=producto, almacen=almacen, naturaleza=naturaleza, cantidad=cantidad, series=series)
        permitir_negativo = _PermiteNegativo(producto.empresa_id)
        if r.saldo.cantidad < 0 and not permitir_negativo:
            raise _stock_insuficiente(producto=producto, almacen=almacen, fecha=fecha, anterior=anterior, cantidad=cantidad)
        movimiento = Movimiento.objects.create(
            producto=producto,
            almacen=almacen,
            fecha=fecha,
            naturaleza=naturaleza,
            tipo_operacion=tipo_operacion,
            documento_tipo=documento_tipo,
            documento_serie=(documento_serie or "")[:20],
            documento_numero=str(documento_numero or "")[:20],
            glosa=glosa[:250],
            cantidad=cantidad,
            valorizacion=valorizacion,
            **r.campos(),
            vinculado=vinculado,
            es_reversion=es_reversion,
            origen_tipo=ContentType.objects.get_for_model(origen) if origen is not None else None,
            origen_id=origen.pk if origen is not None else None,
            usuario=usuario,
        )
        if numeros:
            movimiento.series.set(numeros)
        _cerrar_registro(producto, almacen, stock, r.saldo, fecha, ultima, al_final, permitir_negativo)
    return movimiento


# Inside revalorizacion_diferida(): (producto id, almacen id) -> (producto, almacen, earliest back-dated date).
_DIFERIDOS: contextvars.ContextVar[dict | None] = contextvars.ContextVar("kardex_diferido", default=None)


@contextlib.contextmanager
def revalorizacion_diferida():
    """Back-dated moves recorded inside revalue the later moves once, at the end, from the earliest date each product
    and warehouse was touched: undoing a document and entering it again at its date costs one pass over what follows,
    not two. The moves of the earliest date are exact at once; the later ones and the stock row, at the end."""
    if _DIFERIDOS.get() is not None:
        yield
        return
    pendientes: dict = {}
    token = _DIFERIDOS.set(pendientes)
    try:
        # No savepoint of its own inside the caller's transaction: a refusal undoes the caller's whole document.
        with transaction.atomic(savepoint=False):
            yield
            _DIFERIDOS.set(None)
            for producto, almacen, fecha in pendientes.values():
                stock = _bloquear_stock(producto.pk, almacen.pk)
                _cerrar_registro(
                    producto, almacen, stock, saldo_antes(producto.pk, almacen.pk, fecha), fecha, stock.fecha_ultimo_movimiento, False,
                    _PermiteNegativo(producto.empresa_id),
                )  # fmt: skip
    finally:
        _DIFERIDOS.reset(token)


def _cerrar_registro(producto, almacen, stock, saldo: Saldo, fecha, ultima, al_final: bool, permitir_negativo) -> None:
    """The stock row after a move: as it is at the end, or revalued over the later moves of a back-dated one."""
    final, cambiados, ultima_posterior = saldo, [], None
    diferidos = _DIFERIDOS.get()
    if not al_final and diferidos is not None:
        anterior = diferidos.get((producto.pk, almacen.pk))
        diferidos[(producto.pk, almacen.pk)] = (producto, almacen, min(fecha, anterior[2]) if anterior else fecha)
        return
    if not al_final:
        final, cambiados, ultima_posterior = _revalorizar(
            producto=producto,
            almacen=almacen,
            saldo=saldo,
            posteriores=Movimiento.objects.filter(producto=producto, almacen=almacen, fecha__gt=fecha),
            permitir_negativo=permitir_negativo,
        )
    _guardar_stock(stock, final, ultima_posterior or max(fecha, ultima or fecha))
    if cambiados:
        _propagar(producto, almacen.pk, cambiados, permitir_negativo)


def _costo_de_entrada(costo_unitario) -> Decimal | None:
    if costo_unitario is None:
        return None
    try:
        costo_unitario = Decimal(str(costo_unitario))
    except InvalidOperation:
        raise ValidationError(f"El costo unitario «{costo_unitario}» no es un número.") from None
    if costo_unitario < 0:
        raise ValidationError("El costo unitario no puede ser negativo.")
    return costo_unitario


def kardex_entradas(
    *,
    almacen: Almacen,
    lineas: list[tuple[Producto, Decimal, Decimal]],
    fecha,
    tipo_operacion: str,
    documento_tipo: str,
    documento_serie: str,
    documento_numero,
    usuario=None,
    origen=None,
    glosa: str = "",
) -> list[Movimiento]:
    """The goods of one document entering one warehouse, each line (producto, cantidad, costo_unitario) at its cost:
    as kardex_entrada line by line, but the lines at the end of their product's kardex are written together (one lock,
    one insert, one update); a back-dated line, a product with serial numbers or repeated in the document go one by one."""
    _validar_operacion(tipo_operacion, Naturaleza.ENTRADA)
    fecha = _fecha(fecha)
    lineas = [(p, _cantidad(c), _costo_de_entrada(cu)) for p, c, cu in lineas if not p.es_servicio]
    documento = {"documento_tipo": documento_tipo, "documento_serie": documento_serie, "documento_numero": documento_numero}
    for producto, *_ in lineas:
        _validar_registro(producto=producto, almacen=almacen, documento_tipo=documento_tipo, es_reversion=False)
    ids = [p.pk for p, *_ in lineas]
    with transaction.atomic(savepoint=False):  # as in revalorizacion_diferida
        bloqueo = Stock.objects.select_for_update().filter(almacen=almacen, producto_id__in=ids).order_by("producto_id")
        stocks = {s.producto_id: s for s in bloqueo}
        if len(stocks) < len(set(ids)):
            Stock.objects.bulk_create([Stock(producto_id=i, almacen=almacen) for i in set(ids) - set(stocks)], ignore_conflicts=True)
            stocks = {s.producto_id: s for s in bloqueo.all()}
        juntas, una_a_una = [], []
        for producto, cantidad, costo in lineas:
            ultima = stocks[producto.pk].fecha_ultimo_movimiento
            al_final = ultima is None or fecha >= ultima
            if producto.maneja_series or costo is None or ids.count(producto.pk) > 1 or not al_final:
                una_a_una.append((producto, cantidad, costo))
            else:
                juntas.append((producto, cantidad, costo))
        nuevos = []
        origen_tipo = ContentType.objects.get_for_model(origen) if origen is not None else None
        for producto, cantidad, costo in juntas:
            stock = stocks[producto.pk]
            anterior = Saldo(stock.cantidad, stock.costo_promedio, stock.valor) if stock.fecha_ultimo_movimiento else Saldo()
            r = valuacion.entrada(anterior, cantidad, costo)
            if r.saldo.cantidad < 0 and not _PermiteNegativo(producto.empresa_id):
                raise _stock_insuficiente(producto=producto, almacen=almacen, fecha=fecha, anterior=anterior, cantidad=cantidad)
            nuevos.append(
                Movimiento(
                    producto=producto, almacen=almacen, fecha=fecha, naturaleza=Naturaleza.ENTRADA, tipo_operacion=tipo_operacion,
                    documento_tipo=documento_tipo, documento_serie=(documento_serie or "")[:20], documento_numero=str(documento_numero or "")[:20],
                    glosa=glosa[:250], cantidad=cantidad, valorizacion=Valorizacion.DOCUMENTO, **r.campos(), origen_tipo=origen_tipo,
                    origen_id=origen.pk if origen is not None else None, usuario=usuario,
                )  # fmt: skip
            )
            stock.cantidad, stock.costo_promedio, stock.valor = r.saldo.cantidad, r.saldo.costo_unitario, r.saldo.valor
            stock.fecha_ultimo_movimiento = fecha
        Movimiento.objects.bulk_create(nuevos)
        if juntas:
            _guardar_stocks([stocks[p.pk] for p, *_ in juntas])
        for producto, cantidad, costo in una_a_una:
            nuevos.append(
                kardex_entrada(
                    producto=producto, almacen=almacen, cantidad=cantidad, fecha=fecha, tipo_operacion=tipo_operacion, costo_unitario=costo,
                    usuario=usuario, origen=origen, glosa=glosa, **documento,
                )  # fmt: skip
            )
    return nuevos


def kardex_entrada(
    *,
    producto: Producto,
    almacen: Almacen,
    cantidad,
    fecha,
    tipo_operacion: str,
    documento_tipo: str,
    documento_serie: str,
    documento_numero,
    costo_unitario: Decimal | None = None,
    series=(),
    usuario=None,
    origen=None,
    glosa: str = "",
) -> Movimiento | None:
    """Record goods coming into a warehouse at `costo_unitario`, or at the current average cost
    when it is None (a customer's return). Services have no stock: returns None for them."""
    if producto.es_servicio:
        return None
    _validar_operacion(tipo_operacion, Naturaleza.ENTRADA)
    costo_unitario = _costo_de_entrada(costo_unitario)
    return _registrar(
        producto=producto,
        almacen=almacen,
        naturaleza=Naturaleza.ENTRADA,
        cantidad=cantidad,
        fecha=fecha,
        tipo_operacion=tipo_operacion,
        documento_tipo=documento_tipo,
        documento_serie=documento_serie,
        documento_numero=documento_numero,
        valorizacion=Valorizacion.PROMEDIO if costo_unitario is None else Valorizacion.DOCUMENTO,
        costo_unitario=costo_unitario,
        series=series,
        usuario=usuario,
        origen=origen,
        glosa=glosa,
    )


def kardex_salida(
    *,
    producto: Producto,
    almacen: Almacen,
    cantidad,
    fecha,
    tipo_operacion: str,
    documento_tipo: str,
    documento_serie: str,
    documento_numero,
    series=(),
    usuario=None,
    origen=None,
    glosa: str = "",
) -> Movimiento | None:
    """Record goods leaving a warehouse at the current weighted-average cost.

    Refused when it would leave the stock negative (unless the company allows
    it) or when a serial number is not in the warehouse. Returns None for services.
    """
    if producto.es_servicio:
        return None
    _validar_operacion(tipo_operacion, Naturaleza.SALIDA)
    return _registrar(
        producto=producto,
        almacen=almacen,
        naturaleza=Naturaleza.SALIDA,
        cantidad=cantidad,
        fecha=fecha,
        tipo_operacion=tipo_operacion,
        documento_tipo=documento_tipo,
        documento_serie=documento_serie,
        documento_numero=documento_numero,
        valorizacion=Valorizacion.PROMEDIO,
        series=series,
        usuario=usuario,
        origen=origen,
        glosa=glosa,
    )


@transaction.atomic
def kardex_recalcular(*, producto: Producto, almacen: Almacen) -> Saldo:
    """Revalue the whole kardex of a product in a warehouse from its first move.

    Gives the same balances as recording the moves did; it repairs data
    loaded from outside the services.
    """
    stock = _bloquear_stock(producto.pk, almacen.pk)
    final, cambiados, ultima = _revalorizar(
        producto=producto,
        almacen=almacen,
        saldo=Saldo(),
        posteriores=Movimiento.objects.filter(producto=producto, almacen=almacen),
        permitir_negativo=_PermiteNegativo(producto.empresa_id, True),
    )
    _guardar_stock(stock, final, ultima)
    if cambiados:
        _propagar(producto, almacen.pk, cambiados, _PermiteNegativo(producto.empresa_id, True))
    return final


@transaction.atomic
def kardex_revertir(*, origen, fecha, usuario=None) -> list[Movimiento]:
    """Record the opposite of every move `origen` caused and that is not reversed yet.

    Each opposite move takes the cost of the move it undoes; doing it twice
    records nothing the second time.
    """
    fecha = _fecha(fecha)
    movimientos = list(
        Movimiento.objects.filter(origen_tipo=ContentType.objects.get_for_model(origen), origen_id=origen.pk, es_reversion=False)
        .exclude(dependientes__es_reversion=True)
        .select_related("producto", "almacen")
        .prefetch_related("series")
        .order_by("-fecha", "-id")
    )
    revertidos = []
    for mov in movimientos:
        if fecha < mov.fecha:
            raise ValidationError(
                f"La anulación no puede tener fecha anterior al movimiento que anula ({mov.fecha:%d/%m/%Y})."
            )
        revertidos.append(
            _registrar(
                producto=mov.producto,
                almacen=mov.almacen,
                naturaleza=Naturaleza.SALIDA if mov.es_entrada else Naturaleza.ENTRADA,
                cantidad=mov.cantidad,
                fecha=fecha,
                tipo_operacion=mov.tipo_operacion,
                documento_tipo=mov.documento_tipo,
                documento_serie=mov.documento_serie,
                documento_numero=mov.documento_numero,
                valorizacion=Valorizacion.VINCULADO,
                vinculado=mov,
                es_reversion=True,
                series=[s.numero for s in mov.series.all()],
                usuario=usuario,
                origen=origen,
                glosa=f"Anulación: {mov.glosa or mov.documento}",
            )
        )
    return revertidos


def _exigir_borrador(operacion) -> None:
    if not operacion.es_borrador:
        raise ValidationError(f"{operacion.codigo} ya está {operacion.get_estado_display().lower()}.")


def _validar_lineas(lineas) -> None:
    if not lineas:
        raise ValidationError("Agregue al menos un producto.")
    for linea in lineas:
        if linea.producto.es_servicio:
            raise ValidationError(f"{linea.producto.nombre} es un servicio: no tiene stock.")
        try:
            linea.full_clean(exclude=["transferencia", "ajuste", "producto"])
        except ValidationError as exc:
            raise ValidationError(f"{linea.producto.nombre}: {' '.join(exc.messages)}") from None


@transaction.atomic
def transferencia_registrar(*, transferencia: Transferencia, usuario=None) -> list[Movimiento]:
    """Move the transfer's goods: an exit from the origin and an entry at the destination,
    at the cost they left with."""
    t = Transferencia.objects.select_for_update().select_related("almacen_origen", "almacen_destino").get(pk=transferencia.pk)
    _exigir_borrador(t)
    t.full_clean()
    lineas = list(t.lineas.select_related("producto"))
    _validar_lineas(lineas)
    origen, destino = t.almacen_origen, t.almacen_destino
    documento = {"documento_tipo": DOCUMENTO_INTERNO, "documento_serie": t.prefijo, "documento_numero": f"{t.numero:06d}"}
    movimientos = []
    for linea in lineas:
        salida = kardex_salida(
            producto=linea.producto,
            almacen=origen,
            cantidad=linea.cantidad,
            fecha=t.fecha,
            tipo_operacion=TipoOperacion.SALIDA_TRANSFERENCIA,
            series=linea.lista_series(),
            usuario=usuario,
            origen=t,
            glosa=f"Transferencia a {destino}",
            **documento,
        )
        entrada = _registrar(
            producto=linea.producto,
            almacen=destino,
            naturaleza=Naturaleza.ENTRADA,
            cantidad=linea.cantidad,
            fecha=t.fecha,
            tipo_operacion=TipoOperacion.ENTRADA_TRANSFERENCIA,
            valorizacion=Valorizacion.VINCULADO,
            vinculado=salida,
            series=linea.lista_series(),
            usuario=usuario,
            origen=t,
            glosa=f"Transferencia desde {origen}",
            **documento,
        )
        movimientos += [salida, entrada]
    t.estado = EstadoOperacion.REGISTRADA
    t.save(update_fields=["estado", "modificado"])
    return movimientos


@transaction.atomic
def ajuste_registrar(*, ajuste: Ajuste, usuario=None) -> list[Movimiento]:
    """Record an adjustment's lines (or an opening balance) as kardex moves."""
    a = Ajuste.objects.select_for_update().select_related("almacen").get(pk=ajuste.pk)
    _exigir_borrador(a)
    lineas = list(a.lineas.select_related("producto"))
    _validar_lineas(lineas)
    documento = {"documento_tipo": DOCUMENTO_INTERNO, "documento_serie": a.prefijo, "documento_numero": f"{a.numero:06d}"}
    comunes = {"almacen": a.almacen, "fecha": a.fecha, "tipo_operacion": a.tipo_operacion, "usuario": usuario, "origen": a}
    movimientos = []
    for linea in lineas:
        if a.es_saldo_inicial and linea.costo_unitario is None:
            raise ValidationError(f"{linea.producto.nombre}: el saldo inicial necesita el costo unitario.")
        datos = {**comunes, **documento, "producto": linea.producto, "cantidad": linea.cantidad, "series": linea.lista_series()}
        glosa = a.motivo.splitlines()[0][:250] if a.motivo else ""
        if linea.naturaleza == Naturaleza.ENTRADA:
            movimientos.append(kardex_entrada(costo_unitario=linea.costo_unitario, glosa=glosa, **datos))
        else:
            movimientos.append(kardex_salida(glosa=glosa, **datos))
    a.estado = EstadoOperacion.REGISTRADA
    a.save(update_fields=["estado", "modificado"])
    return movimientos


@transaction.atomic
def operacion_anular(*, operacion: Transferencia | Ajuste, fecha=None, usuario=None) -> list[Movimiento]:
    """Void a registered transfer or adjustment: its moves are undone by opposite ones."""
    op = type(operacion).objects.select_for_update().get(pk=operacion.pk)
    if op.estado != EstadoOperacion.REGISTRADA:
        raise ValidationError(f"Solo se anula lo registrado: {op.codigo} está {op.get_estado_display().lower()}.")
    movimientos = kardex_revertir(origen=op, fecha=fecha or max(op.fecha, timezone.localdate()), usuario=usuario)
    op.estado = EstadoOperacion.ANULADA
    op.save(update_fields=["estado", "modificado"])
    return movimientos


def almacen_principal_crear(*, sucursal) -> Almacen:
    """Give a branch its principal warehouse (when it has none), so it can sell from the start."""
    existente = Almacen.objects.filter(sucursal=sucursal, principal=True).first()
    if existente:
        return existente
    almacen, _ = Almacen.objects.get_or_create(sucursal=sucursal, nombre="Almacén principal", defaults={"principal": True})
    return almacen
