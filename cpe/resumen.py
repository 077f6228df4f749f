"""Daily summaries of boletas (RC) and voiding communications (RA): build, send with sendSummary, poll getStatus.

Every step is persisted and can be repeated, so a job killed anywhere resumes:

1. `resumenes_generar` builds the summaries of what is pending, each with its
   lines, signed XML and zip, under a lock on the company's CPE
   configuration: two jobs at once never summarise a boleta twice (the
   second finds nothing pending, and a unique constraint backs it).
   Summaries are per issue date, at most 500 lines, RC-YYYYMMDD-N with N
   counted per generation day.
2. `resumen_enviar` leases the summary, calls sendSummary and keeps the
   ticket. A lease left by a dead worker expires and the same file is sent
   again: SUNAT answers 2223 (already presented) for a summary it had
   registered, which for a summary we sent before means accepted.
3. `resumen_consultar` calls getStatus: 98 polls again later (backing off, up
   to a day), 0 and 99 close it with the CDR, 0127 (unknown ticket) sends it
   again. The verdict reaches every line's document in the same transaction.
"""

import datetime
import logging
import time
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from billing.models import ComprobanteOtro
from billing.otros import comprobante_otro_revertido
from billing.services import documento_anular
from cpe import selectors
from cpe.cdr import Cdr, EstadoCdr
from cpe.empaquetado import empaquetar, nombre_resumen
from cpe.firma import FirmaError, firmar_para_empresa
from cpe.models import (
    ESTADOS_FINALES,
    FINALES_RESUMEN,
    ComprobanteElectronico,
    Condicion,
    ConfiguracionCpe,
    EstadoCpe,
    EstadoResumen,
    IntentoResumen,
    LineaResumen,
    Resumen,
    TipoResumen,
)
from cpe.sunat import ClienteSunat, ErrorSunat, EstadoTicket
from cpe.ubl_resumen import (
    MAX_LINEAS,
    LineaBaja,
    Percepcion,
    construir_baja,
    construir_resumen,
)
from cpe.ubl_resumen import (
    LineaResumen as DatosLinea,
)
from erp.archivos import AlmacenNoDisponible, guardar_archivo
from erp.models import Empresa

log = logging.getLogger(__name__)

TICKET_DESCONOCIDO = "0127"
YA_PRESENTADO = "2223"
# How long SUNAT may keep a ticket "in process" before the summary is shown as stuck.
PLAZO_TICKET = datetime.timedelta(hours=24)
MAX_CORRELATIVO = 99999  # five digits


def plazo_envio() -> datetime.timedelta:
    """How long a worker holds a summary while it talks to SUNAT: the client's own time limits and a margin."""
    return datetime.timedelta(seconds=settings.SUNAT_TIMEOUT_CONEXION + settings.SUNAT_TIMEOUT_LECTURA + 5)


def espera(consultas: int) -> datetime.timedelta:
    """Wait before the next getStatus or retry: 2, 4, 8... seconds, at most 10 minutes."""
    return datetime.timedelta(seconds=min(2 * 2 ** max(consultas - 1, 0), 600))


# --------------------------------------------------------------------------- building


def bloquear_empresa(empresa_id: int) -> ConfiguracionCpe:
    """Row-lock the company's CPE configuration: summaries and voidings of one company are built one at a time."""
    ConfiguracionCpe.objects.get_or_create(empresa_id=empresa_id)
    return ConfiguracionCpe.objects.select_for_update(of=("self",)).select_related("empresa").get(empresa_id=empresa_id)


