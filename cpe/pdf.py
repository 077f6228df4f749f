"""The printed documents (PDF): CPE, notas de venta, quotations and orders, on A4, A5 or an 80 mm ticket.

An `Impreso` is a document as it is printed, every value already formatted,
built from the stored data only: the document's rows and, for a CPE, the
hash kept when its XML was signed. Printing never builds, signs or touches
the XML, so printing again gives the same content and leaves the signed XML
and its hash as they were. The templates in templates/cpe/impreso/ draw an
`Impreso` with xhtml2pdf; a new document type (guías, retenciones,
percepciones) only needs a builder that returns one.
"""

import base64
import functools
import io
import itertools
import logging
import math
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from PIL import Image
from xhtml2pdf import pisa

from billing.models import (
    Cotizacion,
    CuentaBancaria,
    DocumentoVenta,
    GuiaRemision,
    MotivoNotaCredito,
    MotivoNotaDebito,
    Pedido,
    TasaImpuesto,
    TipoOperacion,
)
from billing.selectors import tasas_vigentes
from cpe.desde_totales import LEYENDA_DETRACCION, LEYENDA_GRATUITA, LEYENDA_IVAP
from cpe.empaquetado import nombre_comprobante
from cpe.models import ComprobanteElectronico, EstadoCpe
from cpe.qr import contenido_qr_de, qr_png
from erp import archivos
from erp.models import FormatoImpresion, TipoDocumentoIdentidad
from purchases.models import OrdenCompra, SolicitudCotizacion

log = logging.getLogger(__name__)

# Title of each printed document type and the article SUNAT's legend puts before it.
TITULOS = {
    "01": ("FACTURA ELECTRÓNICA", "de la"),
    "03": ("BOLETA DE VENTA ELECTRÓNICA", "de la"),
    "07": ("NOTA DE CRÉDITO ELECTRÓNICA", "de la"),
    "08": ("NOTA DE DÉBITO ELECTRÓNICA", "de la"),
    "09": ("GUÍA DE REMISIÓN REMITENTE ELECTRÓNICA", "de la"),
    "20": ("COMPROBANTE DE RETENCIÓN ELECTRÓNICO", "del"),
    "31": ("GUÍA DE REMISIÓN TRANSPORTISTA ELECTRÓNICA", "de la"),
    "40": ("COMPROBANTE DE PERCEPCIÓN ELECTRÓNICO", "del"),
    "NV": ("NOTA DE VENTA", ""),
    "CT": ("COTIZACIÓN", ""),
    "PV": ("PEDIDO DE VENTA", ""),
    "OC": ("ORDEN DE COMPRA", ""),
    "SCT": ("SOLICITUD DE COTIZACIÓN", ""),
}
PLANTILLAS = {
    FormatoImpresion.A4: "cpe/impreso/hoja.html",
    FormatoImpresion.A5: "cpe/impreso/hoja.html",
    FormatoImpresion.TICKET: "cpe/impreso/ticket.html",
}
AVISO_BORRADOR = "BORRADOR — SIN VALOR LEGAL"
AVISO_ANULADO = "DOCUMENTO ANULADO"
AVISO_INTERNO = "Documento interno: no es un comprobante de pago."
PERCEPCION_AL_CREDITO = "Operación sujeta a percepción: se cobra con cada pago, en su comprobante de percepción."


class FormatoDesconocido(ValueError):
    pass


@dataclass(frozen=True)
class Dato:
    etiqueta: str
    valor: str


@dataclass(frozen=True)
class Linea:
    codigo: str
    descripcion: str
    unidad: str
    cantidad: str
    precio: str
    descuento: str
    importe: str


@dataclass(frozen=True)
class Tabla:
    titulo: str
    columnas: tuple[str, ...]
    filas: tuple[tuple[str, ...], ...]
    nota: str = ""

    @property
    def renglones(self) -> tuple[str, ...]:
        """Each row as one line of text, for the narrow ticket."""
        return tuple(
            " · ".join(f"{c}: {v}" for c, v in zip(self.columnas, fila, strict=True) if v) for fila in self.filas
        )


