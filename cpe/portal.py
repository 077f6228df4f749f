"""The client portal (/portal/): a client's web access sees only that client's documents, with their files.

Portal users are not staff and are linked to one client (Usuario.cliente);
staff create them from the client's page ("Acceso web"). Anything that is
not the logged-in client's own answers 404, whether it exists or not.
"""

import functools

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse, reverse_lazy

from cpe import selectors
from cpe.models import ComprobanteElectronico
from cpe.views import NOMBRE, respuesta_pdf

app_name = "portal"


class EntrarForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "sin_portal": "Esta cuenta no tiene acceso al portal de clientes.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for campo in self.fields.values():
            campo.widget.attrs["class"] = "campo"

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_staff or user.cliente_id is None:
            raise ValidationError(self.error_messages["sin_portal"], code="sin_portal")


class Entrar(auth_views.LoginView):
    template_name = "cpe/portal/entrar.html"
    authentication_form = EntrarForm
    next_page = reverse_lazy("portal:documentos")


def solo_clientes(vista):
    @functools.wraps(vista)
    def envoltura(request, *args, **kwargs):
        usuario = request.user
        if not usuario.is_authenticated or usuario.is_staff or usuario.cliente_id is None:
            return redirect(f"{reverse('portal:entrar')}?next={request.path}")
        return vista(request, *args, **kwargs)

    return envoltura


@solo_clientes
def documentos(request):
    pagina = Paginator(selectors.documentos_de_cliente(request.user.cliente_id), 25).get_page(request.GET.get("p"))
    otros = selectors.otros_de_socio(request.user.cliente_id)[:100]
    return render(request, "cpe/portal/documentos.html", {"pagina": pagina, "cliente": request.user.cliente, "otros": otros})


@solo_clientes
def archivo(request, archivo: str):
    """A CPE's PDF, signed XML or CDR by its file name, only if it is the client's."""
    coincidencia = NOMBRE.match(archivo)
    if coincidencia is None:
        raise Http404("No existe el comprobante.")
    comprobante = (
        ComprobanteElectronico.con_archivos.select_related("documento__empresa", "documento__sucursal", "otro")
        .filter(Q(documento__cliente_id=request.user.cliente_id) | Q(otro__socio_id=request.user.cliente_id), nombre=coincidencia["nombre"])
        .first()
    )
    if comprobante is None:
        raise Http404("No existe el comprobante.")
    if coincidencia["cdr"]:
        contenido, tipo = (
            (bytes(comprobante.cdr), "application/zip")
            if coincidencia["ext"] == "zip" and comprobante.cdr
            else (b"", "")
        )
    elif coincidencia["ext"] == "xml":
        contenido, tipo = bytes(comprobante.xml or b""), "application/xml"
    elif coincidencia["ext"] == "pdf":
        return respuesta_pdf(request, comprobante.documento or comprobante.otro, adjunto=True)
    else:
        contenido, tipo = b"", ""
    if not contenido:
        raise Http404("El comprobante no tiene ese archivo.")
    respuesta = HttpResponse(contenido, content_type=tipo)
    respuesta["Content-Disposition"] = f'attachment; filename="{archivo}"'
    return respuesta


@solo_clientes
def documento_pdf(request, pk: int):
    """The PDF of one of the client's documents by its id (notas de venta have no CPE file name)."""
    documento = selectors.documentos_de_cliente(request.user.cliente_id).filter(pk=pk).first()
    if documento is None:
        raise Http404("No existe el documento.")
    return respuesta_pdf(request, documento, adjunto=True)


urlpatterns = [
    path("", documentos, name="documentos"),
    path("entrar/", Entrar.as_view(), name="entrar"),
    path("salir/", auth_views.LogoutView.as_view(next_page=reverse_lazy("portal:entrar")), name="salir"),
    path("documentos/<int:pk>.pdf", documento_pdf, name="documento_pdf"),
    path("archivos/<str:archivo>", archivo, name="archivo"),
]
