"""REST API of purchases: orders (draft, issue, receive), provider documents (register, void) and payments (register, void).

Registered on erp.rest.router from PurchasesConfig.ready(). Rows are those of
the user's branches; writes go through purchases.services, so the API refuses
what the admin refuses, with the same Spanish message and nothing written.
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from billing.models import CuentaBancaria, MetodoPago
from billing.tesoreria.models import Caja
from erp.catalogos import AfectacionIGV
from erp.models import Moneda, Socio, Sucursal
from erp.rest import DeSusSucursales, router
from erp.selectors import filtrar_por_sucursal
from inventory.models import Almacen, Producto

from . import services
from .models import FacturaCompra, LineaFacturaCompra, LineaOrdenCompra, OrdenCompra, PagoCompra, TipoDocumentoCompra


def _rechazo(exc: DjangoValidationError) -> exceptions.ValidationError:
    return exceptions.ValidationError({"detail": " ".join(exc.messages)})


def _llamar(servicio, **kwargs):
    try:
        return servicio(**kwargs)
    except DjangoValidationError as exc:
        raise _rechazo(exc) from exc


class DeSusSucursalesSerializer(serializers.Serializer):
    """Branches, warehouses and providers are looked up only among the user's: another branch's is refused as missing."""

    def get_fields(self):
        campos = super().get_fields()
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:  # the OpenAPI schema
            return campos
        usuario = request.user
        alcance = {
            "sucursal": usuario.sucursales_permitidas(),
            "almacen": filtrar_por_sucursal(Almacen.objects.all(), usuario),
            "proveedor": Socio.objects.filter(es_proveedor=True, empresa__sucursales__in=usuario.sucursales_permitidas()).distinct(),
            "factura": filtrar_por_sucursal(FacturaCompra.objects.all(), usuario),
            "orden": filtrar_por_sucursal(OrdenCompra.objects.all(), usuario),
            "documento_referencia": filtrar_por_sucursal(FacturaCompra.objects.all(), usuario),
            "caja": filtrar_por_sucursal(Caja.objects.all(), usuario),
        }
        for nombre, queryset in alcance.items():
            if nombre in campos:
                campos[nombre].queryset = queryset
        return campos


def _relacion(modelo, **kwargs):
    return serializers.PrimaryKeyRelatedField(queryset=modelo.objects.none(), **kwargs)


class LineaEntradaSerializer(serializers.Serializer):
    producto = serializers.PrimaryKeyRelatedField(queryset=Producto.objects.none(), required=False, allow_null=True)
    descripcion = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    cantidad = serializers.DecimalField(max_digits=22, decimal_places=10, min_value=0)
    valor_unitario = serializers.DecimalField(max_digits=22, decimal_places=10, min_value=0, help_text="Sin IGV, salvo ingreso_con_igv.")
    ingreso_con_igv = serializers.BooleanField(default=False)
    afectacion_igv = serializers.ChoiceField(choices=AfectacionIGV.choices, default=AfectacionIGV.GRAVADO)

    def get_fields(self):
        campos = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            campos["producto"].queryset = Producto.objects.filter(empresa__sucursales__in=request.user.sucursales_permitidas()).distinct()
        return campos


class LineaSerializer(serializers.ModelSerializer):
    class Meta:
        fields = ("id", "producto", "descripcion", "unidad", "cantidad", "valor_unitario", "afectacion_igv", "valor_venta", "igv", "total")
        read_only_fields = fields


class LineaOrdenSerializer(LineaSerializer):
    pendiente = serializers.DecimalField(max_digits=22, decimal_places=10, read_only=True)

    class Meta(LineaSerializer.Meta):
        model = LineaOrdenCompra
        fields = (*LineaSerializer.Meta.fields, "cantidad_recibida", "pendiente")
        read_only_fields = fields


class LineaFacturaSerializer(LineaSerializer):
    class Meta(LineaSerializer.Meta):
        model = LineaFacturaCompra


def rango_de_fechas(campo: str) -> tuple:
    """The list's "desde" and "hasta" filters on `campo`."""
    return (
        django_filters.DateFilter(field_name=campo, lookup_expr="gte", label="Desde"),
        django_filters.DateFilter(field_name=campo, lookup_expr="lte", label="Hasta"),
    )