@dataclass(frozen=True)
class Emisor:
    razon_social: str
    ruc: str
    direccion: str
    nombre_comercial: str = ""
    establecimiento: str = ""
    contacto: str = ""
    logo: str = ""  # data: URI


@dataclass(frozen=True)
class Impreso:
    tipo: str  # catálogo 01 code, or NV, CT, PV
    titulo: str
    numero: str
    emisor: Emisor
    cliente: tuple[Dato, ...]
    datos: tuple[Dato, ...]
    lineas: tuple[Linea, ...]
    moneda: str  # symbol
    totales: tuple[Dato, ...]  # values with their currency
    importe_total: str
    monto_letras: str = ""
    observaciones: str = ""
    tablas: tuple[Tabla, ...] = ()
    leyendas: tuple[str, ...] = ()
    aviso: str = ""
    hash: str = ""
    qr: str = ""  # the QR's content; empty: no QR
    representacion: str = ""  # SUNAT's legend with the consultation address

    @property
    def con_importes(self) -> bool:
        """A guía de remisión moves goods: it prints no prices or totals."""
        return bool(self.importe_total)

    @property
    def con_descuento(self) -> bool:
        return any(linea.descuento for linea in self.lineas)

    @property
    def filas_datos(self) -> list[tuple[Dato | None, Dato | None]]:
        """The client's data beside the document's, row by row (one flat table prints fastest)."""
        return list(itertools.zip_longest(self.cliente, self.datos))


# Formatting ----------------------------------------------------------------------------------


def _dinero(valor: Decimal) -> str:
    return f"{valor:,.2f}"


def _decimal(valor: Decimal) -> str:
    """At least 2 decimals, and as many more as the value has (line values keep up to 10)."""
    decimales = max(2, -valor.normalize().as_tuple().exponent)
    return f"{valor:,.{decimales}f}"


def _fecha(fecha) -> str:
    return f"{fecha:%d/%m/%Y}" if fecha else ""


# Builders ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _logo_data_uri(nombre: str) -> str:
    """The company's logo shrunk to print size, as a data: URI (read once per process and file)."""
    try:
        with default_storage.open(nombre) as archivo:
            imagen = Image.open(archivo)
            imagen.load()
    except (OSError, ValueError):
        log.warning("No se pudo leer el logo %s; el documento se imprime sin logo.", nombre)
        return ""
    imagen.thumbnail((600, 240))
    salida = io.BytesIO()
    imagen.convert("RGBA" if "A" in imagen.getbands() else "RGB").save(salida, format="PNG")
    return "data:image/png;base64," + base64.b64encode(salida.getvalue()).decode()


def _emisor(empresa, sucursal) -> Emisor:
    establecimiento = ""
    if sucursal.codigo_establecimiento != "0000":
        establecimiento = f"{sucursal.nombre}: {sucursal.direccion}, {sucursal.distrito}"
    contacto = " · ".join(
        texto
        for texto in (
            f"Telf.: {sucursal.telefono or empresa.telefono}" if sucursal.telefono or empresa.telefono else "",
            sucursal.email or empresa.email,
            empresa.web,
        )
        if texto
    )
    return Emisor(
        razon_social=empresa.razon_social,
        ruc=empresa.ruc,
        direccion=f"{empresa.direccion}, {empresa.distrito}",
        nombre_comercial=empresa.nombre_comercial,
        establecimiento=establecimiento,
        contacto=contacto,
        logo=_logo_data_uri(empresa.logo.name) if empresa.logo else "",
    )


def _abreviaturas() -> dict[str, str]:
    return dict(TipoDocumentoIdentidad.objects.values_list("codigo", "abreviatura"))


def _cliente(
    razon_social: str, tipo_documento: str, numero_documento: str, direccion: str, tipo: str
) -> tuple[Dato, ...]:
    datos = [Dato("Señor(es)" if tipo == "01" else "Cliente", razon_social)]
    if numero_documento and numero_documento != "-":
        datos.append(Dato(_abreviaturas().get(tipo_documento, "Documento"), numero_documento))
    if direccion:
        datos.append(Dato("Dirección", direccion))
    return tuple(datos)


