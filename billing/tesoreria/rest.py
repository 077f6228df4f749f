"""REST API of the treasury: cash movements (list and register), bank operations (list), receivables (aged open parts).

Registered on erp.rest.router from BillingConfig.ready(). Writes go through
billing.tesoreria.services, so the API refuses what the admin refuses, with
the same Spanish message and nothing written.
"""

import datetime

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from erp.models import Moneda, Socio
from erp.rest import DeSusSucursales, router
from erp.selectors import filtrar_por_sucursal

from . import cartera, services
from .models import Caja, ConceptoCaja, CuentaPorCobrar, MovimientoCaja, OperacionBancaria, Sentido

_TRAMO_NOMBRE = {codigo: etiqueta for codigo, etiqueta, *_ in cartera.TRAMOS}


def _rechazo(exc: DjangoValidationError) -> exceptions.ValidationError:
    """A service's refusal as a 400 with its Spanish message."""
    return exceptions.ValidationError({"detail": " ".join(exc.messages)})


# Cash movements ------------------------------------------------------------------------------


class MovimientoCajaSerializer(serializers.ModelSerializer):
    moneda = serializers.CharField(source="caja.moneda.codigo", read_only=True)
    concepto_nombre = serializers.CharField(source="concepto.nombre", read_only=True, default=None)
    usuario = serializers.CharField(source="usuario.username", read_only=True)

    class Meta:
        model = MovimientoCaja
        fields = (
            "id", "caja", "turno", "fecha", "sentido", "monto", "moneda", "tipo_cambio", "monto_pen", "saldo_resultante",
            "concepto", "concepto_nombre", "referencia", "descripcion", "ajuste", "revierte", "usuario", "creado",
        )  # fmt: skip
        read_only_fields = fields


class MovimientoNuevoSerializer(serializers.Serializer):
    """An income or expense of the register's open session; `monto` in `moneda` (by default the register's)."""

    caja = serializers.PrimaryKeyRelatedField(
        queryset=Caja.objects.none(), error_messages={"does_not_exist": "La caja {pk_value} no existe o es de otra sucursal."}
    )
    sentido = serializers.ChoiceField(choices=Sentido.choices)
    monto = serializers.DecimalField(max_digits=14, decimal_places=2)
    concepto = serializers.PrimaryKeyRelatedField(queryset=ConceptoCaja.objects.filter(activo=True), required=False, allow_null=True)
    referencia = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    descripcion = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")
    moneda = serializers.SlugRelatedField(slug_field="codigo", queryset=Moneda.objects.all(), required=False, allow_null=True, help_text="PEN o USD")
    tipo_cambio = serializers.DecimalField(
        max_digits=10, decimal_places=3, required=False, allow_null=True, help_text="Sin él, un movimiento en USD usa el tipo de venta del día."
    )

    def get_fields(self):
        campos = super().get_fields()
        usuario = self.context["request"].user
        if not usuario.is_authenticated:  # the OpenAPI schema
            return campos
        # Only the registers of the user's branches can be found: another branch's is refused as missing.
        campos["caja"].queryset = filtrar_por_sucursal(Caja.objects.select_related("moneda", "sucursal", "turno_abierto"), usuario)
        return campos

    def validate(self, attrs):
        concepto = attrs.get("concepto")
        if concepto is not None and concepto.empresa_id != attrs["caja"].empresa_id:
            raise serializers.ValidationError({"concepto": "El concepto es de otra empresa."})
        return attrs


class MovimientoCajaFilter(django_filters.FilterSet):
    fecha_desde = django_filters.DateFilter(field_name="fecha", lookup_expr="gte", label="Desde")
    fecha_hasta = django_filters.DateFilter(field_name="fecha", lookup_expr="lte", label="Hasta")

    class Meta:
        model = MovimientoCaja
        fields = ("caja", "turno", "sentido", "concepto")


