"""Clients and providers ("empresas" in the manual), their contacts and addresses."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from erp.validadores import validar_documento_identidad

from .base import Auditado, EmpresaDeSucursal
from .empresa import Empresa, Sucursal
from .referencia import Departamento, Distrito, Pais, Provincia, TipoDocumentoIdentidad, distrito_por_id


class SocioQuerySet(models.QuerySet):
    def clientes(self):
        return self.filter(es_cliente=True)

    def proveedores(self):
        return self.filter(es_proveedor=True)

    def activos(self):
        return self.filter(activo=True)


class Socio(EmpresaDeSucursal, Auditado):
    """A business partner: a client, a provider, or both."""

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="socios")
    sucursal = models.ForeignKey(
        Sucursal, on_delete=models.PROTECT, related_name="socios", help_text="Sucursal que registró al cliente o proveedor."
    )
    es_cliente = models.BooleanField("también es cliente", default=False)
    es_proveedor = models.BooleanField("también es proveedor", default=False)
    tipo_documento = models.ForeignKey(
        TipoDocumentoIdentidad, verbose_name="tipo de documento", on_delete=models.PROTECT
    )
    numero_documento = models.CharField("número de documento", max_length=15, blank=True)
    razon_social = models.CharField("razón social / nombre", max_length=250)
    nombre_comercial = models.CharField("nombre comercial", max_length=250, blank=True)
    email = models.EmailField("correo", blank=True)
    telefono = models.CharField("teléfono", max_length=50, blank=True)
    activo = models.BooleanField("activo", default=True)
    # SUNAT's registers that decide whether a payment is retained or a collection perceived.
    agente_retencion = models.BooleanField("agente de retención", default=False)
    agente_percepcion = models.BooleanField("agente de percepción", default=False)
    buen_contribuyente = models.BooleanField("buen contribuyente", default=False, help_text="No se le retiene.")
    excluido_percepcion = models.BooleanField("excluido de percepción", default=False, help_text="No se le percibe.")
    descripcion = models.TextField("descripción", blank=True)
    notas_privadas = models.TextField("notas privadas", blank=True, help_text="No se muestran en ningún documento.")

    objects = SocioQuerySet.as_manager()

    class Meta:
        ordering = ["razon_social"]
        verbose_name = "cliente o proveedor"
        verbose_name_plural = "clientes y proveedores"
        constraints = [
            models.UniqueConstraint(
                fields=["empresa", "tipo_documento", "numero_documento"],
                condition=~models.Q(numero_documento__in=["", "-"]),
                name="socio_documento_unico",
                violation_error_message="Ya existe un cliente o proveedor con ese documento.",
            ),
            models.CheckConstraint(
                condition=models.Q(es_cliente=True) | models.Q(es_proveedor=True),
                name="socio_cliente_o_proveedor",
                violation_error_message="Marque si es cliente, proveedor o ambos.",
            ),
        ]
        indexes = [models.Index(fields=["numero_documento"])]

    def __str__(self):
        if self.numero_documento and self.numero_documento != "-":
            return f"{self.razon_social} ({self.numero_documento})"
        return self.razon_social

    def clean(self):
        super().clean()
        self.numero_documento = (self.numero_documento or "").strip().upper()
        if self.tipo_documento_id:
            try:
                validar_documento_identidad(self.tipo_documento.codigo, self.numero_documento)
            except ValidationError as exc:
                raise ValidationError({"numero_documento": exc.messages}) from exc
        if self.tomar_empresa_de_sucursal() and self.numero_documento not in ("", "-"):
            self.exigir_unico(
                "numero_documento",
                "Ya existe un cliente o proveedor con ese documento.",
                tipo_documento_id=self.tipo_documento_id,
                numero_documento=self.numero_documento,
            )

    @property
    def tiene_ruc(self) -> bool:
        return self.tipo_documento.codigo == TipoDocumentoIdentidad.RUC

    @property
    def contacto_principal(self):
        return self.contactos.order_by("-principal", "id").first()

    @property
    def direccion_principal(self):
        return self.direcciones.order_by("-principal", "id").first()


class Cliente(Socio):
    class Meta:
        proxy = True
        verbose_name = "cliente"


class Proveedor(Socio):
    class Meta:
        proxy = True
        verbose_name = "proveedor"
        verbose_name_plural = "proveedores"


class Sexo(models.IntegerChoices):
    MASCULINO = 1, "Masculino"
    FEMENINO = 2, "Femenino"


_dni_contacto = RegexValidator(r"^\d{8}$", "El DNI debe tener 8 dígitos.")


class Contacto(models.Model):
    socio = models.ForeignKey(Socio, on_delete=models.CASCADE, related_name="contactos")
    nombres = models.CharField(max_length=250)
    apellidos = models.CharField(max_length=250, blank=True)
    dni = models.CharField("DNI", max_length=8, blank=True, validators=[_dni_contacto])
    cargo = models.CharField(max_length=100, blank=True)
    email = models.EmailField("correo", max_length=250, blank=True)
    telefono = models.CharField("teléfono", max_length=50, blank=True)
    celular = models.CharField(max_length=50, blank=True)
    sexo = models.PositiveSmallIntegerField(choices=Sexo.choices, null=True, blank=True)
    principal = models.BooleanField(default=False)

    class Meta:
        ordering = ["-principal", "nombres"]
        verbose_name = "contacto"

    def __str__(self):
        return f"{self.nombres} {self.apellidos}".strip()


class Direccion(models.Model):
    """An address of a client or provider (a "sucursal" of theirs, in the manual)."""

    socio = models.ForeignKey(Socio, on_delete=models.CASCADE, related_name="direcciones")
    nombre = models.CharField(max_length=250, help_text="Por ejemplo: Oficina principal, Almacén.")
    telefono = models.CharField("teléfono", max_length=50, blank=True)
    direccion = models.CharField("dirección", max_length=250)
    pais = models.ForeignKey(Pais, verbose_name="país", on_delete=models.PROTECT)
    departamento = models.ForeignKey(Departamento, on_delete=models.PROTECT, null=True, blank=True)
    provincia = models.ForeignKey(Provincia, on_delete=models.PROTECT, null=True, blank=True)
    distrito = models.ForeignKey(Distrito, on_delete=models.PROTECT, null=True, blank=True)
    principal = models.BooleanField(default=False)

    class Meta:
        ordering = ["-principal", "nombre"]
        verbose_name = "dirección"
        verbose_name_plural = "direcciones"

    def __str__(self):
        partes = [self.direccion]
        if self.distrito_id:
            partes.append(str(distrito_por_id(self.distrito_id)))
        elif self.pais_id:
            partes.append(self.pais.nombre)
        return " - ".join(partes)

    def clean(self):
        super().clean()
        if self.distrito_id:
            # The district decides the province and department.
            self.provincia_id = self.distrito.provincia_id
            self.departamento_id = self.distrito.provincia.departamento_id
        elif self.provincia_id:
            self.departamento_id = self.provincia.departamento_id
        if self.pais_id and self.pais.codigo != "PE" and self.distrito_id:
            raise ValidationError({"distrito": "El ubigeo solo aplica a direcciones en el Perú."})