def _lineas(documento) -> tuple[Linea, ...]:
    lineas = []
    for linea in documento.lineas.all():
        descripcion = linea.descripcion
        if getattr(linea, "numero_serie", ""):
            descripcion = f"{descripcion} (serie {linea.numero_serie})"
        lineas.append(
            Linea(
                codigo=linea.codigo,
                descripcion=descripcion,
                unidad=linea.unidad_id,
                cantidad=_decimal(linea.cantidad),
                precio=_decimal(linea.precio_unitario),
                descuento=f"{linea.descuento_porcentaje.normalize():f}%" if linea.descuento_porcentaje else "",
                importe=_dinero(linea.total),
            )
        )
    return tuple(lineas)


def _totales(documento) -> tuple[Dato, ...]:
    """Totals per tributo, with the currency: the operation bases, then each tax; zeros left out except the IGV."""
    tasa_igv = tasas_vigentes(documento.fecha_emision)[TasaImpuesto.Tributo.IGV]
    filas = [
        ("Op. gravadas", documento.total_gravadas),
        ("Op. gravadas IVAP", documento.total_gravadas_ivap),
        ("Op. exoneradas", documento.total_exoneradas),
        ("Op. inafectas", documento.total_inafectas),
        ("Exportación", documento.total_exportacion),
        ("Op. gratuitas", documento.total_gratuitas),
        ("Descuentos", documento.total_descuentos),
        ("Anticipos", documento.total_anticipos),
        (f"IGV {tasa_igv.normalize():f}%", documento.total_igv),
        ("IVAP", documento.total_ivap),
        ("ISC", documento.total_isc),
        ("ICBPER", documento.total_icbper),
        ("Otros cargos", documento.total_otros_cargos),
    ]
    simbolo = documento.moneda.simbolo
    return tuple(
        Dato(etiqueta, f"{simbolo} {_dinero(valor)}")
        for etiqueta, valor in filas
        if valor or etiqueta.startswith("IGV")
    )


def _datos_comunes(documento) -> list[Dato]:
    fecha = _fecha(documento.fecha_emision)
    hora = getattr(documento, "hora_emision", None)
    datos = [Dato("Fecha de emisión", f"{fecha} {hora:%H:%M}" if hora else fecha)]
    moneda = documento.moneda
    datos.append(Dato("Moneda", moneda.nombre_plural))
    if moneda.codigo != "PEN":
        datos.append(Dato("Tipo de cambio", f"{documento.tipo_cambio:.3f}"))
    return datos


def _aviso(documento, anulado: bool) -> str:
    if getattr(documento, "numero", None) is None:
        return AVISO_BORRADOR
    return AVISO_ANULADO if anulado else ""


def _cliente_de_venta(documento: DocumentoVenta) -> tuple[Dato, ...]:
    """The customer as the issued document froze it; a draft still reads the partner's record."""
    if documento.numero is not None:
        return _cliente(
            documento.cliente_razon_social,
            documento.cliente_tipo_documento,
            documento.cliente_numero_documento,
            documento.cliente_direccion,
            documento.tipo,
        )
    socio = documento.cliente
    direccion = socio.direccion_principal
    return _cliente(
        socio.razon_social, socio.tipo_documento.codigo, socio.numero_documento, str(direccion or ""), documento.tipo
    )


def _datos_de_venta(documento: DocumentoVenta) -> list[Dato]:
    datos = _datos_comunes(documento)
    if documento.fecha_vencimiento:
        datos.append(Dato("Fecha de vencimiento", _fecha(documento.fecha_vencimiento)))
    if documento.es_electronico:
        datos.append(Dato("Forma de pago", documento.get_forma_pago_display()))
    if documento.metodo_pago_id:
        datos.append(Dato("Método de pago", str(documento.metodo_pago)))
    if documento.tipo_operacion != TipoOperacion.VENTA_INTERNA and documento.tipo in ("01", "03"):
        datos.append(Dato("Tipo de operación", documento.get_tipo_operacion_display()))
    for etiqueta, valor in (
        ("Orden de compra", documento.orden_compra),
        ("Placa del vehículo", documento.placa_vehiculo),
        ("Guías de remisión", documento.guias),
    ):
        if valor:
            datos.append(Dato(etiqueta, valor))
    if documento.es_nota and documento.documento_referencia_id:
        referencia = documento.documento_referencia
        motivos = MotivoNotaCredito if documento.tipo == "07" else MotivoNotaDebito
        datos.append(Dato("Documento que modifica", f"{referencia.get_tipo_display()} {referencia.numero_completo}"))
        if documento.motivo_nota in motivos.values:
            datos.append(Dato("Motivo", f"{documento.motivo_nota} {motivos(documento.motivo_nota).label}"))
        if documento.sustento:
            datos.append(Dato("Sustento", documento.sustento))
    return datos


