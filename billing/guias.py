"""Business actions on guías de remisión: drafts from a sale, a transfer or by hand; issuing with gap-free numbers.

Stock: a guide never moves stock by itself. A guide of a transfer registers
the transfer when issued (if it was still a draft), so the goods move once,
with the transfer; a guide of a sale leaves it to the sale. A guide issued
before its factura (motivo 14, or a dispatch before invoicing) is linked to
the factura that later names it in its «guías relacionadas».
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from billing.models import (
    ConductorGuia,
    DocumentoRelacionadoGuia,
    DocumentoVenta,
    GuiaRemision,
    LineaGuia,
    ModalidadTraslado,
    MotivoTraslado,
    TipoDocumentoGuia,
    TipoDocumentoVenta,
    TipoGuia,
    VehiculoGuia,
)
from billing.puertos import AEROPUERTOS, PUERTOS
from billing.senales import documento_emitido, guia_emitida
from erp.models import Serie
from erp.services import serie_asignar_numero
from erp.validadores import validar_ruc
from inventory import services as inventario
from inventory.models import EstadoOperacion, Transferencia


def _errores_de_aduana(guia: GuiaRemision, documentos) -> list[str]:
    """Import and export (08, 09) cite their customs declaration and name the port; other moves cite none (rules 3440, 3445, 3364)."""
    aduaneros = [d for d in documentos if d.tipo in TipoDocumentoGuia.aduaneros()]
    if guia.motivo not in MotivoTraslado.de_aduana():
        if aduaneros and guia.motivo != MotivoTraslado.OTROS:
            return [f"Una DAM o DS solo se cita en una guía de importación o exportación, no en una de «{guia.get_motivo_display()}»."]
        return []
    errores = []
    if not aduaneros:
        errores.append("Cite la declaración aduanera (DAM o DS) como documento relacionado, p. ej. 118-2026-10-123456.")
    if any(d.tipo not in (*TipoDocumentoGuia.aduaneros(), TipoDocumentoGuia.GUIA_REMITENTE) for d in documentos):
        errores.append("Una guía de importación o exportación solo cita la DAM o DS (y otra guía de remisión): quite la factura.")
    if not guia.bultos:
        errores.append("Indique el número de bultos de la importación o exportación.")
    importa = guia.motivo == MotivoTraslado.IMPORTACION
    lado, distrito = ("partida", guia.partida_distrito) if importa else ("llegada", guia.llegada_distrito)
    if not guia.puerto:
        errores.append("Indique el puerto o aeropuerto de desembarque." if importa else "Indique el puerto de embarque.")
    elif not importa and not guia.puerto.startswith("1-"):
        errores.append("La exportación se declara con el puerto de embarque: SUNAT no acepta aeropuertos para el motivo 09.")
    elif distrito is not None:
        tipo, codigo = guia.puerto.split("-", 1)
        nombre, ubigeo = (PUERTOS if tipo == "1" else AEROPUERTOS)[codigo]
        if ubigeo != distrito.ubigeo:
            errores.append(f"{nombre} está en el ubigeo {ubigeo}: la dirección de {lado} debe estar en ese distrito.")
    return errores


def _errores(guia: GuiaRemision, lineas, vehiculos, conductores, documentos) -> list[str]:
    """Everything SUNAT's GRE rules would reject, in the office's words (checked together)."""
    errores = []
    if guia.serie.tipo_documento != guia.tipo or guia.serie.sucursal_id != guia.sucursal_id:
        errores.append(f"La serie {guia.serie} no es de {guia.get_tipo_display().lower()} de la sucursal {guia.sucursal}.")
    if not lineas:
        errores.append("Agregue al menos un bien a trasladar.")
    if not guia.peso_bruto or guia.peso_bruto <= 0:
        errores.append("Indique el peso bruto total de la carga (mayor que cero).")
    for lado, distrito, direccion in (
        ("partida", guia.partida_distrito_id, guia.partida_direccion),
        ("llegada", guia.llegada_distrito_id, guia.llegada_direccion),
    ):
        if not distrito:
            errores.append(f"La dirección de {lado} necesita su ubigeo (distrito).")
        if not direccion.strip():
            errores.append(f"Escriba la dirección de {lado}.")
    if guia.fecha_inicio and guia.fecha_emision and guia.fecha_inicio < guia.fecha_emision:
        errores.append("La fecha de inicio del traslado no puede ser anterior a la fecha de emisión.")
    privado = guia.tipo == TipoGuia.TRANSPORTISTA or guia.modalidad == ModalidadTraslado.PRIVADO
    if privado:
        if not vehiculos:
            errores.append("En transporte privado indique la placa del vehículo.")
        if not conductores:
            errores.append("En transporte privado indique al conductor con su documento y licencia de conducir.")
        for conductor in conductores:
            if not conductor.licencia.strip():
                errores.append(f"Falta la licencia de conducir de {conductor}.")
    if guia.tipo == TipoGuia.TRANSPORTISTA:
        if guia.remitente_id is None:
            errores.append("La guía transportista necesita al remitente (dueño de los bienes).")
        if not guia.transportista_mtc:
            errores.append("Indique el registro MTC de la empresa de transporte.")
        return errores
    if guia.modalidad == ModalidadTraslado.PUBLICO:
        try:
            validar_ruc(guia.transportista_ruc)
        except ValidationError:
            errores.append("En transporte público indique el RUC válido del transportista.")
        if not guia.transportista_razon_social.strip():
            errores.append("En transporte público indique la razón social del transportista.")
        if guia.transportista_ruc == guia.empresa.ruc:
            errores.append("En transporte público el transportista es otra empresa: use transporte privado.")
    if guia.motivo in (MotivoTraslado.COMPRA, MotivoTraslado.RECOJO_TRANSFORMADOS) and guia.proveedor_id is None:
        errores.append(f"Para el motivo «{guia.get_motivo_display()}» indique al proveedor de los bienes.")
    errores += _errores_de_aduana(guia, documentos)
    if guia.motivo in MotivoTraslado.hacia_la_empresa():
        if guia.destinatario_id and guia.destinatario.numero_documento != guia.empresa.ruc:
            errores.append(f"Para el motivo «{guia.get_motivo_display()}» el destinatario es la propia empresa: deje el destinatario vacío.")
    elif guia.destinatario_id is None and guia.motivo != MotivoTraslado.IMPORTACION:  # an import's recipient defaults to the company
        errores.append(f"Indique el destinatario para el motivo «{guia.get_motivo_display()}».")
    if guia.motivo == MotivoTraslado.ENTRE_ESTABLECIMIENTOS:
        if not (guia.partida_establecimiento and guia.llegada_establecimiento):
            errores.append("En un traslado entre establecimientos indique el código SUNAT del local de partida y del de llegada.")
        elif guia.partida_establecimiento == guia.llegada_establecimiento:
            errores.append("El traslado entre establecimientos debe ir a otro local: partida y llegada tienen el mismo código SUNAT.")
    return errores


def _tomar_destinatario(guia: GuiaRemision) -> None:
    if guia.destinatario_id:
        socio = guia.destinatario
        guia.destinatario_tipo_documento = socio.tipo_documento.codigo
        guia.destinatario_numero_documento = socio.numero_documento or "-"
        guia.destinatario_razon_social = socio.razon_social
    else:
        empresa = guia.empresa
        guia.destinatario_tipo_documento, guia.destinatario_numero_documento = "6", empresa.ruc
        guia.destinatario_razon_social = empresa.razon_social


def guia_validar(*, guia: GuiaRemision, lineas=None, vehiculos=None, conductores=None, documentos=None) -> None:
    """ValidationError listing every problem of a guide (saved or not) that would stop its issue."""
    lineas = list(guia.lineas.all()) if lineas is None else lineas
    vehiculos = list(guia.vehiculos.all()) if vehiculos is None else vehiculos
    conductores = list(guia.conductores.all()) if conductores is None else conductores
    documentos = list(guia.documentos.all()) if documentos is None else documentos
    if errores := _errores(guia, lineas, vehiculos, conductores, documentos):
        raise ValidationError(errores)


def guia_emitir(*, guia_id: int, usuario) -> GuiaRemision:
    """Issue a draft guide: validate, number it under the series lock, register its transfer, queue its CPE.

    One transaction: a failure leaves the draft as it was, with no number used.
    """
    with transaction.atomic():
        guia = (
            GuiaRemision.objects.select_for_update(of=("self",))
            .select_related("serie", "sucursal", "empresa", "destinatario__tipo_documento", "remitente__tipo_documento")
            .get(pk=guia_id)
        )
        if not guia.es_borrador:
            raise ValidationError(f"{guia} ya fue emitida.")
        guia_validar(guia=guia)
        _tomar_destinatario(guia)
        guia.hora_emision = timezone.localtime().time().replace(microsecond=0)
        guia.estado = GuiaRemision.Estado.EMITIDA
        guia.numero = serie_asignar_numero(serie_id=guia.serie_id)
        guia.save()
        if guia.transferencia_id and guia.transferencia.estado == EstadoOperacion.BORRADOR:
            inventario.transferencia_registrar(transferencia=guia.transferencia, usuario=usuario)
        guia_emitida.send(sender=GuiaRemision, guia=guia)
    return guia


def _serie_guia(sucursal, tipo: str = TipoGuia.REMITENTE) -> Serie:
    serie = Serie.objects.filter(sucursal=sucursal, tipo_documento=tipo, activo=True).order_by("serie").first()
    if serie is None:
        raise ValidationError(f"La sucursal {sucursal} no tiene una serie activa de guía de remisión ({tipo}): créela en Sucursales › Series.")
    return serie


def _borrador(sucursal, usuario, **campos) -> GuiaRemision:
    """A new draft guía remitente of the branch's series, issued and starting today unless `campos` say otherwise."""
    hoy = timezone.localdate()
    return GuiaRemision.objects.create(
        sucursal=sucursal, serie=_serie_guia(sucursal), fecha_emision=hoy, fecha_inicio=campos.pop("fecha_inicio", hoy), creado_por=usuario, **campos
    )


