"""The admin sidebar, organised by the manual's modules.

Apps add their sections in AppConfig.ready(); an entry shows only to users
who may view its model.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Entrada:
    titulo: str
    icono: str
    url: str  # URL name, e.g. "admin:erp_sucursal_changelist"
    permiso: str  # "app_label.codename"


_SECCIONES: dict[str, tuple[int, list[Entrada]]] = {}


def registrar_seccion(titulo: str, orden: int, entradas: list[Entrada]) -> None:
    _, existentes = _SECCIONES.get(titulo, (orden, []))
    _SECCIONES[titulo] = (orden, existentes + list(entradas))


def sidebar(request):
    user = request.user
    grupos = []
    for titulo, (_, entradas) in sorted(_SECCIONES.items(), key=lambda item: item[1][0]):
        items = []
        for entrada in entradas:
            if not user.has_perm(entrada.permiso):
                continue
            try:
                link = reverse(entrada.url)
            except NoReverseMatch:
                continue
            items.append({"title": entrada.titulo, "icon": entrada.icono, "link": link})
        if items:
            grupos.append({"title": titulo, "separator": True, "collapsible": True, "items": items})
    return grupos


def lugar_en_el_menu(url: str) -> tuple[str, str] | None:
    """(section, entry) of the menu that opens the list at `url`: the page header names it as the menu does."""
    for seccion, (_, entradas) in _SECCIONES.items():
        for entrada in entradas:
            try:
                if reverse(entrada.url) == url:
                    return seccion, entrada.titulo
            except NoReverseMatch:
                continue
    return None
