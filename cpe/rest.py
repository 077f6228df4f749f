"""The CPE part of the sales documents' REST API: SUNAT's verdict and links to the files exchanged."""

import django_filters
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from billing.rest import DocumentoVentaFilter, DocumentoVentaSerializer, DocumentoVentaViewSet
from cpe.models import ComprobanteElectronico
from erp.rest import router


class CpeSerializer(serializers.ModelSerializer):
    """The electronic document: SUNAT's verdict and links to the files exchanged (Key header or staff session)."""

    estado_nombre = serializers.CharField(source="get_estado_display")
    xml = serializers.SerializerMethodField()
    zip = serializers.SerializerMethodField()
    cdr = serializers.SerializerMethodField()

    class Meta:
        model = ComprobanteElectronico
        fields = ["nombre", "estado", "estado_nombre", "hash", "codigo_respuesta", "descripcion", "observaciones", "enviado", "xml", "zip", "cdr"]

    def _enlace(self, archivo: str) -> str:
        return self.context["request"].build_absolute_uri(reverse("cpe:descargar", args=[archivo]))

    @extend_schema_field(serializers.URLField())
    def get_xml(self, comprobante) -> str:
        return self._enlace(f"{comprobante.nombre}.xml")

    @extend_schema_field(serializers.URLField())
    def get_zip(self, comprobante) -> str:
        return self._enlace(f"{comprobante.nombre}.zip")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_cdr(self, comprobante) -> str | None:
        # SUNAT's answer (the CDR) exists once it was received.
        return self._enlace(f"R-{comprobante.nombre}.zip") if comprobante.enviado else None


class DocumentoConCpeSerializer(DocumentoVentaSerializer):
    cpe = serializers.SerializerMethodField()

    class Meta(DocumentoVentaSerializer.Meta):
        fields = [*DocumentoVentaSerializer.Meta.fields[:-2], "cpe", *DocumentoVentaSerializer.Meta.fields[-2:]]
        read_only_fields = fields

    @extend_schema_field(CpeSerializer(allow_null=True))
    def get_cpe(self, documento):
        comprobante = getattr(documento, "cpe", None) if documento.es_electronico else None
        return CpeSerializer(comprobante, context=self.context).data if comprobante else None


class DocumentoConCpeFilter(DocumentoVentaFilter):
    cpe_estado = django_filters.CharFilter(field_name="cpe__estado", label="Estado del CPE")


class DocumentoConCpeViewSet(DocumentoVentaViewSet):
    __doc__ = DocumentoVentaViewSet.__doc__
    queryset = DocumentoVentaViewSet.queryset.select_related("cpe").defer("cpe__xml", "cpe__zip", "cpe__cdr")
    serializer_class = DocumentoConCpeSerializer
    filterset_class = DocumentoConCpeFilter


router.register("documentos-venta", DocumentoConCpeViewSet, basename="documento-venta")
from cpe import rest_otros  # noqa: E402, F401  (the retentions and perceptions, registered in the same router)
