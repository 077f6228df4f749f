from django import forms
from unfold.forms import UserChangeForm, UserCreationForm
from unfold.widgets import UnfoldAdminFileFieldWidget, UnfoldAdminPasswordWidget

from erp.certificados import CertificadoInvalido, leer_certificado, validar_para_empresa
from erp.models import Empresa, Usuario
from erp.models.usuarios import validar_sucursal_predeterminada
from erp.services import empresa_cargar_certificado


class EmpresaForm(forms.ModelForm):
    """Company form: secrets are write-only, the certificate is checked on upload."""

    sol_clave_nueva = forms.CharField(
        label="Clave SOL",
        required=False,
        strip=False,
        widget=UnfoldAdminPasswordWidget(attrs={"autocomplete": "new-password"}),
        help_text="Por seguridad no se muestra la clave guardada. Escriba una nueva solo para cambiarla.",
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
