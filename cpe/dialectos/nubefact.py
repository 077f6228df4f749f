"""The Nubefact-style JSON API (seed 001): `POST /nubefact/api/v1/<ruta>` with `Authorization: Token token="…"`.

The route identifies the company (RutaDialecto), the token is one of the
company's API keys (its user's default branch and permissions apply), and
`operacion` picks one of the four operations. Each one reads the provider's
fields, calls the services the admin and the action API call, and answers
with the provider's fields. Errors are {"errors": message, "codigo": N}:
10 token (401), 11 route (400), 12 content type (400), 20 a field or value
the product does not take (400), 21 the operation could not be done (400),
23 the document already exists (400), 24 the document does not exist (400),
40 internal error (500).
"""

import datetime
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.views.decorators.csrf import csrf_exempt

from billing import calculo, services
from billing.models import (
    MODELO_DE_TIPO,
    DocumentoVenta,
    MedioPagoSunat,
    MotivoNotaCredito,
    MotivoNotaDebito,
    TipoDocumentoVenta,
    TipoOperacion,
)
from billing.totals import DETRACCION_CODIGOS
from cpe import bajas
from cpe.dialectos.comun import (
    Campos,
    ErrorDialecto,
    cuerpo_json,
    empresa_de_ruta,
    enlace_publico,
    enlace_resumen,
    json_respuesta,
    usuario_de_clave,
)
from cpe.models import CodigoUnico, ComprobanteElectronico, Condicion, EstadoCpe, EstadoResumen, LineaResumen, Resumen
from cpe.qr import contenido_qr_de
from cpe.resumen import resumen_consultar
from cpe.selectors import TIENE_CDR
from cpe.services import NoEnviable, cpe_enviar_sincrono, es_de_resumen
from erp.models import Moneda, Serie, UnidadMedida
from erp.models.referencia import moneda_por_id
from erp.selectors import filtrar_por_sucursal
from erp.services import socio_por_documento

log = logging.getLogger(__name__)

FORMATO, NO_COMPLETADA, YA_EXISTE, NO_EXISTE = 20, 21, 23, 24
campos = Campos(FORMATO)

TIPOS = {
    1: TipoDocumentoVenta.FACTURA,
    2: TipoDocumentoVenta.BOLETA,
    3: TipoDocumentoVenta.NOTA_CREDITO,
    4: TipoDocumentoVenta.NOTA_DEBITO,
}
NOMBRES = {1: "Factura", 2: "Boleta", 3: "Nota de Crédito", 4: "Nota de Débito"}
# sunat_transaction -> catálogo 51; 4 (anticipos) is a venta interna that is itself an advance.
OPERACIONES = {
    1: TipoOperacion.VENTA_INTERNA,
    2: TipoOperacion.EXPORTACION_BIENES,
    4: TipoOperacion.VENTA_INTERNA,
    29: TipoOperacion.NO_DOMICILIADOS,
    30: TipoOperacion.DETRACCION,
    31: TipoOperacion.DETRACCION_HIDROBIOLOGICOS,
    32: TipoOperacion.DETRACCION_PASAJEROS,
    33: TipoOperacion.DETRACCION_CARGA,
    34: TipoOperacion.PERCEPCION,
}
OPERACION_ANTICIPO = 4
DETRACCIONES = {
    TipoOperacion.DETRACCION,
    TipoOperacion.DETRACCION_HIDROBIOLOGICOS,
    TipoOperacion.DETRACCION_PASAJEROS,
    TipoOperacion.DETRACCION_CARGA,
}
EXPORTACIONES = {TipoOperacion.EXPORTACION_BIENES, TipoOperacion.EXPORTACION_SERVICIOS}
# cliente_tipo_de_documento -> catálogo 06 ("-", varios, is the catálogo's 0 without a number).
DOCUMENTOS_CLIENTE = {"6": "6", "1": "1", "-": "0", "4": "4", "7": "7", "A": "A", "B": "B", "0": "0", "G": "G"}
# tipo_de_igv -> catálogo 07. 21 is the provider's "gratuito"; 31-36 (zona Amazonas) have no catálogo 07 code.
AFECTACIONES = {
    1: "10",
    2: "11",
    3: "12",
    4: "13",
    5: "14",
    6: "15",
    7: "16",
    8: "17",
    9: "20",
    10: "30",
    11: "31",
    12: "32",
    13: "33",
    14: "34",
    15: "35",
    16: "36",
    17: "40",
    21: "21",
}
# The provider numbers the catálogo 09 and 10 reasons in its own order (its 11 is IVAP, SUNAT's 12).
MOTIVOS_CREDITO = {**{n: f"{n:02d}" for n in range(1, 11)}, 11: "12", 12: "11", 13: "13"}
MOTIVOS_DEBITO = {1: "01", 2: "02", 3: "03", 4: "12", 5: "11"}
# detraccion_tipo -> catálogo 54, as the provider's table lists them.
DETRACCION_TIPOS = {
    1: "001",
    2: "002",
    3: "003",
    4: "004",
    5: "005",
    7: "007",
    8: "008",
    9: "009",
    10: "010",
    11: "011",
    12: "012",
    13: "014",
    14: "016",
    15: "017",
    17: "019",
    18: "020",
    19: "021",
    20: "022",
    21: "023",
    22: "024",
    23: "025",
    24: "026",
    25: "027",
    26: "028",
    28: "030",
    29: "031",
    30: "032",
    32: "034",
    33: "035",
    34: "036",
    35: "037",
    37: "039",
    38: "040",
    39: "041",
    40: "013",
    41: "015",
    42: "099",
    43: "044",
    44: "045",
}
PERCEPCIONES = {1: "01", 2: "02", 3: "03"}
RETENCIONES = {1: Decimal(3), 2: Decimal(6)}
ISC = {1: "01", 2: "02", 3: "03"}
FORMATOS_PDF = {"": "", "A4": "a4", "A5": "a5", "TICKET": "ticket"}
GUIA_REMITENTE = 1
# Declared totals checked by the engine (billing.totals names).
TOTALES = {
    "total_gravada": "gravadas",
    "total_exonerada": "exoneradas",
    "total_igv": "igv",
    "total_gratuita": "gratuitas",
    "total_isc": "isc",
    "total_impuestos_bolsas": "icbper",
    "total_descuento": "descuentos",
    "total_anticipo": "anticipos",
    "total_otros_cargos": "otros_cargos",
    "total": "importe_total",
}
CENTIMO = Decimal("0.01")
_TOKEN = re.compile(r'^\s*Token\s+token\s*=\s*"?([^"\s]+)"?\s*$', re.IGNORECASE)


