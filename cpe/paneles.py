"""The home page's CPE panel: what has not reached SUNAT yet and what SUNAT rejected, in the user's branches."""

from django.db.models import Count
from django.urls import reverse

from cpe.models import ComprobanteElectronico, EstadoCpe
from erp import dashboard
from erp.dashboard import Fila, PanelInicio
from erp.selectors import filtrar_por_sucursal

FILAS = (
    (EstadoCpe.PENDIENTE, "Pendientes de envío", False),
    (EstadoCpe.ENVIANDO, "Enviándose", False),
    (EstadoCpe.ERROR, "Con error de envío (se reintentan)", True),
    (EstadoCpe.RECHAZADO, "Rechazados por SUNAT", True),
)


@dashboard.registrar
def cpe_en_el_inicio(request) -> list[PanelInicio]:
    if not request.user.has_perm("cpe.view_comprobanteelectronico"):
        return []
    comprobantes = filtrar_por_sucursal(ComprobanteElectronico.objects.all(), request.user, "documento__sucursal")
    cuentas = dict(comprobantes.filter(estado__in=[e for e, _, _ in FILAS]).values_list("estado").annotate(n=Count("id")))
    lista = reverse("admin:cpe_comprobanteelectronico_changelist")
    filas = [Fila(texto, str(cuentas[estado]), f"{lista}?estado__exact={estado}", alerta) for estado, texto, alerta in FILAS if cuentas.get(estado)]
    return [PanelInicio("Comprobantes electrónicos", filas, orden=20, vacio="Todo lo emitido llegó a SUNAT.")]
