"""The home page: the directory's counters and the panels other apps register (today's sales, CPE to watch...).

A provider is `funcion(request) -> list[PanelInicio]`; apps register theirs in ready(), so erp imports none of them.
"""

from dataclasses import dataclass, field

from erp.models import Socio
from erp.selectors import filtrar_por_sucursal

_PROVEEDORES = []


@dataclass(frozen=True)
class Fila:
    texto: str
    valor: str
    enlace: str = ""
    alerta: bool = False  # shown in red: something waits for someone


@dataclass(frozen=True)
class PanelInicio:
    titulo: str
    filas: list[Fila] = field(default_factory=list)
    orden: int = 50
    vacio: str = "Nada por ahora."
    grafico: str = ""  # Chart.js bar data as JSON, drawn above the rows
    grafico_opciones: str = ""  # Chart.js options as JSON; unfold's when empty


def registrar(funcion):
    _PROVEEDORES.append(funcion)
    return funcion


def dashboard_callback(request, context):
    socios = filtrar_por_sucursal(Socio.objects.all(), request.user)
    context["indicadores"] = [
        {"titulo": "Clientes", "valor": socios.clientes().count()},
        {"titulo": "Proveedores", "valor": socios.proveedores().count()},
        {"titulo": "Sucursales", "valor": request.user.sucursales_permitidas().count()},
    ]
    context["paneles"] = sorted((p for proveedor in _PROVEEDORES for p in proveedor(request)), key=lambda p: p.orden)
    return context