def resumen_crear(*, empresa: Empresa, tipo: str, fecha_emision: datetime.date, usuario=None) -> Resumen:
    """A new summary numbered after the day's last one (call with the company locked)."""
    hoy = timezone.localdate()
    ultimo = (
        Resumen.objects.filter(empresa=empresa, tipo=tipo, fecha_generacion=hoy).aggregate(m=Max("correlativo"))["m"]
        or 0
    )
    if ultimo >= MAX_CORRELATIVO:
        raise ValidationError(f"Se agotaron los correlativos de {TipoResumen(tipo).label.lower()} del {hoy:%d/%m/%Y}.")
    return Resumen.objects.create(
        empresa=empresa,
        tipo=tipo,
        fecha_generacion=hoy,
        correlativo=ultimo + 1,
        fecha_emision=fecha_emision,
        nombre=nombre_resumen(empresa.ruc, tipo, hoy, ultimo + 1),
        creado_por=usuario,
    )


# Fields of a line's document, read in one query for the whole summary.
_CAMPOS = {
    "numero": "numero",
    "condicion": "condicion",
    "motivo": "motivo",
    "tipo": "comprobante__tipo",
    "serie": "comprobante__serie",
    "correlativo": "comprobante__numero",
    "moneda": "comprobante__documento__moneda__codigo",
    "cliente_tipo": "comprobante__documento__cliente_tipo_documento",
    "cliente_numero": "comprobante__documento__cliente_numero_documento",
    "importe_total": "comprobante__documento__importe_total",
    "gravadas": "comprobante__documento__total_gravadas",
    "gravadas_ivap": "comprobante__documento__total_gravadas_ivap",
    "exoneradas": "comprobante__documento__total_exoneradas",
    "inafectas": "comprobante__documento__total_inafectas",
    "exportacion": "comprobante__documento__total_exportacion",
    "gratuitas": "comprobante__documento__total_gratuitas",
    "otros_cargos": "comprobante__documento__total_otros_cargos",
    "igv": "comprobante__documento__total_igv",
    "ivap": "comprobante__documento__total_ivap",
    "isc": "comprobante__documento__total_isc",
    "icbper": "comprobante__documento__total_icbper",
    "ref_tipo": "comprobante__documento__documento_referencia__tipo",
    "ref_serie": "comprobante__documento__documento_referencia__serie__serie",
    "ref_numero": "comprobante__documento__documento_referencia__numero",
    "percepcion_regimen": "comprobante__documento__percepcion_regimen",
    "percepcion_base": "comprobante__documento__percepcion_base",
    "percepcion_monto": "comprobante__documento__percepcion_monto",
}


def _datos_resumen(fila: dict) -> DatosLinea:
    percepcion = None
    if fila["percepcion_regimen"] and fila["percepcion_monto"]:
        percepcion = Percepcion(
            fila["percepcion_regimen"],
            fila["percepcion_base"],
            fila["percepcion_monto"],
            fila["percepcion_base"] + fila["percepcion_monto"],
        )
    referencia = None
    if fila["tipo"] in ("07", "08") and fila["ref_tipo"]:
        referencia = (fila["ref_tipo"], f"{fila['ref_serie']}-{fila['ref_numero']}")
    return DatosLinea(
        numero=fila["numero"],
        tipo=fila["tipo"],
        serie=fila["serie"],
        correlativo=fila["correlativo"],
        condicion=fila["condicion"],
        moneda=fila["moneda"],
        cliente_tipo=fila["cliente_tipo"] or "-",
        cliente_numero=fila["cliente_numero"] or "-",
        importe_total=fila["importe_total"],
        gravadas=fila["gravadas"] + fila["gravadas_ivap"],
        exoneradas=fila["exoneradas"],
        inafectas=fila["inafectas"],
        exportacion=fila["exportacion"],
        gratuitas=fila["gratuitas"],
        otros_cargos=fila["otros_cargos"],
        igv=fila["igv"],
        ivap=fila["ivap"],
        isc=fila["isc"],
        icbper=fila["icbper"],
        referencia=referencia,
        percepcion=percepcion,
    )


