"""Authentication and permissions of the REST API, kept apart from the views to avoid DRF import cycles."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from erp.models import ApiKey


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """The `Key` header of the manual's API (`Key: <clave>`)."""

    def authenticate(self, request):
        clave = request.headers.get("Key")
        if not clave:
            return None
        usuario = ApiKey.objects.autenticar(clave)
        if usuario is None:
            raise exceptions.AuthenticationFailed("No se reconoció el token.")
        return usuario, None

    def authenticate_header(self, request):
        return "Key"


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Key"}


class PermisoModulo(permissions.DjangoModelPermissions):
    """Module permissions, reading included (view_*), as the admin checks them."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }
