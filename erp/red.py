"""Who is asking: the client's address behind the configured proxies, and per-address limits.

Behind a TLS proxy every request arrives from the proxy, so a limit keyed on
REMOTE_ADDR would put all users in one bucket. Each proxy appends the address
it received the request from to X-Forwarded-For; with PROXIES_CONFIABLES = N
the client's address is the N-th entry from the right. Entries further left
were written by the client and are ignored, so a forged header changes nothing.
"""

import ipaddress

from django.conf import settings
from django.core.cache import cache


def direccion_cliente(request) -> str:
    """The client's IP address, as the outermost trusted proxy saw it (REMOTE_ADDR without proxies)."""
    remota = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PROXIES_CONFIABLES
    if proxies <= 0:
        return remota
    cadena = [parte.strip() for parte in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if parte.strip()]
    if len(cadena) < proxies:
        return remota  # not through all the proxies: nobody vouches for the header
    try:
        return str(ipaddress.ip_address(cadena[-proxies]))
    except ValueError:
        return remota


def dentro_del_limite(request, *, prefijo: str, intentos: int, ventana: int) -> bool:
    """Count this attempt in the client address's window; False once it is over `intentos`."""
    clave = f"{prefijo}:{direccion_cliente(request)}"
    cache.add(clave, 0, timeout=ventana)
    try:
        cuenta = cache.incr(clave)
    except ValueError:  # the window ended between add() and incr()
        cache.set(clave, 1, timeout=ventana)
        cuenta = 1
    return cuenta <= intentos


def limite_alcanzado(request, *, prefijo: str, intentos: int) -> bool:
    """Whether the address already used up its window (without counting this request)."""
    return (cache.get(f"{prefijo}:{direccion_cliente(request)}") or 0) >= intentos