def resumen_generar_archivos(resumen: Resumen) -> None:
    """Build, sign and zip the summary from its lines (not saved). Never called once it reached SUNAT."""
    empresa = resumen.empresa
    filas = list(resumen.lineas.order_by("numero").values(*_CAMPOS.values()))
    filas = [{clave: fila[campo] for clave, campo in _CAMPOS.items()} for fila in filas]
    comun = {
        "ruc": empresa.ruc,
        "razon_social": empresa.razon_social,
        "identificador": resumen.identificador,
        "fecha_emision": resumen.fecha_emision,
        "fecha_generacion": resumen.fecha_generacion,
    }
    if resumen.tipo == TipoResumen.RESUMEN:
        xml = construir_resumen(lineas=[_datos_resumen(f) for f in filas], **comun)
    else:
        lineas = [LineaBaja(f["numero"], f["tipo"], f["serie"], f["correlativo"], f["motivo"]) for f in filas]
        xml = construir_baja(lineas=lineas, **comun)
    firmado = firmar_para_empresa(xml, empresa, algoritmo=ConfiguracionCpe.de(empresa).algoritmo_firma)
    resumen.xml, resumen.hash = firmado.xml, firmado.hash
    resumen.zip = empaquetar(resumen.nombre, firmado.xml)


def resumen_firmar(resumen: Resumen) -> None:
    """Generate the files and save; a signing problem leaves the summary in error with the cause."""
    try:
        resumen_generar_archivos(resumen)
    except FirmaError as exc:
        resumen.estado, resumen.reintentable, resumen.descripcion = EstadoResumen.ERROR, False, str(exc)
    resumen.save()


def resumenes_generar(*, empresa_id: int, fecha=None, hasta=None, usuario=None) -> list[Resumen]:
    """The daily summaries of everything pending of the company, by issue date (`fecha`, or up to `hasta`).

    Pending: boletas and notes of boletas not added yet (when the company
    informs them by summary), and queued voidings or modifications.
    """
    with transaction.atomic():
        configuracion = bloquear_empresa(empresa_id)
        # (sort key, new document id or None, queued line or None) per issue date.
        por_fecha: dict[datetime.date, list] = defaultdict(list)
        if configuracion.boletas_por_resumen:
            nuevas = selectors.boletas_por_informar(empresa_id=empresa_id, fecha=fecha, hasta=hasta)
            for pk, emision, tipo, serie, numero in nuevas.values_list(
                "pk", "documento__fecha_emision", "tipo", "serie", "numero"
            ):
                por_fecha[emision].append(((tipo, serie, numero), pk, None))
        en_cola = selectors.solicitudes_en_cola(empresa_id=empresa_id, fecha=fecha, hasta=hasta)
        for linea in en_cola.values(
            "id",
            "comprobante__documento__fecha_emision",
            "comprobante__tipo",
            "comprobante__serie",
            "comprobante__numero",
        ):
            clave = (linea["comprobante__tipo"], linea["comprobante__serie"], linea["comprobante__numero"])
            por_fecha[linea["comprobante__documento__fecha_emision"]].append((clave, None, linea["id"]))
        creados = []
        for emision in sorted(por_fecha):
            items = sorted(por_fecha[emision], key=lambda item: item[0])
            for inicio in range(0, len(items), MAX_LINEAS):
                resumen = resumen_crear(
                    empresa=configuracion.empresa, tipo=TipoResumen.RESUMEN, fecha_emision=emision, usuario=usuario
                )
                nuevas, encoladas = [], []
                for numero, (_, comprobante_id, linea_id) in enumerate(items[inicio : inicio + MAX_LINEAS], 1):
                    if linea_id is None:
                        nuevas.append(
                            LineaResumen(
                                resumen=resumen,
                                comprobante_id=comprobante_id,
                                numero=numero,
                                condicion=Condicion.ADICIONAR,
                            )
                        )
                    else:
                        encoladas.append(LineaResumen(pk=linea_id, resumen=resumen, numero=numero))
                LineaResumen.objects.bulk_create(nuevas)
                LineaResumen.objects.bulk_update(encoladas, ["resumen", "numero"])
                resumen_firmar(resumen)
                creados.append(resumen)
    return creados


