"""The treasury on the home page: each register of the user's branches with its session, and the bank balances."""

from django.urls import reverse
from django.utils import timezone

from billing.models.tesoreria import CuentaBancaria
from erp import dashboard
from erp.dashboard import Fila, PanelInicio
from erp.selectors import filtrar_por_sucursal

from .models import Caja, TurnoCaja


@dashboard.registrar
def cajas_en_el_inicio(request) -> list[PanelInicio]:
    usuario = request.user
    paneles = []
    if usuario.has_perm("billing.view_caja"):
        cajas = filtrar_por_sucursal(Caja.objects.filter(activo=True), usuario).select_related("moneda", "sucursal").order_by("sucursal__nombre", "nombre")
        hoy = timezone.localdate()  # a session still open from an earlier day was not closed: shown in red
        abiertos = {t.caja_id: t for t in TurnoCaja.objects.filter(caja__in=cajas, estado=TurnoCaja.Estado.ABIERTO)}
        filas = []
        for caja in cajas:
            turno = abiertos.get(caja.pk)
            estado = f"abierta desde {turno.fecha:%d/%m/%Y}" if turno else "cerrada"
            filas.append(
                Fila(f"{caja.nombre} ({caja.sucursal.nombre}), {estado}", f"{caja.moneda.simbolo} {caja.saldo:,.2f}",
                     reverse("admin:billing_caja_change", args=[caja.pk]), alerta=turno is not None and turno.fecha < hoy)  # fmt: skip
            )
        paneles.append(PanelInicio("Cajas", filas, orden=20, vacio="No hay cajas en sus sucursales."))
    if usuario.has_perm("billing.view_operacionbancaria"):
        empresas = usuario.sucursales_permitidas().values("empresa")
        cuentas = CuentaBancaria.objects.filter(empresa__in=empresas, activo=True).select_related("moneda").order_by("banco", "numero")
        filas = [
            Fila(f"{c.banco} {c.numero}", f"{c.moneda.simbolo} {c.saldo:,.2f}", reverse("admin:billing_operacionbancaria_changelist") + f"?cuenta__id__exact={c.pk}")
            for c in cuentas
        ]
        paneles.append(PanelInicio("Cuentas bancarias", filas, orden=25, vacio="No hay cuentas bancarias."))
    return paneles
