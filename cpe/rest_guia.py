"""REST API of the guías de remisión: create (and issue) a guide, list and read them with SUNAT's verdict.

POST /api/rest/guias-remision/ takes the whole guide in one body; it is issued
at once (its number taken in the same transaction) unless "emitir" is false.
A refused guide answers 400 with the reasons in Spanish and leaves nothing.
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from billing import guias as servicio
from billing.models import ConductorGuia, DocumentoRelacionadoGuia, GuiaRemision, LineaGuia, VehiculoGuia
from billing.tesoreria.rest import _rechazo
from cpe.rest import CpeSerializer
from erp.models import Distrito, Serie, Socio
from erp.rest import DeSusSucursales, router
from erp.selectors import filtrar_por_sucursal


class VeGuias(permissions.BasePermission):
    def has_permission(self, request, view):
        accion = "add" if request.method == "POST" else "view"
        return bool(request.user and request.user.is_authenticated and request.user.has_perm(f"billing.{accion}_guiaremision"))


class LineaGuiaSerializer(serializers.ModelSerializer):
    class Meta:
        model = LineaGuia
        fields = ["producto", "codigo", "descripcion", "unidad", "cantidad"]


class VehiculoSerializer(serializers.ModelSerializer):
    class Meta:
        model = VehiculoGuia
        fields = ["placa"]


class ConductorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConductorGuia
        fields = ["tipo_documento", "numero_documento", "nombres", "apellidos", "licencia"]


class DocumentoRelacionadoSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentoRelacionadoGuia
        fields = ["tipo", "numero", "ruc_emisor"]


class GuiaSerializer(serializers.ModelSerializer):
    serie = serializers.CharField(source="serie.serie")
    numero_completo = serializers.CharField()
    partida_ubigeo = serializers.CharField(source="partida_distrito.ubigeo", default=None)
    llegada_ubigeo = serializers.CharField(source="llegada_distrito.ubigeo", default=None)
    lineas = LineaGuiaSerializer(many=True)
    vehiculos = VehiculoSerializer(many=True)
    conductores = ConductorSerializer(many=True)
    documentos = DocumentoRelacionadoSerializer(many=True)
    cpe = serializers.SerializerMethodField()

    class Meta:
        model = GuiaRemision
        fields = [
            "id", "tipo", "serie", "numero", "numero_completo", "estado", "sucursal", "fecha_emision", "hora_emision",
            "destinatario", "destinatario_tipo_documento", "destinatario_numero_documento", "destinatario_razon_social",
            "remitente", "proveedor", "motivo", "descripcion_motivo", "fecha_inicio", "peso_bruto", "unidad_peso", "bultos",
            "partida_ubigeo", "partida_direccion", "partida_establecimiento", "llegada_ubigeo", "llegada_direccion",
            "llegada_establecimiento", "puerto", "modalidad", "transportista_ruc", "transportista_razon_social", "transportista_mtc",
            "documento_venta", "transferencia", "observaciones", "lineas", "vehiculos", "conductores", "documentos", "cpe",
            "creado", "modificado",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(CpeSerializer(allow_null=True))
    def get_cpe(self, guia):
        comprobante = getattr(guia, "cpe", None)
        return CpeSerializer(comprobante, context=self.context).data if comprobante else None


class GuiaNuevaSerializer(serializers.Serializer):
    """A guide as the API receives it: series by its code, addresses by ubigeo, partners by id."""

    sucursal = serializers.IntegerField()
    tipo = serializers.ChoiceField(choices=GuiaRemision._meta.get_field("tipo").choices, default="09")
    serie = serializers.CharField(max_length=4, help_text="T001 (remitente) o V001 (transportista).")
    fecha_emision = serializers.DateField()
    fecha_inicio = serializers.DateField()
    destinatario = serializers.PrimaryKeyRelatedField(queryset=Socio.objects.all(), required=False, allow_null=True)
    remitente = serializers.PrimaryKeyRelatedField(queryset=Socio.objects.all(), required=False, allow_null=True)
    proveedor = serializers.PrimaryKeyRelatedField(
        queryset=Socio.objects.all(), required=False, allow_null=True, help_text="Compra (02) o recojo de bienes transformados (07)."
    )
    motivo = serializers.ChoiceField(choices=GuiaRemision._meta.get_field("motivo").choices, default="01")
    descripcion_motivo = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    peso_bruto = serializers.DecimalField(max_digits=12, decimal_places=3, required=False, allow_null=True)
    unidad_peso = serializers.ChoiceField(choices=GuiaRemision._meta.get_field("unidad_peso").choices, default="KGM")
    bultos = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    partida_ubigeo = serializers.SlugRelatedField(slug_field="ubigeo", queryset=Distrito.objects.all(), required=False, allow_null=True)
    partida_direccion = serializers.CharField(max_length=250, required=False, default="", allow_blank=True)
    partida_establecimiento = serializers.CharField(max_length=4, required=False, default="", allow_blank=True)
    llegada_ubigeo = serializers.SlugRelatedField(slug_field="ubigeo", queryset=Distrito.objects.all(), required=False, allow_null=True)
    llegada_direccion = serializers.CharField(max_length=250, required=False, default="", allow_blank=True)
    llegada_establecimiento = serializers.CharField(max_length=4, required=False, default="", allow_blank=True)
    puerto = serializers.ChoiceField(
        choices=GuiaRemision._meta.get_field("puerto").choices, required=False, default="", allow_blank=True,
        help_text="Importación (08) y exportación (09): 1-CLL es el puerto del Callao, 2-LIM el aeropuerto de Lima (catálogos 63 y 64).",
    )
    modalidad = serializers.ChoiceField(choices=GuiaRemision._meta.get_field("modalidad").choices, default="02")
    transportista_ruc = serializers.CharField(max_length=11, required=False, default="", allow_blank=True)
    transportista_razon_social = serializers.CharField(max_length=250, required=False, default="", allow_blank=True)
    transportista_mtc = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    observaciones = serializers.CharField(max_length=250, required=False, default="", allow_blank=True)
    lineas = LineaGuiaSerializer(many=True)
    vehiculos = VehiculoSerializer(many=True, required=False, default=list)
    conductores = ConductorSerializer(many=True, required=False, default=list)
    documentos = DocumentoRelacionadoSerializer(many=True, required=False, default=list)
    emitir = serializers.BooleanField(default=True, help_text="Falso: queda como borrador.")

    def validate(self, attrs):
        usuario = self.context["request"].user
        sucursal = usuario.sucursales_permitidas().filter(pk=attrs.pop("sucursal")).first()
        if sucursal is None:
            raise serializers.ValidationError({"sucursal": "No tiene acceso a esa sucursal."})
        serie = Serie.objects.filter(sucursal=sucursal, tipo_documento=attrs["tipo"], serie=attrs["serie"].upper(), activo=True).first()
        if serie is None:
            raise serializers.ValidationError({"serie": f"La sucursal {sucursal} no tiene la serie {attrs['serie']} de ese tipo de guía."})
        for campo in ("destinatario", "remitente", "proveedor"):
            socio = attrs.get(campo)
            if socio is not None and not filtrar_por_sucursal(Socio.objects.filter(pk=socio.pk), usuario).exists():
                raise serializers.ValidationError({campo: "No tiene acceso a ese cliente o proveedor."})
        attrs["sucursal"], attrs["serie"] = sucursal, serie
        attrs["partida_distrito"], attrs["llegada_distrito"] = attrs.pop("partida_ubigeo", None), attrs.pop("llegada_ubigeo", None)
        return attrs


class GuiaFilter(django_filters.FilterSet):
    fecha_desde = django_filters.DateFilter(field_name="fecha_emision", lookup_expr="gte", label="Emitida desde")
    fecha_hasta = django_filters.DateFilter(field_name="fecha_emision", lookup_expr="lte", label="Emitida hasta")
    serie = django_filters.CharFilter(field_name="serie__serie", label="Serie")
    cpe_estado = django_filters.CharFilter(field_name="cpe__estado", label="Estado del CPE")

    class Meta:
        model = GuiaRemision
        fields = ["tipo", "estado", "motivo", "modalidad", "sucursal", "destinatario", "numero", "documento_venta"]


class GuiaViewSet(DeSusSucursales, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Guías de remisión (09 remitente, 31 transportista) of the user's branches, with SUNAT's verdict and file links."""

    queryset = (
        GuiaRemision.objects.select_related("serie", "partida_distrito", "llegada_distrito", "cpe")
        .defer("cpe__xml", "cpe__zip", "cpe__cdr")
        .prefetch_related("lineas", "vehiculos", "conductores", "documentos")
    )
    serializer_class = GuiaSerializer
    permission_classes = [VeGuias]
    filterset_class = GuiaFilter
    search_fields = ["destinatario_razon_social", "destinatario_numero_documento", "transportista_razon_social", "observaciones"]
    ordering_fields = ["fecha_emision", "numero", "id"]

    @extend_schema(request=GuiaNuevaSerializer, responses={201: GuiaSerializer})
    def create(self, request, *args, **kwargs):
        entrada = GuiaNuevaSerializer(data=request.data, context=self.get_serializer_context())
        entrada.is_valid(raise_exception=True)
        datos = dict(entrada.validated_data)
        try:
            guia = servicio.guia_registrar(usuario=request.user, **datos)
        except DjangoValidationError as exc:
            raise _rechazo(exc) from exc
        return Response(self.get_serializer(self.get_queryset().get(pk=guia.pk)).data, status=status.HTTP_201_CREATED)


router.register("guias-remision", GuiaViewSet, basename="guia-remision")