# --------------------------------------------------------------------------- sending


def _registrar(resumen: Resumen, operacion: str, inicio: float, codigo: str = "", mensaje: str = "") -> None:
    duracion = time.monotonic() - inicio
    IntentoResumen.objects.create(
        resumen=resumen,
        operacion=operacion,
        ticket=resumen.ticket,
        inicio=timezone.now() - datetime.timedelta(seconds=duracion),
        duracion_ms=int(duracion * 1000),
        codigo=codigo,
        mensaje=mensaje[:2000],
    )


def _tomar(resumen_id: int) -> Resumen | None:
    """Lease the summary for this worker, or None when it needs no sending or another worker has it."""
    ahora = timezone.now()
    with transaction.atomic():
        resumen = Resumen.con_archivos.select_for_update(of=("self",)).select_related("empresa").get(pk=resumen_id)
        if resumen.finalizado or resumen.estado == EstadoResumen.EN_PROCESO:
            return None
        if resumen.estado == EstadoResumen.ENVIANDO and resumen.enviando_hasta and resumen.enviando_hasta > ahora:
            return None
        resumen.estado = EstadoResumen.ENVIANDO
        resumen.enviando_hasta = ahora + plazo_envio()
        resumen.intentos += 1
        resumen.save(update_fields=["estado", "enviando_hasta", "intentos", "modificado"])
    return resumen


def resumen_enviar(*, resumen_id: int, cliente: ClienteSunat | None = None) -> Resumen:
    """sendSummary: keep SUNAT's ticket, or the error (retried later when it may pass by itself)."""
    resumen = _tomar(resumen_id)
    if resumen is None:
        return Resumen.objects.get(pk=resumen_id)
    inicio = time.monotonic()
    try:
        if not resumen.zip:
            resumen_generar_archivos(resumen)
        cliente = cliente or ClienteSunat.para_empresa(resumen.empresa)
        ticket = cliente.enviar_resumen(f"{resumen.nombre}.zip", resumen.zip)
    except FirmaError as exc:
        resumen.estado, resumen.reintentable, resumen.descripcion = EstadoResumen.ERROR, False, str(exc)
    except ErrorSunat as exc:
        resumen.estado, resumen.codigo_respuesta, resumen.descripcion = EstadoResumen.ERROR, exc.codigo, str(exc)
        resumen.reintentable = bool(exc.reintentable)
        resumen.proximo_intento = timezone.now() + espera(resumen.intentos)
        _registrar(resumen, "sendSummary", inicio, exc.codigo, str(exc))
    else:
        resumen.estado, resumen.ticket, resumen.consultas = EstadoResumen.EN_PROCESO, ticket, 0
        resumen.codigo_respuesta, resumen.descripcion, resumen.reintentable = "", "", True
        resumen.enviado = timezone.now()
        resumen.proximo_intento = resumen.enviado + espera(1)
        _registrar(resumen, "sendSummary", inicio, mensaje=f"Ticket {ticket}")
    resumen.enviando_hasta = None
    resumen.save()
    return resumen


# --------------------------------------------------------------------------- polling and verdict


_ESTADO = {
    EstadoCdr.ACEPTADO: (EstadoResumen.ACEPTADO, EstadoCpe.ACEPTADO),
    EstadoCdr.OBSERVADO: (EstadoResumen.OBSERVADO, EstadoCpe.OBSERVADO),
    EstadoCdr.RECHAZADO: (EstadoResumen.RECHAZADO, EstadoCpe.RECHAZADO),
}


def _aplicar_veredicto(resumen: Resumen, cdr: Cdr) -> None:
    """The CDR closes the summary and reaches each line's document (inside the caller's transaction)."""
    ahora = timezone.now()
    aceptado_antes = cdr.codigo == YA_PRESENTADO and resumen.intentos > 1
    estado_cdr = EstadoCdr.ACEPTADO if aceptado_antes else cdr.estado
    resumen.estado, estado_cpe = _ESTADO[estado_cdr]
    resumen.codigo_respuesta, resumen.descripcion = cdr.codigo, cdr.descripcion
    if aceptado_antes:
        resumen.descripcion = (
            f"SUNAT ya había recibido este resumen en un envío anterior cuya respuesta se perdió ({cdr.codigo}): "
            "se registró entonces."
        )
    resumen.observaciones = [{"codigo": n.codigo, "mensaje": n.mensaje} for n in cdr.notas]
    resumen.resuelto, resumen.proximo_intento, resumen.reintentable = ahora, None, False
    lineas = list(
        resumen.lineas.values_list(
            "id", "comprobante_id", "comprobante__documento_id", "condicion", "solicitado_por_id"
        )
    )
    informadas = [cpe for _, cpe, _, condicion, _ in lineas if condicion != Condicion.ANULAR]
    anuladas = [(cpe, doc, usuario) for _, cpe, doc, condicion, usuario in lineas if condicion == Condicion.ANULAR]
    descripcion = f"{resumen.identificador}: {resumen.descripcion}"[:2000]
    if informadas:
        # A document already settled by itself (sent alone meanwhile) keeps its own verdict.
        ComprobanteElectronico.objects.filter(pk__in=informadas).exclude(estado__in=ESTADOS_FINALES).update(
            estado=estado_cpe,
            codigo_respuesta=resumen.codigo_respuesta,
            descripcion=descripcion,
            observaciones=resumen.observaciones,
            cdr=Resumen._meta.get_field("cdr").value_from_object(resumen),  # the summary's CDR file, shared
            enviado=ahora,
            reintentable=False,
            modificado=ahora,
        )
    if estado_cpe == EstadoCpe.RECHAZADO:
        # Nothing of a rejected summary was registered: its documents may be informed or voided again.
        resumen.lineas.update(vigente=False)
        if resumen.tipo == TipoResumen.REVERSION:
            ComprobanteOtro.objects.filter(cpe__in=[cpe for cpe, _, _ in anuladas], estado=ComprobanteOtro.Estado.POR_REVERTIR).update(
                estado=ComprobanteOtro.Estado.EMITIDO
            )
    else:
        for comprobante_id, documento_id, usuario_id in anuladas:
            ComprobanteElectronico.objects.filter(pk=comprobante_id).update(
                estado=EstadoCpe.ANULADO, descripcion=f"Anulado en SUNAT: {descripcion}"[:2000], modificado=ahora
            )
            if documento_id is None:  # a retention or perception reverted (RR)
                otro = ComprobanteOtro.objects.filter(cpe=comprobante_id).values_list("pk", flat=True).first()
                comprobante_otro_revertido(comprobante_id=otro)
                continue
            usuario = get_user_model().objects.filter(pk=usuario_id).first() if usuario_id else None
            documento_anular(documento_id=documento_id, fecha=timezone.localdate(), usuario=usuario)


def resumen_consultar(*, resumen_id: int, cliente: ClienteSunat | None = None) -> Resumen:
    """getStatus of the summary's ticket; the verdict, when there is one, is applied at once.

    Two pollers never handle one ticket together: the second skips it.
    """
    with transaction.atomic():
        resumen = (
            Resumen.con_archivos.select_for_update(skip_locked=True, of=("self",))
            .select_related("empresa")
            .filter(pk=resumen_id)
            .first()
        )
        if (
            resumen is None
            or not resumen.ticket
            or resumen.estado not in (EstadoResumen.EN_PROCESO, EstadoResumen.ERROR)
        ):
            return resumen or Resumen.objects.get(pk=resumen_id)
        if resumen.estado == EstadoResumen.ERROR and resumen.reintentable:
            return resumen  # waiting to be sent again
        inicio = time.monotonic()
        resumen.consultas += 1
        try:
            cliente = cliente or ClienteSunat.para_empresa(resumen.empresa)
            estado = cliente.consultar_ticket(resumen.ticket, tipo=resumen.tipo)
        except ErrorSunat as exc:
            _registrar(resumen, "getStatus", inicio, exc.codigo, str(exc))
            _error_consulta(resumen, exc)
        else:
            _registrar(resumen, "getStatus", inicio, estado.codigo, estado.cdr.descripcion if estado.cdr else "")
            _estado_ticket(resumen, estado)
        resumen.save()
    return resumen


