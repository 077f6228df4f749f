import re

from django.db.models import Max


def siguiente_numero(queryset, campo: str, *, desde: int = 0) -> int:
    """The number after the highest `campo` of `queryset` (the unique constraint backs it)."""
    return (queryset.aggregate(m=Max(campo))["m"] or desde) + 1


def separar_series(texto: str) -> list[str]:
    """Serial numbers typed one per line or separated by commas."""
    return [s.strip() for s in re.split(r"[\n,;]+", (texto or "").upper()) if s.strip()]