def _no_soportado(campo: str, detalle: str) -> ErrorDialecto:
    return ErrorDialecto(FORMATO, f"El campo «{campo}» {detalle}: este servicio no lo admite.")


def _opcion(datos: dict, campo: str, opciones: dict, *, requerido=True):
    valor = campos.entero(datos, campo, requerido=requerido)
    if valor is None:
        return None
    if valor not in opciones:
        raise ErrorDialecto(FORMATO, f"El campo «{campo}» no admite el valor {valor}.")
    return opciones[valor]


# --------------------------------------------------------------------------- reading generar_comprobante


@dataclass
class Comprobante:
    """A generar_comprobante request read and checked: what documento_registrar takes, and what is checked after."""

    numero_nubefact: int
    registro: dict
    lineas_declaradas: list[dict] = field(default_factory=list)
    declarados: dict = field(default_factory=dict)
    enviar_sunat: bool = True
    correos: list[str] = field(default_factory=list)


def _serie(datos, usuario, empresa, tipo: str) -> Serie:
    texto = campos.texto(datos, "serie", exacto=4).upper()
    if texto[0].isdigit():
        raise _no_soportado("serie", f"«{texto}» es una serie de contingencia")
    serie = (
        filtrar_por_sucursal(
            Serie.objects.filter(empresa=empresa, tipo_documento=tipo, serie=texto, activo=True), usuario
        )
        .select_related("sucursal__empresa")
        .first()
    )
    if serie is None:
        raise ErrorDialecto(
            FORMATO,
            f"La serie {texto} no es una serie activa de {TipoDocumentoVenta(tipo).label.lower()} de sus sucursales.",
        )
    return serie


def _referencia(datos, empresa) -> DocumentoVenta:
    tipo = _opcion(
        datos, "documento_que_se_modifica_tipo", {1: TipoDocumentoVenta.FACTURA, 2: TipoDocumentoVenta.BOLETA}
    )
    serie = campos.texto(datos, "documento_que_se_modifica_serie", exacto=4).upper()
    numero = campos.entero(datos, "documento_que_se_modifica_numero")
    documento = (
        DocumentoVenta.objects.filter(empresa=empresa, tipo=tipo, serie__serie=serie, numero=numero)
        .exclude(estado=DocumentoVenta.Estado.BORRADOR)
        .select_related("cliente", "moneda")
        .first()
    )
    if documento is None:
        raise ErrorDialecto(NO_EXISTE, f"El documento que se modifica, {serie}-{numero}, no existe.")
    return documento


def _cliente(datos, serie: Serie, tipo: str):
    codigo = campos.texto(datos, "cliente_tipo_de_documento", maximo=1).upper()
    if codigo not in DOCUMENTOS_CLIENTE:
        raise ErrorDialecto(FORMATO, f"El campo «cliente_tipo_de_documento» no admite el valor {codigo}.")
    numero = campos.texto(datos, "cliente_numero_de_documento", requerido=codigo != "-", maximo=15) or "-"
    direccion = campos.texto(datos, "cliente_direccion", requerido=tipo == TipoDocumentoVenta.FACTURA, maximo=250)
    try:
        return socio_por_documento(
            sucursal=serie.sucursal,
            tipo_documento=DOCUMENTOS_CLIENTE[codigo],
            numero=numero,
            razon_social=campos.texto(datos, "cliente_denominacion", maximo=250),
            direccion=direccion,
            email=campos.correo(datos, "cliente_email", requerido=False),
        )
    except ValidationError as exc:
        raise ErrorDialecto(FORMATO, "Cliente: " + " ".join(exc.messages)) from exc


