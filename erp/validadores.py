"""Checks of Peruvian identifiers and document series, with Spanish messages."""

import re

from django.core.exceptions import ValidationError
from stdnum.pe import cui, ruc


def validar_ruc(value: str) -> None:
    value = (value or "").strip()
    if not re.fullmatch(r"\d{11}", value):
        raise ValidationError("El RUC debe tener 11 dígitos.", code="ruc_formato")
    if value[:2] not in {"10", "15", "16", "17", "20"}:
        raise ValidationError("El RUC debe empezar con 10, 15, 16, 17 o 20.", code="ruc_prefijo")
    if not ruc.is_valid(value):
        raise ValidationError(
            "El RUC %(ruc)s no es válido: el dígito verificador no corresponde.",
            code="ruc_digito",
            params={"ruc": value},
        )


def validar_dni(value: str) -> None:
    value = (value or "").strip()
    if not re.fullmatch(r"\d{8}", value) or not cui.is_valid(value):
        raise ValidationError("El DNI debe tener 8 dígitos.", code="dni_formato")


# Identity document types of catálogo 06 and how their numbers look.
_FORMATOS_DOCUMENTO = {
    "6": validar_ruc,
    "1": validar_dni,
}
_ALFANUMERICO = re.compile(r"[A-Za-z0-9-]{1,15}")


def validar_documento_identidad(codigo_tipo: str, numero: str) -> None:
    """Validate `numero` for the catálogo 06 type `codigo_tipo`."""
    numero = (numero or "").strip()
    validador = _FORMATOS_DOCUMENTO.get(codigo_tipo)
    if validador:
        validador(numero)
    elif numero in ("", "-"):
        if codigo_tipo != "0":
            raise ValidationError("Ingrese el número de documento.", code="documento_requerido")
    elif codigo_tipo in {"4", "7"} and not re.fullmatch(r"[A-Za-z0-9]{1,12}", numero):
        raise ValidationError(
            "El carné de extranjería o pasaporte tiene hasta 12 letras o dígitos.",
            code="documento_formato",
        )
    elif not _ALFANUMERICO.fullmatch(numero):
        raise ValidationError(
            "El número de documento tiene hasta 15 letras o dígitos.", code="documento_formato"
        )


# Electronic series: one letter that says the type, then three letters or digits.
_PREFIJOS_SERIE = {
    "01": ("F", "las facturas"),
    "03": ("B", "las boletas"),
    "07": ("FB", "las notas de crédito"),
    "08": ("FB", "las notas de débito"),
    "09": ("T", "las guías de remisión remitente"),
    "31": ("V", "las guías de remisión transportista"),
    "20": ("R", "los comprobantes de retención"),
    "40": ("P", "los comprobantes de percepción"),
}


def validar_serie(tipo_documento: str, serie: str) -> None:
    serie = serie or ""
    if not re.fullmatch(r"[A-Z0-9]{4}", serie):
        raise ValidationError(
            "La serie debe tener exactamente 4 caracteres en mayúsculas (letras o dígitos).",
            code="serie_formato",
        )
    regla = _PREFIJOS_SERIE.get(tipo_documento)
    if regla and serie[0] not in regla[0]:
        letras = " o ".join(regla[0])
        raise ValidationError(
            "La serie de %(doc)s debe empezar con %(letras)s (por ejemplo %(ejemplo)s).",
            code="serie_prefijo",
            params={"doc": regla[1], "letras": letras, "ejemplo": regla[0][0] + "001"},
        )