def _estado_ticket(resumen: Resumen, estado: EstadoTicket) -> None:
    ahora = timezone.now()
    if estado.cdr is not None:
        try:
            guardar_archivo(resumen, "cdr", estado.zip)
        except AlmacenNoDisponible as exc:
            # SUNAT keeps the verdict of the ticket: the next poll asks for it again.
            resumen.estado, resumen.proximo_intento = EstadoResumen.EN_PROCESO, ahora + espera(resumen.consultas)
            resumen.descripcion = (
                f"SUNAT respondió {estado.cdr.codigo}, pero su constancia (CDR) no se pudo guardar ({exc}): "
                f"se consultará de nuevo el ticket {resumen.ticket}."
            )
            return
        _aplicar_veredicto(resumen, estado.cdr)
        return
    resumen.estado = EstadoResumen.EN_PROCESO
    if estado.en_proceso and ahora - (resumen.enviado or ahora) < PLAZO_TICKET:
        resumen.descripcion = f"SUNAT está procesando el ticket {resumen.ticket} (98)."
        resumen.proximo_intento = ahora + espera(resumen.consultas)
        return
    resumen.estado, resumen.reintentable, resumen.proximo_intento = EstadoResumen.ERROR, False, None
    resumen.codigo_respuesta = estado.codigo
    if estado.en_proceso:
        resumen.descripcion = (
            f"SUNAT no terminó de procesar el ticket {resumen.ticket} en {PLAZO_TICKET.total_seconds() / 3600:.0f} horas "
            f"({resumen.consultas} consultas). Consulte su estado más tarde."
        )
    else:
        resumen.descripcion = (
            f"SUNAT respondió {estado.codigo} al consultar el ticket {resumen.ticket}, sin su constancia (CDR)."
        )


def _error_consulta(resumen: Resumen, exc: ErrorSunat) -> None:
    ahora = timezone.now()
    resumen.codigo_respuesta = exc.codigo
    if exc.codigo == TICKET_DESCONOCIDO:
        # SUNAT lost the ticket: the same file goes again (2223 then tells it had been registered).
        resumen.descripcion = (
            f"SUNAT no reconoce el ticket {resumen.ticket} ({exc.codigo}): el resumen se enviará de nuevo."
        )
        resumen.estado, resumen.reintentable, resumen.ticket, resumen.proximo_intento = (
            EstadoResumen.ERROR,
            True,
            "",
            ahora,
        )
    elif exc.reintentable:
        resumen.estado, resumen.descripcion = EstadoResumen.EN_PROCESO, f"No se pudo consultar el ticket: {exc}"
        resumen.proximo_intento = ahora + espera(resumen.consultas)
    else:
        resumen.estado, resumen.reintentable, resumen.descripcion = EstadoResumen.ERROR, False, str(exc)
        resumen.proximo_intento = None


# --------------------------------------------------------------------------- jobs


def resumenes_atender(*, empresa_id: int | None = None, limite: int = 100) -> list[Resumen]:
    """Send what is due and poll open tickets; what another worker holds is left to it."""
    ahora = timezone.now()
    atendidos = []
    por_enviar = selectors.resumenes_por_enviar(ahora)
    por_consultar = selectors.tickets_por_consultar(ahora)
    if empresa_id is not None:
        por_enviar, por_consultar = (
            por_enviar.filter(empresa_id=empresa_id),
            por_consultar.filter(empresa_id=empresa_id),
        )
    for pk in por_enviar.order_by("id").values_list("pk", flat=True)[:limite]:
        atendidos.append(resumen_enviar(resumen_id=pk))
    for pk in por_consultar.order_by("proximo_intento", "id").values_list("pk", flat=True)[:limite]:
        atendidos.append(resumen_consultar(resumen_id=pk))
    return atendidos