TOTALES = ("total_gravadas", "total_exoneradas", "total_inafectas", "total_igv", "total_isc", "total_icbper", "importe_total")


# Orders --------------------------------------------------------------------------------------


class OrdenSerializer(serializers.ModelSerializer):
    moneda = serializers.CharField(source="moneda.codigo", read_only=True)
    numero = serializers.CharField(source="numero_completo", read_only=True)
    lineas = LineaOrdenSerializer(many=True, read_only=True)

    class Meta:
        model = OrdenCompra
        fields = (
            "id", "numero", "estado", "sucursal", "almacen", "proveedor", "fecha_emision", "fecha_entrega", "moneda", "tipo_cambio",
            "condiciones_pago", "observaciones", *TOTALES, "lineas",
        )  # fmt: skip
        read_only_fields = fields


class OrdenNuevaSerializer(DeSusSucursalesSerializer):
    sucursal = _relacion(Sucursal)
    almacen = _relacion(Almacen)
    proveedor = _relacion(Socio)
    fecha = serializers.DateField(required=False, help_text="Por defecto hoy.")
    moneda = serializers.SlugRelatedField(slug_field="codigo", queryset=Moneda.objects.all(), required=False, help_text="PEN o USD")
    tipo_cambio = serializers.DecimalField(max_digits=10, decimal_places=3, required=False, allow_null=True)
    lineas = LineaEntradaSerializer(many=True)


class RecepcionLineaSerializer(serializers.Serializer):
    linea = serializers.IntegerField(help_text="Id de la línea de la orden")
    cantidad = serializers.DecimalField(max_digits=22, decimal_places=10)


class RecepcionNuevaSerializer(serializers.Serializer):
    fecha = serializers.DateField()
    guia_remision = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    lineas = RecepcionLineaSerializer(many=True)
    exceso_confirmado = serializers.BooleanField(default=False, help_text="Recibir más de lo pendiente (requiere el permiso).")


class OrdenFilter(django_filters.FilterSet):
    fecha_desde, fecha_hasta = rango_de_fechas("fecha_emision")
    moneda = django_filters.CharFilter(field_name="moneda__codigo")

    class Meta:
        model = OrdenCompra
        fields = ("proveedor", "sucursal", "estado", "almacen")


class OrdenViewSet(DeSusSucursales, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Purchase orders of the user's branches; POST drafts one with its lines, then `emitir` and `recibir`."""

    queryset = OrdenCompra.objects.select_related("moneda").prefetch_related("lineas")
    serializer_class = OrdenSerializer
    filterset_class = OrdenFilter
    search_fields = ("numero", "proveedor__razon_social", "proveedor__numero_documento")
    ordering_fields = ("fecha_emision", "importe_total", "id")

    @extend_schema(request=OrdenNuevaSerializer, responses={201: OrdenSerializer})
    def create(self, request, *args, **kwargs):
        entrada = OrdenNuevaSerializer(data=request.data, context=self.get_serializer_context())
        entrada.is_valid(raise_exception=True)
        datos = entrada.validated_data
        if datos["almacen"].sucursal_id != datos["sucursal"].pk:
            raise exceptions.ValidationError({"almacen": ["El almacén no es de esa sucursal."]})
        orden = _llamar(
            services.orden_crear, sucursal=datos["sucursal"], almacen=datos["almacen"], proveedor=datos["proveedor"], usuario=request.user,
            lineas=[dict(linea) for linea in datos["lineas"]], moneda=datos.get("moneda"), tipo_cambio=datos.get("tipo_cambio"),
            fecha=datos.get("fecha"),
        )  # fmt: skip
        return Response(self.get_serializer(orden).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: OrdenSerializer})
    @action(detail=True, methods=["post"])
    def emitir(self, request, pk=None):
        orden = _llamar(services.orden_emitir, orden_id=self.get_object().pk, usuario=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=orden.pk)).data)

    @extend_schema(request=RecepcionNuevaSerializer, responses={201: OrdenSerializer})
    @action(detail=True, methods=["post"])
    def recibir(self, request, pk=None):
        """A reception: what arrived per line enters the order's warehouse at its cost in soles."""
        orden = self.get_object()
        if not request.user.has_perm("purchases.add_recepcion"):
            raise exceptions.PermissionDenied("Su usuario no puede registrar recepciones.")
        entrada = RecepcionNuevaSerializer(data=request.data)
        entrada.is_valid(raise_exception=True)
        datos = entrada.validated_data
        _llamar(
            services.recepcion_registrar, orden_id=orden.pk, fecha=datos["fecha"], usuario=request.user, guia_remision=datos["guia_remision"],
            cantidades={linea["linea"]: linea["cantidad"] for linea in datos["lineas"]}, exceso_confirmado=datos["exceso_confirmado"],
        )  # fmt: skip
        return Response(self.get_serializer(self.get_queryset().get(pk=orden.pk)).data, status=status.HTTP_201_CREATED)


