"""Business actions on sales documents, quotations, orders, work orders and payments."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from billing import calculo, otros, totals
from billing.models import (
    AnticipoAplicado,
    Cotizacion,
    Cuota,
    Devolucion,
    DocumentoVenta,
    LineaDocumento,
    MetodoPago,
    MotivoNotaCredito,
    MotivoNotaDebito,
    OrdenTrabajo,
    Pago,
    Pedido,
    TipoDocumentoVenta,
    TipoOperacion,
    TipoOtro,
)
from billing.senales import (
    documento_adjuntos,
    documento_corregido,
    documento_emitido,
    documento_por_eliminar,
    documento_por_modificar,
)
from billing.tesoreria import cartera
from billing.tesoreria import selectors as tesoreria_lecturas
from billing.tesoreria import services as tesoreria
from billing.tesoreria.models import Caja
from erp.models import Serie
from erp.services import serie_asignar_numero
from inventory import services as inventario
from inventory.selectors import almacen_principal

LIMITE_BOLETA_SIN_DOCUMENTO = Decimal("700.00")
EXPORTACION = {TipoOperacion.EXPORTACION_BIENES, TipoOperacion.EXPORTACION_SERVICIOS, TipoOperacion.NO_DOMICILIADOS}
# Table 10 of the kardex for each sales document type.
TABLA10 = {"01": "01", "03": "03", "07": "07", "08": "08", "NV": "00"}


def _sin_documento(cliente) -> bool:
    return cliente.numero_documento in ("", "-")


def validar_y_calcular(documento: DocumentoVenta, lineas: list[LineaDocumento], cuotas: list[Cuota]):
    """The rules SUNAT and the office rely on, then the totals; returns the engine's result.

    Problems of form are reported together before calculating; those that
    depend on the amounts, after.
    """
    errores = _errores_de_forma(documento, lineas)
    if errores:
        raise ValidationError(errores)
    resultado = calculo.recalcular(documento, lineas)
    errores = _errores_de_montos(documento, cuotas, resultado.neto_pendiente)
    if errores:
        raise ValidationError(errores)
    return resultado


def _errores_de_forma(documento: DocumentoVenta, lineas: list[LineaDocumento]) -> list[str]:
    errores = []
    tipo = documento.tipo
    serie = documento.serie
    if serie.tipo_documento != tipo:
        errores.append(f"La serie {serie.serie} no es de {documento.get_tipo_display().lower()}.")
    if serie.sucursal_id != documento.sucursal_id:
        errores.append(f"La serie {serie.serie} no pertenece a la sucursal {documento.sucursal}.")
    if not lineas:
        errores.append("Agregue al menos un producto o servicio al detalle.")
    for linea in lineas:
        if linea.cantidad is None or linea.cantidad <= 0:
            errores.append(f"La cantidad de «{linea.descripcion}» debe ser mayor que cero.")
    cliente = documento.cliente
    referencia = documento.documento_referencia
    if tipo == TipoDocumentoVenta.FACTURA and not cliente.tiene_ruc and documento.tipo_operacion not in EXPORTACION:
        errores.append("La factura solo se emite a clientes con RUC; para este cliente emita una boleta.")
    if tipo == TipoDocumentoVenta.FACTURA and serie.serie[0] != "F":
        errores.append("La serie de una factura empieza con F.")
    if tipo == TipoDocumentoVenta.BOLETA and serie.serie[0] != "B":
        errores.append("La serie de una boleta empieza con B.")
    if documento.percepcion_regimen and documento.tipo_operacion != TipoOperacion.PERCEPCION:
        errores.append("Una venta con percepción es del tipo de operación 2001 (operación sujeta a percepción).")
    if documento.es_nota:
        errores += _errores_de_nota(documento, referencia)
    return errores


def _errores_de_montos(documento: DocumentoVenta, cuotas: list[Cuota], neto_pendiente: Decimal) -> list[str]:
    errores = []
    if documento.tipo == TipoDocumentoVenta.BOLETA and _sin_documento(documento.cliente):
        total_soles = documento.importe_total * (documento.tipo_cambio if documento.moneda.codigo != "PEN" else 1)
        if total_soles > LIMITE_BOLETA_SIN_DOCUMENTO:
            errores.append(
                f"Una boleta de más de S/ {LIMITE_BOLETA_SIN_DOCUMENTO} requiere el DNI, RUC u otro documento del cliente."
            )
    if documento.tipo == TipoDocumentoVenta.NOTA_CREDITO and documento.motivo_nota == MotivoNotaCredito.AJUSTE_PAGO:
        errores += _errores_de_ajuste_de_pago(documento, cuotas)
    elif documento.forma_pago == DocumentoVenta.FormaPago.CREDITO and documento.es_electronico:
        errores += _errores_de_credito(documento, cuotas, neto_pendiente)
    referencia = documento.documento_referencia
    if documento.tipo == TipoDocumentoVenta.NOTA_CREDITO and referencia is not None:
        acreditado = sum(
            (
                n.importe_total
                for n in referencia.notas.filter(tipo=TipoDocumentoVenta.NOTA_CREDITO, estado=DocumentoVenta.Estado.EMITIDO).exclude(pk=documento.pk)
            ),
            Decimal("0"),
        )
        if acreditado + documento.importe_total > referencia.importe_total:
            errores.append(
                f"Las notas de crédito sumarían {acreditado + documento.importe_total}, más que el documento ({referencia.importe_total})."
            )
    return errores


def _errores_de_nota(nota: DocumentoVenta, referencia: DocumentoVenta | None) -> list[str]:
    if referencia is None:
        return ["Indique el documento que la nota modifica."]
    errores = []
    if referencia.tipo not in (TipoDocumentoVenta.FACTURA, TipoDocumentoVenta.BOLETA) or referencia.estado != DocumentoVenta.Estado.EMITIDO:
        errores.append("La nota solo modifica una factura o boleta emitida y no anulada.")
    letra = "F" if referencia.tipo == TipoDocumentoVenta.FACTURA else "B"
    if nota.serie.serie[0] != letra:
        errores.append(f"La nota de {referencia.get_tipo_display().lower()} usa una serie que empieza con {letra}.")
    if referencia.cliente_id != nota.cliente_id:
        errores.append("La nota debe ser del mismo cliente que el documento que modifica.")
    if referencia.moneda_id != nota.moneda_id:
        errores.append("La nota debe estar en la moneda del documento que modifica.")
    motivos = MotivoNotaCredito if nota.tipo == TipoDocumentoVenta.NOTA_CREDITO else MotivoNotaDebito
    if nota.motivo_nota not in motivos.values:
        errores.append("Elija el motivo de la nota.")
    if not nota.sustento.strip():
        errores.append("Escriba el sustento de la nota.")
    return errores


def _errores_de_credito(documento: DocumentoVenta, cuotas: list[Cuota], pendiente: Decimal) -> list[str]:
    if not cuotas:
        return ["Una venta al crédito requiere sus cuotas (SUNAT exige la fecha y el monto de cada una)."]
    errores = []
    suma = sum((c.monto for c in cuotas), Decimal("0"))
    if suma != pendiente:
        errores.append(f"Las cuotas suman {suma} y el monto pendiente de pago es {pendiente}.")
    if any(c.fecha_pago <= documento.fecha_emision for c in cuotas):
        errores.append("Cada cuota vence después de la fecha de emisión.")
    return errores


def _errores_de_ajuste_de_pago(nota: DocumentoVenta, cuotas: list[Cuota]) -> list[str]:
    """A credit note of reason 13 restates a credit factura's instalments: no amount, the new instalments."""
    referencia = nota.documento_referencia
    if referencia is None:
        return []  # reported with the note's form
    errores = []
    if referencia.tipo != TipoDocumentoVenta.FACTURA or referencia.forma_pago != DocumentoVenta.FormaPago.CREDITO:
        errores.append("El motivo 13 (ajuste de montos y/o fechas de pago) corrige las cuotas de una factura al crédito.")
    if nota.importe_total:
        errores.append("Una nota por ajuste de montos y/o fechas de pago (13) no tiene importe: sus líneas van con valor cero.")
    if nota.forma_pago != DocumentoVenta.FormaPago.CREDITO:
        errores.append("Una nota por ajuste de montos y/o fechas de pago (13) es al crédito: elija esa forma de pago.")
    if not cuotas:
        return [*errores, "Registre las nuevas cuotas de la factura (fecha y monto de cada una)."]
    if any(c.fecha_pago <= nota.fecha_emision for c in cuotas):
        errores.append("Cada cuota vence después de la fecha de emisión.")
    suma = sum((c.monto for c in cuotas), Decimal(0))
    pendiente = sum((c.monto for c in referencia.cuotas.all()), Decimal(0))
    if suma > pendiente:
        errores.append(f"Las nuevas cuotas suman {suma}: más que el monto pendiente de pago de {referencia} ({pendiente}).")
    return errores


def _tomar_datos_del_cliente(documento: DocumentoVenta) -> None:
    cliente = documento.cliente
    direccion = cliente.direccion_principal
    documento.cliente_tipo_documento = cliente.tipo_documento.codigo
    documento.cliente_numero_documento = cliente.numero_documento or "-"
    documento.cliente_razon_social = cliente.razon_social
    documento.cliente_direccion = str(direccion) if direccion else ""


def _registrar_stock(documento: DocumentoVenta, lineas: list[LineaDocumento], usuario) -> None:
    """Products leave the branch's warehouse; a credit note for a return brings them back."""
    es_devolucion = documento.tipo == TipoDocumentoVenta.NOTA_CREDITO and documento.motivo_nota in MotivoNotaCredito.devuelven_mercaderia()
    if documento.tipo == TipoDocumentoVenta.NOTA_DEBITO or (documento.tipo == TipoDocumentoVenta.NOTA_CREDITO and not es_devolucion):
        return
    lineas = [linea for linea in lineas if linea.producto and not linea.producto.es_servicio]
    if not lineas:
        return
    almacen = almacen_principal(documento.sucursal)
    comun = {
        "almacen": almacen,
        "fecha": documento.fecha_emision,
        "documento_tipo": TABLA10[documento.tipo],
        "documento_serie": documento.serie.serie,
        "documento_numero": str(documento.numero),
        "usuario": usuario,
        "origen": documento,
    }
    for linea in lineas:
        # One serial per unit, separated by commas or lines (the kardex splits them).
        series = linea.numero_serie
        if es_devolucion:
            inventario.kardex_entrada(producto=linea.producto, cantidad=linea.cantidad, tipo_operacion="05", series=series, **comun)
        else:
            inventario.kardex_salida(producto=linea.producto, cantidad=linea.cantidad, tipo_operacion="01", series=series, **comun)


@dataclass(frozen=True)
class PagoAlEmitir:
    """A document issued already paid in full (a sale registered by an API as paid)."""

    fecha: datetime.date
    metodo_pago: MetodoPago
    referencia: str = ""


def documento_emitir(*, documento_id: int, usuario) -> DocumentoVenta:
    """Issue a draft: validate, number it under the series lock, record stock, queue the CPE.

    Everything happens in one transaction: a failure leaves the draft as it
    was, with no number used and no stock moved.
    """
    with transaction.atomic():
        # Only the document's row is locked; the CPE reads the issuer's data joined here.
        documento = (
            DocumentoVenta.objects.select_for_update(of=("self",))
            .select_related("serie", "cliente__tipo_documento", "moneda", "sucursal", "empresa")
            .get(pk=documento_id)
        )
        if documento.estado != DocumentoVenta.Estado.BORRADOR:
            raise ValidationError(f"{documento} ya fue emitido.")
        _anticipos(documento, [(a.anticipo, a.monto) for a in documento.anticipos_aplicados.select_related("anticipo__serie")])
        _emitir(documento, list(documento.lineas.select_related("producto")), list(documento.cuotas.all()), usuario)
    return documento


def _emitir(documento: DocumentoVenta, lineas: list[LineaDocumento], cuotas: list[Cuota], usuario, pago: PagoAlEmitir | None = None) -> None:
    """Issue a draft, saved or not, with its lines and instalments, inside the caller's transaction.

    The series is locked as late as possible: its lock holds until the
    commit, and every issue of the series waits for it.
    """
    resultado = validar_y_calcular(documento, lineas, cuotas)
    _tomar_datos_del_cliente(documento)
    documento.estado = DocumentoVenta.Estado.EMITIDO
    if documento.hora_emision is None:
        documento.hora_emision = timezone.localtime().time().replace(microsecond=0)
    if documento.importe_total <= 0:
        pago = None  # nothing to pay
    if pago is not None:
        documento.estado_pago, documento.fecha_pago = DocumentoVenta.EstadoPago.PAGADO, pago.fecha
    documento.numero = serie_asignar_numero(serie_id=documento.serie_id)
    documento.save()
    _guardar_nuevas(lineas, cuotas)
    AnticipoAplicado.objects.bulk_create(documento.anticipos_por_aplicar)
    if pago is not None:
        _cobrar(Pago.objects.create(
            documento=documento, fecha=pago.fecha, monto=documento.importe_total, metodo_pago=pago.metodo_pago,
            referencia=pago.referencia, creado_por=usuario,
        ), usuario)  # fmt: skip
    _registrar_stock(documento, lineas, usuario)
    if documento.tipo == TipoDocumentoVenta.NOTA_CREDITO:
        pago_actualizar_estado(documento.documento_referencia)
    documento_emitido.send(sender=DocumentoVenta, documento=documento, lineas=lineas, cuotas=cuotas, totales=resultado)


def borrador_eliminar(*, documento: DocumentoVenta) -> None:
    if documento.estado != DocumentoVenta.Estado.BORRADOR:
        raise ValidationError(
            "Solo se eliminan borradores. Un documento emitido se corrige con una nota o se anula."
        )
    documento.delete()


def nota_importar_lineas(*, nota: DocumentoVenta, referencia: DocumentoVenta) -> None:
    """The manual's "importación": a note starts with the client, currency and lines of the document it modifies.

    The lines come net of what the document deducted as a whole (a note
    carries no global discount nor advance); a reason 13 note takes them
    without amounts, and the factura's instalments to adjust.
    """
    if nota.estado != DocumentoVenta.Estado.BORRADOR:
        raise ValidationError("Solo se importan líneas en una nota en borrador.")
    with transaction.atomic():
        nota.documento_referencia = referencia
        nota.cliente = referencia.cliente
        nota.contacto = referencia.contacto
        nota.moneda = referencia.moneda
        nota.tipo_cambio = referencia.tipo_cambio
        nota.tipo_operacion = referencia.tipo_operacion
        nota.lineas.all().delete()
        campos = [f.name for f in LineaDocumento._meta.concrete_fields if f.name not in ("id", "documento")]
        originales = list(referencia.lineas.all())
        lineas = [LineaDocumento(documento=nota, **{campo: getattr(linea, campo) for campo in campos}) for linea in originales]
        if nota.tipo == TipoDocumentoVenta.NOTA_CREDITO and nota.motivo_nota == MotivoNotaCredito.AJUSTE_PAGO:
            _importar_para_ajuste_de_pago(nota, lineas, referencia)
        else:
            for linea, valor in zip(lineas, totals.valores_en_nota(calculo.calcular(referencia, originales)), strict=True):
                if valor is not None:
                    linea.ingreso_con_igv, linea.valor_unitario, linea.descuento_porcentaje = False, valor, Decimal(0)
        nota.save()
        LineaDocumento.objects.bulk_create(lineas)
        calculo.recalcular(nota)
        nota.save()


def _importar_para_ajuste_de_pago(nota: DocumentoVenta, lineas: list[LineaDocumento], factura: DocumentoVenta) -> None:
    """A reason 13 note restates the instalments: lines without amounts, the factura's instalments to start from."""
    for linea in lineas:
        linea.ingreso_con_igv, linea.precio_unitario, linea.descuento_porcentaje = True, Decimal(0), Decimal(0)
        linea.isc_sistema, linea.isc_tasa, linea.icbper = "", Decimal(0), False
    nota.forma_pago = DocumentoVenta.FormaPago.CREDITO
    nota.cuotas.all().delete()
    Cuota.objects.bulk_create(
        Cuota(documento=nota, numero=c.numero, fecha_pago=c.fecha_pago, monto=c.monto) for c in factura.cuotas.all()
    )


def nota_desde_documento(*, referencia_id: int, tipo: str, usuario) -> DocumentoVenta:
    """"Emitir nota de crédito/débito" on a factura or boleta: a draft note with its client and lines, for the user to adjust."""
    with transaction.atomic():
        referencia = DocumentoVenta.objects.select_related("serie", "sucursal").get(pk=referencia_id)
        if referencia.estado != DocumentoVenta.Estado.EMITIDO or referencia.tipo not in (TipoDocumentoVenta.FACTURA, TipoDocumentoVenta.BOLETA):
            raise ValidationError("Las notas se emiten sobre una factura o boleta emitida.")
        # SUNAT: a note of a factura has an F series, of a boleta a B series.
        letra = referencia.serie.serie[0]
        series = Serie.objects.filter(sucursal=referencia.sucursal, tipo_documento=tipo, activo=True, serie__startswith=letra)
        serie = series.order_by("serie").first()
        if serie is None:
            nombre = TipoDocumentoVenta(tipo).label.lower()
            raise ValidationError(
                f"La sucursal {referencia.sucursal} no tiene una serie de {nombre} que empiece con {letra}: créela en la sucursal."
            )
        nota = DocumentoVenta.objects.create(
            tipo=tipo, sucursal=referencia.sucursal, serie=serie, cliente=referencia.cliente, moneda=referencia.moneda,
            fecha_emision=timezone.localdate(), creado_por=usuario,
        )  # fmt: skip
        nota_importar_lineas(nota=nota, referencia=referencia)
    return nota


def pago_actualizar_estado(documento: DocumentoVenta) -> None:
    """Paid, partly paid or pending, from the payments and the credit notes against it."""
    pagos = list(documento.pagos.all())
    pagado = sum((p.monto for p in pagos), Decimal("0"))
    acreditado = sum(
        (n.importe_total for n in documento.notas.filter(tipo=TipoDocumentoVenta.NOTA_CREDITO, estado=DocumentoVenta.Estado.EMITIDO)),
        Decimal("0"),
    )
    cubierto = pagado + acreditado
    if cubierto <= 0:
        documento.estado_pago = DocumentoVenta.EstadoPago.PENDIENTE
    elif cubierto >= documento.importe_total:
        documento.estado_pago = DocumentoVenta.EstadoPago.PAGADO
    else:
        documento.estado_pago = DocumentoVenta.EstadoPago.PARCIAL
    documento.fecha_pago = max((p.fecha for p in pagos), default=None)
    documento.modificado = timezone.now()
    DocumentoVenta.objects.filter(pk=documento.pk).update(
        estado_pago=documento.estado_pago, fecha_pago=documento.fecha_pago, modificado=documento.modificado
    )


def pago_registrar(
    *, documento: DocumentoVenta, fecha: datetime.date, monto: Decimal, metodo_pago, usuario, referencia: str = "", destino=None
) -> Pago:
    """A payment on account; its money enters `destino` (a Caja or CuentaBancaria), else where the method says."""
    with transaction.atomic():
        documento = DocumentoVenta.objects.select_for_update().get(pk=documento.pk)
        if documento.estado != DocumentoVenta.Estado.EMITIDO:
            raise ValidationError("Solo se registran pagos de documentos emitidos y no anulados.")
        if monto <= 0:
            raise ValidationError("El monto del pago debe ser mayor que cero.")
        if monto > documento.saldo:
            raise ValidationError(f"El pago ({monto}) excede el saldo pendiente ({documento.saldo}).")
        pago = Pago.objects.create(
            documento=documento, fecha=fecha, monto=monto, metodo_pago=metodo_pago, referencia=referencia, creado_por=usuario
        )
        _cobrar(pago, usuario, destino)
        pago_actualizar_estado(documento)
    return pago


def cobranza_registrar(
    *, documentos, monto, destino, metodo_pago, fecha: datetime.date, usuario, referencia: str = "", percibir: bool | None = None,
    percepcion_esperada=None,
) -> list[Pago]:
    """Collect one amount for several documents of the receivables screen, those due first paid first; all or nothing.

    When the company is a perception agent, the customer is not excluded and a document sells goods of the regime
    (and carries no perception of its own), the regime's rate of what is collected is perceived besides and one
    comprobante de percepción lists those documents (billing.otros); `percibir` and `percepcion_esperada` as
    purchases.services.pagos_registrar's `retener` and `retencion_esperada`.
    """  # fmt: skip
    monto = tesoreria.numero_de(monto)
    if monto <= 0:
        raise ValidationError("El monto de la cobranza debe ser mayor que cero.")
    if not documentos:
        raise ValidationError("Elija los documentos que cobra.")
    with transaction.atomic():
        elegidos = list(DocumentoVenta.objects.select_for_update().filter(pk__in=[d.pk for d in documentos]).order_by("pk"))
        elegidos.sort(key=lambda d: (min((c.fecha_pago for c in d.cuotas.all()), default=d.fecha_vencimiento or d.fecha_emision), d.pk))
        if len({d.moneda_id for d in elegidos}) > 1:
            raise ValidationError("Cobre en una operación documentos de una sola moneda.")
        repartos = list(cartera.repartir(monto, elegidos, lambda d: d.saldo))
        afectos = [(d, aplicar) for d, aplicar in repartos if not d.percepcion_monto and d.lineas.filter(producto__sujeto_percepcion=True).exists()]
        regimen, calculos = otros.operacion_evaluar(
            tipo=TipoOtro.PERCEPCION, empresa=elegidos[0].empresa, socios={d.cliente for d, _ in afectos}, fecha=fecha,
            documentos=[otros.documento_operacion(d, numero=f"{d.serie.serie}-{d.numero}", monto=aplicar) for d, aplicar in afectos], exigir=percibir, esperado=percepcion_esperada,
        )  # fmt: skip
        pagos = [
            pago_registrar(documento=documento, fecha=fecha, monto=aplicar, metodo_pago=metodo_pago, usuario=usuario, referencia=referencia, destino=destino)
            for documento, aplicar in repartos
        ]
        if calculos:
            _percibir(pagos, regimen, calculos, fecha, usuario, destino)
        return pagos


