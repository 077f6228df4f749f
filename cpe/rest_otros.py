"""REST: the comprobantes de retención and percepción, their documents and SUNAT's verdict (list and query)."""

import django_filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from billing.models import ComprobanteOtro, LineaComprobanteOtro
from cpe.rest import CpeSerializer
from erp.rest import PorSucursalConsultaViewSet, router


class LineaOtroSerializer(serializers.ModelSerializer):
    class Meta:
        model = LineaComprobanteOtro
        fields = ["tipo_documento", "numero_documento", "fecha_documento", "moneda", "importe_documento", "pago_numero", "pago_fecha", "pago_monto", "tipo_cambio", "monto", "neto"]


class ComprobanteOtroSerializer(serializers.ModelSerializer):
    numero_completo = serializers.CharField(source="numeracion")
    tipo_nombre = serializers.CharField(source="get_tipo_display")
    estado_nombre = serializers.CharField(source="get_estado_display")
    lineas = LineaOtroSerializer(many=True)
    cpe = serializers.SerializerMethodField()

    class Meta:
        model = ComprobanteOtro
        fields = [
            "id", "tipo", "tipo_nombre", "numero_completo", "fecha_emision", "socio", "receptor_tipo_documento", "receptor_numero_documento",
            "receptor_razon_social", "regimen", "tasa", "total", "total_neto", "observacion", "estado", "estado_nombre", "motivo_reversion",
            "lineas", "cpe",
        ]  # fmt: skip

    @extend_schema_field(CpeSerializer(allow_null=True))
    def get_cpe(self, otro):
        comprobante = getattr(otro, "cpe", None)
        return CpeSerializer(comprobante, context=self.context).data if comprobante else None


class ComprobanteOtroFilter(django_filters.FilterSet):
    desde = django_filters.DateFilter(field_name="fecha_emision", lookup_expr="gte", label="Emitidos desde")
    hasta = django_filters.DateFilter(field_name="fecha_emision", lookup_expr="lte", label="Emitidos hasta")
    cpe_estado = django_filters.CharFilter(field_name="cpe__estado", label="Estado del CPE")

    class Meta:
        model = ComprobanteOtro
        fields = ["tipo", "estado", "socio", "desde", "hasta", "cpe_estado"]


class ComprobanteOtroViewSet(PorSucursalConsultaViewSet):
    """Comprobantes de retención (20) and percepción (40) of the user's branches."""

    queryset = (
        ComprobanteOtro.objects.select_related("serie", "cpe").defer("cpe__xml", "cpe__zip", "cpe__cdr").prefetch_related("lineas").order_by("-fecha_emision", "-id")
    )
    serializer_class = ComprobanteOtroSerializer
    filterset_class = ComprobanteOtroFilter
    search_fields = ["receptor_razon_social", "receptor_numero_documento", "lineas__numero_documento"]
    ordering_fields = ["fecha_emision", "numero", "total", "id"]


router.register("retenciones-percepciones", ComprobanteOtroViewSet, basename="comprobante-otro")
