"""Business actions of purchases. Each one is one transaction: bad input changes nothing.

Stock enters through inventory's kardex services at the unit cost in soles.
A purchase edited or voided is undone in the kardex at its own date, so the
kardex's back-dating revalues every later move.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from billing import calculo, guias, otros
from billing import services as ventas
from billing.models import TipoOtro
from billing.models.tesoreria import CuentaBancaria
from billing.tesoreria import cartera
from billing.tesoreria import selectors as tesoreria_lecturas
from billing.tesoreria import services as tesoreria
from billing.tesoreria.models import Caja
from erp.models import Empresa
from inventory import services as inventario
from inventory.tablas import TipoOperacion

from .models import (
    FacturaCompra,
    LineaFacturaCompra,
    LineaOrdenCompra,
    LineaRecepcion,
    OrdenCompra,
    PagoCompra,
    PrecioRespuesta,
    Recepcion,
    RespuestaCotizacion,
    SolicitudCompra,
    SolicitudCotizacion,
    TipoDocumentoCompra,
)

CERO = Decimal("0")
# Documents whose goods enter the warehouse (a recibo por honorarios pays services).
TIPOS_CON_INGRESO = {TipoDocumentoCompra.FACTURA, TipoDocumentoCompra.BOLETA, TipoDocumentoCompra.LIQUIDACION, TipoDocumentoCompra.DUA}


def _exigir_tipo_cambio(documento) -> None:
    if documento.moneda.codigo != "PEN" and (not documento.tipo_cambio or documento.tipo_cambio == 1):
        raise ValidationError(
            f"Falta el tipo de cambio del {documento.fecha_emision:%d/%m/%Y} para la compra en {documento.moneda.codigo}."
        )


def _en_soles(documento, monto: Decimal) -> Decimal:
    return monto if documento.moneda.codigo == "PEN" else monto * documento.tipo_cambio


def _valor_de_costo(documento, linea) -> Decimal:
    """What a line costs the company, in the document's currency: the IGV of a factura is tax
    credit, that of a boleta is not."""
    if getattr(documento, "tipo", None) == TipoDocumentoCompra.BOLETA:
        return linea.total
    return linea.valor_venta + linea.isc


def costo_unitario_pen(documento, linea) -> Decimal:
    return _en_soles(documento, _valor_de_costo(documento, linea)) / linea.cantidad


# Purchase orders ---------------------------------------------------------------------------------


def orden_numerar(*, orden: OrdenCompra) -> None:
    """An order takes the company's next number when first saved (the company row is the lock)."""
    if orden.pk is not None:
        return
    with transaction.atomic():
        orden.tomar_empresa_de_sucursal()
        Empresa.objects.select_for_update().get(pk=orden.empresa_id)
        ultimo = OrdenCompra.objects.filter(empresa_id=orden.empresa_id).aggregate(m=Max("numero"))["m"] or 0
        orden.numero = ultimo + 1
        orden.save()


def orden_calcular(*, orden: OrdenCompra) -> None:
    with transaction.atomic():
        _exigir_tipo_cambio(orden)
        calculo.recalcular(orden)
        orden.save()


def orden_emitir(*, orden_id: int, usuario) -> OrdenCompra:
    with transaction.atomic():
        orden = OrdenCompra.objects.select_for_update().select_related("moneda").get(pk=orden_id)
        if orden.estado != OrdenCompra.Estado.BORRADOR:
            raise ValidationError(f"{orden} ya está {orden.get_estado_display().lower()}.")
        if not orden.lineas.exists():
            raise ValidationError(f"{orden} no tiene líneas.")
        _exigir_tipo_cambio(orden)
        calculo.recalcular(orden)
        orden.estado = OrdenCompra.Estado.EMITIDA
        orden.save()
    return orden


def orden_anular(*, orden_id: int, usuario) -> OrdenCompra:
    with transaction.atomic():
        orden = OrdenCompra.objects.select_for_update().get(pk=orden_id)
        if orden.recepciones.exists():
            raise ValidationError(f"{orden} ya tiene recepciones: no se puede anular.")
        orden.estado = OrdenCompra.Estado.ANULADA
        orden.save(update_fields=["estado", "modificado"])
    return orden


def _cantidad(valor) -> Decimal:
    try:
        return Decimal(str(valor or "0").replace(",", "."))
    except InvalidOperation:
        raise ValidationError(f"La cantidad «{valor}» no es un número.") from None


