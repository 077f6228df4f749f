"""The public product page: code, name and description, with a form to ask about the product."""

import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control

from .forms import ConsultaPublicaForm
from .models import Producto


def _producto(token) -> Producto:
    return get_object_or_404(Producto.objects.select_related("empresa", "unidad"), enlace_publico=token, activo=True)


def producto_publico(request, token):
    producto = _producto(token)
    form = ConsultaPublicaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.es_spam:
            consulta = form.save(commit=False)
            consulta.producto = producto
            consulta.save()
        messages.success(request, "Gracias: recibimos su consulta y le responderemos pronto.")
        return redirect("inventory:producto_publico", token=token)
    return render(request, "inventory/producto_publico.html", {"producto": producto, "form": form})


@cache_control(max_age=86400)
def producto_qr(request, token):
    producto = _producto(token)
    enlace = request.build_absolute_uri(reverse("inventory:producto_publico", args=[producto.enlace_publico]))
    imagen = qrcode.make(enlace, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    salida = io.BytesIO()
    imagen.save(salida)
    return HttpResponse(salida.getvalue(), content_type="image/svg+xml")
