"""REST API of the sales documents (read only): totals, lines and payments state.

The CPE app, above billing, adds each document's SUNAT status and file links
and registers the route (cpe/rest.py).

Each user sees the document types their modules give (facturas, boletas,
notes, notas de venta) in their branches; documents are issued and
corrected through the action API or the admin.
"""

import django_filters
from rest_framework import permissions, serializers

from billing.models import MODELO_DE_TIPO, DocumentoVenta, LineaDocumento
from erp.rest import PorSucursalConsultaViewSet


def tipos_visibles(usuario) -> list[str]:
    """The types the user's modules show, as in the admin."""
    return [tipo for tipo, modelo in MODELO_DE_TIPO.items() if usuario.has_perm(f"billing.view_{modelo}")]


class VeDocumentosDeVenta(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and tipos_visibles(request.user))


class LineaSerializer(serializers.ModelSerializer):
    class Meta:
        model = LineaDocumento
        fields = [
            "orden", "producto", "codigo", "descripcion", "numero_serie", "unidad", "cantidad", "precio_unitario",
            "valor_unitario", "descuento_porcentaje", "afectacion_igv", "valor_venta", "descuento", "igv", "isc",
            "monto_icbper", "total",
        ]


class DocumentoVentaSerializer(serializers.ModelSerializer):
    tipo_nombre = serializers.CharField(source="get_tipo_display")
    serie = serializers.CharField(source="serie.serie")
    numero_completo = serializers.CharField()
    moneda = serializers.CharField(source="moneda.codigo")
    lineas = LineaSerializer(many=True)

    class Meta:
        model = DocumentoVenta
        fields = [
            "id", "tipo", "tipo_nombre", "serie", "numero", "numero_completo", "estado", "estado_pago", "sucursal",
            "fecha_emision", "hora_emision", "fecha_vencimiento", "fecha_pago", "cliente", "contacto", "cliente_tipo_documento",
            "cliente_numero_documento", "cliente_razon_social", "cliente_direccion", "moneda", "tipo_cambio", "tipo_operacion",
            "forma_pago", "metodo_pago", "observaciones", "documento_referencia", "motivo_nota", "sustento",
            "total_gravadas", "total_exoneradas", "total_inafectas", "total_exportacion", "total_gratuitas", "total_descuentos",
            "total_igv", "total_isc", "total_icbper", "total_otros_cargos", "total_anticipos", "importe_total", "monto_letras",
            "detraccion_codigo", "detraccion_porcentaje", "detraccion_monto", "lineas", "creado", "modificado",
        ]
        read_only_fields = fields


class DocumentoVentaFilter(django_filters.FilterSet):
    fecha_desde = django_filters.DateFilter(field_name="fecha_emision", lookup_expr="gte", label="Emitido desde")
    fecha_hasta = django_filters.DateFilter(field_name="fecha_emision", lookup_expr="lte", label="Emitido hasta")
    serie = django_filters.CharFilter(field_name="serie__serie", label="Serie")

    class Meta:
        model = DocumentoVenta
        fields = ["tipo", "estado", "estado_pago", "sucursal", "cliente", "numero", "moneda"]


class DocumentoVentaViewSet(PorSucursalConsultaViewSet):
    """Facturas, boletas, notes and notas de venta of the user's branches, of the types their modules show."""

    queryset = (
        DocumentoVenta.objects.select_related("serie", "moneda").prefetch_related("lineas")
    )
    serializer_class = DocumentoVentaSerializer
    permission_classes = [VeDocumentosDeVenta]
    filterset_class = DocumentoVentaFilter
    search_fields = ["cliente_razon_social", "cliente_numero_documento", "cliente__razon_social", "observaciones"]
    ordering_fields = ["fecha_emision", "numero", "importe_total", "id"]

    def get_queryset(self):
        return super().get_queryset().filter(tipo__in=tipos_visibles(self.request.user))