def recepcion_registrar(
    *, orden_id: int, fecha: datetime.date, cantidades: dict, usuario, guia_remision: str = "", exceso_confirmado: bool = False
) -> Recepcion:
    """Record what arrived of an order per line: it enters the order's warehouse at the line's cost in soles.

    `cantidades` maps order line ids to the quantity received. Receiving more
    than is pending needs the over-reception permission and the user's confirmation.
    """
    with transaction.atomic():
        orden = OrdenCompra.objects.select_for_update().select_related("moneda", "almacen", "sucursal").get(pk=orden_id)
        if not usuario.opera_sucursal(orden.sucursal_id):
            raise ValidationError(f"{orden} es de otra sucursal.")
        if orden.estado not in (OrdenCompra.Estado.EMITIDA, OrdenCompra.Estado.RECIBIDA_PARCIAL):
            raise ValidationError(f"{orden} está {orden.get_estado_display().lower()}: no se puede recibir.")
        lineas = {linea.pk: linea for linea in orden.lineas.select_related("producto")}
        pedidas = {}
        for linea_id, valor in cantidades.items():
            cantidad = _cantidad(valor)
            if cantidad < 0:
                raise ValidationError("La cantidad recibida no puede ser negativa.")
            if cantidad == 0:
                continue
            linea = lineas.get(int(linea_id))
            if linea is None:
                raise ValidationError(f"La línea {linea_id} no es de {orden}.")
            if cantidad > linea.pendiente:
                if not usuario.has_perm("purchases.recibir_exceso"):
                    raise ValidationError(
                        f"{linea.descripcion}: se reciben {cantidad.normalize():f} y solo faltan {linea.pendiente.normalize():f}; "
                        "recibir de más requiere el permiso de sobre-recepción."
                    )
                if not exceso_confirmado:
                    raise ValidationError(f"{linea.descripcion}: se reciben más unidades de las pedidas; confirme la sobre-recepción.")
            pedidas[linea.pk] = cantidad
        if not pedidas:
            raise ValidationError("Indique la cantidad recibida de al menos una línea.")
        numero = (orden.recepciones.aggregate(m=Max("numero"))["m"] or 0) + 1
        recepcion = Recepcion.objects.create(
            orden=orden, numero=numero, fecha=fecha, guia_remision=guia_remision, creado_por=usuario
        )
        for linea_id, cantidad in pedidas.items():
            linea = lineas[linea_id]
            LineaRecepcion.objects.create(recepcion=recepcion, linea_orden=linea, cantidad=cantidad)
            linea.cantidad_recibida += cantidad
            linea.save(update_fields=["cantidad_recibida"])
            if linea.producto is not None:
                inventario.kardex_entrada(
                    producto=linea.producto,
                    almacen=orden.almacen,
                    cantidad=cantidad,
                    fecha=fecha,
                    tipo_operacion=TipoOperacion.COMPRA,
                    documento_tipo="00",
                    documento_serie="OC",
                    documento_numero=f"{orden.numero}-{numero}",
                    costo_unitario=costo_unitario_pen(orden, linea),
                    usuario=usuario,
                    origen=recepcion,
                    glosa=f"Recepción {numero} de {orden}",
                )
        completa = all(linea.pendiente <= 0 for linea in lineas.values())
        orden.estado = OrdenCompra.Estado.RECIBIDA if completa else OrdenCompra.Estado.RECIBIDA_PARCIAL
        orden.save(update_fields=["estado", "modificado"])
    return recepcion


# Purchase invoices -------------------------------------------------------------------------------


def _exigir_unico(factura: FacturaCompra) -> None:
    duplicado = (
        FacturaCompra.objects.filter(
            empresa_id=factura.empresa_id,
            proveedor_id=factura.proveedor_id,
            tipo=factura.tipo,
            serie__iexact=factura.serie,
            numero=factura.numero,
        )
        .exclude(estado=FacturaCompra.Estado.ANULADA)
        .exclude(pk=factura.pk)
    )
    if duplicado.exists():
        raise ValidationError(
            f"La {factura.get_tipo_display().lower()} {factura.serie}-{factura.numero} de {factura.proveedor.razon_social} ya está registrada."
        )


def _validar(factura: FacturaCompra, lineas) -> None:
    factura.tomar_empresa_de_sucursal()
    factura.serie = factura.serie.strip().upper()
    factura.numero = factura.numero.strip().lstrip("0") or "0"
    if not factura.proveedor.es_proveedor:
        raise ValidationError(f"{factura.proveedor} no está registrado como proveedor.")
    if factura.almacen.sucursal_id != factura.sucursal_id:
        raise ValidationError(f"El almacén {factura.almacen} no es de la sucursal {factura.sucursal}.")
    _exigir_unico(factura)
    _exigir_tipo_cambio(factura)
    orden = factura.orden
    if orden is not None:
        if orden.proveedor_id != factura.proveedor_id or orden.sucursal_id != factura.sucursal_id:
            raise ValidationError(f"La {orden._meta.verbose_name} {orden} es de otro proveedor o de otra sucursal.")
        if orden.estado in (OrdenCompra.Estado.BORRADOR, OrdenCompra.Estado.ANULADA):
            raise ValidationError(f"La {orden._meta.verbose_name} {orden} está {orden.get_estado_display().lower()}.")
    if not lineas:
        raise ValidationError("El documento no tiene líneas.")
    ajenos = {linea.producto.nombre for linea in lineas if linea.producto_id and linea.producto.empresa_id != factura.empresa_id}
    if ajenos:
        raise ValidationError("Productos de otra empresa: " + ", ".join(sorted(ajenos)) + ".")
    if factura.fecha_vencimiento and factura.fecha_vencimiento < factura.fecha_emision:
        raise ValidationError("La fecha de vencimiento no puede ser anterior a la de emisión.")
    if factura.tipo in (TipoDocumentoCompra.NOTA_CREDITO, TipoDocumentoCompra.NOTA_DEBITO):
        ref = factura.documento_referencia
        if ref is None or ref.proveedor_id != factura.proveedor_id:
            raise ValidationError("Indique el documento del mismo proveedor que la nota modifica.")
        if factura.es_nota_credito and not factura.motivo_nota:
            raise ValidationError("Indique si la nota de crédito devuelve mercadería o rebaja el costo.")
        if factura.es_nota_credito and factura.motivo_nota == FacturaCompra.MotivoNota.DESCUENTO and ref.orden_id:
            raise ValidationError("Una rebaja solo se aplica a documentos cuya mercadería ingresó sin orden de compra.")


def _descuentos_por_producto(factura: FacturaCompra) -> dict[int, Decimal]:
    """The value its registered discount credit notes take off each product, in the invoice's currency."""
    descuentos: dict[int, Decimal] = {}
    notas = factura.notas.filter(estado=FacturaCompra.Estado.REGISTRADA, motivo_nota=FacturaCompra.MotivoNota.DESCUENTO)
    for linea in LineaFacturaCompra.objects.filter(documento__in=notas, producto__isnull=False).select_related("documento"):
        descuentos[linea.producto_id] = descuentos.get(linea.producto_id, CERO) + _valor_de_costo(linea.documento, linea)
    return descuentos


def _ingresar(factura: FacturaCompra, lineas, usuario, *, nueva: bool = False) -> None:
    """The invoice's goods enter at their cost in soles, net of the discounts its notes gave (a `nueva` one has none yet)."""
    if factura.orden_id or factura.tipo not in TIPOS_CON_INGRESO or factura.estado != FacturaCompra.Estado.REGISTRADA:
        return
    descuentos = {} if nueva else _descuentos_por_producto(factura)
    cantidades: dict[int, Decimal] = {}
    for linea in lineas:
        if linea.producto_id:
            cantidades[linea.producto_id] = cantidades.get(linea.producto_id, CERO) + linea.cantidad
    entradas = []
    for linea in lineas:
        if linea.producto is None:
            continue
        # A product's discount is shared among its lines by quantity.
        rebaja = descuentos.get(linea.producto_id, CERO) * linea.cantidad / cantidades[linea.producto_id]
        valor = max(_valor_de_costo(factura, linea) - rebaja, CERO)
        entradas.append((linea.producto, linea.cantidad, _en_soles(factura, valor) / linea.cantidad))
    inventario.kardex_entradas(
        almacen=factura.almacen, lineas=entradas, fecha=factura.fecha_emision, tipo_operacion=TipoOperacion.COMPRA, documento_tipo=factura.tipo,
        documento_serie=factura.serie, documento_numero=factura.numero, usuario=usuario, origen=factura,
        glosa=f"Compra a {factura.proveedor.razon_social}"[:250],
    )  # fmt: skip


def _devolver(nota: FacturaCompra, lineas, usuario) -> None:
    for linea in lineas:
        if linea.producto is None or linea.producto.es_servicio:
            continue
        inventario.kardex_salida(
            producto=linea.producto,
            almacen=nota.almacen,
            cantidad=linea.cantidad,
            fecha=nota.fecha_emision,
            tipo_operacion=TipoOperacion.DEVOLUCION_ENTREGADA,
            documento_tipo=nota.tipo,
            documento_serie=nota.serie,
            documento_numero=nota.numero,
            usuario=usuario,
            origen=nota,
            glosa=f"Devolución a {nota.proveedor.razon_social}"[:250],
        )


def _reingresar(factura: FacturaCompra, usuario) -> None:
    """Enter a purchase again at its own date (after a discount note changed its cost); the kardex revalues what follows."""
    inventario.kardex_revertir(origen=factura, fecha=factura.fecha_emision, usuario=usuario)
    _ingresar(factura, list(factura.lineas.select_related("producto")), usuario)


def _mover_stock(factura: FacturaCompra, lineas, usuario, *, nueva: bool = False) -> None:
    if factura.es_nota_credito and factura.motivo_nota == FacturaCompra.MotivoNota.DEVOLUCION:
        _devolver(factura, lineas, usuario)
    elif factura.es_nota_credito:
        _reingresar(factura.documento_referencia, usuario)
    else:
        _ingresar(factura, lineas, usuario, nueva=nueva)


def _lineas_nuevas(factura: FacturaCompra, lineas: list[dict]) -> list[LineaFacturaCompra]:
    nuevas = []
    for orden, datos in enumerate(lineas, 1):
        linea = LineaFacturaCompra(documento=factura, orden=orden, **datos)
        if linea.producto_id and not linea.descripcion:
            linea.descripcion = linea.producto.nombre
        try:
            # Product and unit come as rows (checked in _validar): no query per line.
            linea.full_clean(exclude=["documento", "producto", "unidad"])
        except ValidationError as exc:
            raise ValidationError(f"Línea {orden}: " + " ".join(exc.messages)) from exc
        nuevas.append(linea)
    return nuevas


def factura_registrar(*, cabecera: dict, lineas: list[dict], usuario) -> FacturaCompra:
    """Register a provider's document: totals by billing's engine, stock into the warehouse at its cost in soles."""
    factura = FacturaCompra(**cabecera, creado_por=usuario)
    # factura_contabilizar holds the transaction: nothing is written before it.
    factura_contabilizar(factura=factura, lineas=_lineas_nuevas(factura, lineas), usuario=usuario)
    return factura


def factura_contabilizar(*, factura: FacturaCompra, lineas: list[LineaFacturaCompra], usuario) -> FacturaCompra:
    """Validate, compute and move the stock of a document saved or about to be saved with `lineas`.

    A document already registered is first undone in the kardex at the date it
    had, so an edit or a changed date revalues every later move.
    """
    with transaction.atomic():
        anterior = None
        if factura.pk:
            anterior = FacturaCompra.objects.select_for_update().get(pk=factura.pk)
            if anterior.estado == FacturaCompra.Estado.ANULADA:
                raise ValidationError(f"{anterior} está anulada: no se puede editar.")
        _validar(factura, lineas)
        calculo.recalcular(factura, lineas)
        if factura.pagado > factura.importe_total:
            raise ValidationError(f"Los pagos registrados ({factura.pagado}) superan el nuevo total ({factura.importe_total}).")
        factura.save()
        for linea in lineas:
            linea.documento = factura
        LineaFacturaCompra.objects.bulk_create([linea for linea in lineas if linea.pk is None])
        # Undone at its old date and entered again: the kardex revalues what follows once.
        with inventario.revalorizacion_diferida():
            if anterior is not None:
                _deshacer_stock(anterior, usuario)
            _mover_stock(factura, lineas, usuario, nueva=anterior is None)
    return factura


def _deshacer_stock(factura: FacturaCompra, usuario) -> None:
    with inventario.revalorizacion_diferida():
        inventario.kardex_revertir(origen=factura, fecha=factura.fecha_emision, usuario=usuario)
        if factura.es_nota_credito and factura.motivo_nota == FacturaCompra.MotivoNota.DESCUENTO:
            _reingresar(factura.documento_referencia, usuario)


def factura_corregir(*, factura_id: int, cabecera: dict, lineas: list[dict], usuario) -> FacturaCompra:
    with transaction.atomic():
        factura = FacturaCompra.objects.select_for_update().get(pk=factura_id)
        for campo, valor in cabecera.items():
            setattr(factura, campo, valor)
        factura.lineas.all().delete()
        factura_contabilizar(factura=factura, lineas=_lineas_nuevas(factura, lineas), usuario=usuario)
    return factura


def factura_anular(*, factura_id: int, usuario) -> FacturaCompra:
    """Void a registered document: its stock moves are undone at its date and the kardex revalued from there."""
    with transaction.atomic():
        factura = FacturaCompra.objects.select_for_update().get(pk=factura_id)
        if factura.estado == FacturaCompra.Estado.ANULADA:
            raise ValidationError(f"{factura} ya está anulada.")
        if factura.pagos.filter(anulado=False).exists():
            raise ValidationError(f"{factura} tiene pagos: anúlelos antes de anular el documento.")
        if factura.notas.filter(estado=FacturaCompra.Estado.REGISTRADA).exists():
            raise ValidationError(f"{factura} tiene notas registradas: anúlelas primero.")
        factura.estado = FacturaCompra.Estado.ANULADA
        factura.save(update_fields=["estado", "modificado"])
        _deshacer_stock(factura, usuario)
    return factura


# Payments ----------------------------------------------------------------------------------------


def _actualizar_pagado(factura: FacturaCompra) -> None:
    factura.pagado = factura.pagos.filter(anulado=False).aggregate(s=Sum("monto"))["s"] or CERO
    factura.save(update_fields=["pagado", "modificado"])