def _totales_de_venta(documento: DocumentoVenta, simbolo: str) -> list[Dato]:
    totales = list(_totales(documento))
    if documento.percepcion_monto:
        # SUNAT states the percepción in soles, whatever the document's currency.
        totales.append(Dato("Percepción", f"S/ {_dinero(documento.percepcion_monto)}"))
        totales.append(
            Dato("Total con percepción", f"S/ {_dinero(documento.percepcion_base + documento.percepcion_monto)}")
        )
    if documento.retencion_monto:
        totales.append(
            Dato(
                f"Retención {documento.retencion_porcentaje.normalize():f}%",
                f"{simbolo} {_dinero(documento.retencion_monto)}",
            )
        )
    return totales


def _leyendas_de_venta(documento: DocumentoVenta) -> tuple[str, ...]:
    leyendas = []
    if documento.total_gratuitas:
        leyendas.append(LEYENDA_GRATUITA)
    if documento.detraccion_codigo:
        leyendas.append(LEYENDA_DETRACCION)
    if documento.total_ivap:
        leyendas.append(LEYENDA_IVAP)
    if documento.percepcion_regimen and documento.forma_pago == DocumentoVenta.FormaPago.CREDITO:
        leyendas.append(PERCEPCION_AL_CREDITO)
    if not documento.es_electronico:
        leyendas.append(AVISO_INTERNO)
    return tuple(leyendas)


def impreso_de_venta(documento: DocumentoVenta) -> Impreso:
    """A factura, boleta, note or nota de venta as printed; a draft prints marked as such, without QR."""
    comprobante = ComprobanteElectronico.objects.filter(documento=documento).only("hash", "estado").first()
    emitido = documento.numero is not None
    simbolo = documento.moneda.simbolo
    titulo, articulo = TITULOS[documento.tipo]
    hash_cpe = comprobante.hash if comprobante and emitido else ""
    qr = representacion = ""
    if hash_cpe:
        qr = contenido_qr_de(documento, ruc=documento.empresa.ruc, hash=hash_cpe)
        representacion = (
            f"Representación impresa {articulo} {titulo}. Consulte su documento en {settings.URL_PUBLICA}/consulta/"
        )
    elif documento.es_electronico and emitido:
        representacion = "El comprobante aún no tiene firma digital: esta impresión no es su representación impresa."
    anulado = documento.estado == DocumentoVenta.Estado.ANULADO or (
        comprobante is not None and comprobante.estado == EstadoCpe.ANULADO
    )
    return Impreso(
        tipo=documento.tipo,
        titulo=titulo,
        numero=documento.numero_completo,
        emisor=_emisor(documento.empresa, documento.sucursal),
        cliente=_cliente_de_venta(documento),
        datos=tuple(_datos_de_venta(documento)),
        lineas=_lineas(documento),
        moneda=simbolo,
        totales=tuple(_totales_de_venta(documento, simbolo)),
        importe_total=_dinero(documento.importe_total),
        monto_letras=documento.monto_letras,
        observaciones=documento.observaciones,
        tablas=_tablas_de_venta(documento, simbolo),
        leyendas=_leyendas_de_venta(documento),
        aviso=_aviso(documento, anulado),
        hash=hash_cpe,
        qr=qr,
        representacion=representacion,
    )