def _percibir(pagos: list[Pago], regimen, calculos: list, fecha: datetime.date, usuario, destino) -> None:
    """The comprobante de percepción of a collection; the customer pays the perception besides, into the same register or account."""
    documento = pagos[0].documento
    comprobante = otros.comprobante_otro_emitir(
        tipo=TipoOtro.PERCEPCION, sucursal=documento.sucursal, socio=documento.cliente, fecha=fecha, regimen=regimen, calculos=calculos,
        usuario=usuario, observacion=f"Cobranza {pagos[0].referencia}".strip(),
    )  # fmt: skip
    percibidos = {c.documento.numero: c.monto_moneda for c in calculos}
    for pago in pagos:
        pago.percibido = percibidos.get(f"{pago.documento.serie.serie}-{pago.documento.numero}", Decimal("0"))
        if pago.percibido:
            pago.percepcion = comprobante
            pago.save(update_fields=["percibido", "percepcion"])
    destino = destino or tesoreria_lecturas.medio_predeterminado(sucursal=documento.sucursal, moneda=documento.moneda, metodo_pago=pagos[0].metodo_pago)
    if destino is not None:
        tesoreria.cobro_registrar(
            destino=destino, monto=sum((p.percibido for p in pagos), Decimal("0")), moneda=documento.moneda, usuario=usuario, fecha=fecha,
            tipo_cambio=documento.tipo_cambio if documento.moneda.codigo != "PEN" and documento.tipo_cambio != 1 else None,
            referencia=comprobante.numeracion, descripcion=f"Percepción {comprobante.numeracion} de {documento.cliente.razon_social}"[:250],
            documento=comprobante,
        )  # fmt: skip


def _cobrar(pago: Pago, usuario, destino=None) -> None:
    """The money of a sale's payment lands in `destino`, else where its method says: the method's bank account, else
    the branch's default register in the document's currency (or in soles). A branch without registers records the payment only."""
    documento = pago.documento
    if destino is None:
        destino = tesoreria_lecturas.medio_predeterminado(sucursal=documento.sucursal, moneda=documento.moneda, metodo_pago=pago.metodo_pago)
    if destino is None:
        return
    # A foreign-currency document without its own rate takes the day's.
    tipo_cambio = documento.tipo_cambio if documento.moneda.codigo != "PEN" and documento.tipo_cambio != 1 else None
    fecha = pago.fecha
    turno = tesoreria_lecturas.turno_abierto(destino) if isinstance(destino, Caja) else None
    if turno is not None and fecha < turno.fecha:
        fecha = turno.fecha  # a back-dated sale's cash enters the register in its open session
    tesoreria.cobro_registrar(
        destino=destino, monto=pago.monto, moneda=documento.moneda, tipo_cambio=tipo_cambio, usuario=usuario, fecha=fecha,
        referencia=documento.numero_completo, descripcion=f"Cobro de {documento}", documento=pago, numero_operacion=pago.referencia[:40],
    )  # fmt: skip


def pago_anular(*, pago: Pago, usuario) -> None:
    """Take a payment off its document: its money leaves the register or account by a counter-movement."""
    with transaction.atomic():
        documento = DocumentoVenta.objects.select_for_update().get(pk=pago.documento_id)
        tesoreria.movimientos_revertir(documento=pago, usuario=usuario, motivo=f"pago de {documento} anulado")
        pago.delete()
        pago_actualizar_estado(documento)


def por_devolver(nota: DocumentoVenta) -> Decimal:
    """What may still be given back for a credit note: its unreturned part, up to what the client paid beyond what is owed."""
    referencia = nota.documento_referencia
    if referencia is None:
        return Decimal("0")
    a_favor = -referencia.saldo
    propio = nota.importe_total - sum((d.monto for d in nota.devoluciones.all()), Decimal("0"))
    return max(min(a_favor, propio), Decimal("0"))


def devolucion_registrar(*, nota: DocumentoVenta, origen, monto, fecha: datetime.date, usuario, referencia: str = "") -> Devolucion:
    """Give the client back, from a register or account, money that a credit note leaves in their favour."""
    with transaction.atomic():
        nota = DocumentoVenta.objects.select_for_update(of=("self",)).select_related("documento_referencia", "moneda").get(pk=nota.pk)
        if nota.tipo != TipoDocumentoVenta.NOTA_CREDITO or nota.estado != DocumentoVenta.Estado.EMITIDO:
            raise ValidationError("Solo se devuelve dinero por una nota de crédito emitida.")
        if nota.documento_referencia_id:
            # Lock the paid document too: a payment or another refund on it changes what is in favour.
            DocumentoVenta.objects.select_for_update().filter(pk=nota.documento_referencia_id).first()
        monto = tesoreria.numero_de(monto)
        if monto <= 0:
            raise ValidationError("El monto de la devolución debe ser mayor que cero.")
        disponible = por_devolver(nota)
        if disponible <= 0:
            raise ValidationError(
                f"{nota.documento_referencia or 'El documento'} no tiene pagos que devolver: la nota de crédito solo rebaja lo que el cliente debe."
            )
        if monto > disponible:
            raise ValidationError(f"La devolución ({monto}) excede lo que queda a favor del cliente por esta nota ({disponible}).")
        devolucion = Devolucion.objects.create(nota=nota, fecha=fecha, monto=monto, referencia=referencia, creado_por=usuario)
        tipo_cambio = nota.tipo_cambio if nota.moneda.codigo != "PEN" and nota.tipo_cambio != 1 else None
        tesoreria.pago_registrar(
            origen=origen, monto=monto, moneda=nota.moneda, tipo_cambio=tipo_cambio, usuario=usuario, fecha=fecha,
            referencia=nota.numero_completo, descripcion=f"Devolución al cliente por {nota}", documento=devolucion,
            numero_operacion=referencia[:40],
        )  # fmt: skip
    return devolucion


def devolucion_anular(*, devolucion: Devolucion, usuario) -> None:
    """Take a refund back: its money returns to the register or account by a counter-movement."""
    with transaction.atomic():
        DocumentoVenta.objects.select_for_update().get(pk=devolucion.nota_id)
        tesoreria.movimientos_revertir(documento=devolucion, usuario=usuario, motivo=f"devolución por {devolucion.nota} anulada")
        devolucion.delete()


def convertir_previo(*, previo, tipo: str, serie, usuario) -> DocumentoVenta:
    """A quotation or order becomes a draft factura, boleta or nota de venta with its lines, in one action."""
    if previo.documento_generado_id:
        raise ValidationError(f"{previo} ya se convirtió en {previo.documento_generado}.")
    with transaction.atomic():
        documento = DocumentoVenta.objects.create(
            tipo=tipo,
            sucursal=previo.sucursal,
            serie=serie,
            cliente=previo.cliente,
            contacto=previo.contacto,
            moneda=previo.moneda,
            tipo_cambio=previo.tipo_cambio,
            fecha_emision=timezone.localdate(),
            observaciones=previo.observaciones,
            descuento_global=previo.descuento_global,
            otros_cargos=previo.otros_cargos,
            creado_por=usuario,
        )
        campos = [f.name for f in previo.lineas.model._meta.concrete_fields if f.name not in ("id", "documento")]
        LineaDocumento.objects.bulk_create(
            LineaDocumento(documento=documento, **{campo: getattr(linea, campo) for campo in campos}) for linea in previo.lineas.all()
        )
        calculo.recalcular(documento)
        documento.save()
        previo.documento_generado = documento
        previo.estado = previo.Estado.FACTURADA if isinstance(previo, Cotizacion) else Pedido.Estado.FACTURADO
        previo.save(update_fields=["documento_generado", "estado", "modificado"])
    return documento


def previo_numerar(*, previo) -> None:
    """Quotations, orders and work orders take their number when first saved."""
    if previo.pk is None:
        with transaction.atomic():
            previo.numero = serie_asignar_numero(serie_id=previo.serie_id)
            previo.save()


def orden_aprobar(*, orden: OrdenTrabajo, usuario) -> None:
    if not usuario.has_perm("billing.aprobar_ordentrabajo"):
        raise ValidationError("Su usuario no puede aprobar órdenes de trabajo.")
    if orden.estado != OrdenTrabajo.Estado.POR_APROBAR:
        raise ValidationError("La orden ya no está por aprobar.")
    orden.estado = OrdenTrabajo.Estado.APROBADA
    orden.aprobado_por = usuario
    orden.aprobado_en = timezone.now()
    orden.save(update_fields=["estado", "aprobado_por", "aprobado_en", "modificado"])


def documento_enviar_correo(
    *, documento, destinatarios: list[str], mensaje: str, usuario, plantilla: str = "billing/correo_documento", contexto: dict | None = None
) -> None:
    """E-mail a sales document, quotation or order to the client's contacts, with a blind copy to the sender.
    Other apps' documents (purchase orders, requests for quotation) bring their own `plantilla` (.txt and .html) and `contexto`."""
    contexto = {"documento": documento, "mensaje": mensaje, "empresa": documento.empresa, **(contexto or {})}
    correo = EmailMultiAlternatives(
        subject=f"{documento.titulo} {documento.numero_completo} - {documento.empresa.razon_social}",
        body=render_to_string(f"{plantilla}.txt", contexto),
        to=destinatarios,
        bcc=[usuario.email] if usuario.email else [],
        reply_to=[usuario.email] if usuario.email else [],
    )
    correo.attach_alternative(render_to_string(f"{plantilla}.html", contexto), "text/html")
    for nombre, contenido, tipo in adjuntos_del_documento(documento):
        correo.attach(nombre, contenido, tipo)
    correo.send()
    if isinstance(documento, Cotizacion) and documento.estado == Cotizacion.Estado.PENDIENTE:
        documento.estado = Cotizacion.Estado.ENVIADA
        documento.save(update_fields=["estado", "modificado"])


def adjuntos_del_documento(documento: DocumentoVenta) -> list[tuple[str, bytes, str]]:
    """Files sent with the e-mail: the CPE app adds the PDF, XML and CDR through the receivers of this signal."""
    adjuntos = []
    for _, archivos in documento_adjuntos.send(sender=type(documento), documento=documento):
        adjuntos.extend(archivos or [])
    return adjuntos


# Documents registered, corrected and deleted through the APIs ----------------------------


def _lineas_nuevas(documento: DocumentoVenta, lineas: list[dict]) -> list[LineaDocumento]:
    """Lines from plain data, each field checked; saved with the document."""
    nuevas = [LineaDocumento(documento=documento, orden=orden, **datos) for orden, datos in enumerate(lineas)]
    for numero, linea in enumerate(nuevas, start=1):
        try:
            linea.full_clean(exclude=["documento", "producto", "unidad"])
        except ValidationError as exc:
            raise ValidationError(f"Ítem {numero}: {' '.join(exc.messages)}") from None
    return nuevas


def _guardar_nuevas(lineas: list[LineaDocumento], cuotas: list[Cuota]) -> None:
    """Save the lines and instalments built in memory, once their document has its id."""
    LineaDocumento.objects.bulk_create([linea for linea in lineas if linea.pk is None])
    Cuota.objects.bulk_create([cuota for cuota in cuotas if cuota.pk is None])


def _cuota_unica(documento: DocumentoVenta, lineas: list[LineaDocumento], vence: datetime.date | None) -> list[Cuota]:
    """A credit sale from an API: one instalment for what is left to pay, due on `vence`."""
    if documento.forma_pago != DocumentoVenta.FormaPago.CREDITO:
        return []
    if vence is None or vence <= documento.fecha_emision:
        raise ValidationError("Una venta al crédito necesita una fecha de pago posterior a la fecha de emisión.")
    return [Cuota(documento=documento, numero=1, fecha_pago=vence, monto=calculo.calcular(documento, lineas).neto_pendiente)]


def _anticipos(documento: DocumentoVenta, anticipos: list[tuple[DocumentoVenta, Decimal]]) -> list[AnticipoAplicado]:
    """The advances to deduct, each an issued advance of the same client and currency with that much value not yet deducted."""
    aplicados = []
    for anticipo, monto in anticipos:
        nombre = f"{anticipo.serie.serie}-{anticipo.numero}"
        if not anticipo.es_anticipo or anticipo.estado != DocumentoVenta.Estado.EMITIDO or anticipo.empresa_id != documento.empresa_id:
            raise ValidationError(f"{nombre} no es un anticipo emitido de la empresa.")
        if anticipo.cliente_id != documento.cliente_id or anticipo.moneda_id != documento.moneda_id:
            raise ValidationError(f"El anticipo {nombre} es de otro cliente o en otra moneda.")
        deducido = sum((a.monto for a in anticipo.aplicado_en.filter(documento__estado=DocumentoVenta.Estado.EMITIDO)), Decimal("0"))
        queda = anticipo.total_gravadas + anticipo.total_exoneradas + anticipo.total_inafectas - deducido
        if monto <= 0 or monto > queda:
            raise ValidationError(f"Del anticipo {nombre} quedan {queda} por deducir (sin IGV), no {monto}.")
        aplicados.append(AnticipoAplicado(documento=documento, anticipo=anticipo, monto=monto))
    return aplicados


def _verificar_totales(documento: DocumentoVenta, lineas: list[LineaDocumento], declarados: dict | None) -> None:
    """Totals a caller sent must be what the engine computes from the lines."""
    if not declarados:
        return
    try:
        totals.verificar(calculo.calcular(documento, lineas), declarados)
    except totals.DatosInvalidos as exc:
        raise ValidationError(str(exc)) from exc


def documento_registrar(
    *,
    tipo: str,
    sucursal,
    cabecera: dict,
    lineas: list[dict],
    usuario,
    vence: datetime.date | None = None,
    totales_declarados: dict | None = None,
    pago: PagoAlEmitir | None = None,
    serie: Serie | None = None,
    numero: int | None = None,
    cuotas: list[dict] | None = None,
    anticipos: list[tuple[DocumentoVenta, Decimal]] | None = None,
) -> DocumentoVenta:
    """Register a sales document from plain data and issue it, in one transaction.

    The series is `serie`, else the branch's first active one of the type;
    `numero`, when given, must be the number the series gives next (else
    ValidationError with code "numero"). `cabecera` holds DocumentoVenta
    fields, `lineas` LineaDocumento fields and `cuotas` Cuota fields (numero,
    fecha_pago, monto); without them `vence` is the due date of a credit
    sale's single instalment. With `pago` it is issued paid in full.
    `anticipos` are (advance document, value without IGV) pairs it deducts.
    Everything is checked in memory before the first write.
    """
    serie = serie or Serie.objects.filter(sucursal=sucursal, tipo_documento=tipo, activo=True).order_by("serie").first()
    if serie is None:
        raise ValidationError(f"La sucursal {sucursal.nombre} no tiene una serie activa de {TipoDocumentoVenta(tipo).label.lower()}.")
    documento = DocumentoVenta(tipo=tipo, empresa=sucursal.empresa, sucursal=sucursal, serie=serie, creado_por=usuario, **cabecera)
    documento.anticipos_por_aplicar = _anticipos(documento, anticipos or [])
    nuevas = _lineas_nuevas(documento, lineas)
    cuotas = [Cuota(documento=documento, **cuota) for cuota in cuotas] if cuotas else _cuota_unica(documento, nuevas, vence)
    _verificar_totales(documento, nuevas, totales_declarados)
    with transaction.atomic():
        _emitir(documento, nuevas, cuotas, usuario, pago)
        if numero is not None and documento.numero != numero:
            raise ValidationError(
                f"El número {numero} no es el siguiente de la serie {serie.serie}: le corresponde el {documento.numero}.", code="numero"
            )
    return documento


def _exigir_modificable(documento: DocumentoVenta) -> None:
    """An issued document is corrected or deleted only while SUNAT has not received it and nothing depends on it."""
    if documento.estado == DocumentoVenta.Estado.ANULADO:
        raise ValidationError(f"{documento} está anulado: no se puede editar ni eliminar.")
    if documento.notas.exists():
        raise ValidationError(f"{documento} tiene notas de crédito o débito: no se puede editar ni eliminar.")
    if documento.aplicado_en.exists():
        raise ValidationError(f"{documento} es un anticipo ya aplicado en otro documento: no se puede editar ni eliminar.")
    documento_por_modificar.send(sender=DocumentoVenta, documento=documento)


def documento_corregir(
    *,
    documento_id: int,
    cabecera: dict,
    lineas: list[dict],
    usuario,
    vence: datetime.date | None = None,
    totales_declarados: dict | None = None,
) -> DocumentoVenta:
    """Replace the header data and lines of a draft, or of an issued document SUNAT has not received.

    An issued document keeps its number: its stock moves are reversed, the new
    lines calculated and moved out again, and its CPE signed again; all of it
    or nothing.
    """
    with transaction.atomic():
        documento = (
            DocumentoVenta.objects.select_for_update(of=("self",))
            .select_related("serie", "cliente__tipo_documento", "moneda", "sucursal", "empresa")
            .get(pk=documento_id)
        )
        emitido = documento.estado != DocumentoVenta.Estado.BORRADOR
        if emitido:
            _exigir_modificable(documento)
            inventario.kardex_revertir(origen=documento, fecha=documento.fecha_emision, usuario=usuario)
        for campo, valor in cabecera.items():
            setattr(documento, campo, valor)
        documento.lineas.all().delete()
        documento.cuotas.all().delete()
        nuevas = _lineas_nuevas(documento, lineas)
        cuotas = _cuota_unica(documento, nuevas, vence)
        _verificar_totales(documento, nuevas, totales_declarados)
        if not emitido:
            calculo.recalcular(documento, nuevas)
            documento.save()
            _guardar_nuevas(nuevas, cuotas)
            return documento
        resultado = validar_y_calcular(documento, nuevas, cuotas)
        _tomar_datos_del_cliente(documento)
        documento.save()
        _guardar_nuevas(nuevas, cuotas)
        _registrar_stock(documento, nuevas, usuario)
        pago_actualizar_estado(documento)
        documento_corregido.send(sender=DocumentoVenta, documento=documento, lineas=nuevas, cuotas=cuotas, totales=resultado)
    return documento


def documento_eliminar(*, documento_id: int, usuario) -> None:
    """Delete a draft, or an issued document SUNAT has not received: its stock comes back and its CPE goes.

    Its number is not used again (SUNAT never saw it, so the gap is harmless).
    """
    with transaction.atomic():
        documento = DocumentoVenta.objects.select_for_update().get(pk=documento_id)
        if documento.estado != DocumentoVenta.Estado.BORRADOR:
            _exigir_modificable(documento)
            inventario.kardex_revertir(origen=documento, fecha=documento.fecha_emision, usuario=usuario)
            for pago in documento.pagos.all():
                tesoreria.movimientos_revertir(documento=pago, usuario=usuario, motivo=f"{documento} eliminado")
            documento_por_eliminar.send(sender=DocumentoVenta, documento=documento)
        referencia = documento.documento_referencia if documento.tipo == TipoDocumentoVenta.NOTA_CREDITO else None
        documento.delete()
        if referencia is not None:
            pago_actualizar_estado(referencia)


def documento_fijar_pago(*, documento: DocumentoVenta, pagado: bool, metodo_pago, fecha: datetime.date, usuario, referencia: str) -> None:
    """Leave an issued document paid in full or pending, as an API says.

    Only the payments registered with `referencia` are replaced; those the
    office registered stay.
    """
    with transaction.atomic():
        for anterior in documento.pagos.filter(referencia=referencia):
            pago_anular(pago=anterior, usuario=usuario)
        saldo = documento.saldo
        if saldo < 0:
            raise ValidationError(
                f"Los pagos registrados ({documento.pagado}) superan el total de {documento} ({documento.importe_total}): "
                "elimine los que sobran antes de cambiarlo."
            )
        if pagado and saldo > 0:
            pago_registrar(documento=documento, fecha=fecha, monto=saldo, metodo_pago=metodo_pago, usuario=usuario, referencia=referencia)

def documento_anular(*, documento_id: int, fecha: datetime.date, usuario=None) -> DocumentoVenta:
    """SUNAT accepted the voiding of an issued document: it ends "anulado" and its stock moves are undone.

    Called once per voiding; doing it again changes nothing.
    """
    with transaction.atomic():
        documento = DocumentoVenta.objects.select_for_update(of=("self",)).select_related("documento_referencia").get(pk=documento_id)
        if documento.estado == DocumentoVenta.Estado.ANULADO:
            return documento
        documento.estado = DocumentoVenta.Estado.ANULADO
        documento.save(update_fields=["estado", "modificado"])
        inventario.kardex_revertir(origen=documento, fecha=fecha, usuario=usuario)
        if documento.tipo == TipoDocumentoVenta.NOTA_CREDITO and documento.documento_referencia:
            # A voided credit note no longer covers the document it modified.
            pago_actualizar_estado(documento.documento_referencia)
    return documento
