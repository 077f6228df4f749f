"""Panels other apps add to a record's page: a client's or provider's (sales history, purchases, charts), a product's.

A provider is `funcion(objeto) -> list[Panel]`, registered for one kind of page
(`de`: "socio" or "producto"); apps register theirs in ready().
"""

from dataclasses import dataclass, field

_PROVEEDORES: dict[str, list] = {}


@dataclass(frozen=True)
class Panel:
    titulo: str
    plantilla: str
    contexto: dict = field(default_factory=dict)


def registrar(funcion=None, *, de: str = "socio"):
    """Decorator (bare or with `de=`) that adds a provider of panels for that kind of page."""

    def agregar(f):
        _PROVEEDORES.setdefault(de, []).append(f)
        return f

    return agregar(funcion) if funcion is not None else agregar


def paneles_de(objeto, *, de: str = "socio") -> list[Panel]:
    return [panel for proveedor in _PROVEEDORES.get(de, []) for panel in proveedor(objeto)]