def _moneda(datos) -> tuple[Moneda, Decimal]:
    id_ = campos.entero(datos, "moneda", opciones={1, 2, 3, 4})
    moneda = moneda_por_id(id_)
    if moneda.codigo == "PEN":
        return moneda, Decimal("1.000")
    tipo_cambio = campos.numerico(datos, "tipo_de_cambio", requerido=False, enteros=4, decimales=3)
    if not tipo_cambio or tipo_cambio <= 0:
        raise ErrorDialecto(
            FORMATO, f"Un comprobante en {moneda.nombre.lower()} necesita «tipo_de_cambio» (por ejemplo 3.421)."
        )
    return moneda, tipo_cambio


def _detraccion(datos, operacion: str) -> dict:
    if not campos.booleano(datos, "detraccion"):
        if operacion in DETRACCIONES:
            raise ErrorDialecto(
                FORMATO, "Una operación sujeta a detracción (sunat_transaction 30 a 33) necesita «detraccion» true."
            )
        return {}
    codigo = _opcion(datos, "detraccion_tipo", DETRACCION_TIPOS)
    if codigo not in DETRACCION_CODIGOS:
        raise _no_soportado("detraccion_tipo", f"con el código {codigo}")
    porcentaje = campos.numerico(datos, "detraccion_porcentaje", enteros=3, decimales=5)
    if not 0 < porcentaje <= 100 or porcentaje != porcentaje.quantize(Decimal("0.001")):
        raise ErrorDialecto(
            FORMATO, "El campo «detraccion_porcentaje» debe ser mayor que 0 y hasta 100, con hasta 3 decimales."
        )
    medio = campos.entero(datos, "medio_de_pago_detraccion", requerido=False)
    medio = f"{medio:03d}" if medio is not None else MedioPagoSunat.DEPOSITO
    if medio not in MedioPagoSunat.values:
        raise _no_soportado("medio_de_pago_detraccion", f"con el medio {medio}")
    return {
        "detraccion_codigo": codigo,
        "detraccion_porcentaje": porcentaje,
        "detraccion_medio_pago": medio,
        "tipo_operacion": operacion if operacion in DETRACCIONES else TipoOperacion.DETRACCION,
    }


def _percepcion_retencion(datos) -> dict:
    extra = {}
    regimen = _opcion(datos, "percepcion_tipo", PERCEPCIONES, requerido=False)
    if regimen:
        extra["percepcion_regimen"] = regimen
        extra["tipo_operacion"] = TipoOperacion.PERCEPCION
    porcentaje = _opcion(datos, "retencion_tipo", RETENCIONES, requerido=False)
    if porcentaje:
        extra["retencion_porcentaje"] = porcentaje
    return extra


def _observaciones(datos) -> str:
    partes = [campos.texto(datos, "observaciones", requerido=False, maximo=1000).replace("<br>", "\n")]
    for campo, titulo in (("condiciones_de_pago", "Condiciones de pago"), ("medio_de_pago", "Medio de pago")):
        valor = campos.texto(datos, campo, requerido=False)
        if valor:
            partes.append(f"{titulo}: {valor}")
    return "\n".join(p for p in partes if p)


def _linea(item: dict, unidades: set[str], exportacion: bool) -> tuple[dict, dict]:
    """One item: the line documento_registrar takes, and what the caller declared of it."""
    unidad = campos.texto(item, "unidad_de_medida", maximo=3).upper()
    if unidad not in unidades:
        raise ErrorDialecto(FORMATO, f"El campo «unidad_de_medida» no es una unidad del catálogo 03: {unidad}.")
    cantidad = campos.numerico(item, "cantidad", decimales=10)
    if cantidad <= 0:
        raise ErrorDialecto(FORMATO, "El campo «cantidad» debe ser mayor que cero.")
    valor_unitario = campos.numerico(item, "valor_unitario", decimales=10)
    if valor_unitario < 0:
        raise ErrorDialecto(FORMATO, "El campo «valor_unitario» no puede ser negativo.")
    afectacion = _opcion(item, "tipo_de_igv", AFECTACIONES)
    if exportacion != (afectacion == "40"):
        raise ErrorDialecto(
            FORMATO, "Una exportación (sunat_transaction 2) lleva ítems con tipo_de_igv 17, y solo ella."
        )
    descuento = campos.numerico(item, "descuento", requerido=False) or Decimal(0)
    porcentaje = Decimal(0)
    if descuento:
        bruto = cantidad * valor_unitario
        if not 0 < descuento < bruto:
            raise ErrorDialecto(
                FORMATO, "El campo «descuento» debe ser mayor que cero y menor que cantidad × valor_unitario."
            )
        porcentaje = (descuento * 100 / bruto).quantize(CENTIMO)
    linea = {
        "codigo": campos.texto(item, "codigo", requerido=False, maximo=30),
        "descripcion": campos.texto(item, "descripcion", maximo=500),
        "unidad_id": unidad,
        "cantidad": cantidad,
        "valor_unitario": valor_unitario,
        "ingreso_con_igv": False,
        "descuento_porcentaje": porcentaje,
        "afectacion_igv": afectacion,
    }
    isc = _opcion(item, "tipo_de_isc", ISC, requerido=False)
    if isc:
        # The rate (01, 03) or the amount per unit (02) of the excise tax: the engine computes it.
        linea.update(isc_sistema=isc, isc_tasa=campos.numerico(item, "isc_tasa", enteros=8, decimales=4))
    if campos.numerico(item, "impuesto_bolsas", requerido=False):
        linea["icbper"] = True
    declarada = {
        "descuento": descuento,
        "subtotal": campos.numerico(item, "subtotal", decimales=10),
        "igv": campos.numerico(item, "igv", decimales=10),
        "total": campos.numerico(item, "total", decimales=10),
        "isc": campos.numerico(item, "isc", requerido=False, decimales=10),
        "impuesto_bolsas": campos.numerico(item, "impuesto_bolsas", requerido=False, decimales=10),
    }
    return linea, declarada


def _anticipo(item: dict, empresa) -> tuple[DocumentoVenta, Decimal]:
    """An item with anticipo_regularizacion: the advance it deducts and its value without IGV (subtotal)."""
    serie = campos.texto(item, "anticipo_documento_serie", exacto=4).upper()
    numero = campos.entero(item, "anticipo_documento_numero")
    anticipo = (
        DocumentoVenta.objects.filter(
            empresa=empresa, serie__serie=serie, numero=numero, tipo__in=(TipoDocumentoVenta.FACTURA, TipoDocumentoVenta.BOLETA)
        )
        .select_related("serie")
        .first()
    )
    if anticipo is None:
        raise ErrorDialecto(24, f"El anticipo {serie}-{numero} no existe.")
    return anticipo, campos.numerico(item, "subtotal", decimales=2)


def _lineas(datos, exportacion: bool, empresa) -> tuple[list[dict], list[dict], list[tuple[DocumentoVenta, Decimal]]]:
    """The items: lines with what was declared of each, and the advances deducted (items with anticipo_regularizacion)."""
    items = campos.lista(datos, "items")
    if len(items) > 500:
        raise ErrorDialecto(FORMATO, "El comprobante admite hasta 500 ítems.")
    unidades = set(
        UnidadMedida.objects.filter(codigo__in={str(i.get("unidad_de_medida", "")).upper() for i in items}).values_list(
            "codigo", flat=True
        )
    )
    lineas, declaradas, anticipos = [], [], []
    for numero, item in enumerate(items, start=1):
        try:
            if campos.booleano(item, "anticipo_regularizacion"):
                anticipos.append(_anticipo(item, empresa))
                continue
            linea, declarada = _linea(item, unidades, exportacion)
        except ErrorDialecto as exc:
            raise ErrorDialecto(exc.codigo, f"Ítem {numero}: {exc.mensaje}") from exc
        lineas.append(linea)
        declaradas.append(declarada)
    return lineas, declaradas, anticipos


def _cuotas(datos, fecha_emision: datetime.date) -> list[dict]:
    cuotas = []
    for numero, crudo in enumerate(campos.lista(datos, "venta_al_credito", requerido=False), start=1):
        cuota = {
            "numero": campos.entero(crudo, "cuota", requerido=False) or numero,
            "fecha_pago": campos.fecha(crudo, "fecha_de_pago"),
            "monto": campos.numerico(crudo, "importe"),
        }
        if cuota["fecha_pago"] <= fecha_emision:
            raise ErrorDialecto(FORMATO, f"La cuota {cuota['numero']} debe vencer después de la fecha de emisión.")
        cuotas.append(cuota)
    return cuotas


def _guias(datos) -> str:
    guias = []
    for crudo in campos.lista(datos, "guias", requerido=False):
        if campos.entero(crudo, "guia_tipo", opciones={1, 2}) != GUIA_REMITENTE:
            raise _no_soportado("guia_tipo", "2 (guía del transportista)")
        guias.append(campos.texto(crudo, "guia_serie_numero", maximo=20).upper())
    texto = ",".join(guias)
    if len(texto) > 200:
        raise ErrorDialecto(FORMATO, "Las guías relacionadas suman más de 200 caracteres.")
    return texto


