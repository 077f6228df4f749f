"""Guías de remisión as CPE: built and signed when issued, sent to SUNAT's REST API, their ticket polled.

The same record and status machine as the other CPE (ComprobanteElectronico,
IntentoEnvio): pendiente → enviando (sent, its ticket in cpe.TicketGre while
SUNAT answers 98) → aceptado / observado / rechazado, or error (retried while
SUNAT is unreachable). Idempotent: an accepted or rejected guide is never
sent again, and a guide that has a ticket is never sent again either, its
ticket is polled; a guide SUNAT answers 1033 (already registered) takes the
result SUNAT registered.
"""

import datetime
import time

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from billing.models import GuiaRemision
from cpe.cdr import leer_cdr_zip
from cpe.datos_guia import guia_de
from cpe.empaquetado import nombre_comprobante
from cpe.firma import FirmaError
from cpe.gre import ClienteGre, EstadoEnvioGre, enlace_del_cdr
from cpe.models import ComprobanteElectronico, EstadoCpe, IntentoEnvio, TicketGre
from cpe.services import _aplicar_cdr, _registrar_intento, _tomar, firmar_y_empaquetar, intento_de_envio, marcar_error
from cpe.sunat import ComprobanteYaRegistrado, ErrorSunat
from cpe.ubl_guia import construir_guia

ENVIO, CONSULTA, CONSULTA_GUIA = "POST comprobantes", "GET envios", "GET comprobantes"
# A poll holds the guide this long; past it another worker may poll.
PLAZO_CONSULTA = datetime.timedelta(minutes=2)


def espera(consultas: int) -> datetime.timedelta:
    """Backoff between polls of a ticket in process: 5 s, 10 s, 20 s... at most one hour."""
    return datetime.timedelta(seconds=min(5 * 2 ** min(consultas, 10), 3600))


def cpe_guia_crear(*, guia: GuiaRemision) -> ComprobanteElectronico:
    """The CPE of a guide being issued (inside its transaction): the signed DespatchAdvice and its zip.

    A signing problem does not stop the issue: the CPE waits in error with the cause.
    """
    ruc = guia.empresa.ruc
    comprobante = ComprobanteElectronico(
        empresa=guia.empresa,
        guia=guia,
        tipo=guia.tipo,
        serie=guia.serie.serie,
        numero=guia.numero,
        nombre=nombre_comprobante(ruc, guia.tipo, guia.serie.serie, guia.numero),
    )
    try:
        firmar_y_empaquetar(comprobante, guia.empresa, construir_guia(guia_de(guia)))
    except FirmaError as exc:
        comprobante.estado, comprobante.reintentable, comprobante.descripcion = EstadoCpe.ERROR, False, str(exc)
    comprobante.save()
    return comprobante


def _error(comprobante: ComprobanteElectronico, exc: ErrorSunat) -> None:
    marcar_error(comprobante, exc, proximo=timezone.now() + espera(comprobante.intentos))


def cpe_guia_enviar(*, comprobante_id: int, cliente: ClienteGre | None = None) -> ComprobanteElectronico | None:
    """Send a guide and keep its ticket; a guide that already has one is polled instead.

    SUNAT's 1033 (it already registered the guide: a send whose answer was
    lost) is no rejection: the guide's registered result is fetched and kept,
    its ticket polled if SUNAT still processes it. Raises ErrorSunat when SUNAT
    could not be reached (the caller retries later).
    """
    if TicketGre.objects.filter(comprobante_id=comprobante_id).exists():
        return cpe_guia_consultar(comprobante_id=comprobante_id, cliente=cliente)
    comprobante = _tomar(comprobante_id)
    if comprobante is None:
        return ComprobanteElectronico.objects.filter(pk=comprobante_id).first()
    inicio = time.monotonic()
    with intento_de_envio(comprobante) as intento:
        try:
            cliente = cliente or ClienteGre(comprobante.empresa)
            try:
                ticket, recibido = cliente.enviar(comprobante.nombre, bytes(comprobante.zip))
            except ComprobanteYaRegistrado as exc:
                _registrar_intento(comprobante, ENVIO, inicio, IntentoEnvio.Resultado.FALLA, exc.codigo, exc.mensaje)
                inicio = time.monotonic()
                ticket, estado = cliente.consultar_guia(comprobante.nombre)
                with transaction.atomic():
                    _aplicar_estado(comprobante, TicketGre.objects.create(comprobante=comprobante, numero=ticket), estado, inicio, CONSULTA_GUIA)
            else:
                TicketGre.objects.create(comprobante=comprobante, numero=ticket, recibido=recibido, proxima_consulta=timezone.now() + espera(0))
                comprobante.codigo_respuesta = ""
                comprobante.descripcion = f"SUNAT recibió la guía (ticket {ticket}) y la está procesando."
                _registrar_intento(comprobante, ENVIO, inicio, IntentoEnvio.Resultado.ACEPTADO, "", f"Ticket {ticket}")
        except ErrorSunat as exc:
            _registrar_intento(comprobante, ENVIO, inicio, IntentoEnvio.Resultado.ERROR, exc.codigo, str(exc))
            _error(comprobante, exc)
            intento.error = exc
    return comprobante


