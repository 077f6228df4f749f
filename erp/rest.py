"""REST API at /api/rest/: the same keys and permissions as the action API and the admin.

Apps add their viewsets with `router.register(...)` in their own `rest.py`
(imported by erp.urls). Every list is paginated, filterable and limited to
the user's branches.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import ProtectedError
from rest_framework import exceptions, routers, serializers, viewsets
from rest_framework.views import exception_handler

from erp.models import Cliente, Contacto, Direccion, Proveedor, Socio
from erp.selectors import filtrar_por_sucursal

router = routers.DefaultRouter()


def manejar_excepcion(exc, context):
    """DRF's answer, but a body that is not JSON is told in Spanish (DRF's Spanish catalogue lacks that message)."""
    peticion = context.get("request")
    if isinstance(exc, exceptions.ParseError) and peticion is not None and peticion.content_type.startswith("application/json"):
        exc = exceptions.ParseError("El cuerpo de la petición no es un JSON válido.")
    return exception_handler(exc, context)


class DeSusSucursales:
    """Rows of the user's branches only; `sucursal_lookup` leads to the Sucursal."""

    sucursal_lookup = "sucursal"

    def get_queryset(self):
        return filtrar_por_sucursal(super().get_queryset(), self.request.user, self.sucursal_lookup)


class PorSucursalViewSet(DeSusSucursales, viewsets.ModelViewSet):
    pass


class PorSucursalConsultaViewSet(DeSusSucursales, viewsets.ReadOnlyModelViewSet):
    pass


def eliminar_protegido(instancia, mensaje: str) -> None:
    """Delete, or answer 400 with `mensaje` when other records still point at it."""
    try:
        with transaction.atomic():
            instancia.delete()
    except ProtectedError as exc:
        raise exceptions.ValidationError(mensaje) from exc


def validar_con_modelo(instancia, attrs: dict, exclude=()) -> None:
    """Run the model's own validation on `attrs`, so the API refuses what the admin refuses."""
    for campo, valor in attrs.items():
        setattr(instancia, campo, valor)
    try:
        instancia.full_clean(exclude=[*exclude, *(f.name for f in instancia._meta.many_to_many)])
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc


class ContactoSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contacto
        fields = ["id", "socio", "nombres", "apellidos", "dni", "cargo", "email", "telefono", "celular", "sexo", "principal"]


class DireccionSerializer(serializers.ModelSerializer):
    ubigeo = serializers.CharField(source="distrito.ubigeo", read_only=True, default=None)

    class Meta:
        model = Direccion
        fields = ["id", "socio", "nombre", "direccion", "telefono", "pais", "departamento", "provincia", "distrito", "ubigeo", "principal"]

    def validate(self, attrs):
        direccion = self.instance or Direccion()
        validar_con_modelo(direccion, attrs)
        # The district decides province and department.
        attrs.update(departamento=direccion.departamento, provincia=direccion.provincia)
        return attrs


class SocioSerializer(serializers.ModelSerializer):
    contactos = ContactoSerializer(many=True, read_only=True)
    direcciones = DireccionSerializer(many=True, read_only=True)

    class Meta:
        model = Socio
        fields = [
            "id",
            "sucursal",
            "tipo_documento",
            "numero_documento",
            "razon_social",
            "nombre_comercial",
            "email",
            "telefono",
            "activo",
            "es_cliente",
            "es_proveedor",
            "descripcion",
            "notas_privadas",
            "creado",
            "modificado",
            "contactos",
            "direcciones",
        ]
        read_only_fields = ["es_cliente", "es_proveedor", "creado", "modificado"]

    def validate_sucursal(self, sucursal):
        if not self.context["request"].user.opera_sucursal(sucursal.pk):
            raise serializers.ValidationError("No tiene acceso a esa sucursal.")
        return sucursal

    def validate(self, attrs):
        validar_con_modelo(self.instance or Socio(**{self.context["rol"]: True}), attrs, exclude=["creado_por"])
        return attrs


class SocioViewSet(PorSucursalViewSet):
    serializer_class = SocioSerializer
    rol = ""
    filterset_fields = ["activo", "tipo_documento", "sucursal", "numero_documento"]
    search_fields = ["razon_social", "nombre_comercial", "numero_documento", "email"]
    ordering_fields = ["razon_social", "creado", "id"]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "rol": self.rol}

    def perform_create(self, serializer):
        serializer.save(creado_por=self.request.user, **{self.rol: True})

    def perform_destroy(self, instance):
        eliminar_protegido(instance, "Tiene documentos registrados: desactívelo en lugar de eliminarlo.")


class ClienteViewSet(SocioViewSet):
    queryset = Cliente.objects.filter(es_cliente=True).select_related("tipo_documento").prefetch_related("contactos", "direcciones__distrito")
    rol = "es_cliente"


class ProveedorViewSet(SocioViewSet):
    queryset = Proveedor.objects.filter(es_proveedor=True).select_related("tipo_documento").prefetch_related("contactos", "direcciones__distrito")
    rol = "es_proveedor"


class _DeSocioViewSet(PorSucursalViewSet):
    sucursal_lookup = "socio__sucursal"
    filterset_fields = ["socio"]

    def _guardar(self, serializer):
        # Creating, or moving to another client or provider, needs access to the one it lands on.
        socio = serializer.validated_data.get("socio")
        if socio is not None and not filtrar_por_sucursal(Socio.objects.filter(pk=socio.pk), self.request.user).exists():
            raise exceptions.PermissionDenied("No tiene acceso a ese cliente o proveedor.")
        serializer.save()

    perform_create = perform_update = _guardar


class ContactoViewSet(_DeSocioViewSet):
    queryset = Contacto.objects.all()
    serializer_class = ContactoSerializer
    search_fields = ["nombres", "apellidos", "email", "dni"]


class DireccionViewSet(_DeSocioViewSet):
    queryset = Direccion.objects.select_related("distrito")
    serializer_class = DireccionSerializer
    search_fields = ["nombre", "direccion"]


router.register("clientes", ClienteViewSet, basename="cliente")
router.register("proveedores", ProveedorViewSet, basename="proveedor")
router.register("contactos", ContactoViewSet, basename="contacto")
router.register("direcciones", DireccionViewSet, basename="direccion")