def _exigir_no_soportados(datos) -> None:
    if campos.booleano(datos, "generado_por_contingencia"):
        raise _no_soportado("generado_por_contingencia", "(comprobantes de contingencia)")
    for campo in ("bienes_region_selva", "servicios_region_selva"):
        if campos.booleano(datos, campo):
            raise _no_soportado(campo, "(beneficios de la región Selva)")


def _leer_comprobante(datos: dict, usuario, empresa) -> Comprobante:
    _exigir_no_soportados(datos)
    clave = campos.entero(datos, "tipo_de_comprobante", opciones=set(TIPOS))
    tipo = TIPOS[clave]
    if not usuario.has_perm(f"billing.add_{MODELO_DE_TIPO[tipo]}"):
        raise ErrorDialecto(
            10, f"El usuario de este token no puede emitir {TipoDocumentoVenta(tipo).label.lower()}s.", http=401
        )
    serie = _serie(datos, usuario, empresa, tipo)
    numero = campos.entero(datos, "numero", requerido=False) or None
    transaccion = campos.entero(datos, "sunat_transaction")
    if transaccion not in OPERACIONES:
        raise _no_soportado("sunat_transaction", f"con el valor {transaccion}")
    operacion = OPERACIONES[transaccion]
    fecha = campos.fecha(datos, "fecha_de_emision")
    moneda, tipo_cambio = _moneda(datos)
    porcentaje_igv = campos.numerico(datos, "porcentaje_de_igv", enteros=2)
    if porcentaje_igv != calculo.tasas(fecha).igv:
        raise ErrorDialecto(
            FORMATO,
            f"El porcentaje de IGV vigente el {fecha:%d-%m-%Y} es {calculo.tasas(fecha).igv}, no {porcentaje_igv}.",
        )
    cabecera = {
        "moneda": moneda,
        "tipo_cambio": tipo_cambio,
        "fecha_emision": fecha,
        "fecha_vencimiento": campos.fecha(datos, "fecha_de_vencimiento", requerido=False),
        "tipo_operacion": operacion,
        "observaciones": _observaciones(datos),
        "descuento_global": campos.numerico(datos, "descuento_global", requerido=False) or Decimal(0),
        "otros_cargos": campos.numerico(datos, "total_otros_cargos", requerido=False) or Decimal(0),
        "placa_vehiculo": campos.texto(datos, "placa_vehiculo", requerido=False, maximo=8),
        "orden_compra": campos.texto(datos, "orden_compra_servicio", requerido=False, maximo=20),
        "guias": _guias(datos),
        "es_anticipo": transaccion == OPERACION_ANTICIPO,
        **_detraccion(datos, operacion),
        **_percepcion_retencion(datos),
    }
    formato = campos.texto(datos, "formato_de_pdf", requerido=False).upper()
    if formato not in FORMATOS_PDF:
        raise ErrorDialecto(FORMATO, "El campo «formato_de_pdf» debe ser A4, A5 o TICKET.")
    cabecera["formato_impresion"] = FORMATOS_PDF[formato]
    if tipo in (TipoDocumentoVenta.NOTA_CREDITO, TipoDocumentoVenta.NOTA_DEBITO):
        referencia = _referencia(datos, empresa)
        motivos, campo = (
            (MOTIVOS_CREDITO, "tipo_de_nota_de_credito")
            if tipo == TipoDocumentoVenta.NOTA_CREDITO
            else (MOTIVOS_DEBITO, "tipo_de_nota_de_debito")
        )
        motivo = _opcion(datos, campo, motivos)
        # The provider has no field for the reason's text: the observations, else the reason's name.
        nombres = dict((MotivoNotaCredito if tipo == TipoDocumentoVenta.NOTA_CREDITO else MotivoNotaDebito).choices)
        cabecera.update(
            cliente=referencia.cliente,
            documento_referencia=referencia,
            motivo_nota=motivo,
            sustento=(cabecera["observaciones"].split("\n")[0] or nombres.get(motivo) or f"Motivo {motivo}")[:250],
            tipo_operacion=referencia.tipo_operacion,
        )
    else:
        cabecera["cliente"] = _cliente(datos, serie, tipo)
    lineas, declaradas, anticipos = _lineas(datos, exportacion=operacion in EXPORTACIONES, empresa=empresa)
    cuotas = _cuotas(datos, fecha)
    if cuotas:
        cabecera["forma_pago"] = DocumentoVenta.FormaPago.CREDITO
        cabecera["fecha_vencimiento"] = cabecera["fecha_vencimiento"] or max(c["fecha_pago"] for c in cuotas)
    totales = {TOTALES[clave]: campos.numerico(datos, clave, requerido=False) for clave in TOTALES}
    # An export's value is declared as "inafecta" by the provider's integrations.
    totales["exportacion" if operacion in EXPORTACIONES else "inafectas"] = campos.numerico(
        datos, "total_inafecta", requerido=False
    )
    if totales["importe_total"] is None:
        raise ErrorDialecto(FORMATO, "Falta «total».")
    correos = [
        campos.correo(datos, c, requerido=False) for c in ("cliente_email", "cliente_email_1", "cliente_email_2")
    ]
    return Comprobante(
        numero_nubefact=clave,
        registro={
            "tipo": tipo,
            "sucursal": serie.sucursal,
            "serie": serie,
            "numero": numero,
            "cabecera": cabecera,
            "lineas": lineas,
            "cuotas": cuotas,
            "anticipos": anticipos,
            "usuario": usuario,
            "totales_declarados": {campo: valor for campo, valor in totales.items() if valor is not None},
        },
        lineas_declaradas=declaradas,
        declarados={
            clave: campos.numerico(datos, clave, requerido=False, decimales=10)
            for clave in (
                "detraccion_total",
                "percepcion_base_imponible",
                "total_percepcion",
                "total_incluido_percepcion",
                "retencion_base_imponible",
                "total_retencion",
            )
        },
        enviar_sunat=campos.booleano(datos, "enviar_automaticamente_a_la_sunat"),
        correos=[c for c in correos if c] if campos.booleano(datos, "enviar_automaticamente_al_cliente") else [],
    )


