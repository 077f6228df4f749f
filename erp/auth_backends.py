from django.contrib.auth.backends import ModelBackend

from erp.modulos import permisos_de


class ModuloBackend(ModelBackend):
    """Django's login; a user's permissions are those of their modules only.

    Modules come from the user's permission profiles and extra modules; the
    result is cached on the user object for the request. Users are never given
    Django's own user or group permissions (the user form has no field for
    them), so their two queries per request are not run.
    """

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_modulos_cache"):
            user_obj._perm_modulos_cache = permisos_de(user_obj.codigos_modulos())
        return user_obj._perm_modulos_cache
