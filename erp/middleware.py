"""Answers for failures outside the request's control, instead of a server error."""

import logging

from django.http import HttpResponse, JsonResponse

from erp.archivos import AlmacenNoDisponible

log = logging.getLogger(__name__)

MENSAJE_ALMACEN = "El almacenamiento de archivos no responde en este momento. Intente de nuevo en unos minutos."


class AlmacenNoDisponibleMiddleware:
    """A download while the file storage is down is a 503 that says so (and asks to retry), not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, AlmacenNoDisponible):
            return None
        log.warning("Almacenamiento no disponible en %s: %s", request.path, exception)
        if request.path.startswith("/api/") or "json" in request.headers.get("Accept", ""):
            respuesta = JsonResponse({"detail": MENSAJE_ALMACEN}, status=503)
        else:
            respuesta = HttpResponse(MENSAJE_ALMACEN, status=503, content_type="text/plain; charset=utf-8")
        respuesta["Retry-After"] = "60"
        return respuesta
