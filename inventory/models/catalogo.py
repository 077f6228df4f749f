"""The catalogue: categories, brands, the manual's classifications, products and services, prices."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from erp.catalogos import AfectacionIGV, SistemaISC
from erp.models import Auditado, Empresa, Moneda, UnidadMedida

from .base import siguiente_numero


class TipoItem(models.TextChoices):
    PRODUCTO = "P", "Producto"
    SERVICIO = "S", "Servicio"


class Categoria(Auditado):
    ruta_empresa = "empresa"

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="categorias")
    nombre = models.CharField(max_length=100)
    descripcion = models.TextField("descripción", blank=True, help_text="Texto con formato.")
    activo = models.BooleanField("activa", default=True)

    class Meta:
        ordering = ["nombre"]
        verbose_name = "categoría"
        constraints = [
            models.UniqueConstraint(
                fields=["empresa", "nombre"],
                name="categoria_unica",
                violation_error_message="Ya existe una categoría con ese nombre.",
            ),
        ]

    def __str__(self):
        return self.nombre


class Subcategoria(Auditado):
    ruta_empresa = "categoria__empresa"

    categoria = models.ForeignKey(Categoria, verbose_name="categoría", on_delete=models.PROTECT, related_name="subcategorias")
    nombre = models.CharField(max_length=100)
    descripcion = models.TextField("descripción", blank=True, help_text="Texto con formato.")
    activo = models.BooleanField("activa", default=True)

    class Meta:
        ordering = ["categoria__nombre", "nombre"]
        verbose_name = "subcategoría"
        constraints = [
            models.UniqueConstraint(
                fields=["categoria", "nombre"],
                name="subcategoria_unica",
                violation_error_message="La categoría ya tiene una subcategoría con ese nombre.",
            ),
        ]

    def __str__(self):
        return f"{self.categoria} › {self.nombre}"


class Marca(Auditado):
    ruta_empresa = "empresa"

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="marcas")
    nombre = models.CharField(max_length=100)
    activo = models.BooleanField("activa", default=True)

    class Meta:
        ordering = ["nombre"]
        verbose_name = "marca"
        constraints = [
            models.UniqueConstraint(
                fields=["empresa", "nombre"],
                name="marca_unica",
                violation_error_message="Ya existe una marca con ese nombre.",
            ),
        ]

    def __str__(self):
        return self.nombre


# The manual's classification: segmentación › familia › clase › tipo de producto or servicio.
# Its levels follow SUNAT's catálogo 25 (UNSPSC: 2, 4, 6 and 8 digits), so the codes are optional digits.
def _codigo_de(digitos: int) -> RegexValidator:
    return RegexValidator(rf"^\d{{{digitos}}}$", f"El código tiene {digitos} dígitos.")


class Segmentacion(Auditado):
    ruta_empresa = "empresa"

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="segmentaciones")
    codigo = models.CharField("código", max_length=2, blank=True, validators=[_codigo_de(2)])
    concepto = models.CharField(max_length=150)

    class Meta:
        ordering = ["codigo", "concepto"]
        verbose_name = "segmentación"
        verbose_name_plural = "segmentaciones"
        constraints = [
            models.UniqueConstraint(
                fields=["empresa", "concepto"],
                name="segmentacion_unica",
                violation_error_message="Ya existe una segmentación con ese concepto.",
            ),
        ]

    def __str__(self):
        return f"{self.codigo} {self.concepto}".strip()


class Familia(Auditado):
    ruta_empresa = "segmentacion__empresa"

    segmentacion = models.ForeignKey(Segmentacion, verbose_name="segmentación", on_delete=models.PROTECT, related_name="familias")
    codigo = models.CharField("código", max_length=4, blank=True, validators=[_codigo_de(4)])
    concepto = models.CharField(max_length=150)

    class Meta:
        ordering = ["codigo", "concepto"]
        verbose_name = "familia"
        constraints = [
            models.UniqueConstraint(
                fields=["segmentacion", "concepto"],
                name="familia_unica",
                violation_error_message="La segmentación ya tiene una familia con ese concepto.",
            ),
        ]

    def __str__(self):
        return f"{self.codigo} {self.concepto}".strip()


class Clase(Auditado):
    ruta_empresa = "familia__segmentacion__empresa"

    familia = models.ForeignKey(Familia, on_delete=models.PROTECT, related_name="clases")
    codigo = models.CharField("código", max_length=6, blank=True, validators=[_codigo_de(6)])
    concepto = models.CharField(max_length=150)

    class Meta:
        ordering = ["codigo", "concepto"]
        verbose_name = "clase"
        constraints = [
            models.UniqueConstraint(
                fields=["familia", "concepto"],
                name="clase_unica",
                violation_error_message="La familia ya tiene una clase con ese concepto.",
            ),
        ]

    def __str__(self):
        return f"{self.codigo} {self.concepto}".strip()


class TipoProducto(Auditado):
    """The last level of the classification: a type of product or of service."""

    ruta_empresa = "clase__familia__segmentacion__empresa"

    clase = models.ForeignKey(Clase, on_delete=models.PROTECT, related_name="tipos")
    tipo = models.CharField(max_length=1, choices=TipoItem.choices, default=TipoItem.PRODUCTO, editable=False)
    codigo = models.CharField("código", max_length=8, blank=True, validators=[_codigo_de(8)])
    concepto = models.CharField(max_length=150)

    class Meta:
        ordering = ["codigo", "concepto"]
        verbose_name = "tipo de producto"
        verbose_name_plural = "tipos de producto"
        constraints = [
            models.UniqueConstraint(
                fields=["clase", "concepto"],
                name="tipo_producto_unico",
                violation_error_message="La clase ya tiene un tipo con ese concepto.",
            ),
        ]

    def __str__(self):
        return f"{self.codigo} {self.concepto}".strip()

    @property
    def ruta(self) -> str:
        clase = self.clase
        return " › ".join(str(x) for x in (clase.familia.segmentacion, clase.familia, clase, self))


class TipoServicio(TipoProducto):
    class Meta:
        proxy = True
        verbose_name = "tipo de servicio"
        verbose_name_plural = "tipos de servicio"


class ProductoQuerySet(models.QuerySet):
    def bienes(self):
        return self.filter(tipo=TipoItem.PRODUCTO)

    def servicios(self):
        return self.filter(tipo=TipoItem.SERVICIO)

    def activos(self):
        return self.filter(activo=True)


COD_NUM_MAXIMO = 99_999_999
_codigo_sunat = RegexValidator(r"^\d{8}$", "El código de producto SUNAT (catálogo 25) tiene 8 dígitos.")


class Producto(Auditado):
    """A product (with stock) or a service (without), as sales documents list them."""

    ruta_empresa = "empresa"

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="productos")
    tipo = models.CharField(max_length=1, choices=TipoItem.choices, default=TipoItem.PRODUCTO)
    codigo = models.CharField("código", max_length=30, help_text="Código interno.")
    cod_num = models.PositiveIntegerField(
        "código numérico",
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(COD_NUM_MAXIMO)],
        help_text="Hasta 8 dígitos; lo usa la API JSON (cod_num). Si lo deja vacío se asigna el siguiente.",
    )
    codigo_sunat = models.CharField(
        "código SUNAT", max_length=8, blank=True, validators=[_codigo_sunat], help_text="Código de producto del catálogo 25 de SUNAT."
    )
    nombre = models.CharField(max_length=250)
    descripcion = models.TextField("descripción", blank=True)
    categoria = models.ForeignKey(Categoria, verbose_name="categoría", on_delete=models.PROTECT, null=True, blank=True, related_name="productos")
    subcategoria = models.ForeignKey(
        Subcategoria, verbose_name="subcategoría", on_delete=models.PROTECT, null=True, blank=True, related_name="productos"
    )
    marca = models.ForeignKey(Marca, on_delete=models.PROTECT, null=True, blank=True, related_name="productos")
    clasificacion = models.ForeignKey(
        TipoProducto, verbose_name="clasificación", on_delete=models.PROTECT, null=True, blank=True, related_name="productos"
    )
    unidad = models.ForeignKey(UnidadMedida, verbose_name="unidad de medida", on_delete=models.PROTECT, default="NIU")
    afectacion_igv = models.CharField(
        "afectación del IGV", max_length=2, choices=AfectacionIGV.choices, default=AfectacionIGV.GRAVADO
    )
    precio_venta = models.DecimalField(
        "precio de venta (con IGV)", max_digits=18, decimal_places=6, default=0, validators=[MinValueValidator(0)]
    )
    valor_venta = models.DecimalField(
        "valor de venta (sin IGV)", max_digits=18, decimal_places=6, default=0, validators=[MinValueValidator(0)]
    )
    isc_sistema = models.CharField("sistema del ISC", max_length=2, choices=SistemaISC.choices, blank=True)
    isc_tasa = models.DecimalField(
        "tasa o monto del ISC",
        max_digits=12,
        decimal_places=4,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="Porcentaje en los sistemas al valor y de precio al público; soles por unidad en el de monto fijo.",
    )
    icbper = models.BooleanField("afecto al ICBPER", default=False, help_text="Impuesto a las bolsas de plástico.")
    sujeto_percepcion = models.BooleanField(
        "sujeto a percepción", default=False, help_text="Bien del régimen de percepciones del IGV (Anexo 1 de la Ley 29173)."
    )
    maneja_series = models.BooleanField("controla números de serie", default=False)
    foto = models.ImageField(upload_to="productos/", blank=True)
    notas_privadas = models.TextField("notas privadas", blank=True, help_text="No se muestran en ningún documento.")
    activo = models.BooleanField(default=True)
    enlace_publico = models.UUIDField("enlace público", default=uuid.uuid4, unique=True, editable=False)

    objects = ProductoQuerySet.as_manager()

    class Meta:
        ordering = ["nombre"]
        verbose_name = "producto"
        constraints = [
            models.UniqueConstraint(
                fields=["empresa", "codigo"],
                name="producto_codigo_unico",
                violation_error_message="Ya existe un producto o servicio con ese código.",
            ),
            models.UniqueConstraint(
                fields=["empresa", "cod_num"],
                name="producto_cod_num_unico",
                violation_error_message="Ya existe un producto o servicio con ese código numérico.",
            ),
        ]

    def __str__(self):
        return f"{self.codigo} - {self.nombre}"

    @property
    def es_servicio(self) -> bool:
        return self.tipo == TipoItem.SERVICIO

    def clean(self):
        super().clean()
        errores = {}
        if self.subcategoria_id:
            if not self.categoria_id:
                self.categoria_id = self.subcategoria.categoria_id
            elif self.subcategoria.categoria_id != self.categoria_id:
                errores["subcategoria"] = "La subcategoría no pertenece a la categoría elegida."
        if self.clasificacion_id and self.clasificacion.tipo != self.tipo:
            errores["clasificacion"] = f"Elija un tipo de {self.get_tipo_display().lower()}."
        if self.isc_sistema and not self.isc_tasa:
            errores["isc_tasa"] = "Indique la tasa o el monto del ISC."
        if self.isc_tasa and not self.isc_sistema:
            errores["isc_sistema"] = "Indique el sistema de cálculo del ISC."
        if self.es_servicio and self.maneja_series:
            errores["maneja_series"] = "Los servicios no tienen stock ni números de serie."
        if errores:
            raise ValidationError(errores)

    def save(self, *args, **kwargs):
        if not self.cod_num:
            self.cod_num = siguiente_cod_num(self.empresa_id)
        super().save(*args, **kwargs)


def siguiente_cod_num(empresa_id) -> int:
    siguiente = siguiente_numero(Producto.objects.filter(empresa_id=empresa_id), "cod_num", desde=10_000_000)
    if siguiente > COD_NUM_MAXIMO:
        raise ValidationError({"cod_num": "Ya no hay códigos numéricos libres después del último: ingrese uno."})
    return siguiente


class Servicio(Producto):
    class Meta:
        proxy = True
        verbose_name = "servicio"


class ListaPrecio(Auditado):
    """A price list ("lista de precios"); sales use the company's default one."""

    ruta_empresa = "empresa"

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="listas_precios")
    nombre = models.CharField(max_length=100)
    predeterminada = models.BooleanField(default=False, help_text="La que usan las ventas si no se elige otra.")
    activo = models.BooleanField("activa", default=True)

    class Meta:
        ordering = ["-predeterminada", "nombre"]
        verbose_name = "lista de precios"
        verbose_name_plural = "listas de precios"
        constraints = [
            models.UniqueConstraint(
                fields=["empresa", "nombre"],
                name="lista_precio_unica",
                violation_error_message="Ya existe una lista de precios con ese nombre.",
            ),
            models.UniqueConstraint(
                fields=["empresa"],
                condition=models.Q(predeterminada=True),
                name="lista_precio_una_predeterminada",
                violation_error_message="Ya hay otra lista de precios predeterminada.",
            ),
        ]

    def __str__(self):
        return self.nombre


