"""REST API of personnel: staff (salaries only for the payroll permission), attendance marks a device posts, planillas.

Registered on erp.rest.router from HrConfig.ready(); rows of the user's branches only.
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.response import Response

from erp.rest import DeSusSucursales, PorSucursalConsultaViewSet, router

from . import services
from .models import REMUNERACION, DepositoCts, Empleado, Liquidacion, Marcacion, Planilla


class EmpleadoSerializer(serializers.ModelSerializer):
    class Meta:
        model = Empleado
        fields = (
            "id", "sucursal", "nombres", "apellidos", "tipo_documento", "numero_documento", "fecha_nacimiento", "sexo", "cargo", "area",
            "fecha_ingreso", "fecha_cese", "tipo_contrato", "regimen", "horario", "email", "telefono", "activo", *REMUNERACION,
        )  # fmt: skip
        read_only_fields = fields

    def get_fields(self):
        campos = super().get_fields()
        usuario = self.context["request"].user
        if not usuario.has_perm("hr.ver_remuneraciones"):
            for campo in REMUNERACION:
                campos.pop(campo)
        return campos


class EmpleadoViewSet(PorSucursalConsultaViewSet):
    """The staff of the user's branches; salaries and pension data only with the payroll module."""

    queryset = Empleado.objects.all()
    serializer_class = EmpleadoSerializer
    filterset_fields = ["sucursal", "activo", "regimen", "area"]
    search_fields = ["apellidos", "nombres", "numero_documento", "cargo"]
    ordering_fields = ["apellidos", "fecha_ingreso", "id"]


class MarcacionSerializer(serializers.ModelSerializer):
    empleado_nombre = serializers.CharField(source="empleado.__str__", read_only=True)

    class Meta:
        model = Marcacion
        fields = ("id", "empleado", "empleado_nombre", "fecha_hora", "tipo", "origen")
        read_only_fields = fields


class MarcacionNuevaSerializer(serializers.Serializer):
    codigo = serializers.CharField(max_length=20)
    fecha_hora = serializers.DateTimeField(required=False, help_text="La hora del dispositivo; por defecto, la de recepción.")


class MarcacionFilter(django_filters.FilterSet):
    desde = django_filters.DateFilter(field_name="fecha_hora__date", lookup_expr="gte", label="Desde")
    hasta = django_filters.DateFilter(field_name="fecha_hora__date", lookup_expr="lte", label="Hasta")

    class Meta:
        model = Marcacion
        fields = ["empleado", "tipo", "origen"]


class MarcacionViewSet(DeSusSucursales, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Attendance marks; a device POSTs a worker's code (entry, or exit after an entry the same day)."""

    sucursal_lookup = "empleado__sucursal"
    queryset = Marcacion.objects.select_related("empleado")
    serializer_class = MarcacionSerializer
    filterset_class = MarcacionFilter
    ordering_fields = ["fecha_hora", "id"]

    def get_serializer_class(self):
        return MarcacionNuevaSerializer if self.action == "create" else MarcacionSerializer

    def create(self, request, *args, **kwargs):
        datos = MarcacionNuevaSerializer(data=request.data)
        datos.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                marca = services.marcacion_registrar(
                    codigo=datos.validated_data["codigo"], momento=datos.validated_data.get("fecha_hora"), origen="api",
                    sucursales=request.user.sucursales_permitidas(),
                )  # fmt: skip
        except DjangoValidationError as exc:
            raise exceptions.ValidationError({"detail": " ".join(exc.messages)}) from exc
        return Response(MarcacionSerializer(marca).data, status=status.HTTP_201_CREATED)


class PlanillaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Planilla
        fields = (
            "id", "sucursal", "periodo", "tipo_periodo", "estado", "total_ingresos", "total_descuentos", "total_neto", "total_aportes", "cerrada_en", "pagada_en",
        )  # fmt: skip
        read_only_fields = fields


class PlanillaViewSet(PorSucursalConsultaViewSet):
    """Each branch's planillas (monthly, and the fortnights of quincenal workers) with their totals."""

    queryset = Planilla.objects.all()
    serializer_class = PlanillaSerializer
    filterset_fields = ["sucursal", "estado", "periodo", "tipo_periodo"]
    ordering_fields = ["periodo", "id"]


class DepositoCtsSerializer(serializers.ModelSerializer):
    class Meta:
        model = DepositoCts
        fields = (
            "id", "empleado", "periodo", "desde", "hasta", "meses", "dias", "dias_falta", "sueldo", "asignacion_familiar", "sexto_gratificacion",
            "computable", "monto", "estado",
        )  # fmt: skip
        read_only_fields = fields


class DepositoCtsViewSet(PorSucursalConsultaViewSet):
    """Each worker's CTS of May and November."""

    sucursal_lookup = "empleado__sucursal"
    queryset = DepositoCts.objects.all()
    serializer_class = DepositoCtsSerializer
    filterset_fields = ["empleado", "periodo", "estado"]
    ordering_fields = ["periodo", "id"]


class LiquidacionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Liquidacion
        fields = (
            "id", "empleado", "fecha_cese", "motivo", "meses_cts", "dias_cts", "cts_trunca", "meses_gratificacion", "gratificacion_trunca",
            "bonificacion", "meses_vacaciones", "dias_vacaciones", "vacaciones_truncas", "dias_vacaciones_pendientes", "vacaciones_pendientes",
            "renta_anual", "quinta_retenida", "quinta", "total", "estado",
        )  # fmt: skip
        read_only_fields = fields


class LiquidacionViewSet(PorSucursalConsultaViewSet):
    """The settlements of leaving workers."""

    sucursal_lookup = "empleado__sucursal"
    queryset = Liquidacion.objects.all()
    serializer_class = LiquidacionSerializer
    filterset_fields = ["empleado", "estado", "motivo"]
    ordering_fields = ["fecha_cese", "id"]


router.register("personal/empleados", EmpleadoViewSet, basename="empleado")
router.register("personal/marcaciones", MarcacionViewSet, basename="marcacion")
router.register("personal/planillas", PlanillaViewSet, basename="planilla")
router.register("personal/cts", DepositoCtsViewSet, basename="depositocts")
router.register("personal/liquidaciones", LiquidacionViewSet, basename="liquidacion")