# Provider documents --------------------------------------------------------------------------


class FacturaSerializer(serializers.ModelSerializer):
    moneda = serializers.CharField(source="moneda.codigo", read_only=True)
    proveedor_nombre = serializers.CharField(source="proveedor.razon_social", read_only=True)
    por_pagar = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    lineas = LineaFacturaSerializer(many=True, read_only=True)

    class Meta:
        model = FacturaCompra
        fields = (
            "id", "tipo", "serie", "numero", "estado", "sucursal", "almacen", "proveedor", "proveedor_nombre", "orden", "documento_referencia",
            "motivo_nota", "fecha_emision", "fecha_vencimiento", "moneda", "tipo_cambio", *TOTALES, "detraccion_constancia",
            "detraccion_fecha", "detraccion_monto", "retencion_monto", "pagado", "por_pagar", "lineas",
        )  # fmt: skip
        read_only_fields = fields


class FacturaNuevaSerializer(DeSusSucursalesSerializer):
    sucursal = _relacion(Sucursal)
    almacen = _relacion(Almacen)
    proveedor = _relacion(Socio)
    tipo = serializers.ChoiceField(choices=TipoDocumentoCompra.choices, default=TipoDocumentoCompra.FACTURA)
    serie = serializers.CharField(max_length=20)
    numero = serializers.CharField(max_length=20)
    fecha_emision = serializers.DateField()
    fecha_vencimiento = serializers.DateField(required=False, allow_null=True)
    moneda = serializers.SlugRelatedField(slug_field="codigo", queryset=Moneda.objects.all(), required=False, help_text="PEN o USD")
    tipo_cambio = serializers.DecimalField(max_digits=10, decimal_places=3, required=False)
    orden = _relacion(OrdenCompra, required=False, allow_null=True)
    documento_referencia = _relacion(FacturaCompra, required=False, allow_null=True)
    motivo_nota = serializers.ChoiceField(choices=FacturaCompra.MotivoNota.choices, required=False, allow_blank=True)
    detraccion_constancia = serializers.CharField(max_length=30, required=False, allow_blank=True)
    detraccion_fecha = serializers.DateField(required=False, allow_null=True)
    detraccion_monto = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    retencion_monto = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    observaciones = serializers.CharField(required=False, allow_blank=True)
    lineas = LineaEntradaSerializer(many=True)


class FacturaFilter(django_filters.FilterSet):
    fecha_desde, fecha_hasta = rango_de_fechas("fecha_emision")
    moneda = django_filters.CharFilter(field_name="moneda__codigo")

    class Meta:
        model = FacturaCompra
        fields = ("proveedor", "sucursal", "tipo", "estado", "orden")


