"""The attendance kiosk: a person types their code and presses "Ingresar"; entry, then exit."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_protect

from erp.red import dentro_del_limite

from .services import MENSAJE_CODIGO_DESCONOCIDO, marcacion_registrar

# Attempts per address and window: enough for a queue at shift change, too few to guess codes.
KIOSKO_INTENTOS = 30
KIOSKO_VENTANA = 60


@csrf_protect
def kiosko(request):
    contexto = {}
    if request.method == "POST":
        if not dentro_del_limite(request, prefijo="hr-kiosko", intentos=KIOSKO_INTENTOS, ventana=KIOSKO_VENTANA):
            contexto["error"] = "Demasiados intentos: espere un minuto e intente de nuevo."
            return render(request, "hr/kiosko.html", contexto, status=429)
        try:
            marca = marcacion_registrar(codigo=request.POST.get("codigo", ""))
        except ValidationError:
            # Same answer for any wrong code: it names no one.
            contexto["error"] = MENSAJE_CODIGO_DESCONOCIDO
            return render(request, "hr/kiosko.html", contexto, status=400)
        contexto["marca"] = marca
        contexto["hora"] = timezone.localtime(marca.fecha_hora)
    return render(request, "hr/kiosko.html", contexto)
