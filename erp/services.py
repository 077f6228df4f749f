"""Business actions of the core: each one validates, then changes data atomically."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from erp.certificados import leer_certificado, validar_para_empresa
from erp.models import Direccion, Empresa, Pais, Serie, Socio, TipoDocumentoIdentidad, Usuario


def empresa_guardar_clave_sol(*, empresa: Empresa, clave: str) -> None:
    empresa.sol_clave = clave
    empresa.save(update_fields=["sol_clave", "modificado"])


def empresa_cargar_certificado(*, empresa: Empresa, contenido: bytes, clave: str = "") -> None:
    """Check a PFX/P12/PEM certificate against the company and keep it.

    Only the certificate and its private key are kept (the key encrypted);
    the file's password is not needed afterwards and is not stored.
    Raises CertificadoInvalido with the reason in Spanish.
    """
    cert = leer_certificado(contenido, clave)
    validar_para_empresa(cert, empresa.ruc)
    empresa.certificado = cert.pem_certificado()
    empresa.certificado_clave = cert.pem_clave()
    empresa.certificado_sujeto = cert.sujeto[:500]
    empresa.certificado_emisor = cert.emisor[:500]
    empresa.certificado_desde = cert.desde
    empresa.certificado_vence = cert.vence
    empresa.certificado_huella = cert.huella
    empresa.save()


def serie_asignar_numero(*, serie_id: int) -> int:
    """Take the next number of a series inside the caller's issuing transaction.

    The row lock holds until that transaction ends, so concurrent issuers
    queue on it and a rolled-back issue gives its number back.
    """
    conexion = transaction.get_connection()
    if not conexion.in_atomic_block:
        raise RuntimeError("serie_asignar_numero must run inside the issuing transaction")
    # One statement locks the row and takes the number: every issue of the series waits on it.
    tabla, campo = conexion.ops.quote_name(Serie._meta.db_table), conexion.ops.quote_name("ultimo_numero")
    with conexion.cursor() as cursor:
        cursor.execute(f"UPDATE {tabla} SET {campo} = {campo} + 1 WHERE id = %s AND activo RETURNING {campo}", [serie_id])
        fila = cursor.fetchone()
    if fila is None:
        raise ValidationError(f"La serie {Serie.objects.get(pk=serie_id).serie} está inactiva.")
    return fila[0]


def acceso_web_validar(*, cliente: Socio, usuario: str, clave: str) -> None:
    """What a client's web access needs: a free user name, and a password that passes the rules (required the first time)."""
    actual = Usuario.objects.filter(cliente=cliente).first()
    errores = {}
    if Usuario.objects.filter(username__iexact=usuario).exclude(pk=getattr(actual, "pk", None)).exists():
        errores["usuario"] = "Ya existe un usuario con ese nombre; elija otro."
    if clave:
        try:
            validate_password(clave, Usuario(username=usuario, first_name=cliente.razon_social[:150], email=cliente.email))
        except ValidationError as exc:
            errores["clave"] = exc.messages
    elif actual is None:
        errores["clave"] = "Escriba la contraseña del acceso web."
    if errores:
        raise ValidationError(errores)


def acceso_web_guardar(*, cliente: Socio, usuario: str, clave: str = "", activo: bool = True) -> Usuario:
    """Create or change a client's web access: a user of the client portal, not of the office screens.

    An empty password keeps the current one.
    """
    acceso_web_validar(cliente=cliente, usuario=usuario, clave=clave)
    with transaction.atomic():
        acceso = Usuario.objects.select_for_update().filter(cliente=cliente).first() or Usuario(cliente=cliente, is_staff=False)
        acceso.username = usuario
        acceso.first_name = cliente.razon_social[:150]
        acceso.email = acceso.email or cliente.email
        acceso.is_active = activo
        if clave:
            acceso.set_password(clave)
        acceso.save()
    return acceso


def socio_por_documento(
    *, sucursal, tipo_documento: str, numero: str, razon_social: str, direccion: str = "", email: str = "", como: str = "es_cliente"
) -> Socio:
    """The company's client (`como` "es_cliente") or provider ("es_proveedor") with that identity document, registered in `sucursal` the first time.

    An integration that sends the partner's data with each sale, retention or
    perception (the compatible dialects) finds the partner the office already
    has, or adds it; existing data is never overwritten. A partner without
    document ("-") is matched by name.
    """
    tipo = TipoDocumentoIdentidad.objects.get(codigo=tipo_documento)
    numero = (numero or "-").strip().upper()
    existentes = Socio.objects.filter(empresa=sucursal.empresa, tipo_documento=tipo, numero_documento=numero).select_related("tipo_documento")
    if numero in ("", "-"):
        existentes = existentes.filter(razon_social=razon_social)
    with transaction.atomic():
        socio = existentes.order_by("id").first()
        if socio is not None:
            if not getattr(socio, como):
                setattr(socio, como, True)
                socio.save(update_fields=[como])
        else:
            socio = Socio(sucursal=sucursal, tipo_documento=tipo, numero_documento=numero, razon_social=razon_social, email=email, **{como: True})
            socio.full_clean()
            socio.save()
        if direccion and not socio.direcciones.exists():
            lugar = Direccion(socio=socio, nombre="Principal", direccion=direccion[:250], pais=Pais.objects.get(codigo="PE"), principal=True)
            lugar.full_clean()
            lugar.save()
    return socio