class FacturaViewSet(DeSusSucursales, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Provider documents of the user's branches; POST registers one (its goods enter at cost in soles), `anular` voids it."""

    queryset = FacturaCompra.objects.select_related("moneda", "proveedor").prefetch_related("lineas")
    serializer_class = FacturaSerializer
    filterset_class = FacturaFilter
    search_fields = ("serie", "numero", "proveedor__razon_social", "proveedor__numero_documento")
    ordering_fields = ("fecha_emision", "fecha_vencimiento", "importe_total", "id")

    @extend_schema(request=FacturaNuevaSerializer, responses={201: FacturaSerializer})
    def create(self, request, *args, **kwargs):
        entrada = FacturaNuevaSerializer(data=request.data, context=self.get_serializer_context())
        entrada.is_valid(raise_exception=True)
        cabecera = dict(entrada.validated_data)
        lineas = [dict(linea) for linea in cabecera.pop("lineas")]
        factura = _llamar(services.factura_registrar, cabecera=cabecera, lineas=lineas, usuario=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=factura.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: FacturaSerializer})
    @action(detail=True, methods=["post"])
    def anular(self, request, pk=None):
        factura = _llamar(services.factura_anular, factura_id=self.get_object().pk, usuario=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=factura.pk)).data)


# Payments ------------------------------------------------------------------------------------


class PagoSerializer(serializers.ModelSerializer):
    class Meta:
        model = PagoCompra
        fields = ("id", "factura", "fecha", "monto", "metodo_pago", "caja", "cuenta_bancaria", "referencia", "anulado", "creado")
        read_only_fields = fields


class PagoNuevoSerializer(DeSusSucursalesSerializer):
    factura = _relacion(FacturaCompra)
    fecha = serializers.DateField()
    monto = serializers.DecimalField(max_digits=14, decimal_places=2)
    metodo_pago = serializers.PrimaryKeyRelatedField(queryset=MetodoPago.objects.filter(activo=True), required=False, allow_null=True)
    caja = _relacion(Caja, required=False, allow_null=True, help_text="La caja de la que sale; o cuenta_bancaria.")
    cuenta_bancaria = serializers.PrimaryKeyRelatedField(queryset=CuentaBancaria.objects.all(), required=False, allow_null=True)
    referencia = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if attrs.get("caja") and attrs.get("cuenta_bancaria"):
            raise serializers.ValidationError({"caja": "Indique la caja o la cuenta bancaria, no ambas."})
        cuenta = attrs.get("cuenta_bancaria")
        if cuenta is not None and cuenta.empresa_id != attrs["factura"].empresa_id:
            raise serializers.ValidationError({"cuenta_bancaria": "La cuenta es de otra empresa."})
        return attrs


class PagoFilter(django_filters.FilterSet):
    fecha_desde, fecha_hasta = rango_de_fechas("fecha")
    proveedor = django_filters.NumberFilter(field_name="factura__proveedor")

    class Meta:
        model = PagoCompra
        fields = ("factura", "anulado", "caja", "cuenta_bancaria")


class PagoViewSet(DeSusSucursales, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Payments to providers of the user's branches; POST pays a document (never more than its balance), `anular` voids one."""

    queryset = PagoCompra.objects.all()
    serializer_class = PagoSerializer
    sucursal_lookup = "factura__sucursal"
    filterset_class = PagoFilter
    search_fields = ("referencia", "factura__serie", "factura__numero", "factura__proveedor__razon_social")
    ordering_fields = ("fecha", "monto", "id")

    @extend_schema(request=PagoNuevoSerializer, responses={201: PagoSerializer})
    def create(self, request, *args, **kwargs):
        entrada = PagoNuevoSerializer(data=request.data, context=self.get_serializer_context())
        entrada.is_valid(raise_exception=True)
        datos = entrada.validated_data
        pago = _llamar(
            services.pago_registrar, factura_id=datos["factura"].pk, fecha=datos["fecha"], monto=datos["monto"], usuario=request.user,
            metodo_pago=datos.get("metodo_pago"), origen=datos.get("caja") or datos.get("cuenta_bancaria"), referencia=datos["referencia"],
        )  # fmt: skip
        return Response(self.get_serializer(pago).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: PagoSerializer})
    @action(detail=True, methods=["post"])
    def anular(self, request, pk=None):
        pago = _llamar(services.pago_anular, pago_id=self.get_object().pk, usuario=request.user)
        return Response(self.get_serializer(pago).data)


router.register("compras/ordenes", OrdenViewSet, basename="orden-compra")
router.register("compras/facturas", FacturaViewSet, basename="factura-compra")
router.register("compras/pagos", PagoViewSet, basename="pago-compra")
