from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy


class _ConSitio:
    """Give the password-reset pages the admin's title and theme."""

    titulo = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(admin.site.each_context(self.request))
        context["titulo"] = self.titulo
        return context


class RestablecerClaveView(_ConSitio, auth_views.PasswordResetView):
    titulo = "Recuperar contraseña"
    success_url = reverse_lazy("password_reset_done")


class RestablecerClaveEnviadoView(_ConSitio, auth_views.PasswordResetDoneView):
    titulo = "Correo enviado"


class RestablecerClaveConfirmarView(_ConSitio, auth_views.PasswordResetConfirmView):
    titulo = "Nueva contraseña"
    success_url = reverse_lazy("password_reset_complete")


class RestablecerClaveListoView(_ConSitio, auth_views.PasswordResetCompleteView):
    titulo = "Contraseña cambiada"
