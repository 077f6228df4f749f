"""The dashboard: the day's and month's sales against last month, sales by branch, CPE to watch, open registers,
overdue receivables, products out of stock or below their minimum and payments falling due, each linking to its report; for the
user's branches only. `cifras` is also the JSON endpoint's answer."""

import calendar
import datetime
import json

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from billing.tesoreria import cartera as cobrar
from billing.tesoreria.models import TurnoCaja
from cpe.models import ComprobanteElectronico, EstadoCpe
from erp import dashboard
from erp.dashboard import Fila, PanelInicio
from erp.models import Empresa, Moneda
from inventory.models import Stock
from inventory.selectors import bajo_minimo
from purchases.cartera import adeudadas
from purchases.models import FacturaCompra

from .framework import Filtros, opciones_grafico
from .ventas import documentos, firmado

PENDIENTES_CPE = (EstadoCpe.PENDIENTE, EstadoCpe.ENVIANDO, EstadoCpe.ERROR)


def _url(codigo: str, **filtros) -> str:
    url = reverse("reports:ver", args=[codigo])
    return f"{url}?{urlencode(filtros)}" if filtros else url


def _dmy(fecha: datetime.date) -> str:
    return f"{fecha:%d/%m/%Y}"


def _ventas(user, sucursales, moneda, desde, hasta):
    f = Filtros(usuario=user, sucursales=sucursales, desde=desde, hasta=hasta, moneda=moneda)
    return documentos(f).aggregate(total=Sum(firmado("importe_total"), default=0))["total"]


def cifras(user, hoy: datetime.date | None = None) -> dict:
    hoy = hoy or timezone.localdate()
    sucursales = list(user.sucursales_permitidas().values_list("pk", flat=True))
    pen = Moneda.objects.get(codigo="PEN")
    salida: dict = {"fecha": hoy.isoformat(), "moneda": pen.codigo}
    inicio_mes = hoy.replace(day=1)
    if user.has_perm("reports.ver_ventas"):
        anterior = (inicio_mes - datetime.timedelta(days=1)).replace(day=1)
        # Last month up to the same day, so the comparison is like for like.
        hasta_anterior = anterior.replace(day=min(hoy.day, calendar.monthrange(anterior.year, anterior.month)[1]))
        f_mes = Filtros(usuario=user, sucursales=sucursales, desde=inicio_mes, hasta=hoy, moneda=pen)
        por_sucursal = documentos(f_mes).values("sucursal__nombre").annotate(total=Sum(firmado("importe_total"))).order_by("-total")
        salida["ventas"] = {
            "hoy": str(_ventas(user, sucursales, pen, hoy, hoy)),
            "mes": str(_ventas(user, sucursales, pen, inicio_mes, hoy)),
            "mes_anterior": str(_ventas(user, sucursales, pen, anterior, hasta_anterior)),
            "por_sucursal": [{"sucursal": fila["sucursal__nombre"], "total": str(fila["total"])} for fila in por_sucursal],
            "enlaces": {
                "hoy": _url("ventas-tipo", desde=_dmy(hoy), hasta=_dmy(hoy)),
                "mes": _url("ventas-periodo", desde=_dmy(inicio_mes), hasta=_dmy(hoy)),
                "mes_anterior": _url("ventas-periodo", desde=_dmy(anterior), hasta=_dmy(hasta_anterior)),
                "por_sucursal": _url("ventas-sucursal", desde=_dmy(inicio_mes), hasta=_dmy(hoy)),
            },
        }
    if user.has_perm("reports.ver_cpe"):
        cpes = ComprobanteElectronico.objects.filter(documento__sucursal__in=sucursales)
        cuentas = cpes.aggregate(
            pendientes=Count("id", filter=Q(estado__in=PENDIENTES_CPE)), rechazados=Count("id", filter=Q(estado=EstadoCpe.RECHAZADO))
        )
        lista = reverse("admin:cpe_comprobanteelectronico_changelist")
        salida["cpe"] = {**cuentas, "enlaces": {"pendientes": f"{lista}?estado__exact={EstadoCpe.PENDIENTE}", "rechazados": f"{lista}?estado__exact={EstadoCpe.RECHAZADO}",
                                                 "reporte": _url("cpe-estado", desde=_dmy(inicio_mes), hasta=_dmy(hoy))}}  # fmt: skip
    if user.has_perm("reports.ver_tesoreria"):
        abiertas = TurnoCaja.objects.filter(caja__sucursal__in=sucursales, estado=TurnoCaja.Estado.ABIERTO).count()
        vencido = 0
        for empresa in Empresa.objects.filter(sucursales__in=sucursales).distinct():
            resumen = cobrar.resumen(empresa=empresa, moneda=pen, corte=hoy, sucursales=sucursales)
            vencido += resumen["total"] - resumen["tramos"]["por_vencer"]
        semana = hoy + datetime.timedelta(days=7)
        por_pagar = adeudadas(FacturaCompra.objects.filter(sucursal__in=sucursales, moneda=pen)).filter(vence__lte=semana)
        pagos = por_pagar.aggregate(cantidad=Count("id"), total=Sum("saldo", default=0))
        salida["tesoreria"] = {
            "cajas_abiertas": abiertas, "por_cobrar_vencido": str(vencido),
            "pagos_proximos": {"cantidad": pagos["cantidad"], "total": str(pagos["total"])},
            "enlaces": {"cajas_abiertas": _url("caja", desde=_dmy(hoy), hasta=_dmy(hoy)), "por_cobrar_vencido": _url("por-cobrar", hasta=_dmy(hoy)),
                        "pagos_proximos": _url("por-pagar", hasta=_dmy(semana))},
        }  # fmt: skip
    if user.has_perm("reports.ver_inventario"):
        sin_stock = Stock.objects.filter(almacen__sucursal__in=sucursales, producto__tipo="P", producto__activo=True, cantidad__lte=0).count()
        salida["inventario"] = {
            "sin_stock": sin_stock, "bajo_minimo": bajo_minimo(sucursales).count(),
            "enlaces": {"sin_stock": _url("stock-almacen", o="cantidad"), "bajo_minimo": _url("stock-bajo-minimo")},
        }  # fmt: skip
    return salida


