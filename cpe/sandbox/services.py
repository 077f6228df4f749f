"""What the SUNAT sandbox does with each call: check as SUNAT does, register, answer with a signed CDR."""

import contextlib
import datetime
import hmac
import os
import re
import secrets
import time
from decimal import Decimal

from cryptography.hazmat.primitives import hashes
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q

from cpe.empaquetado import partes_nombre
from cpe.errores import mensaje_sunat
from cpe.firma import FirmaInvalida, verificar_firma
from cpe.sandbox.constancia import RUC_SUNAT, constancia
from cpe.sandbox.models import (
    FALLAS_POR_OPERACION,
    CertificadoSandbox,
    DocumentoRecibido,
    Falla,
    Operacion,
    Ticket,
)
from cpe.sandbox.reglas import Veredicto, revisar_esquema_y_reglas
from cpe.sandbox.soap import FallaSandbox
from cpe.sandbox.validacion import (
    Archivo,
    exigir_firma,
    id_de_resumen_coincide,
    id_documento,
    leer_envio,
    receptor,
    revisar_identidad,
    revisar_totales,
    tasa_igv_vigente,
)
from erp.certificados import generar_autofirmado, leer_certificado
from erp.models import Empresa

# SUNAT's rule 3462: the IGV rates in force, 18 % and the 10 % of Ley 31556 (restaurants, hotels).
TASAS_IGV = {Decimal("18"), Decimal("10")}
CONSTANCIA_EXISTE = ("0004", "La constancia existe")

_certificado: CertificadoSandbox | None = None


def sandbox_certificado() -> CertificadoSandbox:
    """The sandbox's signing certificate: created on first use, then read once per process."""
    global _certificado
    if _certificado is None:
        certificado = CertificadoSandbox.objects.order_by("id").first()
        if certificado is None:
            datos = leer_certificado(generar_autofirmado(ruc=RUC_SUNAT, razon_social="SUNAT SANDBOX DEL ERP"))
            certificado = CertificadoSandbox.objects.create(
                certificado=datos.pem_certificado(), clave=datos.pem_clave(), huella=datos.huella
            )
        _certificado = certificado
    return _certificado


def sandbox_autenticar(*, usuario: str, clave: str) -> Empresa:
    """The company of a UsernameToken (RUC + SOL user, SOL password); 0102 as SUNAT when it does not match."""
    ruc, usuario_sol = usuario[:11], usuario[11:]
    empresa = (
        Empresa.objects.only("id", "ruc", "activo", "sol_usuario", "sol_clave", "certificado_huella")
        .filter(ruc=ruc)
        .first()
    )
    if (
        empresa is None
        or not empresa.sol_usuario
        or not empresa.sol_clave
        or usuario_sol.upper() != empresa.sol_usuario.upper()
        or not hmac.compare_digest(clave.encode(), empresa.sol_clave.encode())
    ):
        raise FallaSandbox("0102")
    if not empresa.activo:
        raise FallaSandbox("0111")
    return empresa


def falla_tomar(*, ruc: str, operacion: str) -> Falla | None:
    """The next configured misbehaviour for this company and operation, counted as used."""
    tipos = FALLAS_POR_OPERACION.get(operacion)
    if not tipos:
        return None
    candidatas = (
        Falla.objects.filter(restantes__gt=0, tipo__in=tipos)
        .filter(Q(ruc="") | Q(ruc=ruc))
        .filter(Q(operacion="") | Q(operacion=operacion))
        .order_by("id")
    )
    for falla in candidatas[:10]:
        # Two concurrent calls cannot both take the last remaining use.
        if Falla.objects.filter(pk=falla.pk, restantes__gt=0).update(
            restantes=F("restantes") - 1, aplicadas=F("aplicadas") + 1
        ):
            return falla
    return None


@contextlib.contextmanager
def _anotando_fallas(ruc: str, nombre_zip: str, contenido: bytes, operacion: str):
    """Keep a faulted send in the list of received documents, unregistered, to show why it failed."""
    try:
        yield
    except FallaSandbox as exc:
        partes = partes_nombre(nombre_zip or "") or {}
        DocumentoRecibido.objects.create(
            ruc=ruc,
            tipo=partes.get("tipo", ""),
            serie=partes.get("serie", ""),
            numero=int(partes["numero"]) if partes else None,
            nombre=re.sub(r"\.zip$", "", os.path.basename(nombre_zip or ""), flags=re.IGNORECASE)[:100],
            operacion=operacion,
            zip=contenido,
            codigo=exc.codigo,
            descripcion=f"{mensaje_sunat(exc.codigo)} {exc.detalle}".strip() if exc.codigo else exc.detalle,
            registrado=False,
        )
        raise


def _registrados(archivo: Archivo):
    return DocumentoRecibido.objects.filter(
        registrado=True, ruc=archivo.ruc, tipo=archivo.tipo, serie=archivo.serie, numero=archivo.numero
    )


def _revisar_contenido(archivo: Archivo, empresa: Empresa, veredicto: Veredicto | None) -> tuple[str, list[str], str]:
    """(ResponseCode, observations, hash): signature and certificate, then SUNAT's rules or the sandbox's own checks.

    An altered or foreign signature is answered whatever the content says.
    With the rules (`veredicto`), the amounts are theirs; the sandbox adds
    only rule 3462 (IGV rate in force), which the kit's server copy predates.
    """
    try:
        firma = verificar_firma(archivo.raiz)
    except FirmaInvalida as exc:
        if int(exc.codigo) < 2000:
            raise FallaSandbox(exc.codigo, str(exc)) from exc
        return exc.codigo, [], ""
    certificado = firma.certificado
    ahora = datetime.datetime.now(datetime.UTC)
    if not certificado.not_valid_before_utc <= ahora <= certificado.not_valid_after_utc:
        return "2327", [], firma.hash
    # SUNAT accepts only the certificate the company registered with it.
    if empresa.certificado_huella and certificado.fingerprint(hashes.SHA256()).hex() != empresa.certificado_huella:
        return "2325", [], firma.hash
    comprobante = archivo.tipo in ("01", "03", "07", "08")
    if veredicto is not None:
        if veredicto.rechazo:
            return veredicto.rechazo, [], firma.hash
        if comprobante and not tasa_igv_vigente(archivo.raiz, TASAS_IGV):
            return "3462", [], firma.hash
        return "0", veredicto.observaciones, firma.hash
    if comprobante:
        rechazo, observaciones = revisar_totales(archivo.raiz, TASAS_IGV)
        if rechazo:
            return rechazo, [], firma.hash
        return "0", observaciones, firma.hash
    return "0", [], firma.hash


def _constancia(archivo: Archivo, referencia: str, codigo: str, observaciones=(), receptor="", enlace="") -> tuple[str, bytes]:
    return constancia(
        certificado=sandbox_certificado(),
        nombre=archivo.nombre,
        tipo=archivo.tipo,
        referencia=referencia,
        ruc_emisor=archivo.ruc,
        codigo=codigo,
        observaciones=list(observaciones),
        receptor=receptor,
        enlace=enlace,
    )


def _registrar(
    archivo: Archivo,
    operacion: str,
    contenido: bytes,
    *,
    hash_documento: str,
    codigo: str,
    descripcion: str,
    cdr: bytes,
    observaciones=(),
    registrado: bool = True,
) -> DocumentoRecibido:
    """The received document and its answer; `registrado` counts it for repeated numbers."""
    return DocumentoRecibido.objects.create(
        ruc=archivo.ruc,
        tipo=archivo.tipo,
        serie=archivo.serie,
        numero=archivo.numero,
        nombre=archivo.nombre,
        operacion=operacion,
        zip=contenido,
        hash=hash_documento,
        codigo=codigo,
        descripcion=descripcion,
        observaciones=[[obs, mensaje_sunat(obs)] for obs in observaciones],
        cdr_zip=cdr,
        registrado=registrado,
    )


def sandbox_recibir_comprobante(*, empresa: Empresa, nombre_zip: str, contenido: bytes) -> DocumentoRecibido:
    """sendBill: check and register a document; its CDR accepts or rejects it.

    A series-number already registered answers 1033, as SUNAT does, so a
    client that lost the first answer fetches the CDR with getStatusCdr.
    """
    with _anotando_fallas(empresa.ruc, nombre_zip, contenido, Operacion.SEND_BILL):
        archivo = leer_envio(nombre_zip, contenido, ruc_usuario=empresa.ruc, resumen=False)
        revisar_identidad(archivo)
        referencia = f"{archivo.serie}-{archivo.numero}"
        ya_registrado = FallaSandbox("1033", f"El comprobante {referencia} fue informado anteriormente")
        if _registrados(archivo).exists():
            raise ya_registrado
        exigir_firma(archivo.raiz)
        veredicto = revisar_esquema_y_reglas(archivo)
        codigo, observaciones, hash_documento = _revisar_contenido(archivo, empresa, veredicto)
        descripcion, cdr = _constancia(archivo, referencia, codigo, observaciones, receptor(archivo.raiz))
        try:
            with transaction.atomic():
                return _registrar(
                    archivo,
                    Operacion.SEND_BILL,
                    contenido,
                    hash_documento=hash_documento,
                    codigo=codigo,
                    descripcion=descripcion,
                    cdr=cdr,
                    observaciones=observaciones,
                )
        except IntegrityError:
            raise ya_registrado from None


def sandbox_recibir_resumen(*, empresa: Empresa, nombre_zip: str, contenido: bytes) -> Ticket:
    """sendSummary: a summary (RC), voiding (RA) or reversion (RR) gets a ticket; getStatus tells its fate.

    Only accepted summaries are registered: the same summary sent again is
    rejected with 2223 in its CDR.
    """
    with _anotando_fallas(empresa.ruc, nombre_zip, contenido, Operacion.SEND_SUMMARY):
        archivo = leer_envio(nombre_zip, contenido, ruc_usuario=empresa.ruc, resumen=True)
        revisar_identidad(archivo)
        exigir_firma(archivo.raiz)
        veredicto = revisar_esquema_y_reglas(archivo)
    referencia = id_documento(archivo.raiz)
    if not id_de_resumen_coincide(archivo):
        codigo, observaciones, hash_documento = "2220", [], ""
    else:
        codigo, observaciones, hash_documento = _revisar_contenido(archivo, empresa, veredicto)
    if codigo == "0" and _registrados(archivo).exists():
        codigo, observaciones = "2223", []
    descripcion, cdr = _constancia(archivo, referencia, codigo, observaciones)
    with transaction.atomic():
        documento = _registrar(
            archivo,
            Operacion.SEND_SUMMARY,
            contenido,
            hash_documento=hash_documento,
            codigo=codigo,
            descripcion=descripcion,
            cdr=cdr,
            observaciones=observaciones,
            registrado=codigo == "0",
        )
        return Ticket.objects.create(
            numero=f"{int(time.time() * 1000)}{secrets.randbelow(1000):03d}",
            documento=documento,
            en_proceso=settings.SUNAT_SANDBOX_CONSULTAS_EN_PROCESO,
        )


def sandbox_consultar_ticket(*, empresa: Empresa, ticket: str, en_proceso: bool = False) -> tuple[str, bytes | None]:
    """getStatus: ('98', None) while in process, then ('0', CDR) or ('99', CDR with the rejection).

    `en_proceso` answers 98 without counting the poll (a ticket that stays in process).
    """
    encontrado = Ticket.objects.select_related("documento").filter(numero=ticket.strip()).first()
    if encontrado is None:
        raise FallaSandbox("0127")
    if encontrado.documento.ruc != empresa.ruc:
        raise FallaSandbox("0126")
    Ticket.objects.filter(pk=encontrado.pk).update(consultas=F("consultas") + 1)
    if en_proceso or Ticket.objects.filter(pk=encontrado.pk, en_proceso__gt=0).update(en_proceso=F("en_proceso") - 1):
        return "98", None
    documento = encontrado.documento
    return ("0" if documento.codigo == "0" else "99"), documento.cdr_zip


def sandbox_consultar_cdr(
    *, empresa: Empresa, ruc: str, tipo: str, serie: str, numero: str
) -> tuple[str, str, bytes | None]:
    """getStatusCdr: (statusCode, statusMessage, CDR zip) of a registered document."""
    for codigo, invalido in (
        ("0002", not (ruc.isdigit() and len(ruc) == 11)),
        ("0005", tipo not in ("01", "03", "07", "08", "20", "40")),
        ("0007", len(serie) != 4 or not serie.isalnum()),
        ("0010", not numero.isdigit() or not 0 < int(numero) < 10**8),
    ):
        if invalido:
            return codigo, mensaje_sunat(codigo), None
    if ruc != empresa.ruc:
        return "0012", mensaje_sunat("0012"), None
    documento = (
        DocumentoRecibido.objects.filter(registrado=True, ruc=ruc, tipo=tipo, serie=serie.upper(), numero=int(numero))
        .only("cdr_zip")
        .first()
    )
    if documento is None:
        return "0011", mensaje_sunat("0011"), None
    return (*CONSTANCIA_EXISTE, documento.cdr_zip)