def _aplicar_estado(comprobante: ComprobanteElectronico, ticket: TicketGre, estado: EstadoEnvioGre, inicio: float, operacion: str) -> None:
    """SUNAT's status of a guide's ticket on the guide: 98 schedules the next poll, 0 stores the CDR, 99 the rejection."""
    if estado.en_proceso:
        ticket.proxima_consulta = timezone.now() + espera(ticket.consultas)
        comprobante.descripcion = (
            f"SUNAT aún procesa la guía (ticket {ticket.numero}, {ticket.consultas} consultas); "
            f"se consultará de nuevo a las {timezone.localtime(ticket.proxima_consulta):%H:%M:%S}."
        )
        _registrar_intento(comprobante, operacion, inicio, IntentoEnvio.Resultado.FALLA, "98", "En proceso")
    else:
        ticket.proxima_consulta = None
        if estado.cdr_zip:
            _aplicar_cdr(comprobante, leer_cdr_zip(estado.cdr_zip), estado.cdr_zip)
            ticket.enlace = enlace_del_cdr(estado.cdr_zip)
        if estado.codigo == "99":
            # Rejected: SUNAT's error, with the CDR when it generated one.
            comprobante.estado = EstadoCpe.RECHAZADO
            comprobante.codigo_respuesta = estado.error_codigo or comprobante.codigo_respuesta
            comprobante.descripcion = estado.error_mensaje or comprobante.descripcion
            comprobante.reintentable, comprobante.enviado = False, timezone.now()
        _registrar_intento(comprobante, operacion, inicio, comprobante.estado, comprobante.codigo_respuesta, comprobante.descripcion)
    ticket.save(update_fields=["proxima_consulta", "enlace"])


def _tomar_ticket(comprobante_id: int) -> TicketGre | None:
    """Lease the guide for one poll of its ticket, or None if it is settled or another worker polls it now."""
    ahora = timezone.now()
    tomado = (
        ComprobanteElectronico.objects.filter(pk=comprobante_id, estado=EstadoCpe.ENVIANDO, ticket_gre__isnull=False)
        .filter(Q(enviando_hasta__isnull=True) | Q(enviando_hasta__lt=ahora))
        .update(enviando_hasta=ahora + PLAZO_CONSULTA)
    )
    if not tomado:
        return None
    TicketGre.objects.filter(comprobante_id=comprobante_id).update(consultas=F("consultas") + 1)
    return TicketGre.objects.get(comprobante_id=comprobante_id)


def cpe_guia_consultar(*, comprobante_id: int, cliente: ClienteGre | None = None) -> ComprobanteElectronico | None:
    """Poll a guide's ticket once: 98 keeps it in process (next poll with backoff), 0 stores the CDR, 99 the rejection."""
    ticket = _tomar_ticket(comprobante_id)
    if ticket is None:
        return ComprobanteElectronico.objects.filter(pk=comprobante_id).first()
    comprobante = ComprobanteElectronico.con_archivos.select_related("empresa").get(pk=comprobante_id)
    comprobante.enviando_hasta = None  # the lease ends with this poll
    inicio = time.monotonic()
    try:
        estado = (cliente or ClienteGre(comprobante.empresa)).consultar(ticket.numero)
    except ErrorSunat as exc:
        _registrar_intento(comprobante, CONSULTA, inicio, IntentoEnvio.Resultado.ERROR, exc.codigo, str(exc))
        TicketGre.objects.filter(pk=ticket.pk).update(proxima_consulta=timezone.now() + espera(ticket.consultas))
        if not exc.reintentable:
            _error(comprobante, exc)
        comprobante.save()
        if exc.reintentable:
            raise
        return comprobante
    with transaction.atomic():
        _aplicar_estado(comprobante, ticket, estado, inicio, CONSULTA)
        comprobante.save()
    return comprobante


def guias_por_atender(ahora: datetime.datetime | None = None) -> tuple[list[int], list[int]]:
    """(to send, to poll): guides left pending or in a retryable error that is due, and tickets due."""
    ahora = ahora or timezone.now()
    guias = ComprobanteElectronico.objects.filter(guia__isnull=False)
    enviar = guias.filter(
        Q(estado=EstadoCpe.PENDIENTE, creado__lte=ahora - datetime.timedelta(minutes=2))
        | Q(estado=EstadoCpe.ERROR, reintentable=True, proximo_intento__lte=ahora)
        | Q(estado=EstadoCpe.ENVIANDO, enviando_hasta__lt=ahora, ticket_gre__isnull=True)
    )
    consultar = guias.filter(estado=EstadoCpe.ENVIANDO, ticket_gre__proxima_consulta__lte=ahora)
    return list(enviar.order_by("id").values_list("id", flat=True)[:500]), list(consultar.order_by("id").values_list("id", flat=True)[:500])


def cpe_guia_enviar_sincrono(*, comprobante_id: int) -> ComprobanteElectronico:
    """The office's "Enviar a SUNAT": send (or poll the ticket), then poll once more; SUNAT's outages stay as the CPE's state."""
    for paso in (cpe_guia_enviar, cpe_guia_consultar):
        try:
            paso(comprobante_id=comprobante_id)
        except ErrorSunat:
            break
    return ComprobanteElectronico.objects.get(pk=comprobante_id)


def mensaje_guia(comprobante: ComprobanteElectronico) -> str:
    """SUNAT's situation of a guide in one sentence."""
    nombre = f"La guía {comprobante.numeracion}"
    if comprobante.estado == EstadoCpe.ACEPTADO:
        return f"{nombre} fue aceptada por SUNAT."
    if comprobante.estado == EstadoCpe.OBSERVADO:
        notas = "; ".join(f"{o['codigo']} {o['mensaje']}" for o in comprobante.observaciones)
        return f"{nombre} fue aceptada con observaciones: {notas}"
    if comprobante.estado == EstadoCpe.RECHAZADO:
        return f"{nombre} fue rechazada por SUNAT: {comprobante.codigo_respuesta} {comprobante.descripcion}"
    if comprobante.estado == EstadoCpe.ENVIANDO:
        return f"{nombre}: {comprobante.descripcion}"
    if comprobante.estado == EstadoCpe.PENDIENTE:
        return f"{nombre} está pendiente de envío."
    return f"{nombre} no se pudo enviar: {comprobante.descripcion}"