def _tablas_de_venta(documento: DocumentoVenta, simbolo: str) -> tuple[Tabla, ...]:
    tablas = []
    cuotas = list(documento.cuotas.all())
    if cuotas:
        pendiente = sum((c.monto for c in cuotas), Decimal("0"))
        tablas.append(
            Tabla(
                "Cuotas",
                ("Cuota", "Fecha de pago", f"Monto ({simbolo})"),
                tuple((f"{c.numero:03d}", _fecha(c.fecha_pago), _dinero(c.monto)) for c in cuotas),
                nota=f"Monto neto pendiente de pago: {simbolo} {_dinero(pendiente)}",
            )
        )
    if documento.detraccion_codigo:
        cuenta = CuentaBancaria.objects.filter(empresa=documento.empresa_id, es_detraccion=True, activo=True).first()
        tablas.append(
            Tabla(
                "Detracción",
                ("Bien o servicio", "Porcentaje", "Monto (S/)", "Cta. Banco de la Nación", "Medio de pago"),
                (
                    (
                        documento.detraccion_codigo,
                        f"{documento.detraccion_porcentaje.normalize():f}%",
                        _dinero(documento.detraccion_monto),
                        cuenta.numero if cuenta else "",
                        documento.get_detraccion_medio_pago_display(),
                    ),
                ),
            )
        )
    anticipos = list(documento.anticipos_aplicados.select_related("anticipo__serie"))
    if anticipos:
        tablas.append(
            Tabla(
                "Anticipos aplicados",
                ("Documento", f"Monto sin IGV ({simbolo})"),
                tuple(
                    (f"{a.anticipo.get_tipo_display()} {a.anticipo.numero_completo}", _dinero(a.monto))
                    for a in anticipos
                ),
            )
        )
    pagos = list(documento.pagos.select_related("metodo_pago"))
    if pagos:
        tablas.append(
            Tabla(
                "Pagos a cuenta",
                ("Fecha", "Método", "Referencia", f"Monto ({simbolo})"),
                tuple((_fecha(p.fecha), str(p.metodo_pago), p.referencia, _dinero(p.monto)) for p in pagos),
            )
        )
    cuentas = list(documento.cuentas_bancarias.select_related("moneda"))
    if cuentas:
        tablas.append(
            Tabla(
                "Cuentas bancarias",
                ("Banco", "Moneda", "Cuenta", "CCI"),
                tuple((c.banco, c.moneda.codigo, c.numero, c.cci) for c in cuentas),
            )
        )
    return tuple(tablas)


def impreso_de_previo(previo: Cotizacion | Pedido) -> Impreso:
    """A quotation or sales order, in the same layout (no QR: it is not a CPE)."""
    tipo = previo.serie.tipo_documento
    socio = previo.cliente
    direccion = socio.direccion_principal
    datos = _datos_comunes(previo)
    if isinstance(previo, Cotizacion):
        if previo.valido_hasta:
            datos.append(Dato("Válida hasta", _fecha(previo.valido_hasta)))
        if previo.condiciones:
            datos.append(Dato("Condiciones", previo.condiciones))
    else:
        if previo.fecha_entrega:
            datos.append(Dato("Fecha de entrega", _fecha(previo.fecha_entrega)))
        if previo.direccion_entrega:
            datos.append(Dato("Dirección de entrega", previo.direccion_entrega))
    metodos = ", ".join(str(m) for m in previo.metodos_pago.all())
    if metodos:
        datos.append(Dato("Métodos de pago", metodos))
    if previo.contacto_id:
        datos.append(Dato("Atención", f"{previo.contacto.nombres} {previo.contacto.apellidos}".strip()))
    return Impreso(
        tipo=tipo,
        titulo=TITULOS[tipo][0],
        numero=str(previo),
        emisor=_emisor(previo.empresa, previo.sucursal),
        cliente=_cliente(
            socio.razon_social, socio.tipo_documento.codigo, socio.numero_documento, str(direccion or ""), tipo
        ),
        datos=tuple(datos),
        lineas=_lineas(previo),
        moneda=previo.moneda.simbolo,
        totales=_totales(previo),
        importe_total=_dinero(previo.importe_total),
        monto_letras=previo.monto_letras,
        observaciones=previo.observaciones,
        aviso=AVISO_ANULADO if previo.estado == "anulado" else "",
    )


