"""Spanish that agrees: the gender of a model's name, and the admin's messages built with it."""

# Nouns whose gender their ending does not tell (the rest: -a, -ión, -dad... are feminine).
FEMENINOS = {"api", "clase", "orden", "serie", "sucursal"}
MASCULINOS = {"día", "sistema", "tema", "programa", "problema"}


def es_femenino(nombre: str) -> bool:
    palabra = str(nombre).split()[0].lower()
    if palabra in FEMENINOS or palabra in MASCULINOS:
        return palabra in FEMENINOS
    return palabra.endswith(("a", "ión", "dad", "tad", "tud", "umbre"))


def mensaje_guardado(opts, texto: str, verbo: str, boton: str = "") -> str:
    """"La factura F001-00000001 se registró.": Django's success messages, in Spanish that agrees in gender."""
    nombre = str(opts.verbose_name)
    femenino = es_femenino(nombre)
    if texto.lower().startswith(nombre.lower()):
        texto = texto[len(nombre) :].strip()  # "Factura F001-1" already says what it is
    mensaje = f"{'La' if femenino else 'El'} {nombre} {texto} se {verbo}.".replace("  ", " ")
    if boton == "_continue":
        mensaje += f" Puede seguir editándol{'a' if femenino else 'o'} abajo."
    elif boton == "_addanother":
        mensaje += f" Puede agregar otr{'a' if femenino else 'o'} {nombre} abajo."
    return mensaje