def _nueva_linea(guia: GuiaRemision, orden: int, producto, cantidad, *, codigo="", descripcion="", unidad_id=None) -> LineaGuia:
    return LineaGuia(
        guia=guia,
        orden=orden,
        producto=producto,
        codigo=codigo or (producto.codigo if producto else ""),
        descripcion=descripcion or producto.nombre,
        unidad_id=unidad_id or producto.unidad_id,
        cantidad=cantidad,
    )


def guia_desde_documento(*, documento_id: int, usuario) -> GuiaRemision:
    """A draft guía remitente for the goods of an issued factura or boleta: its client, lines and number as related document."""
    documento = DocumentoVenta.objects.select_related("sucursal__distrito", "empresa", "cliente", "serie").get(pk=documento_id)
    if documento.tipo not in (TipoDocumentoVenta.FACTURA, TipoDocumentoVenta.BOLETA) or documento.estado != DocumentoVenta.Estado.EMITIDO:
        raise ValidationError("Solo una factura o boleta emitida tiene guía de remisión.")
    bienes = [ln for ln in documento.lineas.select_related("producto") if not (ln.producto and ln.producto.es_servicio)]
    if not bienes:
        raise ValidationError(f"{documento} no tiene bienes que trasladar (solo servicios).")
    direccion = documento.cliente.direccion_principal
    sucursal = documento.sucursal
    with transaction.atomic():
        guia = _borrador(
            sucursal,
            usuario,
            destinatario=documento.cliente,
            motivo=MotivoTraslado.VENTA,
            partida_distrito=sucursal.distrito,
            partida_direccion=sucursal.direccion,
            llegada_distrito_id=direccion.distrito_id if direccion else None,
            llegada_direccion=direccion.direccion if direccion else "",
            documento_venta=documento,
        )
        LineaGuia.objects.bulk_create(
            _nueva_linea(guia, n, ln.producto, ln.cantidad, codigo=ln.codigo, descripcion=ln.descripcion, unidad_id=ln.unidad_id)
            for n, ln in enumerate(bienes, start=1)
        )
        DocumentoRelacionadoGuia.objects.create(
            guia=guia, tipo=documento.tipo, numero=f"{documento.serie.serie}-{documento.numero}", ruc_emisor=documento.empresa.ruc
        )
    return guia


def guia_desde_transferencia(*, transferencia_id: int, usuario) -> GuiaRemision:
    """A draft guía remitente (motivo 04) for a transfer between two of the company's establishments."""
    transferencia = Transferencia.objects.select_related(
        "almacen_origen__sucursal__distrito", "almacen_destino__sucursal__distrito"
    ).get(pk=transferencia_id)
    if transferencia.estado == EstadoOperacion.ANULADA:
        raise ValidationError(f"{transferencia} está anulada.")
    origen, destino = transferencia.almacen_origen.sucursal, transferencia.almacen_destino.sucursal
    if origen.codigo_establecimiento == destino.codigo_establecimiento:
        raise ValidationError(
            f"{transferencia} es entre almacenes del mismo establecimiento ({origen}): no necesita guía de remisión. "
            "La guía de traslado entre establecimientos va de un local a otro con distinto código SUNAT."
        )
    with transaction.atomic():
        guia = _borrador(
            origen,
            usuario,
            fecha_inicio=max(transferencia.fecha, timezone.localdate()),
            motivo=MotivoTraslado.ENTRE_ESTABLECIMIENTOS,
            partida_distrito=origen.distrito,
            partida_direccion=transferencia.almacen_origen.direccion or origen.direccion,
            partida_establecimiento=origen.codigo_establecimiento,
            llegada_distrito=destino.distrito,
            llegada_direccion=transferencia.almacen_destino.direccion or destino.direccion,
            llegada_establecimiento=destino.codigo_establecimiento,
            transferencia=transferencia,
        )
        LineaGuia.objects.bulk_create(
            _nueva_linea(guia, n, ln.producto, ln.cantidad) for n, ln in enumerate(transferencia.lineas.select_related("producto"), start=1)
        )
    return guia


