"""Panels other apps add to a client's or provider's page (sales history, purchases, charts).

A provider is `funcion(socio) -> list[Panel]`; apps register theirs in ready().
"""

from dataclasses import dataclass, field

_PROVEEDORES = []


@dataclass(frozen=True)
class Panel:
    titulo: str
    plantilla: str
    contexto: dict = field(default_factory=dict)


def registrar(funcion):
    _PROVEEDORES.append(funcion)
    return funcion


def paneles_de(socio) -> list[Panel]:
    return [panel for proveedor in _PROVEEDORES for panel in proveedor(socio)]
