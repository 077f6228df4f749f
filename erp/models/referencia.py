"""Reference data loaded by migrations from the product's own copy of SUNAT's catalogues.

It changes only with a migration (the admin shows it read-only), so the
readers at the end keep in each process what they have read: every issued
document needs a currency and the issuer's ubigeo.
"""

import functools

from django.db import models


class Departamento(models.Model):
    codigo = models.CharField("código INEI", max_length=2, unique=True)
    nombre = models.CharField(max_length=60)

    class Meta:
        ordering = ["codigo"]
        verbose_name = "departamento"

    def __str__(self):
        return self.nombre


class Provincia(models.Model):
    departamento = models.ForeignKey(Departamento, on_delete=models.PROTECT, related_name="provincias")
    codigo = models.CharField("código INEI", max_length=4, unique=True)
    nombre = models.CharField(max_length=60)

    class Meta:
        ordering = ["codigo"]
        verbose_name = "provincia"

    def __str__(self):
        return self.nombre


class Distrito(models.Model):
    """A district; its six-digit code is the ubigeo SUNAT asks for."""

    provincia = models.ForeignKey(Provincia, on_delete=models.PROTECT, related_name="distritos")
    ubigeo = models.CharField(max_length=6, unique=True)
    nombre = models.CharField(max_length=60)

    class Meta:
        ordering = ["ubigeo"]
        verbose_name = "distrito"

    def __str__(self):
        return f"{self.nombre} - {self.provincia.nombre} - {self.provincia.departamento.nombre}"


class Pais(models.Model):
    codigo = models.CharField("código ISO", max_length=2, unique=True)
    nombre = models.CharField(max_length=80)

    class Meta:
        ordering = ["nombre"]
        verbose_name = "país"
        verbose_name_plural = "países"

    def __str__(self):
        return self.nombre


class Moneda(models.Model):
    """Currencies; their ids are those of the JSON API (1 soles, 2 dólares, 3 euros)."""

    codigo = models.CharField("código ISO 4217", max_length=3, unique=True)
    nombre = models.CharField(max_length=40)
    simbolo = models.CharField("símbolo", max_length=5)
    nombre_plural = models.CharField("nombre en letras", max_length=40, help_text="Como se escribe el importe en letras: SOLES, DÓLARES AMERICANOS.")

    class Meta:
        ordering = ["id"]
        verbose_name = "moneda"

    def __str__(self):
        return f"{self.codigo} - {self.nombre}"


class TipoDocumentoIdentidad(models.Model):
    """Catálogo 06. Ids 1 to 6 are those of the JSON API's *_idtipo_documento."""

    codigo = models.CharField("código SUNAT", max_length=1, unique=True)
    nombre = models.CharField(max_length=80)
    abreviatura = models.CharField(max_length=30)

    class Meta:
        ordering = ["id"]
        verbose_name = "tipo de documento de identidad"
        verbose_name_plural = "tipos de documento de identidad"

    def __str__(self):
        return self.abreviatura

    RUC = "6"
    DNI = "1"
    SIN_RUC = "0"


class TipoComprobante(models.Model):
    """Catálogo 01: types of payment vouchers and related documents."""

    codigo = models.CharField("código SUNAT", max_length=2, primary_key=True)
    nombre = models.CharField(max_length=300)

    class Meta:
        ordering = ["codigo"]
        verbose_name = "tipo de comprobante"
        verbose_name_plural = "tipos de comprobante"

    def __str__(self):
        return f"{self.codigo} - {self.nombre}"


class UnidadMedida(models.Model):
    """Catálogo 03 (UN/ECE Rec. 20). The usual ones carry a Spanish name."""

    codigo = models.CharField("código", max_length=3, primary_key=True)
    nombre = models.CharField(max_length=100)
    frecuente = models.BooleanField("de uso frecuente", default=False)

    class Meta:
        ordering = ["-frecuente", "nombre"]
        verbose_name = "unidad de medida"
        verbose_name_plural = "unidades de medida"

    def __str__(self):
        return f"{self.codigo} - {self.nombre}"


@functools.cache
def distrito_por_id(distrito_id: int) -> Distrito:
    """A district with its province and department."""
    return Distrito.objects.select_related("provincia__departamento").get(pk=distrito_id)


@functools.cache
def moneda_por_id(moneda_id: int) -> Moneda:
    """A currency by its id (those of the JSON API); Moneda.DoesNotExist when there is none."""
    return Moneda.objects.get(pk=moneda_id)