def _soles(valor) -> str:
    return f"S/ {float(valor):,.2f}"


@dashboard.registrar
def tablero_en_el_inicio(request) -> list[PanelInicio]:
    c = cifras(request.user)
    filas, paneles = [], []
    if "ventas" in c:
        v, e = c["ventas"], c["ventas"]["enlaces"]
        filas += [
            Fila("Ventas de hoy", _soles(v["hoy"]), e["hoy"]),
            Fila("Ventas del mes", _soles(v["mes"]), e["mes"]),
            Fila("Mes anterior, a la misma fecha", _soles(v["mes_anterior"]), e["mes_anterior"]),
        ]
        grafico = {"labels": [s["sucursal"] for s in v["por_sucursal"]],
                   "datasets": [{"label": "Ventas del mes (S/)", "data": [float(s["total"]) for s in v["por_sucursal"]], "backgroundColor": "#2563eb"}]}  # fmt: skip
        paneles.append(PanelInicio("Ventas del mes por sucursal", [Fila("Ver el reporte", "", e["por_sucursal"])], orden=6, grafico=json.dumps(grafico),
                                   grafico_opciones=opciones_grafico()))
    if "cpe" in c:
        filas += [
            Fila("CPE pendientes de envío", str(c["cpe"]["pendientes"]), c["cpe"]["enlaces"]["pendientes"], alerta=bool(c["cpe"]["pendientes"])),
            Fila("CPE rechazados", str(c["cpe"]["rechazados"]), c["cpe"]["enlaces"]["rechazados"], alerta=bool(c["cpe"]["rechazados"])),
        ]
    if "tesoreria" in c:
        t, e = c["tesoreria"], c["tesoreria"]["enlaces"]
        filas += [
            Fila("Cajas abiertas", str(t["cajas_abiertas"]), e["cajas_abiertas"]),
            Fila("Por cobrar vencido", _soles(t["por_cobrar_vencido"]), e["por_cobrar_vencido"], alerta=float(t["por_cobrar_vencido"]) > 0),
            Fila(f"Pagos de los próximos 7 días ({t['pagos_proximos']['cantidad']})", _soles(t["pagos_proximos"]["total"]), e["pagos_proximos"]),
        ]
    if "inventario" in c:
        sin = c["inventario"]["sin_stock"]
        bajo = c["inventario"]["bajo_minimo"]
        filas += [
            Fila("Productos sin stock (por almacén)", str(sin), c["inventario"]["enlaces"]["sin_stock"], alerta=bool(sin)),
            Fila("Stock bajo mínimo (por almacén)", str(bajo), c["inventario"]["enlaces"]["bajo_minimo"], alerta=bool(bajo)),
        ]
    if filas:
        paneles.insert(0, PanelInicio("Resumen del negocio", filas, orden=5))
    return paneles
