import datetime
import hashlib
import secrets

from axes.models import AccessAttempt
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.functional import cached_property

from .empresa import Sucursal


class Modulo(models.Model):
    """One row per registered module (see erp.modulos)."""

    codigo = models.CharField(max_length=60, primary_key=True)
    nombre = models.CharField(max_length=100)
    seccion = models.CharField("sección", max_length=60)
    orden = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["orden"]
        verbose_name = "módulo"

    def __str__(self):
        return f"{self.seccion} › {self.nombre}"


class PerfilPermiso(models.Model):
    """A named set of modules ("Permisos" in the manual) given to users."""

    nombre = models.CharField(max_length=100, unique=True)
    descripcion = models.TextField("descripción", blank=True)
    modulos = models.ManyToManyField(Modulo, verbose_name="módulos", blank=True)
    todas_sucursales = models.BooleanField(
        "todas las sucursales",
        default=False,
        help_text="Los usuarios con este perfil ven y editan los datos de todas las sucursales.",
    )
    creado = models.DateTimeField("fecha de creación", auto_now_add=True)

    class Meta:
        ordering = ["nombre"]
        verbose_name = "perfil de permisos"
        verbose_name_plural = "permisos (perfiles)"

    def __str__(self):
        return self.nombre


class Usuario(AbstractUser):
    # Office staff work in the admin; only portal users (clients) are not staff.
    is_staff = models.BooleanField(
        "acceso al panel", default=True, help_text="Permite entrar al sistema de gestión (no aplica a clientes del portal)."
    )
    sucursales = models.ManyToManyField(Sucursal, blank=True, related_name="usuarios")
    sucursal_predeterminada = models.ForeignKey(
        Sucursal,
        verbose_name="sucursal predeterminada",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    perfiles = models.ManyToManyField(PerfilPermiso, verbose_name="perfiles de permisos", blank=True, related_name="usuarios")
    modulos_extra = models.ManyToManyField(
        Modulo,
        verbose_name="módulos adicionales",
        blank=True,
        help_text="Módulos que este usuario tiene además de los de sus perfiles.",
    )
    telefono = models.CharField("teléfono", max_length=50, blank=True)
    cliente = models.OneToOneField(
        "erp.Socio",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="acceso_web",
        help_text="Solo para el acceso web de un cliente: entra al portal y ve únicamente sus documentos.",
    )

    objects = UserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = "usuario"

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email)

    @cached_property
    def _acceso(self) -> tuple[bool, frozenset[str], frozenset[int]]:
        """(a profile sees every branch, module codes, the user's own branch ids): the profiles, the extra modules and
        the branches in one query, once per request."""
        # Typed NULLs: PostgreSQL matches a union's column types pairwise and two bare NULLs make text.
        sin_sucursal, sin_modulo = Cast(Value(None), models.BigIntegerField()), Cast(Value(None), models.CharField())
        perfiles = self.perfiles.order_by().values_list("modulos__codigo", "todas_sucursales", sin_sucursal)
        extra = self.modulos_extra.order_by().values_list("codigo", Value(False), sin_sucursal)
        propias = self.sucursales.order_by().values_list(sin_modulo, Value(False), "id")
        filas = list(perfiles.union(extra, propias, all=True))
        return (
            any(todas for _, todas, _ in filas),
            frozenset(codigo for codigo, _, _ in filas if codigo),
            frozenset(sucursal for _, _, sucursal in filas if sucursal is not None),
        )

    @property
    def ve_todas_las_sucursales(self) -> bool:
        return self.is_superuser or self._acceso[0]

    def sucursales_permitidas(self):
        if self.ve_todas_las_sucursales:
            return Sucursal.objects.all()
        return Sucursal.objects.filter(pk__in=self.ids_sucursales)

    @property
    def ids_sucursales(self) -> frozenset[int]:
        """The ids of the user's own branches (all of them count only with `ve_todas_las_sucursales`)."""
        return self._acceso[2]

    def opera_sucursal(self, sucursal_id) -> bool:
        """Whether the user may see and operate the branch: no query beyond the one of `_acceso`."""
        return self.ve_todas_las_sucursales or sucursal_id in self.ids_sucursales

    def codigos_modulos(self) -> frozenset[str]:
        return self._acceso[1]


def validar_sucursal_predeterminada(sucursales, predeterminada) -> None:
    """The default branch must be one of the user's branches."""
    if predeterminada and predeterminada not in list(sucursales):
        raise ValidationError(
            {"sucursal_predeterminada": "La sucursal predeterminada debe ser una de las sucursales del usuario."}
        )


ULTIMO_USO_PRECISION = datetime.timedelta(minutes=1)


def _hash_clave(clave: str) -> str:
    return hashlib.sha256(clave.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def vigentes(self):
        return self.filter(revocada__isnull=True, usuario__is_active=True)

    def autenticar(self, clave: str):
        """The user of an active key, or None. Keys are compared by their hash."""
        if not clave:
            return None
        try:
            key = self.vigentes().select_related("usuario__sucursal_predeterminada__empresa").get(clave_hash=_hash_clave(clave.strip()))
        except self.model.DoesNotExist:
            return None
        ahora = timezone.now()
        # To the minute: a busy integration does not write the key's row on every call.
        if key.ultimo_uso is None or ahora - key.ultimo_uso >= ULTIMO_USO_PRECISION:
            ApiKey.objects.filter(pk=key.pk).update(ultimo_uso=ahora)
        return key.usuario


class ApiKey(models.Model):
    """A key for the JSON APIs (the `Key` header). Only its hash is stored."""

    usuario = models.ForeignKey(Usuario, on_delete=models.CASCADE, related_name="api_keys")
    nombre = models.CharField(max_length=100, help_text="Para qué sistema es esta clave.")
    prefijo = models.CharField(max_length=8, editable=False, help_text="Primeros caracteres, para reconocerla.")
    clave_hash = models.CharField(max_length=64, unique=True, editable=False)
    creada = models.DateTimeField(auto_now_add=True)
    ultimo_uso = models.DateTimeField("último uso", null=True, blank=True, editable=False)
    revocada = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-creada"]
        verbose_name = "API key"
        verbose_name_plural = "API keys"

    def __str__(self):
        return f"{self.nombre} ({self.prefijo}…)"

    def nueva_clave(self, clave: str | None = None) -> str:
        """Give the (unsaved) key a fresh secret; the plain text is returned only here."""
        clave = clave or secrets.token_hex(16)
        self.prefijo = clave[:8]
        self.clave_hash = _hash_clave(clave)
        return clave

    @classmethod
    def generar(cls, *, usuario, nombre: str, clave: str | None = None) -> tuple["ApiKey", str]:
        key = cls(usuario=usuario, nombre=nombre)
        clave = key.nueva_clave(clave)
        key.save()
        return key, clave

    def revocar(self) -> None:
        if not self.revocada:
            self.revocada = timezone.now()
            self.save(update_fields=["revocada"])


class IntentoAcceso(AccessAttempt):
    """django-axes' record of failed logins per user and address, named for the office."""

    class Meta:
        proxy = True
        verbose_name = "intento de acceso fallido"
        verbose_name_plural = "intentos de acceso fallidos"