class MovimientoCajaViewSet(DeSusSucursales, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Incomes and expenses of the registers of the user's branches; POST registers one in the register's open session."""

    queryset = MovimientoCaja.objects.select_related("caja__moneda", "concepto", "usuario")
    serializer_class = MovimientoCajaSerializer
    sucursal_lookup = "caja__sucursal"
    filterset_class = MovimientoCajaFilter
    search_fields = ("referencia", "descripcion")
    ordering_fields = ("fecha", "monto", "id")

    @extend_schema(request=MovimientoNuevoSerializer, responses={201: MovimientoCajaSerializer})
    def create(self, request, *args, **kwargs):
        entrada = MovimientoNuevoSerializer(data=request.data, context=self.get_serializer_context())
        entrada.is_valid(raise_exception=True)
        try:
            movimiento = services.movimiento_registrar(usuario=request.user, **entrada.validated_data)
        except DjangoValidationError as exc:
            raise _rechazo(exc) from exc
        return Response(self.get_serializer(movimiento).data, status=status.HTTP_201_CREATED)


# Bank operations -----------------------------------------------------------------------------


class OperacionBancariaSerializer(serializers.ModelSerializer):
    moneda = serializers.CharField(source="cuenta.moneda.codigo", read_only=True)

    class Meta:
        model = OperacionBancaria
        fields = (
            "id", "cuenta", "tipo", "numero_operacion", "fecha", "sentido", "monto", "moneda", "tipo_cambio", "monto_pen",
            "saldo_resultante", "referencia", "descripcion", "conciliado", "fecha_conciliacion", "revierte", "creado",
        )  # fmt: skip
        read_only_fields = fields


class OperacionBancariaFilter(django_filters.FilterSet):
    fecha_desde = django_filters.DateFilter(field_name="fecha", lookup_expr="gte", label="Desde")
    fecha_hasta = django_filters.DateFilter(field_name="fecha", lookup_expr="lte", label="Hasta")

    class Meta:
        model = OperacionBancaria
        fields = ("cuenta", "tipo", "sentido", "conciliado")


class OperacionBancariaViewSet(DeSusSucursales, viewsets.ReadOnlyModelViewSet):
    """Operations of the bank accounts of the user's companies."""

    queryset = OperacionBancaria.objects.select_related("cuenta__moneda")
    serializer_class = OperacionBancariaSerializer
    sucursal_lookup = "cuenta__empresa__sucursales"
    filterset_class = OperacionBancariaFilter
    search_fields = ("numero_operacion", "referencia", "descripcion")
    ordering_fields = ("fecha", "monto", "id")

    def get_queryset(self):
        # An account is reached through each branch of its company.
        return super().get_queryset().distinct()


# Receivables ---------------------------------------------------------------------------------


class ParteSerializer(serializers.Serializer):
    documento_id = serializers.IntegerField()
    documento = serializers.CharField()
    cliente_id = serializers.IntegerField(source="socio_id")
    cliente = serializers.CharField(source="socio")
    cuota = serializers.IntegerField(help_text="0: el documento sin cuotas")
    emision = serializers.DateField()
    vence = serializers.DateField()
    monto = serializers.DecimalField(max_digits=14, decimal_places=2)
    pagado = serializers.DecimalField(max_digits=14, decimal_places=2)
    saldo = serializers.DecimalField(max_digits=14, decimal_places=2)
    dias_vencido = serializers.IntegerField()
    tramo = serializers.ChoiceField(choices=[(c, e) for c, e, *_ in cartera.TRAMOS])
    tramo_nombre = serializers.SerializerMethodField()

    def get_tramo_nombre(self, parte) -> str:
        return _TRAMO_NOMBRE[parte.tramo]


class _PaginasDePartes:
    """The open parts as a sequence the paginator slices: each page is one query, the count comes from the summary."""

    def __init__(self, consulta: dict, cuantas: int):
        self.consulta, self.cuantas = consulta, cuantas

    def __len__(self):
        return self.cuantas

    def __getitem__(self, rango: slice):
        desde, hasta = rango.start or 0, min(rango.stop or 0, self.cuantas)
        return cartera.partes(**self.consulta, desde=desde, cuantas=hasta - desde) if hasta > desde else []


class PaginaDePartes(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_paginated_response(self, data):
        respuesta = super().get_paginated_response(data)
        respuesta.data["resumen"] = self.resumen
        return respuesta


_PARAMETROS_CARTERA = [
    OpenApiParameter("moneda", str, description="PEN (por defecto) o USD"),
    OpenApiParameter("corte", OpenApiTypes.DATE, description="Fecha de corte (AAAA-MM-DD); por defecto hoy"),
    OpenApiParameter("cliente", int, description="Id del cliente"),
    OpenApiParameter("sucursal", int, description="Solo esa sucursal (por defecto todas las suyas de la empresa)"),
]


class CuentaPorCobrarViewSet(viewsets.GenericViewSet):
    """Open parts (documents and instalments) of the company of the user's default branch, aged at `corte`, oldest due first."""

    queryset = CuentaPorCobrar.objects.none()  # the module's permission: billing.view_cuentaporcobrar
    serializer_class = ParteSerializer
    pagination_class = PaginaDePartes
    filter_backends = ()

    def _consulta(self) -> dict:
        parametros, usuario = self.request.query_params, self.request.user
        sucursales = usuario.sucursales_permitidas()
        if parametros.get("sucursal"):
            elegida = sucursales.filter(pk=_entero(parametros["sucursal"], "sucursal")).first()
            if elegida is None:
                raise exceptions.ValidationError({"sucursal": ["No tiene acceso a esa sucursal."]})
            empresa, ids = elegida.empresa, [elegida.pk]
        else:
            base = usuario.sucursal_predeterminada or sucursales.first()
            if base is None:
                raise exceptions.ValidationError({"detail": "Su usuario no tiene sucursales asignadas."})
            empresa = base.empresa
            ids = list(sucursales.filter(empresa=empresa).values_list("pk", flat=True))
        codigo = (parametros.get("moneda") or "PEN").upper()
        moneda = Moneda.objects.filter(codigo=codigo).first()
        if moneda is None:
            raise exceptions.ValidationError({"moneda": [f"No existe la moneda «{codigo}»."]})
        try:
            corte = datetime.date.fromisoformat(parametros["corte"]) if parametros.get("corte") else timezone.localdate()
        except ValueError:
            raise exceptions.ValidationError({"corte": ["La fecha de corte debe tener la forma AAAA-MM-DD."]}) from None
        cliente = None
        if parametros.get("cliente"):
            clientes = Socio.objects.filter(empresa=empresa, es_cliente=True)
            cliente = clientes.filter(pk=_entero(parametros["cliente"], "cliente")).first()
            if cliente is None:
                raise exceptions.ValidationError({"cliente": ["No existe ese cliente en la empresa."]})
        return {"empresa": empresa, "moneda": moneda, "corte": corte, "sucursales": ids, "cliente": cliente}

    @extend_schema(
        parameters=_PARAMETROS_CARTERA,
        responses=inline_serializer(
            "PaginaCuentasPorCobrar",
            {
                "count": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "resumen": inline_serializer(
                    "ResumenCuentasPorCobrar",
                    {
                        "moneda": serializers.CharField(),
                        "corte": serializers.DateField(),
                        "total": serializers.DecimalField(max_digits=16, decimal_places=2),
                        "tramos": serializers.DictField(child=serializers.DecimalField(max_digits=16, decimal_places=2)),
                    },
                ),
                "results": ParteSerializer(many=True),
            },
        ),
    )
    def list(self, request, *args, **kwargs):
        consulta = self._consulta()
        total = cartera.resumen(**consulta)
        paginador = self.paginator
        paginador.resumen = {
            "moneda": consulta["moneda"].codigo,
            "corte": consulta["corte"].isoformat(),
            "total": str(total["total"]),
            "tramos": {codigo: str(valor) for codigo, valor in total["tramos"].items()},
        }
        pagina = paginador.paginate_queryset(_PaginasDePartes(consulta, total["partes"]), request, view=self)
        return paginador.get_paginated_response(self.get_serializer(pagina, many=True).data)


def _entero(valor: str, nombre: str) -> int:
    try:
        return int(valor)
    except ValueError:
        raise exceptions.ValidationError({nombre: [f"«{valor}» no es un id."]}) from None


router.register("tesoreria/movimientos-caja", MovimientoCajaViewSet, basename="movimiento-caja")
router.register("tesoreria/operaciones-bancarias", OperacionBancariaViewSet, basename="operacion-bancaria")
router.register("tesoreria/cuentas-por-cobrar", CuentaPorCobrarViewSet, basename="cuenta-por-cobrar")