def _distinto(declarado, calculado, tolerancia=Decimal(0)) -> bool:
    return declarado is not None and abs(declarado - calculado) > tolerancia


def _verificar(documento: DocumentoVenta, pedido: Comprobante) -> None:
    """What the caller declared beyond the totals the engine checks: each item's amounts, detracción, percepción, retención."""
    errores = []
    lineas = list(documento.lineas.order_by("orden"))
    for numero, (linea, declarada) in enumerate(zip(lineas, pedido.lineas_declaradas, strict=True), start=1):
        if linea.afectacion_igv not in ("10", "17", "20", "30", "40"):
            continue  # a free item's figures are reference values, not amounts charged
        calculados = {
            "subtotal": linea.valor_venta,
            "igv": linea.igv,
            "total": linea.total,
            "descuento": linea.descuento,
            "isc": linea.isc,
            "impuesto_bolsas": linea.monto_icbper,
        }
        for campo, calculado in calculados.items():
            if _distinto(declarada[campo], calculado.quantize(CENTIMO), CENTIMO / 2):
                errores.append(
                    f"ítem {numero} {campo}: declarado {declarada[campo]}, calculado {calculado.quantize(CENTIMO)}"
                )
    declarados = pedido.declarados
    # SUNAT states the detracción in whole soles.
    if _distinto(declarados["detraccion_total"], documento.detraccion_monto, Decimal(1)):
        errores.append(
            f"detraccion_total: declarado {declarados['detraccion_total']}, calculado {documento.detraccion_monto}"
        )
    comparables = {
        "percepcion_base_imponible": documento.percepcion_base,
        "total_percepcion": documento.percepcion_monto,
        "retencion_base_imponible": documento.retencion_base,
        "total_retencion": documento.retencion_monto,
    }
    if documento.percepcion_regimen and documento.moneda.codigo == "PEN":
        comparables["total_incluido_percepcion"] = documento.importe_total + documento.percepcion_monto
    for campo, calculado in comparables.items():
        if _distinto(declarados[campo], calculado):
            errores.append(f"{campo}: declarado {declarados[campo]}, calculado {calculado}")
    if errores:
        raise ErrorDialecto(FORMATO, "Los montos no cuadran con los ítems: " + "; ".join(errores) + ".")


def _enviar_correo(documento: DocumentoVenta, correos: list[str], usuario) -> None:
    try:
        services.documento_enviar_correo(documento=documento, destinatarios=correos, mensaje="", usuario=usuario)
    except Exception:  # the document stands; the e-mail can be sent again from the office
        log.exception("No se pudo enviar por correo %s", documento)


# --------------------------------------------------------------------------- answers


def _comprobante_de(documento: DocumentoVenta) -> ComprobanteElectronico | None:
    return ComprobanteElectronico.objects.annotate(tiene_cdr=TIENE_CDR).filter(documento=documento).first()


def _numero_nubefact(tipo: str) -> int:
    return next(n for n, t in TIPOS.items() if t == tipo)