def _proveedor(socio) -> tuple[Dato, ...]:
    return _cliente(socio.razon_social, socio.tipo_documento.codigo, socio.numero_documento, str(socio.direccion_principal or ""), "01")


def impreso_de_compra(documento: OrdenCompra | SolicitudCotizacion) -> Impreso:
    """A purchase order to its provider, or a request for quotation (its lines without prices, for any of its providers)."""
    emisor = _emisor(documento.empresa, documento.sucursal)
    if isinstance(documento, SolicitudCotizacion):
        datos = [Dato("Fecha de emisión", _fecha(documento.fecha_emision)), Dato("Entregar en", str(documento.almacen))]
        if documento.fecha_limite:
            datos.append(Dato("Responder hasta", _fecha(documento.fecha_limite)))
        lineas = tuple(
            Linea(
                codigo=linea.producto.codigo if linea.producto_id else "",
                descripcion=f"{linea.descripcion} (requerido el {_fecha(linea.fecha_requerida)})" if linea.fecha_requerida else linea.descripcion,
                unidad=linea.unidad_id, cantidad=_decimal(linea.cantidad), precio="", descuento="", importe="",
            )  # fmt: skip
            for linea in documento.lineas.select_related("producto")
        )
        return Impreso(
            tipo="SCT", titulo=TITULOS["SCT"][0], numero=documento.numero_completo, emisor=emisor, cliente=(), datos=tuple(datos),
            lineas=lineas, moneda="", totales=(), importe_total="", observaciones=documento.observaciones,
            leyendas=("Indique su valor unitario sin IGV de cada línea, su plazo de entrega y sus condiciones de pago.",),
        )  # fmt: skip
    datos = _datos_comunes(documento)
    datos.append(Dato("Entregar en", str(documento.almacen)))
    if documento.fecha_entrega:
        datos.append(Dato("Fecha de entrega", _fecha(documento.fecha_entrega)))
    if documento.condiciones_pago:
        datos.append(Dato("Condiciones de pago", documento.condiciones_pago))
    return Impreso(
        tipo="OC", titulo=TITULOS["OC"][0], numero=documento.numero_completo, emisor=emisor, cliente=_proveedor(documento.proveedor),
        datos=tuple(datos), lineas=_lineas(documento), moneda=documento.moneda.simbolo, totales=_totales(documento),
        importe_total=_dinero(documento.importe_total), monto_letras=documento.monto_letras, observaciones=documento.observaciones,
        aviso={OrdenCompra.Estado.BORRADOR: AVISO_BORRADOR, OrdenCompra.Estado.ANULADA: AVISO_ANULADO}.get(documento.estado, ""),
    )  # fmt: skip


# Rendering -----------------------------------------------------------------------------------

# Millimetres of one line of text and of one table row on the ticket (7 pt Helvetica).
_MM_TEXTO = 3.5
_MM_FILA = 4.45


def _renglones(texto: str, ancho: int = 42) -> int:
    return max(1, math.ceil(len(texto) / ancho)) if texto else 0


def _alto_ticket(impreso: Impreso) -> float:
    """The ticket's length (mm), estimated from its content: receipt printers cut where the content ends."""
    textos = [
        impreso.emisor.razon_social,
        impreso.emisor.nombre_comercial,
        impreso.emisor.direccion,
        impreso.emisor.establecimiento,
    ]
    textos += [impreso.emisor.contacto, impreso.titulo, impreso.numero, impreso.aviso, f"SON: {impreso.monto_letras}"]
    textos += [f"{d.etiqueta}: {d.valor}" for d in (*impreso.cliente, *impreso.datos)]
    textos += [
        impreso.observaciones,
        *impreso.leyendas,
        impreso.representacion,
        f"Código hash: {impreso.hash}" if impreso.hash else "",
    ]
    for tabla in impreso.tablas:
        textos += [tabla.titulo, *tabla.renglones, tabla.nota]
    filas = (
        2
        + len(impreso.totales)
        + sum(_renglones(f"{linea.codigo} {linea.descripcion}") + 1 for linea in impreso.lineas)
    )
    alto = 28 + sum(_renglones(texto) for texto in textos) * _MM_TEXTO + filas * _MM_FILA
    if impreso.emisor.logo:
        alto += 20
    if impreso.qr:
        alto += 30
    return round(alto, 1)