def pago_registrar(
    *, factura_id: int, fecha: datetime.date, monto, usuario, metodo_pago=None, origen=None, referencia: str = "", retenido=CERO
) -> PagoCompra:
    """Pay a provider's document, in full or in part, never more than what is pending; the money leaves `origen`
    (a Caja or CuentaBancaria; by default the method's account or the branch's default register) in the same transaction.

    `retenido` (the document's currency) is the part of `monto` the company retains as SUNAT's agent: the
    provider receives the rest, and the document's retained amount grows by it."""
    monto = tesoreria.numero_de(monto)
    with transaction.atomic():
        factura = FacturaCompra.objects.select_for_update().select_related("moneda").get(pk=factura_id)
        if factura.estado == FacturaCompra.Estado.ANULADA or factura.es_nota_credito:
            raise ValidationError(f"{factura} no admite pagos.")
        if monto <= 0:
            raise ValidationError("El monto del pago debe ser mayor que cero.")
        if monto > factura.por_pagar:
            raise ValidationError(f"El pago ({monto:.2f}) supera el saldo pendiente de {factura} ({factura.por_pagar:.2f}).")
        if origen is None:
            origen = tesoreria_lecturas.medio_predeterminado(sucursal=factura.sucursal, moneda=factura.moneda, metodo_pago=metodo_pago)
        pago = PagoCompra.objects.create(
            factura=factura,
            fecha=fecha,
            monto=monto - retenido,
            retenido=retenido,
            metodo_pago=metodo_pago,
            caja=origen if isinstance(origen, Caja) else None,
            cuenta_bancaria=origen if isinstance(origen, CuentaBancaria) else None,
            referencia=referencia,
            creado_por=usuario,
        )
        if origen is not None:
            tipo_cambio = factura.tipo_cambio if factura.moneda.codigo != "PEN" and factura.tipo_cambio != 1 else None
            tesoreria.pago_registrar(
                origen=origen, monto=pago.monto, moneda=factura.moneda, tipo_cambio=tipo_cambio, usuario=usuario, fecha=fecha,
                referencia=f"{factura.serie}-{factura.numero}"[:100], descripcion=f"Pago de {factura} a {factura.proveedor.razon_social}"[:250],
                documento=pago, numero_operacion=referencia[:40],
            )  # fmt: skip
        if retenido:
            factura.retencion_monto += retenido
            factura.save(update_fields=["retencion_monto"])
        _actualizar_pagado(factura)
    return pago


def pagos_registrar(
    *, facturas: list, monto, usuario, origen, fecha: datetime.date, metodo_pago=None, referencia: str = "", retener: bool | None = None,
    retencion_esperada=None,
) -> list[PagoCompra]:
    """Pay several provider documents at once from one register or account: the amount settles the earliest due first.

    When the company is a retention agent and the payment qualifies (see billing.otros), 3 % (the regime's rate) of
    what is paid is retained, the provider receives the net and one comprobante de retención lists every document.
    `retener` True insists on the retention (an error says why it does not apply), False skips it;
    `retencion_esperada` is the amount the screen showed, checked against the rate.
    """  # fmt: skip
    monto = tesoreria.numero_de(monto)
    if not facturas:
        raise ValidationError("Elija los documentos que paga.")
    if monto <= 0:
        raise ValidationError("El monto del pago debe ser mayor que cero.")
    with transaction.atomic():
        elegidas = list(FacturaCompra.objects.select_for_update().filter(pk__in=[f.pk for f in facturas]).order_by("id"))
        elegidas.sort(key=lambda f: (f.fecha_vencimiento or f.fecha_emision, f.pk))
        repartos = list(cartera.repartir(monto, elegidas, lambda f: f.por_pagar))
        regimen, calculos = otros.operacion_evaluar(
            tipo=TipoOtro.RETENCION, empresa=elegidas[0].empresa, socios={f.proveedor for f in elegidas}, fecha=fecha,
            documentos=[otros.documento_operacion(f, numero=f"{f.serie}-{f.numero}", monto=aplicar) for f, aplicar in repartos], exigir=retener, esperado=retencion_esperada,
        )  # fmt: skip
        retenidos = {c.documento.numero: c.monto_moneda for c in calculos}
        pagos = [
            pago_registrar(
                factura_id=factura.pk, fecha=fecha, monto=aplicar, usuario=usuario, metodo_pago=metodo_pago, origen=origen, referencia=referencia,
                retenido=retenidos.get(f"{factura.serie}-{factura.numero}", CERO),
            )
            for factura, aplicar in repartos
        ]  # fmt: skip
        if calculos:
            comprobante = otros.comprobante_otro_emitir(
                tipo=TipoOtro.RETENCION, sucursal=elegidas[0].sucursal, socio=elegidas[0].proveedor, fecha=fecha, regimen=regimen,
                calculos=calculos, usuario=usuario, observacion=f"Pago {referencia}".strip(),
            )  # fmt: skip
            for pago in pagos:
                if pago.retenido:
                    pago.retencion = comprobante
                    pago.save(update_fields=["retencion"])
        return pagos


