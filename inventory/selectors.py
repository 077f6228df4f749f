"""Reads of the inventory that services, admin, views and other apps share."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from erp.models import Empresa, Sucursal
from erp.selectors import filtrar_por_sucursal

from .models import (
    Almacen,
    ConfiguracionInventario,
    ListaPrecio,
    Movimiento,
    Naturaleza,
    PrecioProducto,
    Producto,
    Stock,
    StockMinimo,
)
from .valuacion import Saldo


def almacen_principal(sucursal: Sucursal) -> Almacen:
    """The warehouse a branch sells from: its principal one, or else its first active one."""
    almacen = Almacen.objects.filter(sucursal=sucursal, activo=True).order_by("-principal", "id").first()
    if almacen is None:
        raise ValidationError(f"La sucursal {sucursal.nombre} no tiene un almacén activo: cree uno en Inventario › Almacenes.")
    return almacen


def permite_stock_negativo(empresa_id: int) -> bool:
    return ConfiguracionInventario.objects.filter(empresa_id=empresa_id, permitir_stock_negativo=True).exists()


def empresas_de(user) -> QuerySet:
    """The companies whose data `user` may see: those of their branches."""
    if user.ve_todas_las_sucursales:
        return Empresa.objects.all()
    return Empresa.objects.filter(pk__in=user.sucursales.values("empresa_id"))


def filtrar_por_empresa(queryset, user, lookup: str = "empresa"):
    if user.ve_todas_las_sucursales:
        return queryset
    return queryset.filter(**{f"{lookup}__in": empresas_de(user)})


def precio_de(producto: Producto, *, cantidad: Decimal = Decimal("1"), moneda_id: int | None = None, lista: ListaPrecio | None = None):
    """The unit price with IGV for `cantidad` units: the list's (the default one if none
    is given) for the largest minimum quantity reached, else the product's own price in soles.
    None when the list has no price in that currency and the product's price does not apply."""
    lista = lista or ListaPrecio.objects.filter(empresa_id=producto.empresa_id, predeterminada=True, activo=True).first()
    moneda_id = moneda_id or 1
    if lista is not None:
        precio = (
            PrecioProducto.objects.filter(producto=producto, lista=lista, moneda_id=moneda_id, cantidad_minima__lte=cantidad)
            .order_by("-cantidad_minima")
            .values_list("precio", flat=True)
            .first()
        )
        if precio is not None:
            return precio
    return producto.precio_venta if moneda_id == 1 else None


def saldo_antes(producto_id: int, almacen_id: int, fecha: datetime.date, mov_id: int | None = None) -> Saldo:
    """The balance just before the point (fecha, mov_id) of the kardex; with no id, after all of `fecha`."""
    qs = Movimiento.objects.filter(producto_id=producto_id, almacen_id=almacen_id)
    campos = ("saldo_cantidad", "saldo_costo_unitario", "saldo_valor")
    fila = None
    if mov_id is not None:
        fila = qs.filter(fecha=fecha, id__lt=mov_id).order_by("-id").values_list(*campos).first()
        qs = qs.filter(fecha__lt=fecha)
    else:
        qs = qs.filter(fecha__lte=fecha)
    fila = fila or qs.order_by("-fecha", "-id").values_list(*campos).first()
    return Saldo(*fila) if fila else Saldo()


@dataclass
class Kardex:
    """The kardex of a product in a warehouse between two dates."""

    producto: Producto
    almacen: Almacen
    desde: datetime.date
    hasta: datetime.date
    saldo_inicial: Saldo
    saldo_final: Saldo
    movimientos: QuerySet
    numero: int
    entradas_cantidad: Decimal
    entradas_valor: Decimal
    salidas_cantidad: Decimal
    salidas_valor: Decimal


def kardex(producto: Producto, almacen: Almacen, desde: datetime.date, hasta: datetime.date) -> Kardex:
    movimientos = Movimiento.objects.filter(
        producto=producto, almacen=almacen, fecha__gte=desde, fecha__lte=hasta
    ).order_by("fecha", "id")
    entrada, salida = Q(naturaleza=Naturaleza.ENTRADA), Q(naturaleza=Naturaleza.SALIDA)
    totales = movimientos.aggregate(
        numero=Count("id"),
        ec=Sum("cantidad", filter=entrada),
        ev=Sum("costo_total", filter=entrada),
        sc=Sum("cantidad", filter=salida),
        sv=Sum("costo_total", filter=salida),
    )
    inicial = saldo_antes(producto.pk, almacen.pk, desde - datetime.timedelta(days=1))
    final = saldo_antes(producto.pk, almacen.pk, hasta)
    cero = Decimal("0")
    return Kardex(
        producto=producto,
        almacen=almacen,
        desde=desde,
        hasta=hasta,
        saldo_inicial=inicial,
        saldo_final=final,
        movimientos=movimientos,
        numero=totales["numero"],
        entradas_cantidad=totales["ec"] or cero,
        entradas_valor=totales["ev"] or cero,
        salidas_cantidad=totales["sc"] or cero,
        salidas_valor=totales["sv"] or cero,
    )


def almacenes_de(user) -> QuerySet:
    """The warehouses of the branches `user` may see."""
    return filtrar_por_sucursal(Almacen.objects.all(), user, "sucursal")


def bajo_minimo(sucursales) -> QuerySet:
    """The minimums of active products in the warehouses of `sucursales` (ids) that their stock is below, each
    annotated with `stock` (0 where the product never moved there) and `faltante`, what restocks it."""
    cantidad = DecimalField(max_digits=16, decimal_places=4)
    stock = Stock.objects.filter(producto=OuterRef("producto"), almacen=OuterRef("almacen")).values("cantidad")
    return (
        StockMinimo.objects.filter(almacen__sucursal__in=sucursales, producto__activo=True)
        .annotate(stock=Coalesce(Subquery(stock), Value(Decimal(0)), output_field=cantidad))
        .filter(stock__lt=F("cantidad"))
        .annotate(faltante=F("cantidad") - F("stock"))
    )