def renderizar(impreso: Impreso, formato: str) -> bytes:
    if formato not in PLANTILLAS:
        raise FormatoDesconocido(f"Formato de impresión desconocido: «{formato}» (use a4, a5 o ticket).")
    contexto = {
        "i": impreso,
        "formato": formato,
        "qr": "data:image/png;base64," + base64.b64encode(qr_png(impreso.qr)).decode() if impreso.qr else "",
        "alto_ticket": _alto_ticket(impreso) if formato == FormatoImpresion.TICKET else 0,
    }
    html = render_to_string(PLANTILLAS[formato], contexto)
    salida = io.BytesIO()
    pisa.CreatePDF(html, dest=salida, encoding="utf-8")
    return salida.getvalue()


def formato_de(documento, pedido: str | None = None) -> str:
    """The paper asked for, else the document's, else its branch's."""
    if pedido:
        if pedido not in PLANTILLAS:
            raise FormatoDesconocido(f"Formato de impresión desconocido: «{pedido}» (use a4, a5 o ticket).")
        return pedido
    return getattr(documento, "formato_impresion", "") or documento.sucursal.formato_impresion


def pdf_de(documento, formato: str | None = None) -> bytes:
    """The PDF of a sales document, quotation or order, or of a purchase order or request for quotation.

    A signed document's PDF (its representación impresa) is printed once per paper and kept in the storage
    beside its XML, so it reads the same later and on any machine; voiding it prints a new one.
    """
    formato = formato_de(documento, formato)
    if isinstance(documento, GuiaRemision):
        from cpe.pdf_guia import impreso_de_guia  # the guide's builder reads this module's pieces

        return renderizar(impreso_de_guia(documento), formato)
    if isinstance(documento, (OrdenCompra, SolicitudCotizacion)):
        return renderizar(impreso_de_compra(documento), formato)
    if not isinstance(documento, DocumentoVenta):
        return renderizar(impreso_de_previo(documento), formato)
    impreso = impreso_de_venta(documento)
    if not impreso.hash:
        return renderizar(impreso, formato)  # a draft, a nota de venta or a CPE not signed yet: printed as it is now
    variante = f"pdf-{formato}-anulado" if impreso.aviso == AVISO_ANULADO else f"pdf-{formato}"
    carpeta = ComprobanteElectronico._meta.get_field("xml").carpeta
    # Named by the signed XML's digest it represents: a corrected document gets a new PDF.
    nombre = archivos.ruta(carpeta, nombre_pdf(documento)[:-4], variante, impreso.hash.encode(), "pdf")
    try:
        if archivos.existe(nombre):
            return archivos.leer(nombre)
        contenido = renderizar(impreso, formato)
        archivos.guardar_una_vez(nombre, contenido)
    except archivos.ArchivoExistente:
        return archivos.leer(nombre)  # printed meanwhile by another request: that one is the document's
    except archivos.AlmacenNoDisponible:
        log.warning("PDF de %s entregado sin guardarlo: el almacenamiento no responde.", nombre, exc_info=True)
        return renderizar(impreso, formato)
    return contenido


def nombre_pdf(documento) -> str:
    """RUC-TIPO-SERIE-NUMERO.pdf, like the CPE's files; a draft is named by its id; a purchase document by its number."""
    if isinstance(documento, (OrdenCompra, SolicitudCotizacion)):
        return f"{documento.empresa.ruc}-{documento.numero_completo}.pdf"
    tipo = documento.tipo if isinstance(documento, DocumentoVenta | GuiaRemision) else documento.serie.tipo_documento
    if documento.numero is None:
        return f"{tipo}-{documento.serie.serie}-borrador-{documento.pk}.pdf"
    return f"{nombre_comprobante(documento.empresa.ruc, tipo, documento.serie.serie, documento.numero)}.pdf"