def pago_anular(*, pago_id: int, usuario) -> PagoCompra:
    """Void a payment: its money comes back to the register or account by a counter-movement."""
    with transaction.atomic():
        pago = PagoCompra.objects.select_for_update().get(pk=pago_id)
        if pago.anulado:
            raise ValidationError("El pago ya está anulado.")
        if pago.retencion_id and pago.retencion.estado != pago.retencion.Estado.REVERTIDO:
            raise ValidationError(f"El pago tiene el {pago.retencion}: reviértalo ante SUNAT antes de anular el pago.")
        pago.anulado = True
        pago.save(update_fields=["anulado"])
        tesoreria.movimientos_revertir(documento=pago, usuario=usuario, motivo=f"pago de {pago.factura} anulado")
        factura = FacturaCompra.objects.select_for_update().get(pk=pago.factura_id)
        if pago.retenido:
            factura.retencion_monto -= pago.retenido
            factura.save(update_fields=["retencion_monto"])
        _actualizar_pagado(factura)
    return pago


# Purchase requests and requests for quotation ----------------------------------------------------


def _avisar_solicitante(solicitud: SolicitudCompra) -> None:
    autor = solicitud.creado_por
    if autor is None or not autor.email:
        return
    texto = f"Su {solicitud._meta.verbose_name} {solicitud} ({solicitud.motivo}) fue {solicitud.get_estado_display().lower()}."
    if solicitud.comentario_revision:
        texto += f"\nComentario: {solicitud.comentario_revision}"
    transaction.on_commit(lambda: send_mail(f"{solicitud}: {solicitud.get_estado_display()}", texto, None, [autor.email]))


def _revisar(solicitud_id: int, usuario, estado: str, comentario: str) -> SolicitudCompra:
    if not usuario.has_perm("purchases.aprobar_solicitudcompra"):
        raise ValidationError("Su usuario no puede aprobar ni rechazar solicitudes de compra.")
    solicitud = SolicitudCompra.objects.select_for_update().get(pk=solicitud_id)
    if solicitud.estado != SolicitudCompra.Estado.POR_APROBAR:
        raise ValidationError(f"{solicitud} ya está {solicitud.get_estado_display().lower()}.")
    if not usuario.opera_sucursal(solicitud.sucursal_id):
        raise ValidationError(f"{solicitud} es de otra sucursal.")
    solicitud.estado = estado
    solicitud.revisado_por = usuario
    solicitud.revisado_en = timezone.now()
    solicitud.comentario_revision = comentario
    return solicitud


def solicitud_rechazar(*, solicitud_id: int, usuario, comentario: str = "") -> SolicitudCompra:
    with transaction.atomic():
        solicitud = _revisar(solicitud_id, usuario, SolicitudCompra.Estado.RECHAZADA, comentario)
        solicitud.save()
        _avisar_solicitante(solicitud)
    return solicitud


def solicitud_aprobar(*, solicitud_id: int, usuario, almacen, proveedor=None, proveedores=(), comentario: str = ""):
    """Approve a purchase request: it becomes a draft purchase order to `proveedor`, or a request
    for quotation to `proveedores`. Returns what it became; the requester is told by e-mail."""
    with transaction.atomic():
        solicitud = _revisar(solicitud_id, usuario, SolicitudCompra.Estado.APROBADA, comentario)
        if almacen.sucursal_id != solicitud.sucursal_id:
            raise ValidationError(f"El almacén {almacen} no es de la sucursal de la solicitud.")
        lineas = list(solicitud.lineas.select_related("producto"))
        if proveedor is not None:
            generado = orden_crear(
                sucursal=solicitud.sucursal, almacen=almacen, proveedor=proveedor, usuario=usuario,
                lineas=[{"producto": ln.producto, "descripcion": ln.descripcion, "unidad": ln.unidad, "cantidad": ln.cantidad} for ln in lineas],
            )
            solicitud.orden_generada = generado
        elif proveedores:
            generado = SolicitudCotizacion.objects.create(
                sucursal=solicitud.sucursal, almacen=almacen, fecha_emision=timezone.localdate(), creado_por=usuario,
                observaciones=f"De la {solicitud._meta.verbose_name} {solicitud}: {solicitud.motivo}",
            )
            generado.proveedores.set(proveedores)
            generado.lineas.bulk_create(
                generado.lineas.model(
                    solicitud=generado, producto=ln.producto, descripcion=ln.descripcion, unidad=ln.unidad,
                    cantidad=ln.cantidad, fecha_requerida=ln.fecha_requerida,
                )
                for ln in lineas
            )
            solicitud.cotizacion_generada = generado
        else:
            raise ValidationError("Elija el proveedor de la orden de compra o los proveedores a quienes cotizar.")
        solicitud.save()
        _avisar_solicitante(solicitud)
    return generado


