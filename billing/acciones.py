"""Actions of the JSON API on sales documents: factura-*, boleta-* and nota-*.

The manual answers "Se registró la Nota de venta": the nota-* actions work on
the internal nota de venta. fesunat-enviar lives with the CPE (cpe/acciones.py).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from billing import services
from billing.models import MODELO_DE_TIPO, DocumentoVenta, MetodoPago, TipoDocumentoVenta, TipoOperacion
from billing.totals import DETRACCION_CODIGOS
from erp import api
from erp.api import ErrorApi, accion
from erp.models import Contacto, Moneda, Socio
from erp.models.referencia import moneda_por_id
from erp.selectors import filtrar_por_sucursal
from inventory.models import Producto
from inventory.models.catalogo import COD_NUM_MAXIMO
from inventory.selectors import precio_de


@dataclass(frozen=True)
class TipoApi:
    tipo: str
    nombre: str  # as the answers name it

    @property
    def modelo(self) -> str:
        return MODELO_DE_TIPO[self.tipo]


DOCUMENTOS = {
    "factura": TipoApi(TipoDocumentoVenta.FACTURA, "la Factura de venta"),
    "boleta": TipoApi(TipoDocumentoVenta.BOLETA, "la Boleta de venta"),
    "nota": TipoApi(TipoDocumentoVenta.NOTA_VENTA, "la Nota de venta"),
}
PAGADO, NO_PAGADO, ANULADO = 1, 2, 3
OPERACIONES = {1: TipoOperacion.VENTA_INTERNA, 2: TipoOperacion.EXPORTACION_BIENES}
FORMAS_PAGO = {"1": DocumentoVenta.FormaPago.CONTADO, "2": DocumentoVenta.FormaPago.CREDITO}
# The payment factura_estado 1 registers; editing replaces it, payments registered in the office stay.
REFERENCIA_PAGO = "Registrado por el API (factura_estado 1)"
# Totals a caller may send to have them checked against the lines.
TOTALES = {"factura_subtotal": "valor_venta", "factura_igv": "igv", "factura_total": "importe_total"}
MAXIMO_ITEMS = 500
EXPORTACION = "40"  # catálogo 07: what an export of goods sells


@dataclass
class Venta:
    """A factura-nuevo/editar request read and checked: what the services need."""

    cabecera: dict
    lineas: list[dict]
    pagado: bool
    metodo_pago: MetodoPago | None
    fecha_pago: datetime.date
    vence: datetime.date | None
    totales: dict

    def documento(self) -> dict:
        """What documento_registrar and documento_corregir take."""
        return {"cabecera": self.cabecera, "lineas": self.lineas, "vence": self.vence, "totales_declarados": self.totales}


def _cliente(datos, usuario, empresa) -> Socio:
    id_ = api.entero(datos, "factura_cliente")
    try:
        cliente = (
            filtrar_por_sucursal(Socio.objects.filter(es_cliente=True, empresa=empresa), usuario)
            .select_related("tipo_documento")
            .get(pk=id_)
        )
    except Socio.DoesNotExist:
        raise api.no_encontrado("cliente", id_) from None
    if not cliente.activo:
        raise ErrorApi(11, f"El cliente {id_} está inactivo.")
    return cliente


def _contacto(datos, cliente: Socio) -> Contacto | None:
    id_ = api.entero(datos, "factura_idcontacto")
    if id_ == 0:
        return None
    try:
        return Contacto.objects.get(pk=id_, socio=cliente)
    except Contacto.DoesNotExist:
        raise ErrorApi(11, f"El contacto {id_} no es del cliente {cliente.pk}: indique uno de sus contactos, o 0 si no tiene.") from None


def _moneda(datos) -> tuple[Moneda, Decimal]:
    id_ = api.entero(datos, "factura_idmoneda")
    try:
        moneda = moneda_por_id(id_)
    except Moneda.DoesNotExist:
        raise ErrorApi(11, f"El campo «factura_idmoneda» no corresponde a una moneda: {id_} (1 soles, 2 dólares, 3 euros).") from None
    if moneda.codigo == "PEN":
        return moneda, Decimal("1.000")
    tipo_cambio = api.numerico(datos, "factura_tipocambio", requerido=False, enteros=4, decimales=3)
    if not tipo_cambio or tipo_cambio <= 0:
        raise ErrorApi(11, f"Un documento en {moneda.nombre.lower()} necesita su tipo de cambio en «factura_tipocambio» (por ejemplo 3.745).")
    return moneda, tipo_cambio


def _metodo_pago(datos, empresa, *, requerido: bool) -> MetodoPago | None:
    id_ = api.entero(datos, "factura_idpago", requerido=False)
    metodos = MetodoPago.objects.filter(empresa=empresa, activo=True)
    if id_ is not None:
        try:
            return metodos.get(pk=id_)
        except MetodoPago.DoesNotExist:
            raise ErrorApi(11, f"El campo «factura_idpago» no corresponde a un método de pago activo: {id_}.") from None
    if not requerido:
        return None
    metodo = metodos.order_by("id").first()
    if metodo is None:
        raise ErrorApi(11, "Registre un método de pago en Ventas › Métodos de pago para marcar documentos como pagados.")
    return metodo


def _forma_pago(datos) -> str:
    # The examples call it factura_formapago_cpe; the field table, factura_formato_cpe.
    campo = "factura_formato_cpe" if "factura_formapago_cpe" not in datos and "factura_formato_cpe" in datos else "factura_formapago_cpe"
    codigo = api.texto(datos, campo)
    if codigo not in FORMAS_PAGO:
        raise ErrorApi(11, f"El campo «{campo}» debe ser 1 (contado) o 2 (crédito).")
    return FORMAS_PAGO[codigo]


def _detraccion(datos, tipo: str, operacion: int) -> dict:
    if api.entero(datos, "factura_detraccion", requerido=False, opciones={0, 1, 2}) != 1:
        return {"detraccion_codigo": "", "detraccion_porcentaje": Decimal(0)}
    if tipo != TipoDocumentoVenta.FACTURA:
        raise ErrorApi(11, "La detracción solo se aplica a facturas.")
    if operacion != 1:
        raise ErrorApi(11, "Una exportación no está sujeta a detracción.")
    porcentaje = api.numerico(datos, "factura_porcentaje_detraccion", enteros=3, decimales=3)
    if not 0 < porcentaje <= 100:
        raise ErrorApi(11, "El campo «factura_porcentaje_detraccion» debe ser un porcentaje mayor que 0 y hasta 100.")
    codigo = api.texto(datos, "factura_codigo_detraccion", exacto=3)
    if codigo not in DETRACCION_CODIGOS:
        raise ErrorApi(11, f"El campo «factura_codigo_detraccion» no es un código del catálogo 54 de SUNAT: {codigo}.")
    return {"detraccion_codigo": codigo, "detraccion_porcentaje": porcentaje, "tipo_operacion": TipoOperacion.DETRACCION}


@dataclass(frozen=True)
class Item:
    cod_num: int
    cantidad: Decimal
    precio: Decimal | None
    num_serie: str
    descuento: Decimal
    descripcion: str


def _item(datos) -> Item:
    cod_num = api.entero(datos, "cod_num")
    if not 1 <= cod_num <= COD_NUM_MAXIMO:
        raise ErrorApi(11, "El campo «cod_num» debe tener de 1 a 8 dígitos.")
    cantidad = api.numerico(datos, "cantidad", requerido=False, decimales=4)
    if cantidad is None:
        cantidad = Decimal(1)
    if cantidad <= 0:
        raise ErrorApi(11, "El campo «cantidad» debe ser mayor que cero.")
    precio = api.numerico(datos, "precio_unit", requerido=False)
    if precio is not None and precio <= 0:
        raise ErrorApi(11, "El campo «precio_unit» debe ser mayor que cero.")
    descuento = api.numerico(datos, "descuento", requerido=False) or Decimal(0)
    if not 0 <= descuento < 100:
        raise ErrorApi(11, "El campo «descuento» es un porcentaje desde 0 y menor que 100.")
    return Item(
        cod_num=cod_num,
        cantidad=cantidad,
        precio=precio,
        num_serie=api.texto(datos, "num_serie", requerido=False),
        descuento=descuento,
        # The table calls it Numeric; it is the text that goes with the product's name.
        descripcion=api.texto(datos, "descripcion", requerido=False),
    )


def _lineas(datos, empresa, moneda: Moneda, exportacion: bool) -> list[dict]:
    crudos = api.lista(datos, "detalle")
    if len(crudos) > MAXIMO_ITEMS:
        raise ErrorApi(11, f"El detalle admite hasta {MAXIMO_ITEMS} ítems.")
    items = []
    for numero, crudo in enumerate(crudos, start=1):
        try:
            items.append(_item(crudo))
        except ErrorApi as exc:
            raise ErrorApi(11, f"Ítem {numero} del detalle: {exc.mensaje}") from exc
    productos = {p.cod_num: p for p in Producto.objects.filter(empresa=empresa, cod_num__in={i.cod_num for i in items}).order_by()}
    lineas = []
    for numero, item in enumerate(items, start=1):
        producto = productos.get(item.cod_num)
        if producto is None or not producto.activo:
            raise ErrorApi(11, f"Ítem {numero} del detalle: no existe un producto activo con cod_num {item.cod_num}.")
        precio = item.precio or precio_de(producto, cantidad=item.cantidad, moneda_id=moneda.pk)
        if not precio:
            raise ErrorApi(11, f"Ítem {numero} del detalle: {producto.nombre} no tiene precio en {moneda.nombre.lower()}: indique «precio_unit».")
        descripcion = f"{producto.nombre} - {item.descripcion}" if item.descripcion else producto.nombre
        if len(descripcion) > 500:
            raise ErrorApi(11, f"Ítem {numero} del detalle: el nombre del producto y la descripción suman más de 500 caracteres.")
        lineas.append(
            {
                "producto": producto,
                "codigo": producto.codigo,
                "descripcion": descripcion,
                "unidad_id": producto.unidad_id,
                "cantidad": item.cantidad,
                "precio_unitario": precio,
                "ingreso_con_igv": True,
                "descuento_porcentaje": item.descuento,
                "afectacion_igv": EXPORTACION if exportacion else producto.afectacion_igv,
                "isc_sistema": producto.isc_sistema,
                "isc_tasa": producto.isc_tasa,
                "icbper": producto.icbper,
                "numero_serie": item.num_serie,
            }
        )
    return lineas


def _venta(datos, usuario, tipo: str, empresa, documento: DocumentoVenta | None = None) -> Venta:
    """Read and check a -nuevo or -editar request; editing keeps the date and time when they are not sent."""
    estado = api.entero(datos, "factura_estado", opciones={PAGADO, NO_PAGADO, ANULADO})
    if estado == ANULADO:
        raise ErrorApi(
            11,
            "factura_estado 3 (anulada) no se registra por el API: un documento que SUNAT aún no recibió se elimina "
            "con la acción -eliminar; uno aceptado se anula con una nota de crédito o una comunicación de baja.",
        )
    cliente = _cliente(datos, usuario, empresa)
    contacto = _contacto(datos, cliente)
    moneda, tipo_cambio = _moneda(datos)
    fecha = api.fecha(datos, "factura_fecha", requerido=False) or (documento.fecha_emision if documento else timezone.localdate())
    hora = api.hora(datos, "factura_hora_creacion", requerido=False) or (documento.hora_emision if documento else None)
    fecha_pago = api.fecha(datos, "factura_fechapago", requerido=False)
    if fecha_pago and fecha_pago < fecha:
        raise ErrorApi(11, "La fecha de pago (factura_fechapago) no puede ser anterior a la fecha del documento (factura_fecha).")
    operacion = api.entero(datos, "factura_tipooperacion", requerido=False, opciones=set(OPERACIONES)) or 1
    forma_pago = _forma_pago(datos)
    if forma_pago == DocumentoVenta.FormaPago.CREDITO and estado == PAGADO:
        raise ErrorApi(11, "Una venta al crédito (forma de pago 2) no puede registrarse pagada (factura_estado 1).")
    cabecera = {
        "cliente": cliente,
        "contacto": contacto,
        "moneda": moneda,
        "tipo_cambio": tipo_cambio,
        "fecha_emision": fecha,
        "hora_emision": hora,
        "fecha_vencimiento": fecha_pago if estado == NO_PAGADO else None,
        "observaciones": api.texto(datos, "factura_observaciones", requerido=False),
        "tipo_operacion": OPERACIONES[operacion],
        "forma_pago": forma_pago,
        "metodo_pago": _metodo_pago(datos, empresa, requerido=estado == PAGADO),
        **_detraccion(datos, tipo, operacion),
    }
    totales = {campo: api.numerico(datos, clave, requerido=False) for clave, campo in TOTALES.items()}
    return Venta(
        cabecera=cabecera,
        lineas=_lineas(datos, empresa, moneda, exportacion=operacion == 2),
        pagado=estado == PAGADO,
        metodo_pago=cabecera["metodo_pago"],
        fecha_pago=fecha_pago or fecha,
        vence=fecha_pago if forma_pago == DocumentoVenta.FormaPago.CREDITO else None,
        totales={campo: valor for campo, valor in totales.items() if valor is not None},
    )


def _documento(definicion: TipoApi, datos, usuario) -> DocumentoVenta:
    id_ = api.entero(datos, "factura_id")
    documento = filtrar_por_sucursal(DocumentoVenta.objects.filter(tipo=definicion.tipo), usuario).filter(pk=id_).first()
    if documento is None:
        raise ErrorApi(12, f"No se encontró {definicion.nombre} con el id {id_}")
    return documento


def _nuevo(definicion: TipoApi):
    def nuevo(datos, usuario):
        sucursal = api.sucursal_de(usuario)
        venta = _venta(datos, usuario, definicion.tipo, sucursal.empresa)
        pago = services.PagoAlEmitir(venta.fecha_pago, venta.metodo_pago, REFERENCIA_PAGO) if venta.pagado else None
        documento = services.documento_registrar(tipo=definicion.tipo, sucursal=sucursal, usuario=usuario, pago=pago, **venta.documento())
        # The manual's answer gives the new id as text.
        return {"respuesta": f"Se registró {definicion.nombre} con éxito", "id": str(documento.pk)}, 201

    return nuevo


def _editar(definicion: TipoApi):
    def editar(datos, usuario):
        documento = _documento(definicion, datos, usuario)
        venta = _venta(datos, usuario, definicion.tipo, documento.empresa, documento)
        documento = services.documento_corregir(documento_id=documento.pk, usuario=usuario, **venta.documento())
        services.documento_fijar_pago(
            documento=documento, pagado=venta.pagado, metodo_pago=venta.metodo_pago, fecha=venta.fecha_pago,
            usuario=usuario, referencia=REFERENCIA_PAGO,
        )  # fmt: skip
        return {"respuesta": f"Se editó {definicion.nombre} con éxito", "id": documento.pk}, 200

    return editar


def _eliminar(definicion: TipoApi):
    def eliminar(datos, usuario):
        documento = _documento(definicion, datos, usuario)
        services.documento_eliminar(documento_id=documento.pk, usuario=usuario)
        return {"respuesta": f"Se eliminó {definicion.nombre} con éxito", "id": documento.pk}, 200

    return eliminar


for _prefijo, _definicion in DOCUMENTOS.items():
    # documento_registrar is the one write of -nuevo, and one transaction.
    accion(f"{_prefijo}-nuevo", permiso=f"billing.add_{_definicion.modelo}", atomica=False)(_nuevo(_definicion))
    accion(f"{_prefijo}-editar", permiso=f"billing.change_{_definicion.modelo}")(_editar(_definicion))
    accion(f"{_prefijo}-eliminar", permiso=f"billing.delete_{_definicion.modelo}")(_eliminar(_definicion))
