"""Downloads of the files exchanged with SUNAT and of the printed documents (PDF),
for authorised staff (session) or integrations (API Key)."""

import re

from django.http import Http404, HttpResponse, HttpResponseBadRequest

from billing.models import MODELO_DE_TIPO, ComprobanteOtro, Cotizacion, DocumentoVenta, Pedido
from cpe import pdf, pdf_otros
from cpe.models import ComprobanteElectronico
from cpe.selectors import de_sus_sucursales
from erp.models import ApiKey
from erp.selectors import filtrar_por_sucursal

# Permission to see each sales document type's files: viewing its list.
PERMISO_TIPO = {tipo: f"billing.view_{modelo}" for tipo, modelo in MODELO_DE_TIPO.items()} | {
    "09": "billing.view_guiaremision",
    "31": "billing.view_guiaremision",
    "20": "billing.view_comprobanteotro",
    "40": "billing.view_comprobanteotro",
}
NOMBRE = re.compile(r"^(?P<cdr>R-)?(?P<nombre>\d{11}-\d{2}-[A-Z0-9]{4}-\d{1,8})\.(?P<ext>xml|zip|pdf)$")
# Printed documents by id: the model and the permission to see it.
IMPRESOS = {
    "venta": (DocumentoVenta, None),
    "cotizacion": (Cotizacion, "billing.view_cotizacion"),
    "pedido": (Pedido, "billing.view_pedido"),
}


def usuario_de(request):
    """The session's staff user, or the user of the `Key` header."""
    if request.user.is_authenticated and request.user.is_staff:
        return request.user
    clave = request.headers.get("Key")
    return ApiKey.objects.autenticar(clave) if clave else None


def comprobante_visible(usuario, nombre: str) -> ComprobanteElectronico:
    """The CPE named `nombre` if `usuario` may see it; otherwise 404, as if it did not exist."""
    comprobante = (
        de_sus_sucursales(ComprobanteElectronico.con_archivos.filter(nombre=nombre), usuario).select_related("documento", "guia", "otro").first()
    )
    if comprobante is None or not usuario.has_perm(PERMISO_TIPO.get(comprobante.tipo, "cpe.view_comprobanteelectronico")):
        raise Http404("No existe el comprobante.")
    return comprobante


def descargar(request, archivo: str):
    coincidencia = NOMBRE.match(archivo)
    usuario = usuario_de(request)
    if coincidencia is None or usuario is None:
        raise Http404("No existe el comprobante.")
    comprobante = comprobante_visible(usuario, coincidencia["nombre"])
    if coincidencia["ext"] == "pdf" and not coincidencia["cdr"]:
        if comprobante.otro is not None:
            return respuesta_pdf(request, comprobante.otro)
        if comprobante.documento is None and comprobante.guia is None:
            raise Http404("El comprobante no tiene un documento de venta que imprimir.")
        return respuesta_pdf(request, comprobante.documento or comprobante.guia)
    if coincidencia["cdr"]:
        if coincidencia["ext"] != "zip" or not comprobante.cdr:
            raise Http404("El comprobante aún no tiene CDR.")
        contenido, tipo = bytes(comprobante.cdr), "application/zip"
    elif coincidencia["ext"] == "xml":
        contenido, tipo = bytes(comprobante.xml or b""), "application/xml"
    else:
        contenido, tipo = bytes(comprobante.zip or b""), "application/zip"
    if not contenido:
        raise Http404("El comprobante aún no tiene sus archivos.")
    respuesta = HttpResponse(contenido, content_type=tipo)
    respuesta["Content-Disposition"] = f'attachment; filename="{archivo}"'
    return respuesta


def respuesta_pdf(request, documento, *, adjunto: bool = False) -> HttpResponse:
    """The document's PDF in the paper of `?formato=` (a4, a5, ticket), else its own or its branch's."""
    otro = isinstance(documento, ComprobanteOtro)
    try:
        contenido = (pdf_otros.pdf_de_otro if otro else pdf.pdf_de)(documento, request.GET.get("formato"))
    except pdf.FormatoDesconocido as exc:
        return HttpResponseBadRequest(str(exc))
    respuesta = HttpResponse(contenido, content_type="application/pdf")
    disposicion = "attachment" if adjunto or request.GET.get("descargar") else "inline"
    nombre = pdf_otros.nombre_pdf_otro(documento) if otro else pdf.nombre_pdf(documento)
    respuesta["Content-Disposition"] = f'{disposicion}; filename="{nombre}"'
    return respuesta


def impreso(request, clase: str, pk: int):
    """The PDF of any sales document (drafts and notas de venta too), quotation or order, by id."""
    usuario = usuario_de(request)
    if usuario is None or clase not in IMPRESOS:
        raise Http404("No existe el documento.")
    modelo, permiso = IMPRESOS[clase]
    documento = filtrar_por_sucursal(modelo.objects.select_related("empresa", "sucursal", "serie", "moneda"), usuario).filter(pk=pk).first()
    if documento is None or not usuario.has_perm(permiso or PERMISO_TIPO[documento.tipo]):
        raise Http404("No existe el documento.")
    return respuesta_pdf(request, documento)
