"""REST API of the inventory: products and services, warehouses and stock per warehouse."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers, viewsets

from erp.rest import PorSucursalConsultaViewSet, eliminar_protegido, router, validar_con_modelo

from .models import Almacen, Producto, Stock
from .precios import precios_consistentes
from .selectors import filtrar_por_empresa


class ProductoSerializer(serializers.ModelSerializer):
    cod_num = serializers.IntegerField(
        required=False, min_value=1, max_value=99_999_999, help_text="Hasta 8 dígitos; si no se envía se asigna el siguiente."
    )

    class Meta:
        model = Producto
        fields = [
            "id",
            "tipo",
            "codigo",
            "cod_num",
            "codigo_sunat",
            "nombre",
            "descripcion",
            "categoria",
            "subcategoria",
            "marca",
            "clasificacion",
            "unidad",
            "afectacion_igv",
            "precio_venta",
            "valor_venta",
            "isc_sistema",
            "isc_tasa",
            "icbper",
            "maneja_series",
            "activo",
            "creado",
            "modificado",
        ]
        read_only_fields = ["creado", "modificado"]

    def get_fields(self):
        campos = super().get_fields()
        usuario = self.context["request"].user
        if not usuario.is_authenticated:  # the OpenAPI schema
            return campos
        # The catalogue a user picks from is the one of their companies.
        for nombre in ("categoria", "subcategoria", "marca", "clasificacion"):
            modelo = campos[nombre].queryset.model
            campos[nombre].queryset = filtrar_por_empresa(modelo.objects.all(), usuario, modelo.ruta_empresa)
        return campos

    def validate(self, attrs):
        producto = self.instance or Producto(empresa=self.context["empresa"])
        # As in the admin: the price customers pay decides, unless only the value without IGV came.
        precios = {campo: attrs[campo] for campo in ("precio_venta", "valor_venta") if campo in attrs}
        if not precios and "afectacion_igv" in attrs:
            precios = {"precio_venta": producto.precio_venta}
        if precios:
            try:
                attrs["precio_venta"], attrs["valor_venta"] = precios_consistentes(
                    afectacion=attrs.get("afectacion_igv", producto.afectacion_igv), **precios
                )
            except DjangoValidationError as exc:
                raise serializers.ValidationError({"precio_venta": exc.messages}) from exc
        validar_con_modelo(producto, attrs, exclude=["creado_por", "foto"])
        return attrs


class ProductoViewSet(viewsets.ModelViewSet):
    """Products and services of the user's companies; new ones go to the company of the user's default branch."""

    queryset = Producto.objects.select_related("unidad")
    serializer_class = ProductoSerializer
    filterset_fields = ["tipo", "activo", "categoria", "marca", "cod_num", "codigo", "afectacion_igv", "maneja_series"]
    search_fields = ["nombre", "codigo", "descripcion"]
    ordering_fields = ["nombre", "codigo", "cod_num", "precio_venta", "id"]

    def get_queryset(self):
        return filtrar_por_empresa(super().get_queryset(), self.request.user)

    def get_serializer_context(self):
        sucursal = self.request.user.sucursal_predeterminada if self.request.user.is_authenticated else None
        return {**super().get_serializer_context(), "empresa": sucursal.empresa if sucursal else None}

    def perform_create(self, serializer):
        if serializer.context["empresa"] is None:
            raise exceptions.ValidationError("Su usuario no tiene sucursal predeterminada: asígnele una en Usuarios.")
        serializer.save(empresa=serializer.context["empresa"], creado_por=self.request.user)

    def perform_destroy(self, instance):
        eliminar_protegido(instance, "Tiene movimientos o documentos: desactívelo en lugar de eliminarlo.")


class AlmacenSerializer(serializers.ModelSerializer):
    class Meta:
        model = Almacen
        fields = ["id", "sucursal", "nombre", "direccion", "principal", "activo"]


class AlmacenViewSet(PorSucursalConsultaViewSet):
    queryset = Almacen.objects.all()
    serializer_class = AlmacenSerializer
    filterset_fields = ["sucursal", "principal", "activo"]
    search_fields = ["nombre"]


class StockSerializer(serializers.ModelSerializer):
    producto_codigo = serializers.CharField(source="producto.codigo", read_only=True)
    producto_nombre = serializers.CharField(source="producto.nombre", read_only=True)
    cod_num = serializers.IntegerField(source="producto.cod_num", read_only=True)
    unidad = serializers.CharField(source="producto.unidad_id", read_only=True)
    sucursal = serializers.IntegerField(source="almacen.sucursal_id", read_only=True)

    class Meta:
        model = Stock
        fields = ["id", "producto", "producto_codigo", "producto_nombre", "cod_num", "unidad", "almacen", "sucursal", "cantidad", "costo_promedio", "valor"]


class StockViewSet(PorSucursalConsultaViewSet):
    """The balance of each product in each warehouse of the user's branches (the kardex writes it)."""

    queryset = Stock.objects.select_related("producto", "almacen")
    serializer_class = StockSerializer
    sucursal_lookup = "almacen__sucursal"
    filterset_fields = {
        "producto": ["exact"],
        "producto__cod_num": ["exact"],
        "almacen": ["exact"],
        "almacen__sucursal": ["exact"],
        "cantidad": ["gt", "lt"],
    }
    search_fields = ["producto__nombre", "producto__codigo"]
    ordering_fields = ["producto__nombre", "cantidad", "valor", "id"]


router.register("productos", ProductoViewSet, basename="producto")
router.register("almacenes", AlmacenViewSet, basename="almacen")
router.register("stock", StockViewSet, basename="stock")