def orden_crear(*, sucursal, almacen, proveedor, usuario, lineas: list[dict], moneda=None, tipo_cambio=None, fecha=None) -> OrdenCompra:
    """A draft purchase order with its lines, numbered and computed."""
    with transaction.atomic():
        orden = OrdenCompra(
            sucursal=sucursal, almacen=almacen, proveedor=proveedor, fecha_emision=fecha or timezone.localdate(), creado_por=usuario
        )
        if moneda is not None:
            orden.moneda, orden.tipo_cambio = moneda, tipo_cambio or Decimal("1")
        orden_numerar(orden=orden)
        nuevas = []
        for n, datos in enumerate(lineas, 1):
            linea = LineaOrdenCompra(documento=orden, orden=n, **datos)
            if linea.producto_id and not linea.descripcion:
                linea.descripcion = linea.producto.nombre
            nuevas.append(linea)
        LineaOrdenCompra.objects.bulk_create(nuevas)
        orden_calcular(orden=orden)
    return orden


def correos_del_proveedor(proveedor) -> list[str]:
    """Where a provider's documents go: its contacts' e-mails, else its own."""
    correos = [c for c in proveedor.contactos.values_list("email", flat=True) if c]
    return correos or ([proveedor.email] if proveedor.email else [])


def _enviar(documento, proveedor, destinatarios: list[str], mensaje: str, usuario) -> None:
    # Sales' e-mail service: the PDF comes through billing's attachments signal (cpe.pdf builds it).
    ventas.documento_enviar_correo(
        documento=documento, destinatarios=destinatarios, mensaje=mensaje, usuario=usuario,
        plantilla="purchases/correo_compra", contexto={"proveedor": proveedor},
    )  # fmt: skip


def cotizacion_enviar(*, solicitud_id: int, usuario, mensaje: str = "") -> list[str]:
    """E-mail the request with its PDF to each provider's contacts; returns the addresses."""
    with transaction.atomic():
        solicitud = SolicitudCotizacion.objects.select_for_update().get(pk=solicitud_id)
        if solicitud.estado == SolicitudCotizacion.Estado.CERRADA:
            raise ValidationError(f"{solicitud} está cerrada.")
        if not solicitud.lineas.exists():
            raise ValidationError(f"{solicitud} no tiene líneas.")
        proveedores = [(p, correos_del_proveedor(p)) for p in solicitud.proveedores.order_by("razon_social")]
        if not proveedores:
            raise ValidationError(f"{solicitud} no tiene proveedores.")
        sin_correo = [p.razon_social for p, correos in proveedores if not correos]
        if sin_correo:
            raise ValidationError("Sin correo ni contacto con correo: " + ", ".join(sin_correo) + ".")
        for proveedor, correos in proveedores:
            _enviar(solicitud, proveedor, correos, mensaje, usuario)
        if solicitud.estado == SolicitudCotizacion.Estado.BORRADOR:
            solicitud.estado = SolicitudCotizacion.Estado.ENVIADA
            solicitud.save(update_fields=["estado", "modificado"])
    return [correo for _, correos in proveedores for correo in correos]


def orden_enviar(*, orden_id: int, usuario, destinatarios: list[str] | None = None, mensaje: str = "") -> list[str]:
    """E-mail an issued order with its PDF to the provider (its contacts by default)."""
    orden = OrdenCompra.objects.select_related("proveedor", "moneda", "almacen").get(pk=orden_id)
    if orden.estado in (OrdenCompra.Estado.BORRADOR, OrdenCompra.Estado.ANULADA):
        raise ValidationError(f"{orden} está {orden.get_estado_display().lower()}: emítala antes de enviarla.")
    destinatarios = destinatarios or correos_del_proveedor(orden.proveedor)
    if not destinatarios:
        raise ValidationError(f"{orden.proveedor.razon_social} no tiene correo ni contactos con correo.")
    _enviar(orden, orden.proveedor, destinatarios, mensaje, usuario)
    return destinatarios


