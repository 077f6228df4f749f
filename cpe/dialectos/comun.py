"""What the compatible dialects share: the caller's key, field reading with the dialect's error, and public links.

A dialect translates; the documents, numbers, taxes and SUNAT calls are the
services' (billing.services, cpe.services, cpe.bajas, cpe.resumen).
"""

import json
import uuid
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from billing.models import TipoDocumentoVenta, TipoOperacion
from cpe.consulta import enlace_descarga
from cpe.models import ComprobanteElectronico, Resumen, RutaDialecto
from erp import api
from erp.models import ApiKey
from erp.red import dentro_del_limite, limite_alcanzado

TIPOS = {
    "01": TipoDocumentoVenta.FACTURA,
    "03": TipoDocumentoVenta.BOLETA,
    "07": TipoDocumentoVenta.NOTA_CREDITO,
    "08": TipoDocumentoVenta.NOTA_DEBITO,
}
NOTAS = {TipoDocumentoVenta.NOTA_CREDITO, TipoDocumentoVenta.NOTA_DEBITO}
# Operation types (catálogo 51) the dialects' fields can describe; "" is a venta interna.
OPERACIONES = {
    "": TipoOperacion.VENTA_INTERNA,
    "0101": TipoOperacion.VENTA_INTERNA,
    "0200": TipoOperacion.EXPORTACION_BIENES,
    "0201": TipoOperacion.EXPORTACION_SERVICIOS,
    "0401": TipoOperacion.NO_DOMICILIADOS,
}
EXPORTACIONES = {TipoOperacion.EXPORTACION_BIENES, TipoOperacion.EXPORTACION_SERVICIOS}


class ErrorDialecto(Exception):
    """An answer of the dialect's error table: its code, message and HTTP status."""

    def __init__(self, codigo, mensaje: str, http: int = 400):
        super().__init__(mensaje)
        self.codigo = codigo
        self.mensaje = mensaje
        self.http = http


def json_respuesta(cuerpo, status: int = 200) -> JsonResponse:
    return JsonResponse(cuerpo, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def cuerpo_json(request, codigo_formato) -> dict:
    """The request's JSON object (numbers as Decimal), or the dialect's format error."""
    try:
        datos = json.loads(request.body or b"", parse_float=Decimal)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ErrorDialecto(codigo_formato, f"El cuerpo no es un JSON válido: {exc.__class__.__name__}.") from exc
    if not isinstance(datos, dict):
        raise ErrorDialecto(codigo_formato, "El cuerpo debe ser un objeto JSON.")
    return datos


def por_fila(filas: list, leer, rotulo: str) -> tuple[list, list]:
    """`leer(fila)` of each row, a pair, as two lists in order; a row's error names it: "Ítem 2: …"."""
    primeros, segundos = [], []
    for numero, fila in enumerate(filas, start=1):
        try:
            primero, segundo = leer(fila)
        except ErrorDialecto as exc:
            raise ErrorDialecto(exc.codigo, f"{rotulo} {numero}: {exc.mensaje}", exc.http) from exc
        primeros.append(primero)
        segundos.append(segundo)
    return primeros, segundos


def usuario_de_clave(clave: str):
    """The active user of an API key (erp.ApiKey), or None."""
    return ApiKey.objects.autenticar(clave) if clave else None


def usuario_autenticado(request, clave, *, prefijo: str, codigo, mensaje: str, admite=lambda usuario: True):
    """The active user of the API key `clave`, with a default branch and `admite(usuario)` true; else the dialect's `codigo`.

    An address that keeps sending wrong keys is guessing: past settings.API_KEY_FALLOS failures it waits, as in the action API.
    """
    if limite_alcanzado(request, prefijo=prefijo, intentos=settings.API_KEY_FALLOS):
        raise ErrorDialecto(codigo, "Demasiados intentos con credenciales no válidas; espere unos minutos.")
    usuario = usuario_de_clave(clave.strip()) if isinstance(clave, str) else None
    if usuario is None or usuario.sucursal_predeterminada is None or not admite(usuario):
        dentro_del_limite(request, prefijo=prefijo, intentos=settings.API_KEY_FALLOS, ventana=settings.API_KEY_VENTANA)
        raise ErrorDialecto(codigo, mensaje)
    return usuario


def empresa_de_ruta(ruta: str):
    """The company whose dialect route is `ruta`, or None."""
    try:
        valor = uuid.UUID(ruta)
    except ValueError:
        return None
    fila = RutaDialecto.objects.select_related("empresa").filter(ruta=valor).first()
    return fila.empresa if fila else None


class Campos:
    """erp.api's readers (types and limits of the manuals), answering with the dialect's format error code."""

    def __init__(self, codigo_formato):
        self.codigo = codigo_formato

    def _leer(self, lector, *args, **kwargs):
        try:
            return lector(*args, **kwargs)
        except api.ErrorApi as exc:
            raise ErrorDialecto(self.codigo, exc.mensaje) from exc

    def entero(self, *a, **k):
        return self._leer(api.entero, *a, **k)

    def texto(self, *a, **k):
        return self._leer(api.texto, *a, **k)

    def numerico(self, *a, **k):
        return self._leer(api.numerico, *a, **k)

    def fecha(self, *a, **k):
        return self._leer(api.fecha, *a, **k)

    def lista(self, *a, **k):
        return self._leer(api.lista, *a, **k)

    def correo(self, *a, **k):
        return self._leer(api.correo, *a, **k)

    def booleano(self, datos: dict, campo: str) -> bool:
        """false or true (the manuals' Boolean); also "true"/"false" and empty, as integrations send them."""
        valor = datos.get(campo)
        if valor in (None, "", False, "false", "FALSE", 0, "0"):
            return False
        if valor in (True, "true", "TRUE", 1, "1"):
            return True
        raise ErrorDialecto(self.codigo, f"El campo «{campo}» debe ser true o false.")


def enlace_publico(request, comprobante: ComprobanteElectronico | None, archivo: str) -> str:
    """The absolute, signed link that downloads a CPE file without logging in ("" when there is none)."""
    if comprobante is None or (archivo == "cdr" and not comprobante.tiene_cdr):
        return ""
    return request.build_absolute_uri(enlace_descarga(comprobante, archivo))


SAL_RESUMEN = "cpe.dialectos.resumen"


def enlace_resumen(request, resumen: Resumen, archivo: str) -> str:
    """The absolute, signed, short-lived link to a summary's or voiding's signed "xml" or its "cdr"."""
    token = signing.dumps(resumen.pk, salt=SAL_RESUMEN, compress=True)
    return request.build_absolute_uri(reverse("dialectos:resumen_archivo", args=[token, archivo]))


@never_cache
def resumen_archivo(request, token: str, archivo: str):
    try:
        pk = signing.loads(token, salt=SAL_RESUMEN, max_age=settings.CONSULTA_CPE_VIGENCIA_ENLACE)
    except signing.BadSignature:
        raise Http404("El enlace venció o no es válido.") from None
    resumen = Resumen.con_archivos.filter(pk=pk).first()
    contenido = {"xml": resumen.xml, "cdr": resumen.cdr}.get(archivo) if resumen else None
    if not contenido:
        raise Http404("El resumen no tiene ese archivo.")
    nombre = f"{resumen.nombre}.xml" if archivo == "xml" else f"R-{resumen.nombre}.zip"
    respuesta = HttpResponse(
        bytes(contenido), content_type="application/xml" if archivo == "xml" else "application/zip"
    )
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta
