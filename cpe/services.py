"""Turning issued documents into CPE and sending them to SUNAT.

A document's CPE is created in its issuing transaction with the signed XML
and zip (so the PDF and QR have the hash at once); it is sent after the
commit. Sending is idempotent: an accepted, observed or rejected document is
never sent again, and a lease stops two workers sending the same one. A
crash between SUNAT's answer and our save is recovered by the next attempt:
SUNAT says 1033 (already registered) and the CDR is fetched with getStatusCdr.
"""

import contextlib
import datetime
import logging
import time
import types

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from billing.models import DocumentoVenta
from billing.totals import DatosInvalidos
from cpe import ubl
from cpe.cdr import Cdr, EstadoCdr
from cpe.datos_documento import comprobante_de
from cpe.datos_otros import otro_de
from cpe.empaquetado import empaquetar, nombre_comprobante
from cpe.firma import FirmaError, firmar_para_empresa
from cpe.models import ESTADOS_FINALES, ComprobanteElectronico, ConfiguracionCpe, EstadoCpe, IntentoEnvio
from cpe.sunat import ClienteSunat, ComprobanteYaRegistrado, ErrorSunat
from cpe.ubl_otros import construir_otro
from erp.archivos import AlmacenNoDisponible, guardar_archivo

log = logging.getLogger(__name__)

# Attempts after which a transient failure stops being retried on its own (about half a day
# of backoff and beat pick-ups): someone must look at it and send it from the admin.
INTENTOS_AUTOMATICOS = 40


class NoEnviable(Exception):
    """The document cannot be sent now; the message says why (and what to do)."""


def es_de_resumen(comprobante: ComprobanteElectronico) -> bool:
    """Boletas and their notes go in the daily summary when the company says so."""
    if comprobante.tipo == "03":
        es_boleta = True
    elif comprobante.tipo in ("07", "08") and comprobante.documento_id:
        es_boleta = comprobante.serie.startswith("B")
    else:
        es_boleta = False
    return es_boleta and ConfiguracionCpe.de(comprobante.empresa).boletas_por_resumen


def _generar_archivos(comprobante: ComprobanteElectronico, documento: DocumentoVenta, datos) -> None:
    """Build, sign and zip the XML of `datos`, the document's cpe.domain form.

    Never called once the document reached SUNAT.
    """
    firmar_y_empaquetar(comprobante, documento.empresa, ubl.construir_xml(datos))


def _generar_archivos_de(comprobante: ComprobanteElectronico) -> None:
    """Build, sign and zip again the XML of the record behind the CPE (a sales document, or a retention or perception)."""
    if comprobante.otro_id:
        firmar_y_empaquetar(comprobante, comprobante.empresa, construir_otro(otro_de(comprobante.otro)))
    else:
        _generar_archivos(comprobante, comprobante.documento, comprobante_de(comprobante.documento))


def firmar_y_empaquetar(comprobante: ComprobanteElectronico, empresa, xml: bytes, *, canonico: bool = True) -> None:
    """Sign a document written by the CPE core with the company's certificate and zip it under SUNAT's name (not saved)."""
    if empresa.certificado_vence and empresa.certificado_vence <= timezone.now():
        raise FirmaError(
            f"El certificado digital venció el {timezone.localtime(empresa.certificado_vence):%d/%m/%Y}: "
            "cargue uno vigente en Empresas › SUNAT y vuelva a enviar."
        )
    algoritmo = ConfiguracionCpe.de(empresa).algoritmo_firma
    firmado = firmar_para_empresa(xml, empresa, algoritmo=algoritmo, canonico=canonico)
    comprobante.xml = firmado.xml
    comprobante.hash = firmado.hash
    comprobante.zip = empaquetar(comprobante.nombre, firmado.xml)


def cpe_crear(*, documento: DocumentoVenta, lineas=None, cuotas=None, totales=None) -> ComprobanteElectronico:
    """The CPE of a document being issued (inside its transaction), from the lines, instalments and totals the issue stored.

    What SUNAT would reject for its content stops the issue (ValidationError).
    A signing problem (no certificate, expired) does not: the document is
    issued and its CPE waits in error, with the cause, for a later attempt.
    """
    comprobante = ComprobanteElectronico(
        empresa=documento.empresa,
        documento=documento,
        tipo=documento.tipo,
        serie=documento.serie.serie,
        numero=documento.numero,
        nombre=nombre_comprobante(documento.empresa.ruc, documento.tipo, documento.serie.serie, documento.numero),
    )
    _preparar(comprobante, documento, lineas=lineas, cuotas=cuotas, totales=totales)
    _guardar_con_archivos(comprobante)
    return comprobante


def _guardar_con_archivos(comprobante: ComprobanteElectronico) -> None:
    """Save the CPE and its new files; a storage outage stops the issue or correction with a clear message."""
    try:
        comprobante.save()
    except AlmacenNoDisponible as exc:
        raise ValidationError(
            f"No se pudo guardar el XML firmado de {comprobante.numeracion}: el almacenamiento de archivos no responde. "
            "No se emitió nada; vuelva a intentarlo en unos minutos."
        ) from exc


def _preparar(comprobante: ComprobanteElectronico, documento: DocumentoVenta, **emitido) -> None:
    """Refuse what SUNAT would reject (ValidationError), then build and sign; a signing problem leaves the CPE in error.

    `emitido`: what cpe.datos_documento.comprobante_de may take instead of reading it again.
    """
    try:
        datos = comprobante_de(documento, **emitido)
    except DatosInvalidos as exc:
        raise ValidationError(str(exc)) from exc
    firmar_o_dejar_en_error(comprobante, documento.empresa, ubl.construir_xml(datos), canonico=True)


def firmar_o_dejar_en_error(comprobante: ComprobanteElectronico, empresa, xml: bytes, *, canonico: bool) -> None:
    """firmar_y_empaquetar, except that a signing problem (no certificate, expired) leaves the CPE in error with the cause."""
    try:
        firmar_y_empaquetar(comprobante, empresa, xml, canonico=canonico)
    except FirmaError as exc:
        comprobante.estado = EstadoCpe.ERROR
        comprobante.reintentable = False
        comprobante.descripcion = str(exc)


def plazo_envio() -> datetime.timedelta:
    """How long a worker holds a document: sendBill and getStatusCdr within the client's time limits, and a margin.

    Past it (the worker died), the beat's sweep hands the document to another worker.
    """
    return datetime.timedelta(seconds=2 * (settings.SUNAT_TIMEOUT_CONEXION + settings.SUNAT_TIMEOUT_LECTURA) + 5)


def _tomar(comprobante_id: int) -> ComprobanteElectronico | None:
    """Lease the document for this worker, or None if it needs no sending or another has it."""
    ahora = timezone.now()
    with transaction.atomic():
        comprobante = ComprobanteElectronico.con_archivos.select_for_update().select_related("empresa").filter(pk=comprobante_id).first()
        # Deleted while its send was queued, or settled: nothing to send.
        if comprobante is None or comprobante.estado in ESTADOS_FINALES:
            return None
        if comprobante.estado == EstadoCpe.ENVIANDO and comprobante.enviando_hasta and comprobante.enviando_hasta > ahora:
            return None
        comprobante.estado = EstadoCpe.ENVIANDO
        comprobante.enviando_hasta = ahora + plazo_envio()
        comprobante.intentos += 1
        comprobante.save(update_fields=["estado", "enviando_hasta", "intentos", "modificado"])
    return comprobante


def _registrar_intento(comprobante, operacion: str, inicio: float, resultado: str, codigo="", mensaje="") -> None:
    IntentoEnvio.objects.create(
        comprobante=comprobante,
        operacion=operacion,
        enviado=f"{comprobante.nombre}.zip",
        inicio=timezone.now() - datetime.timedelta(seconds=time.monotonic() - inicio),
        duracion_ms=int((time.monotonic() - inicio) * 1000),
        resultado=resultado,
        codigo=codigo,
        mensaje=mensaje[:2000],
    )


_ESTADO_CDR = {
    EstadoCdr.ACEPTADO: EstadoCpe.ACEPTADO,
    EstadoCdr.OBSERVADO: EstadoCpe.OBSERVADO,
    EstadoCdr.RECHAZADO: EstadoCpe.RECHAZADO,
    EstadoCdr.EXCEPCION: EstadoCpe.ERROR,
}


def _aplicar_cdr(comprobante: ComprobanteElectronico, cdr: Cdr, zip_cdr: bytes) -> None:
    try:
        guardar_archivo(comprobante, "cdr", zip_cdr)
    except AlmacenNoDisponible as exc:
        # SUNAT keeps the CDR: the next attempt gets 1033 and asks for it with getStatusCdr.
        raise ErrorSunat(
            f"SUNAT respondió {cdr.codigo}, pero su constancia (CDR) no se pudo guardar ({exc}): "
            "se pedirá de nuevo a SUNAT en el próximo intento.",
            reintentable=True,
        ) from exc
    comprobante.estado = _ESTADO_CDR[cdr.estado]
    comprobante.codigo_respuesta = cdr.codigo
    comprobante.descripcion = cdr.descripcion
    comprobante.observaciones = [{"codigo": n.codigo, "mensaje": n.mensaje} for n in cdr.notas]
    comprobante.reintentable = False
    comprobante.enviado = timezone.now()


def cpe_enviar(*, comprobante_id: int, cliente: ClienteSunat | None = None) -> ComprobanteElectronico:
    """Send one document with sendBill and keep SUNAT's answer.

    Raises ErrorSunat when the attempt failed and may be retried (the caller
    decides when); every other outcome is stored on the document.
    """
    comprobante = _tomar(comprobante_id)
    if comprobante is None:
        return ComprobanteElectronico.objects.filter(pk=comprobante_id).first()
    inicio = time.monotonic()
    with intento_de_envio(comprobante) as intento:
        try:
            if not comprobante.zip:
                _generar_archivos_de(comprobante)
            cliente = cliente or ClienteSunat.para_empresa(comprobante.empresa)
            try:
                respuesta = cliente.enviar_comprobante(f"{comprobante.nombre}.zip", comprobante.zip)
                _aplicar_cdr(comprobante, respuesta.cdr, respuesta.zip)
                _registrar_intento(comprobante, "sendBill", inicio, comprobante.estado, respuesta.cdr.codigo, respuesta.cdr.descripcion)
            except ComprobanteYaRegistrado as exc:
                # Sent before and its answer lost: SUNAT keeps the CDR.
                _registrar_intento(comprobante, "sendBill", inicio, IntentoEnvio.Resultado.FALLA, exc.codigo, exc.mensaje)
                inicio = time.monotonic()
                consulta = cliente.consultar_cdr(tipo=comprobante.tipo, serie=comprobante.serie, numero=comprobante.numero)
                if consulta.cdr is None:
                    raise ErrorSunat(f"SUNAT dice que ya lo registró pero no entregó su CDR: {consulta.codigo} {consulta.mensaje}", reintentable=True) from exc
                _aplicar_cdr(comprobante, consulta.cdr, consulta.zip)
                _registrar_intento(comprobante, "getStatusCdr", inicio, comprobante.estado, consulta.cdr.codigo, consulta.cdr.descripcion)
        except FirmaError as exc:
            comprobante.estado, comprobante.reintentable, comprobante.descripcion = EstadoCpe.ERROR, False, str(exc)
        except (ErrorSunat, AlmacenNoDisponible) as falla:
            # The storage down while reading the zip: as SUNAT down, the document waits for a later attempt.
            exc = falla if isinstance(falla, ErrorSunat) else ErrorSunat(f"{falla}. Se reintentará.", reintentable=True)
            _registrar_intento(comprobante, "sendBill", inicio, IntentoEnvio.Resultado.ERROR, exc.codigo, str(exc))
            marcar_error(comprobante, exc)
            intento.error = exc
    return comprobante


def marcar_error(comprobante: ComprobanteElectronico, exc: ErrorSunat, *, proximo: datetime.datetime | None = None) -> None:
    """The CPE waits in error with SUNAT's cause: retried automatically (at `proximo`) while attempts remain."""
    comprobante.estado = EstadoCpe.ERROR
    comprobante.codigo_respuesta = exc.codigo
    comprobante.descripcion = str(exc)
    comprobante.reintentable = bool(exc.reintentable) and comprobante.intentos < INTENTOS_AUTOMATICOS
    comprobante.proximo_intento = proximo if comprobante.reintentable else None
    if exc.reintentable and not comprobante.reintentable:
        comprobante.descripcion += (
            f" Se agotaron los {INTENTOS_AUTOMATICOS} intentos automáticos: revise la conexión con SUNAT y envíelo con «Enviar a SUNAT»."
        )


@contextlib.contextmanager
def intento_de_envio(comprobante: ComprobanteElectronico):
    """One attempt to send a CPE taken with _tomar: whatever happens its lease ends and it is saved; then an
    error the block set on `intento.error` is raised again if it may be retried (the caller retries later)."""
    intento = types.SimpleNamespace(error=None)
    try:
        yield intento
    finally:
        comprobante.enviando_hasta = None
        comprobante.save()
    if intento.error is not None and comprobante.reintentable:
        raise intento.error


def cpe_enviar_sincrono(*, documento: DocumentoVenta | None = None, comprobante: ComprobanteElectronico | None = None) -> ComprobanteElectronico:
    """The admin's "Enviar a SUNAT" and the API's fesunat-enviar: send now and return the verdict.

    The CPE of `documento`, or `comprobante` itself (a retention's or perception's)."""
    comprobante = comprobante or getattr(documento, "cpe", None)
    if comprobante is None:
        raise NoEnviable(f"{documento} no es un comprobante electrónico emitido.")
    # A boleta the company reports in the daily summary waits for it (mensaje_resultado says so).
    if comprobante.estado in ESTADOS_FINALES or es_de_resumen(comprobante):
        return comprobante
    try:
        return cpe_enviar(comprobante_id=comprobante.pk)
    except ErrorSunat:
        comprobante.refresh_from_db()
        return comprobante


def mensaje_resultado(comprobante: ComprobanteElectronico) -> str:
    """SUNAT's verdict in one sentence, naming the document."""
    documento = comprobante.documento
    nombre = f"{documento.get_tipo_display()} numero {comprobante.numeracion}" if documento else comprobante.numeracion
    if comprobante.estado == EstadoCpe.ACEPTADO:
        return comprobante.descripcion or f"La {nombre}, ha sido aceptada"
    if comprobante.estado == EstadoCpe.OBSERVADO:
        notas = "; ".join(f"{o['codigo']} {o['mensaje']}" for o in comprobante.observaciones)
        return f"La {nombre}, ha sido aceptada con observaciones: {notas}"
    if comprobante.estado == EstadoCpe.RECHAZADO:
        return f"La {nombre} fue rechazada por SUNAT: {comprobante.codigo_respuesta} {comprobante.descripcion}"
    if comprobante.estado == EstadoCpe.PENDIENTE and documento and es_de_resumen(comprobante):
        fecha = f"{documento.fecha_emision:%d/%m/%Y}"
        return f"La {documento.get_tipo_display()} {comprobante.numeracion} se informará en el resumen diario del {fecha}."
    if comprobante.estado == EstadoCpe.PENDIENTE:
        return f"La {nombre} está pendiente de envío."
    return f"La {nombre} no se pudo enviar: {comprobante.descripcion}"


# Correcting or deleting a document SUNAT never received ---------------------------------


def cpe_exigir_modificable(*, documento: DocumentoVenta) -> ComprobanteElectronico | None:
    """The document's CPE, locked, if it never reached SUNAT; ValidationError saying why otherwise.

    None when the document has no CPE (a nota de venta). Call it inside the
    transaction that corrects or deletes the document: the lock keeps a worker
    from sending it meanwhile.
    """
    comprobante = ComprobanteElectronico.con_archivos.select_for_update().filter(documento=documento).first()
    # A send that got no answer from SUNAT (no code) may have reached it: send again (1033) before changing anything.
    sin_respuesta = comprobante is not None and comprobante.intentos_envio.filter(resultado=IntentoEnvio.Resultado.ERROR, codigo="").exists()
    if comprobante is None or (comprobante.estado in (EstadoCpe.PENDIENTE, EstadoCpe.ERROR) and not sin_respuesta):
        return comprobante
    if sin_respuesta and comprobante.estado in (EstadoCpe.PENDIENTE, EstadoCpe.ERROR):
        raise ValidationError(
            f"Un envío de {documento} a SUNAT quedó sin respuesta y pudo llegar: envíelo de nuevo para conocer "
            "su estado antes de editarlo o eliminarlo."
        )
    if comprobante.estado in (EstadoCpe.ACEPTADO, EstadoCpe.OBSERVADO):
        motivo = (
            f"SUNAT ya aceptó {documento}: no se puede editar ni eliminar. "
            "Corríjalo con una nota de crédito o débito, o anúlelo con una comunicación de baja."
        )
    elif comprobante.estado == EstadoCpe.RECHAZADO:
        motivo = (
            f"SUNAT rechazó {documento} ({comprobante.codigo_respuesta} {comprobante.descripcion}): "
            "ese número ya no se modifica; emita un nuevo comprobante."
        )
    elif comprobante.estado == EstadoCpe.ANULADO:
        motivo = f"{documento} está anulado ante SUNAT: no se puede editar ni eliminar."
    else:
        motivo = f"{documento} se está enviando a SUNAT en este momento: vuelva a intentarlo en unos minutos."
    raise ValidationError(motivo)


def cpe_regenerar(*, documento: DocumentoVenta, lineas=None, cuotas=None, totales=None) -> ComprobanteElectronico | None:
    """Build and sign again the XML of a corrected document SUNAT never received (inside its transaction).

    The CPE goes back to pending with its new files; what SUNAT would reject
    stops the correction, as it stops an issue.
    """
    comprobante = cpe_exigir_modificable(documento=documento)
    if comprobante is None:
        return None
    comprobante.estado = EstadoCpe.PENDIENTE
    comprobante.codigo_respuesta = comprobante.descripcion = ""
    comprobante.observaciones = []
    comprobante.reintentable = True
    comprobante.proximo_intento = None
    _preparar(comprobante, documento, lineas=lineas, cuotas=cuotas, totales=totales)
    _guardar_con_archivos(comprobante)
    return comprobante


def cpe_eliminar(*, documento: DocumentoVenta) -> None:
    """Remove the CPE and its attempts of a document SUNAT never received, before the document goes."""
    comprobante = cpe_exigir_modificable(documento=documento)
    if comprobante is None:
        return
    try:
        with transaction.atomic():
            comprobante.delete()
    except ProtectedError as exc:
        raise ValidationError(f"{documento} ya figura en un envío a SUNAT (resumen o baja): no se puede eliminar.") from exc
