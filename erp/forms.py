from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from unfold.forms import BaseDialogForm, UserChangeForm, UserCreationForm
from unfold.widgets import (
    UnfoldAdminFileFieldWidget,
    UnfoldAdminPasswordWidget,
    UnfoldAdminTextInputWidget,
    UnfoldBooleanSwitchWidget,
)

from erp.certificados import CertificadoInvalido, leer_certificado, validar_para_empresa
from erp.models import Empresa, Socio, Usuario
from erp.models.usuarios import validar_sucursal_predeterminada
from erp.selectors import filtrar_por_sucursal
from erp.services import acceso_web_validar, empresa_cargar_certificado


class EmpresaForm(forms.ModelForm):
    """Company form: secrets are write-only, the certificate is checked on upload."""

    sol_clave_nueva = forms.CharField(
        label="Clave SOL",
        required=False,
        strip=False,
        widget=UnfoldAdminPasswordWidget(attrs={"autocomplete": "new-password"}),
        help_text="Por seguridad no se muestra la clave guardada. Escriba una nueva solo para cambiarla.",
    )
    gre_client_id_nuevo = forms.CharField(
        label="Client id (API de guías)",
        required=False,
        widget=UnfoldAdminPasswordWidget(attrs={"autocomplete": "off"}),
        help_text="Credencial que la empresa genera en SUNAT Operaciones en Línea para enviar guías de remisión. "
        "No se muestra la guardada; escriba una nueva solo para cambiarla.",
    )
    gre_client_secret_nuevo = forms.CharField(
        label="Client secret (API de guías)",
        required=False,
        strip=False,
        widget=UnfoldAdminPasswordWidget(attrs={"autocomplete": "new-password"}),
        help_text="No se muestra el guardado; escriba uno nuevo solo para cambiarlo.",
    )
    certificado_archivo = forms.FileField(
        label="Certificado digital",
        required=False,
        widget=UnfoldAdminFileFieldWidget,
        help_text="Archivo PFX o P12 con su contraseña, o PEM con el certificado y la clave privada.",
    )
    certificado_contrasena = forms.CharField(
        label="Contraseña del certificado",
        required=False,
        strip=False,
        widget=UnfoldAdminPasswordWidget(attrs={"autocomplete": "new-password"}),
        help_text="Solo se usa para abrir el archivo; no se guarda.",
    )

    web = forms.URLField(label="Página web", required=False, assume_scheme="https")

    class Meta:
        model = Empresa
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        archivo = cleaned.get("certificado_archivo")
        ruc = cleaned.get("ruc") or self.instance.ruc
        self._certificado_bytes = None
        if archivo:
            contenido = archivo.read()
            try:
                cert = leer_certificado(contenido, cleaned.get("certificado_contrasena") or "")
                if ruc:
                    validar_para_empresa(cert, ruc)
            except CertificadoInvalido as exc:
                self.add_error("certificado_archivo", str(exc))
            else:
                self._certificado_bytes = contenido
        elif "ruc" in self.changed_data and self.instance.pk and self.instance.tiene_certificado:
            self.add_error("ruc", "El certificado guardado es de otro RUC: cargue el certificado de la empresa junto con el cambio.")
        return cleaned

    def save(self, commit=True):
        empresa = super().save(commit=False)
        if self.cleaned_data.get("sol_clave_nueva"):
            empresa.sol_clave = self.cleaned_data["sol_clave_nueva"]
        for campo in ("gre_client_id", "gre_client_secret"):
            if self.cleaned_data.get(f"{campo}_nuevo"):
                setattr(empresa, campo, self.cleaned_data[f"{campo}_nuevo"])
        if commit:
            empresa.save()
            self.save_m2m()
            self.guardar_certificado(empresa)
        return empresa

    def guardar_certificado(self, empresa):
        if self._certificado_bytes:
            empresa_cargar_certificado(
                empresa=empresa,
                contenido=self._certificado_bytes,
                clave=self.cleaned_data.get("certificado_contrasena") or "",
            )


class UsuarioSucursalesMixin:
    """The default branch must be one of the user's branches."""

    def clean(self):
        cleaned = super().clean()
        if "sucursales" in self.fields and "sucursal_predeterminada" in self.fields:
            try:
                validar_sucursal_predeterminada(
                    cleaned.get("sucursales") or [], cleaned.get("sucursal_predeterminada")
                )
            except forms.ValidationError as exc:
                self.add_error(None, exc)
        return cleaned



class UsuarioCreacionForm(UsuarioSucursalesMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = Usuario
        fields = ("username", "first_name", "last_name", "email", "sucursales", "sucursal_predeterminada", "perfiles")


class UsuarioEdicionForm(UsuarioSucursalesMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = Usuario
        fields = "__all__"


class AccesoWebForm(BaseDialogForm):
    """The client's "Acceso web" dialog: the user and password of the client portal."""

    usuario = forms.CharField(
        label="Usuario",
        max_length=150,
        validators=[UnicodeUsernameValidator(message="El usuario solo admite letras, números y los signos @ . + - _")],
        widget=UnfoldAdminTextInputWidget(attrs={"autocomplete": "off"}),
    )
    clave = forms.CharField(
        label="Contraseña",
        required=False,
        strip=False,
        widget=UnfoldAdminPasswordWidget(attrs={"autocomplete": "new-password"}),
        help_text="Por seguridad no se muestra la guardada; déjela en blanco para conservarla.",
    )
    activo = forms.BooleanField(label="Acceso activo", required=False, initial=True, widget=UnfoldBooleanSwitchWidget)

    def __init__(self, *args, request=None, object_id=None, **kwargs):
        super().__init__(*args, request=request, object_id=object_id, **kwargs)
        self.cliente = filtrar_por_sucursal(Socio.objects.filter(es_cliente=True), request.user).filter(pk=object_id).first()
        acceso = Usuario.objects.filter(cliente=self.cliente).first() if self.cliente else None
        if acceso:
            self.fields["usuario"].initial = acceso.username
            self.fields["activo"].initial = acceso.is_active
        elif self.cliente:
            self.fields["usuario"].initial = self.cliente.numero_documento if self.cliente.numero_documento not in ("", "-") else ""

    def clean(self):
        datos = super().clean()
        if self.cliente is None:
            raise ValidationError("No existe el cliente.")
        if "usuario" in datos:
            try:
                acceso_web_validar(cliente=self.cliente, usuario=datos["usuario"], clave=datos.get("clave", ""))
            except ValidationError as exc:
                for campo, errores in exc.message_dict.items():
                    self.add_error(campo, errores)
        return datos
