"""The ERP's modules: what a permission profile ("Permisos") switches on.

Each app registers its modules in its AppConfig.ready(); a module grants the
Django permissions of its models, so the admin and the APIs check access the
same way. The database keeps one row per module (synced after migrate) for
profiles and users to point at.
"""

from dataclasses import dataclass, field

ACCIONES = ("view", "add", "change", "delete")


@dataclass(frozen=True)
class DefModulo:
    codigo: str
    nombre: str
    seccion: str
    # "app_label.model": full access (view, add, change, delete).
    modelos: tuple[str, ...] = ()
    # "app_label.model": view only, e.g. the clients a sales module picks from.
    consulta: tuple[str, ...] = ()
    # "app_label.codename": custom permissions such as sending to SUNAT.
    permisos: tuple[str, ...] = field(default=())

    def permisos_django(self) -> set[str]:
        perms = set(self.permisos)
        for etiqueta in self.modelos:
            app_label, model = etiqueta.split(".")
            perms.update(f"{app_label}.{accion}_{model}" for accion in ACCIONES)
        for etiqueta in self.consulta:
            app_label, model = etiqueta.split(".")
            perms.add(f"{app_label}.view_{model}")
        return perms


REGISTRO: dict[str, DefModulo] = {}


def registrar(*modulos: DefModulo) -> None:
    for modulo in modulos:
        REGISTRO[modulo.codigo] = modulo


def permisos_de(codigos) -> set[str]:
    perms = set()
    for codigo in codigos:
        modulo = REGISTRO.get(codigo)
        if modulo:
            perms |= modulo.permisos_django()
    return perms


def sincronizar(**kwargs) -> None:
    """Create or update one Modulo row per registered module (post_migrate)."""
    from erp.models import Modulo

    for orden, modulo in enumerate(REGISTRO.values()):
        Modulo.objects.update_or_create(
            codigo=modulo.codigo,
            defaults={"nombre": modulo.nombre, "seccion": modulo.seccion, "orden": orden},
        )