class PrecioProducto(models.Model):
    ruta_empresa = "producto__empresa"

    producto = models.ForeignKey(Producto, on_delete=models.CASCADE, related_name="precios")
    lista = models.ForeignKey(ListaPrecio, verbose_name="lista de precios", on_delete=models.PROTECT, related_name="precios")
    moneda = models.ForeignKey(Moneda, on_delete=models.PROTECT, default=1)
    cantidad_minima = models.DecimalField(
        "desde la cantidad", max_digits=14, decimal_places=4, default=1, validators=[MinValueValidator(0)]
    )
    precio = models.DecimalField("precio (con IGV)", max_digits=18, decimal_places=6, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["lista", "moneda", "cantidad_minima"]
        verbose_name = "precio"
        constraints = [
            models.UniqueConstraint(
                fields=["producto", "lista", "moneda", "cantidad_minima"],
                name="precio_producto_unico",
                violation_error_message="Ese precio ya está en la lista para esa moneda y cantidad.",
            ),
        ]

    def __str__(self):
        return f"{self.lista}: {self.moneda.simbolo} {self.precio:.2f}"

    def clean(self):
        super().clean()
        if self.lista_id and self.producto_id and self.lista.empresa_id != self.producto.empresa_id:
            raise ValidationError({"lista": "La lista de precios es de otra empresa."})