def respuesta_comprobante(request, documento: DocumentoVenta, *, con_anulado: bool = False) -> dict:
    comprobante = _comprobante_de(documento)
    estado = comprobante.estado if comprobante else EstadoCpe.PENDIENTE
    respondido = bool(comprobante and comprobante.codigo_respuesta)
    notas = "; ".join(f"{o['codigo']} - {o['mensaje']}" for o in comprobante.observaciones) if comprobante else ""
    respuesta = {
        "tipo_de_comprobante": _numero_nubefact(documento.tipo),
        "serie": documento.serie.serie,
        "numero": documento.numero,
        "enlace": enlace_publico(request, comprobante, "pdf"),
        "enlace_del_pdf": enlace_publico(request, comprobante, "pdf"),
        "enlace_del_xml": enlace_publico(request, comprobante, "xml"),
        "enlace_del_cdr": enlace_publico(request, comprobante, "cdr"),
        "aceptada_por_sunat": estado in (EstadoCpe.ACEPTADO, EstadoCpe.OBSERVADO, EstadoCpe.ANULADO),
        "sunat_description": comprobante.descripcion if respondido and estado != EstadoCpe.ERROR else None,
        "sunat_note": notas or None,
        "sunat_responsecode": comprobante.codigo_respuesta if respondido and estado != EstadoCpe.ERROR else None,
        "sunat_soap_error": comprobante.descripcion if estado == EstadoCpe.ERROR else "",
    }
    if con_anulado:
        respuesta["anulado"] = documento.estado == DocumentoVenta.Estado.ANULADO or estado == EstadoCpe.ANULADO
    respuesta["cadena_para_codigo_qr"] = (
        contenido_qr_de(documento, ruc=documento.empresa.ruc, hash=comprobante.hash)
        if comprobante and comprobante.hash
        else ""
    )
    respuesta["codigo_hash"] = comprobante.hash if comprobante else ""
    return respuesta


def _respuesta_anulacion(request, documento: DocumentoVenta, resumen: Resumen | None) -> dict:
    estado = resumen.estado if resumen else EstadoResumen.PENDIENTE
    respondido = resumen is not None and estado in (
        EstadoResumen.ACEPTADO,
        EstadoResumen.OBSERVADO,
        EstadoResumen.RECHAZADO,
    )
    notas = "; ".join(f"{o['codigo']} - {o['mensaje']}" for o in resumen.observaciones) if resumen else ""
    enlaces = {"pdf": "", "xml": "", "cdr": ""}
    if resumen is not None:
        enlaces["xml"] = enlace_resumen(request, resumen, "xml")
        if respondido:
            enlaces["cdr"] = enlace_resumen(request, resumen, "cdr")
    return {
        "numero": documento.numero,
        "enlace": enlaces["xml"],
        "sunat_ticket_numero": resumen.ticket if resumen and resumen.ticket else None,
        "aceptada_por_sunat": estado in (EstadoResumen.ACEPTADO, EstadoResumen.OBSERVADO),
        "sunat_description": resumen.descripcion if respondido else None,
        "sunat_note": notas or None,
        "sunat_responsecode": resumen.codigo_respuesta if respondido else None,
        "sunat_soap_error": resumen.descripcion if estado == EstadoResumen.ERROR else "",
        "enlace_del_pdf": enlaces["pdf"],
        "enlace_del_xml": enlaces["xml"],
        "enlace_del_cdr": enlaces["cdr"],
    }


# --------------------------------------------------------------------------- operations


def _buscar(datos, usuario, empresa) -> DocumentoVenta:
    tipo = TIPOS[campos.entero(datos, "tipo_de_comprobante", opciones=set(TIPOS))]
    serie = campos.texto(datos, "serie", exacto=4).upper()
    numero = campos.entero(datos, "numero")
    documento = (
        filtrar_por_sucursal(
            DocumentoVenta.objects.filter(empresa=empresa, tipo=tipo, serie__serie=serie, numero=numero), usuario
        )
        .select_related("serie", "empresa", "moneda")
        .first()
    )
    if documento is None or not usuario.has_perm(f"billing.view_{MODELO_DE_TIPO[tipo]}"):
        raise ErrorDialecto(NO_EXISTE, f"El documento {serie}-{numero} no existe.")
    return documento


def generar_comprobante(request, datos, usuario, empresa):
    codigo_unico = campos.texto(datos, "codigo_unico", requerido=False, maximo=20)
    if codigo_unico:
        previo = (
            CodigoUnico.objects.filter(empresa=empresa, codigo=codigo_unico)
            .select_related("documento__serie", "documento__empresa")
            .first()
        )
        if previo is not None:
            return respuesta_comprobante(request, previo.documento)
    pedido = _leer_comprobante(datos, usuario, empresa)
    try:
        with transaction.atomic():
            documento = services.documento_registrar(**pedido.registro)
            _verificar(documento, pedido)
            if codigo_unico:
                CodigoUnico.objects.create(empresa=empresa, codigo=codigo_unico, documento=documento)
    except IntegrityError:
        previo = (
            CodigoUnico.objects.filter(empresa=empresa, codigo=codigo_unico)
            .select_related("documento__serie", "documento__empresa")
            .first()
        )
        if previo is None:
            raise
        return respuesta_comprobante(request, previo.documento)  # the same code sent twice at once
    except ValidationError as exc:
        mensaje = " ".join(exc.messages)
        if getattr(exc, "code", None) == "numero":
            pedido_numero = pedido.registro["numero"]
            existe = DocumentoVenta.objects.filter(serie=pedido.registro["serie"], numero=pedido_numero).exists()
            raise ErrorDialecto(YA_EXISTE if existe else NO_COMPLETADA, mensaje) from exc
        raise ErrorDialecto(NO_COMPLETADA, mensaje) from exc
    if pedido.enviar_sunat:
        comprobante = _comprobante_de(documento)
        if comprobante is not None and not es_de_resumen(comprobante):
            try:
                cpe_enviar_sincrono(documento=documento)
            except NoEnviable:
                pass  # answered as it stands: not sent
    if pedido.correos:
        _enviar_correo(documento, pedido.correos, usuario)
    return respuesta_comprobante(request, documento)