def cotizacion_responder(*, solicitud_id: int, proveedor, fecha, precios: dict, moneda=None, tipo_cambio=None, condiciones: str = "") -> RespuestaCotizacion:
    """Record (or replace) a provider's answer: `precios` maps request line ids to unit values without IGV."""
    with transaction.atomic():
        solicitud = SolicitudCotizacion.objects.select_for_update().get(pk=solicitud_id)
        if solicitud.estado == SolicitudCotizacion.Estado.CERRADA:
            raise ValidationError(f"{solicitud} está cerrada.")
        if not solicitud.proveedores.filter(pk=proveedor.pk).exists():
            raise ValidationError(f"{proveedor.razon_social} no está entre los proveedores de {solicitud}.")
        lineas = {ln.pk: ln for ln in solicitud.lineas.all()}
        respuesta, _ = RespuestaCotizacion.objects.update_or_create(
            solicitud=solicitud, proveedor=proveedor,
            defaults={"fecha": fecha, "condiciones": condiciones, **({"moneda": moneda, "tipo_cambio": tipo_cambio or 1} if moneda else {})},
        )
        respuesta.precios.all().delete()
        for linea_id, valor in precios.items():
            if int(linea_id) not in lineas:
                raise ValidationError(f"La línea {linea_id} no es de {solicitud}.")
            valor = _cantidad(valor)
            if valor < 0:
                raise ValidationError("El precio no puede ser negativo.")
            PrecioRespuesta.objects.create(respuesta=respuesta, linea_id=int(linea_id), valor_unitario=valor)
        solicitud.estado = SolicitudCotizacion.Estado.RESPONDIDA
        solicitud.save(update_fields=["estado", "modificado"])
    return respuesta


def cotizacion_elegir(*, respuesta_id: int, usuario) -> OrdenCompra:
    """The chosen answer becomes a draft purchase order to its provider at its prices; the request closes."""
    with transaction.atomic():
        respuesta = RespuestaCotizacion.objects.select_related("solicitud", "proveedor", "moneda").get(pk=respuesta_id)
        solicitud = SolicitudCotizacion.objects.select_for_update().get(pk=respuesta.solicitud_id)
        if solicitud.estado == SolicitudCotizacion.Estado.CERRADA:
            raise ValidationError(f"{solicitud} ya está cerrada" + (f": generó {solicitud.orden_generada}." if solicitud.orden_generada else "."))
        precios = {p.linea_id: p for p in respuesta.precios.all()}
        lineas = [ln for ln in solicitud.lineas.select_related("producto") if ln.pk in precios]
        if not lineas:
            raise ValidationError(f"La respuesta de {respuesta.proveedor.razon_social} no tiene precios.")
        orden = orden_crear(
            sucursal=solicitud.sucursal, almacen=solicitud.almacen, proveedor=respuesta.proveedor, usuario=usuario,
            moneda=respuesta.moneda, tipo_cambio=respuesta.tipo_cambio,
            lineas=[
                {
                    "producto": ln.producto, "descripcion": ln.descripcion, "unidad": ln.unidad, "cantidad": ln.cantidad,
                    "valor_unitario": precios[ln.pk].valor_unitario, "afectacion_igv": precios[ln.pk].afectacion_igv,
                }
                for ln in lineas
            ],
        )
        solicitud.estado = SolicitudCotizacion.Estado.CERRADA
        solicitud.orden_generada = orden
        solicitud.save(update_fields=["estado", "orden_generada", "modificado"])
    return orden


# Guía de remisión of a purchase (motivo 02): the company carries the goods from the provider to its warehouse.

_DOCUMENTO_DE_LA_GUIA = {TipoDocumentoCompra.FACTURA: "01", TipoDocumentoCompra.BOLETA: "03", TipoDocumentoCompra.LIQUIDACION: "04"}


def factura_guia_remision(*, factura_id: int, usuario):
    """A draft guía remitente for the goods of a registered factura, boleta or liquidación de compra, citing it."""
    factura = FacturaCompra.objects.select_related("proveedor", "almacen__sucursal__distrito").get(pk=factura_id)
    if factura.estado != FacturaCompra.Estado.REGISTRADA or factura.tipo not in _DOCUMENTO_DE_LA_GUIA:
        raise ValidationError("Solo una factura, boleta o liquidación de compra registrada lleva guía de remisión de compra.")
    numero = str(int(factura.numero)) if factura.numero.isdigit() else factura.numero
    return guias.guia_desde_compra(
        proveedor=factura.proveedor, almacen=factura.almacen, usuario=usuario,
        bienes=[(ln.producto, ln.cantidad) for ln in factura.lineas.select_related("producto")],
        documento=(_DOCUMENTO_DE_LA_GUIA[factura.tipo], f"{factura.serie}-{numero}"),
    )  # fmt: skip


def recepcion_guia_remision(*, recepcion_id: int, usuario):
    """A draft guía remitente for the goods of one reception of an order, from the order's provider to its warehouse."""
    recepcion = Recepcion.objects.select_related("orden__proveedor", "orden__almacen__sucursal__distrito").get(pk=recepcion_id)
    orden = recepcion.orden
    return guias.guia_desde_compra(
        proveedor=orden.proveedor, almacen=orden.almacen, usuario=usuario,
        bienes=[(ln.linea_orden.producto, ln.cantidad) for ln in recepcion.lineas.select_related("linea_orden__producto")],
    )  # fmt: skip
