"""The public consultation page (/consulta/): a customer downloads a CPE's XML, PDF and CDR by giving its five data.

Nothing here lists or confirms anything short of all five data matching:
the issuer's RUC, the type, the series and number, the issue date and the
total. Each address has a limited number of attempts per window (Django's
cache: local memory in the quick start, Redis with REDIS_URL), every answer
to a consultation takes the same minimum time whether the document exists or
not, and the downloads go through short-lived signed links, not through
addresses anyone could guess.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import RegexValidator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cpe import pdf, pdf_otros, selectors
from cpe.models import ComprobanteElectronico
from erp.red import dentro_del_limite

app_name = "consulta"
SAL = "cpe.consulta.descarga"
TIPOS = [
    ("01", "Factura"), ("03", "Boleta de venta"), ("07", "Nota de crédito"), ("08", "Nota de débito"),
    ("09", "Guía de remisión remitente"), ("31", "Guía de remisión transportista"),
    ("20", "Comprobante de retención"), ("40", "Comprobante de percepción"),
]  # fmt: skip
NO_ENCONTRADO = (
    "No encontramos un comprobante con esos datos. Revise el RUC del emisor, el tipo, la serie y número, "
    "la fecha de emisión y el importe total tal como figuran en su comprobante."
)
DEMASIADOS = "Hizo demasiadas consultas desde su conexión. Espere unos minutos e intente otra vez."
ENLACE_VENCIDO = "El enlace de descarga venció o no es válido. Consulte el documento otra vez para obtener uno nuevo."


class ConsultaForm(forms.Form):
    ruc = forms.CharField(
        label="RUC del emisor",
        max_length=11,
        validators=[RegexValidator(r"^\d{11}$", "El RUC tiene 11 dígitos.")],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    tipo = forms.ChoiceField(label="Tipo de documento", choices=TIPOS)
    numero = forms.CharField(
        label="Serie y número",
        max_length=13,
        help_text="Ej.: F001-123",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    fecha = forms.DateField(
        label="Fecha de emisión",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text="AAAA-MM-DD, p. ej. 2026-11-20",
        error_messages={"invalid": "Escriba la fecha de emisión como AAAA-MM-DD."},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    total = forms.DecimalField(
        label="Importe total",
        max_digits=14,
        decimal_places=2,
        min_value=0,
        help_text="Con punto decimal, p. ej. 118.00 (0.00 en una guía de remisión)",
        error_messages={"invalid": "Escriba el importe total con punto decimal, p. ej. 118.00."},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for campo in self.fields.values():
            campo.widget.attrs["class"] = "campo"

    def clean_numero(self):
        coincidencia = selectors.SERIE_NUMERO.match(self.cleaned_data["numero"].strip())
        if coincidencia is None:
            raise forms.ValidationError("Escriba la serie y el número separados por un guion, p. ej. F001-123.")
        return coincidencia[1].upper(), int(coincidencia[2])


def enlace_descarga(comprobante: ComprobanteElectronico, archivo: str) -> str:
    """The signed, short-lived path that downloads the CPE's "xml", "pdf" or "cdr" without logging in."""
    return reverse("consulta:descargar", args=[signing.dumps(comprobante.pk, salt=SAL, compress=True), archivo])


def _enlaces(comprobante: ComprobanteElectronico) -> list[tuple[str, str]]:
    archivos = [("XML", "xml"), ("PDF", "pdf")] + ([("CDR", "cdr")] if comprobante.tiene_cdr else [])
    return [(titulo, enlace_descarga(comprobante, archivo)) for titulo, archivo in archivos]


@never_cache
@require_http_methods(["GET", "POST"])
def consulta(request):
    if request.method == "GET":
        return render(request, "cpe/consulta.html", {"form": ConsultaForm()})
    inicio = time.monotonic()
    if not dentro_del_limite(
        request, prefijo="consulta-cpe", intentos=settings.CONSULTA_CPE_INTENTOS, ventana=settings.CONSULTA_CPE_VENTANA
    ):
        return render(request, "cpe/consulta.html", {"form": ConsultaForm(), "error": DEMASIADOS}, status=429)
    form = ConsultaForm(request.POST)
    contexto = {"form": form}
    if form.is_valid():
        datos = form.cleaned_data
        serie, numero = datos["numero"]
        comprobante = selectors.comprobante_publico(
            ruc=datos["ruc"], tipo=datos["tipo"], serie=serie, numero=numero, fecha=datos["fecha"], total=datos["total"]
        )
        if comprobante is None:
            contexto["error"] = NO_ENCONTRADO
        else:
            contexto.update(comprobante=comprobante, tipo=dict(TIPOS)[comprobante.tipo], enlaces=_enlaces(comprobante))
    respuesta = render(request, "cpe/consulta.html", contexto)
    # The same answer time whether the document exists or not.
    time.sleep(max(0.0, inicio + settings.CONSULTA_CPE_TIEMPO_MINIMO - time.monotonic()))
    return respuesta


@never_cache
def descargar(request, token: str, archivo: str):
    try:
        pk = signing.loads(token, salt=SAL, max_age=settings.CONSULTA_CPE_VIGENCIA_ENLACE)
    except signing.BadSignature:
        return render(request, "cpe/consulta.html", {"form": ConsultaForm(), "error": ENLACE_VENCIDO}, status=404)
    comprobante = (
        ComprobanteElectronico.con_archivos.select_related("documento__empresa", "documento__sucursal", "guia", "otro")
        .filter(pk=pk)
        .first()
    )
    if comprobante is None:
        raise Http404("No existe el comprobante.")
    if archivo == "pdf" and (comprobante.documento or comprobante.guia) is not None:
        contenido, tipo, nombre = pdf.pdf_de(comprobante.documento or comprobante.guia), "application/pdf", f"{comprobante.nombre}.pdf"
    elif archivo == "pdf" and comprobante.otro is not None:
        contenido, tipo, nombre = pdf_otros.pdf_de_otro(comprobante.otro), "application/pdf", f"{comprobante.nombre}.pdf"
    elif archivo == "xml" and comprobante.xml:
        contenido, tipo, nombre = bytes(comprobante.xml), "application/xml", f"{comprobante.nombre}.xml"
    elif archivo == "cdr" and comprobante.cdr:
        contenido, tipo, nombre = bytes(comprobante.cdr), "application/zip", f"R-{comprobante.nombre}.zip"
    else:
        raise Http404("El comprobante no tiene ese archivo.")
    respuesta = HttpResponse(contenido, content_type=tipo)
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta


urlpatterns = [
    path("", consulta, name="consulta"),
    path("descargar/<str:token>/<str:archivo>", descargar, name="descargar"),
]