def guia_desde_compra(*, proveedor, almacen, bienes, documento: tuple[str, str] | None = None, usuario) -> GuiaRemision:
    """A draft guía remitente (motivo 02) for goods the company bought and carries itself: from the provider's address to
    the warehouse. `bienes` are (producto, cantidad) pairs (services are left out); `documento` the provider's (tipo, "F001-25")
    as related document. Purchases (above billing) pass its invoice or reception here."""
    bienes = [(producto, cantidad) for producto, cantidad in bienes if producto is not None and not producto.es_servicio]
    if not bienes:
        raise ValidationError("La compra no tiene bienes que trasladar (solo servicios o líneas sin producto).")
    direccion, sucursal = proveedor.direccion_principal, almacen.sucursal
    with transaction.atomic():
        guia = _borrador(
            sucursal,
            usuario,
            motivo=MotivoTraslado.COMPRA,
            proveedor=proveedor,
            partida_distrito_id=direccion.distrito_id if direccion else None,
            partida_direccion=direccion.direccion if direccion else "",
            llegada_distrito=sucursal.distrito,
            llegada_direccion=almacen.direccion or sucursal.direccion,
        )
        LineaGuia.objects.bulk_create(_nueva_linea(guia, n, producto, cantidad) for n, (producto, cantidad) in enumerate(bienes, start=1))
        if documento is not None:
            tipo, numero = documento
            # A liquidación de compra is the company's own document (rule 3381); the rest, the provider's.
            emisor = guia.empresa.ruc if tipo == TipoDocumentoGuia.LIQUIDACION_COMPRA else proveedor.numero_documento
            DocumentoRelacionadoGuia.objects.create(guia=guia, tipo=tipo, numero=numero, ruc_emisor=emisor)
    return guia


_NUMERO_GUIA = re.compile(r"\b([A-Z0-9]{4})-0*(\d{1,8})\b")


@receiver(documento_emitido, dispatch_uid="guias_de_la_factura")
def _vincular_guias(sender, documento, **kwargs):
    """A factura or boleta issued after its guides («guías relacionadas») takes them as its own."""
    if not documento.guias or documento.tipo not in (TipoDocumentoVenta.FACTURA, TipoDocumentoVenta.BOLETA):
        return
    for serie, numero in _NUMERO_GUIA.findall(documento.guias.upper()):
        GuiaRemision.objects.filter(
            empresa_id=documento.empresa_id, tipo=TipoGuia.REMITENTE, serie__serie=serie, numero=int(numero), documento_venta__isnull=True
        ).update(documento_venta=documento)


def guia_registrar(*, usuario, lineas: list[dict], vehiculos=(), conductores=(), documentos=(), emitir: bool = True, **campos) -> GuiaRemision:
    """A guide with its lines, vehicles, drivers and related documents (the REST API), issued at once unless `emitir` is False.

    One transaction: a refused guide leaves nothing behind and uses no number.
    """
    with transaction.atomic():
        guia = GuiaRemision(creado_por=usuario, **campos)
        guia.full_clean(exclude=["empresa"])
        guia.save()
        LineaGuia.objects.bulk_create(LineaGuia(guia=guia, orden=n, **datos) for n, datos in enumerate(lineas, start=1))
        for modelo, filas in ((VehiculoGuia, vehiculos), (ConductorGuia, conductores), (DocumentoRelacionadoGuia, documentos)):
            for datos in filas:
                fila = modelo(guia=guia, **datos)
                fila.full_clean(exclude=["guia"])
                fila.save()
        if emitir:
            guia = guia_emitir(guia_id=guia.pk, usuario=usuario)
    return guia