def resumen_reenviar_en_nuevo(*, resumen_id: int, usuario=None) -> list[Resumen]:
    """A rejected daily summary's documents go again, in new summaries (once the cause was corrected)."""
    with transaction.atomic():
        resumen = Resumen.objects.select_for_update().get(pk=resumen_id)
        if resumen.tipo != TipoResumen.RESUMEN or resumen.estado != EstadoResumen.RECHAZADO:
            raise ValidationError("Solo se vuelven a informar los comprobantes de un resumen diario rechazado.")
        lineas = list(resumen.lineas.values_list("comprobante_id", "condicion", "motivo"))
        if LineaResumen.objects.filter(comprobante_id__in=[cpe for cpe, _, _ in lineas], vigente=True).exists():
            raise ValidationError(f"Los comprobantes de {resumen} ya se volvieron a informar.")
        adicionar = [cpe for cpe, condicion, _ in lineas if condicion == Condicion.ADICIONAR]
        ComprobanteElectronico.objects.filter(pk__in=adicionar, estado=EstadoCpe.RECHAZADO).update(
            estado=EstadoCpe.PENDIENTE, codigo_respuesta="", descripcion="", modificado=timezone.now()
        )
        LineaResumen.objects.bulk_create(
            LineaResumen(comprobante_id=cpe, condicion=condicion, motivo=motivo, solicitado_por=usuario)
            for cpe, condicion, motivo in lineas
            if condicion != Condicion.ADICIONAR
        )
        creados = resumenes_generar(empresa_id=resumen.empresa_id, fecha=resumen.fecha_emision, usuario=usuario)
    return creados


def resumen_diario_ejecutar(*, empresa_id: int | None = None, fecha: datetime.date | None = None) -> list[Resumen]:
    """The daily job: build the summaries of `fecha` (by default every pending day up to yesterday) and send them.

    Returns the daily summaries of those days that are not settled yet, sent or not.
    """
    hasta = None if fecha else timezone.localdate() - datetime.timedelta(days=1)
    empresas = [empresa_id] if empresa_id else list(Empresa.objects.filter(activo=True).values_list("pk", flat=True))
    abiertos = []
    for empresa in empresas:
        resumenes_generar(empresa_id=empresa, fecha=fecha, hasta=hasta)
        del_dia = Resumen.objects.filter(empresa_id=empresa, tipo=TipoResumen.RESUMEN)
        del_dia = del_dia.filter(fecha_emision=fecha) if fecha else del_dia.filter(fecha_emision__lte=hasta)
        for pk in selectors.resumenes_por_enviar().filter(pk__in=del_dia).order_by("id").values_list("pk", flat=True):
            resumen_enviar(resumen_id=pk)
        abiertos += del_dia.exclude(estado__in=FINALES_RESUMEN).order_by("id")
    return abiertos


def resumen_avanzar(*, resumen_id: int, manual: bool = False) -> Resumen:
    """One step toward SUNAT's verdict: send the summary if it is due, else poll its ticket.

    `manual` (the office's "Enviar"): a summary without a ticket is sent now,
    even after an error that needed a correction.
    """
    resumen = Resumen.objects.get(pk=resumen_id)
    sin_ticket = resumen.estado in (EstadoResumen.PENDIENTE, EstadoResumen.ERROR) and not resumen.ticket
    if (manual and sin_ticket) or selectors.resumenes_por_enviar().filter(pk=resumen_id).exists():
        return resumen_enviar(resumen_id=resumen_id)
    return resumen_consultar(resumen_id=resumen_id)
