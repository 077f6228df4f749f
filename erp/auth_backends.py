from django.contrib.auth.backends import ModelBackend

from erp.modulos import permisos_de


class ModuloBackend(ModelBackend):
    """Django's backend plus the permissions of the user's modules.

    Modules come from the user's permission profiles and extra modules; the
    result is cached on the user object for the request.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_modulos_cache"):
            user_obj._perm_modulos_cache = permisos_de(user_obj.codigos_modulos())
        return super().get_all_permissions(user_obj, obj) | user_obj._perm_modulos_cache