def consultar_comprobante(request, datos, usuario, empresa):
    return respuesta_comprobante(request, _buscar(datos, usuario, empresa), con_anulado=True)


def _anulacion(documento: DocumentoVenta) -> LineaResumen | None:
    comprobante = ComprobanteElectronico.objects.filter(documento=documento).first()
    if comprobante is None:
        return None
    return (
        comprobante.lineas_resumen.filter(condicion=Condicion.ANULAR)
        .select_related("resumen")
        .order_by("-vigente", "-id")
        .first()
    )


def generar_anulacion(request, datos, usuario, empresa):
    documento = _buscar(datos, usuario, empresa)
    if not usuario.has_perm("cpe.enviar_resumen"):
        raise ErrorDialecto(10, "El usuario de este token no puede comunicar bajas.", http=401)
    motivo = campos.texto(datos, "motivo", maximo=100)
    previa = _anulacion(documento)
    if previa is not None and previa.vigente:
        raise ErrorDialecto(
            YA_EXISTE, f"{documento} ya tiene una anulación en curso o aceptada: consúltela con consultar_anulacion."
        )
    try:
        solicitud = bajas.baja_comunicar(documento_id=documento.pk, motivo=motivo, usuario=usuario)
    except ValidationError as exc:
        raise ErrorDialecto(NO_COMPLETADA, " ".join(exc.messages)) from exc
    return _respuesta_anulacion(request, documento, solicitud if isinstance(solicitud, Resumen) else solicitud.resumen)


def consultar_anulacion(request, datos, usuario, empresa):
    documento = _buscar(datos, usuario, empresa)
    linea = _anulacion(documento)
    if linea is None:
        raise ErrorDialecto(NO_EXISTE, f"{documento} no tiene una anulación.")
    resumen = linea.resumen
    if resumen is not None and resumen.estado == EstadoResumen.EN_PROCESO:
        resumen = resumen_consultar(resumen_id=resumen.pk)
    return _respuesta_anulacion(request, documento, resumen)


OPERACIONES_API = {
    "generar_comprobante": generar_comprobante,
    "consultar_comprobante": consultar_comprobante,
    "generar_anulacion": generar_anulacion,
    "consultar_anulacion": consultar_anulacion,
}


def _token(request) -> str:
    """`Token token="…"`, `Token token=…`, or the bare token the manual's table shows."""
    cabecera = request.headers.get("Authorization", "")
    coincidencia = _TOKEN.match(cabecera)
    return coincidencia[1] if coincidencia else cabecera.strip()


@csrf_exempt
def api_view(request, ruta: str):
    try:
        if request.method != "POST":
            raise ErrorDialecto(11, "Todas las solicitudes se hacen vía POST a la ruta.")
        empresa = empresa_de_ruta(ruta)
        if empresa is None:
            raise ErrorDialecto(11, "La ruta que está usando no es correcta o no existe.")
        usuario = usuario_de_clave(_token(request))
        if (
            usuario is None
            or usuario.sucursal_predeterminada is None
            or usuario.sucursal_predeterminada.empresa_id != empresa.pk
        ):
            raise ErrorDialecto(
                10, "No se pudo autenticar: el token es incorrecto, fue revocado o no es de esta ruta.", http=401
            )
        if request.content_type != "application/json":
            raise ErrorDialecto(12, "La solicitud no es válida: envíe el JSON con «Content-Type: application/json».")
        datos = cuerpo_json(request, FORMATO)
        operacion = OPERACIONES_API.get(datos.get("operacion")) if isinstance(datos.get("operacion"), str) else None
        if operacion is None:
            raise ErrorDialecto(
                FORMATO,
                "El campo «operacion» debe ser generar_comprobante, consultar_comprobante, generar_anulacion o consultar_anulacion.",
            )
        return json_respuesta(operacion(request, datos, usuario, empresa))
    except ErrorDialecto as exc:
        return json_respuesta({"errors": exc.mensaje, "codigo": exc.codigo}, status=exc.http)
    except ValidationError as exc:
        return json_respuesta({"errors": " ".join(exc.messages), "codigo": NO_COMPLETADA}, status=400)
    except Exception as exc:  # the table's 40: never a bare 500 page
        log.exception("Error interno en el API compatible con Nubefact")
        return json_respuesta(
            {"errors": f"Error interno desconocido: {exc.__class__.__name__}", "codigo": 40}, status=500
        )
