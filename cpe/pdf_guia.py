"""The printed guía de remisión (A4, A5 or ticket): an `Impreso` without amounts, with the QR of the URL SUNAT's CDR gives."""

from django.conf import settings

from billing.models import GuiaRemision, ModalidadTraslado, TipoGuia
from cpe import pdf
from cpe.models import ComprobanteElectronico, TicketGre
from erp.models.referencia import distrito_por_id


def _lugar(distrito_id, direccion: str, establecimiento: str) -> str:
    partes = [direccion]
    if distrito_id:
        distrito = distrito_por_id(distrito_id)
        partes.append(f"{distrito} (ubigeo {distrito.ubigeo})")
    if establecimiento:
        partes.append(f"establecimiento {establecimiento}")
    return " – ".join(p for p in partes if p)


def _datos(guia: GuiaRemision) -> list[pdf.Dato]:
    hora = guia.hora_emision
    datos = [pdf.Dato("Fecha de emisión", f"{pdf._fecha(guia.fecha_emision)} {hora:%H:%M}" if hora else pdf._fecha(guia.fecha_emision))]
    datos.append(pdf.Dato("Inicio del traslado", pdf._fecha(guia.fecha_inicio)))
    if guia.tipo == TipoGuia.REMITENTE:
        datos.append(pdf.Dato("Motivo", guia.descripcion_motivo or guia.get_motivo_display()))
        datos.append(pdf.Dato("Modalidad", guia.get_modalidad_display()))
    if guia.peso_bruto:
        datos.append(pdf.Dato("Peso bruto", f"{guia.peso_bruto.normalize():f} {guia.get_unidad_peso_display().lower()}"))
    if guia.bultos:
        datos.append(pdf.Dato("Bultos", str(guia.bultos)))
    return datos


def _cliente(guia: GuiaRemision) -> tuple[pdf.Dato, ...]:
    destinatario = guia.destinatario_razon_social or (guia.destinatario.razon_social if guia.destinatario_id else guia.empresa.razon_social)
    datos = [pdf.Dato("Destinatario", destinatario)]
    if guia.destinatario_numero_documento:
        datos.append(pdf.Dato(pdf._abreviaturas().get(guia.destinatario_tipo_documento, "Documento"), guia.destinatario_numero_documento))
    if guia.remitente_id:
        datos.append(pdf.Dato("Remitente", f"{guia.remitente.razon_social} ({guia.remitente.numero_documento})"))
    datos.append(pdf.Dato("Punto de partida", _lugar(guia.partida_distrito_id, guia.partida_direccion, guia.partida_establecimiento)))
    datos.append(pdf.Dato("Punto de llegada", _lugar(guia.llegada_distrito_id, guia.llegada_direccion, guia.llegada_establecimiento)))
    return tuple(datos)


def _tablas(guia: GuiaRemision) -> tuple[pdf.Tabla, ...]:
    tablas = []
    if guia.tipo == TipoGuia.REMITENTE and guia.modalidad == ModalidadTraslado.PUBLICO:
        tablas.append(pdf.Tabla("Transportista", ("RUC", "Razón social", "Registro MTC"),
                                ((guia.transportista_ruc, guia.transportista_razon_social, guia.transportista_mtc),)))  # fmt: skip
    else:
        if guia.tipo == TipoGuia.TRANSPORTISTA:
            tablas.append(pdf.Tabla("Transportista", ("RUC", "Razón social", "Registro MTC"),
                                    ((guia.empresa.ruc, guia.empresa.razon_social, guia.transportista_mtc),)))  # fmt: skip
        tablas.append(pdf.Tabla("Vehículos", ("Placa",), tuple((v.placa,) for v in guia.vehiculos.all())))
        tablas.append(pdf.Tabla(
            "Conductores", ("Documento", "Nombre", "Licencia"),
            tuple((c.numero_documento, f"{c.nombres} {c.apellidos}", c.licencia) for c in guia.conductores.all()),
        ))  # fmt: skip
    documentos = tuple((d.get_tipo_display(), d.numero, d.ruc_emisor) for d in guia.documentos.all())
    if documentos:
        tablas.append(pdf.Tabla("Documentos relacionados", ("Tipo", "Número", "RUC del emisor"), documentos))
    return tuple(tablas)


def impreso_de_guia(guia: GuiaRemision) -> pdf.Impreso:
    """The guide as printed; its QR encodes the URL of SUNAT's CDR once accepted (a draft prints marked as such)."""
    comprobante = ComprobanteElectronico.objects.filter(guia=guia).only("hash", "estado").first()
    titulo, articulo = pdf.TITULOS[guia.tipo]
    hash_cpe = comprobante.hash if comprobante and guia.numero is not None else ""
    enlace = TicketGre.objects.filter(comprobante=comprobante).values_list("enlace", flat=True).first() if comprobante else ""
    representacion = ""
    if hash_cpe:
        representacion = f"Representación impresa {articulo} {titulo}."
        representacion += " Escanee el código QR para verla en SUNAT." if enlace else f" Consulte su documento en {settings.URL_PUBLICA}/consulta/"
    lineas = tuple(
        pdf.Linea(codigo=ln.codigo, descripcion=ln.descripcion, unidad=ln.unidad_id, cantidad=pdf._decimal(ln.cantidad), precio="", descuento="", importe="")
        for ln in guia.lineas.all()
    )
    return pdf.Impreso(
        tipo=guia.tipo,
        titulo=titulo,
        numero=guia.numero_completo,
        emisor=pdf._emisor(guia.empresa, guia.sucursal),
        cliente=_cliente(guia),
        datos=tuple(_datos(guia)),
        lineas=lineas,
        moneda="",
        totales=(),
        importe_total="",
        observaciones=guia.observaciones,
        tablas=_tablas(guia),
        aviso=pdf._aviso(guia, anulado=False),
        hash=hash_cpe,
        qr=enlace or "",
        representacion=representacion,
    )
