"""Buttons a higher app adds to a lower app's screen, e.g. billing's «Guía de remisión» on inventory's transfers.

The lower app's admin mixes in AccionesRegistradasMixin; a higher app calls
`registrar_accion` in its AppConfig.ready() with an Unfold detail action
(a function of modeladmin, request and object_id) and, if the button depends
on the record, `permiso(modeladmin, request, object_id=None) -> bool`, which the
action names in its `permissions` by the function's own name.
"""

from types import MethodType

_ACCIONES: dict[str, dict[str, tuple]] = {}


def registrar_accion(modelo: str, funcion, *, permiso=None) -> None:
    """Add `funcion` to the detail buttons of `modelo` ("app_label.modelname")."""
    _ACCIONES.setdefault(modelo, {})[funcion.__name__] = (funcion, permiso)


class AccionesRegistradasMixin:
    def _registradas(self) -> dict[str, tuple]:
        return _ACCIONES.get(self.model._meta.label_lower, {})

    @property
    def actions_detail(self):
        return [*super().actions_detail, *self._registradas()]

    def __getattr__(self, nombre: str):
        # Only names the class lacks land here: the registered actions and their permission checks.
        if "model" in self.__dict__:
            for accion, (funcion, permiso) in self._registradas().items():
                if nombre == accion:
                    return MethodType(funcion, self)
                if permiso is not None and nombre == f"has_{accion}_permission":
                    return MethodType(permiso, self)
        raise AttributeError(nombre)
