"""The CpeServlet-style JSON API (seed 000): `POST /cpesunat/CpeServlet?accion=…` and `…/Cpe_Resumen_BoletaServlet`.

The body names the company by its RUC (NRO_DOCUMENTO_EMPRESA; RUC in
WSSunatBaja_V2) and CONTRA is one of the company's API keys (its user's
default branch and permissions apply). SOL user and password, the
certificate's password and the company's data in the body are accepted and
not used: the ERP sends with what the company has configured. TIPO_PROCESO
must agree with the company's SUNAT environment (1 production, 2 or 3 beta).

Answers carry the seed's fields: mensaje, flg_rta ("1" done, "0" not; the
send of a document says flg_rt and adds id_registro), cod_msj_sunat and
des_msj_sunat (SUNAT's code and message, in capitals as the provider writes
them), hash_cdr (the CDR's digest) and hash_cpe (the signed XML's digest).
The dialect's own errors are HTTP 200 with flg "0" and a negative code in
cod_msj_sunat, which no SUNAT code is: -10 credentials, -11 accion or
method, -20 a field or value not taken, -21 the operation could not be done
(SUNAT's or the ERP's rules, totals that do not add up), -23 already
exists, -24 does not exist, -40 internal error (HTTP 500).
"""

import logging
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.views.decorators.csrf import csrf_exempt
from lxml import etree

from billing import services
from billing.models import (
    MODELO_DE_TIPO,
    DocumentoVenta,
    MotivoNotaCredito,
    MotivoNotaDebito,
    TipoDocumentoVenta,
)
from billing.tesoreria.selectors import tipo_cambio_del_dia
from cpe import bajas, pdf
from cpe import selectors as lecturas_cpe
from cpe.dialectos.comun import (
    EXPORTACIONES,
    NOTAS,
    OPERACIONES,
    TIPOS,
    Campos,
    ErrorDialecto,
    cuerpo_json,
    json_respuesta,
    por_fila,
    usuario_autenticado,
)
from cpe.empaquetado import ZipInvalido, leer_zip
from cpe.models import ComprobanteElectronico, EstadoCpe, EstadoResumen, Resumen, TipoResumen
from cpe.resumen import resumen_consultar, resumen_diario_ejecutar, resumen_enviar
from cpe.services import NoEnviable, cpe_enviar_sincrono, es_de_resumen, mensaje_resultado
from erp.catalogos import AfectacionIGV
from erp.models import Empresa, Moneda, Serie, UnidadMedida
from erp.models.empresa import EntornoSunat
from erp.selectors import filtrar_por_sucursal
from erp.services import socio_por_documento

log = logging.getLogger(__name__)

CREDENCIALES, ACCION, FORMATO, NO_COMPLETADA, YA_EXISTE, NO_EXISTE, INTERNO = (
    "-10",
    "-11",
    "-20",
    "-21",
    "-23",
    "-24",
    "-40",
)
campos = Campos(FORMATO)

# TIPO_DOCUMENTO_CLIENTE (catálogo 06); "-" is a client without document.
DOCUMENTOS_CLIENTE = {"0", "1", "4", "6", "7", "A", "B", "G", "-"}
# PRECIO_TIPO_CODIGO (catálogo 16): 01 an amount charged, 02 the reference value of a free item.
PRECIO_ONEROSO, PRECIO_REFERENCIAL = "01", "02"
# Declared totals the engine checks (billing.totals names); the seed shows the first four.
TOTALES = {
    "TOTAL_GRAVADAS": "gravadas",
    "SUB_TOTAL": "valor_venta",
    "TOTAL_IGV": "igv",
    "TOTAL": "importe_total",
    "TOTAL_EXONERADAS": "exoneradas",
    "TOTAL_INAFECTA": "inafectas",
    "TOTAL_GRATUITAS": "gratuitas",
}
PROCESOS = {"1": "producción", "2": "homologación", "3": "beta"}
MOTIVO_BAJA = "ANULACION DE LA OPERACION"
CENTIMO = Decimal("0.01")
_NUMERACION = re.compile(r"^([A-Z0-9]{4})-0*(\d{1,8})$")
# Polls of a fresh ticket within the request, a second apart: SUNAT usually answers in that time.
CONSULTAS_INMEDIATAS, PAUSA_CONSULTA = 3, 1.0
PREFIJO_FALLOS = "cpeservlet-fallos"
_NS_FIRMA = {"ds": "http://www.w3.org/2000/09/xmldsig#"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def _opcion(datos, campo: str, opciones, *, requerido=True) -> str:
    valor = campos.texto(datos, campo, requerido=requerido, maximo=20).upper()
    if valor not in opciones and (valor or requerido):
        raise ErrorDialecto(FORMATO, f"El campo «{campo}» no admite el valor «{valor}».")
    return valor


def _no_soportado(campo: str, detalle: str) -> ErrorDialecto:
    return ErrorDialecto(FORMATO, f"El campo «{campo}» {detalle}: este servicio no lo admite.")


def _numeracion(datos, campo: str) -> tuple[str, int]:
    texto = campos.texto(datos, campo, maximo=13).upper()
    coincide = _NUMERACION.match(texto)
    if coincide is None:
        raise ErrorDialecto(FORMATO, f"El campo «{campo}» debe ser serie-número, por ejemplo F001-1: «{texto}».")
    return coincide[1], int(coincide[2])


def _fecha(datos, campo: str):
    try:
        return campos.fecha(datos, campo)
    except ErrorDialecto as exc:
        raise ErrorDialecto(FORMATO, f"El campo «{campo}» debe ser una fecha AAAA-MM-DD.") from exc


# --------------------------------------------------------------------------- who calls


@dataclass
class Llamada:
    empresa: Empresa
    usuario: object


def _autenticar(request, datos, campo_ruc: str) -> Llamada:
    ruc = datos.get(campo_ruc)
    ruc = str(ruc).strip() if isinstance(ruc, (str, int)) and not isinstance(ruc, bool) else ""
    empresa = Empresa.objects.filter(ruc=ruc, activo=True).first() if ruc else None
    usuario = usuario_autenticado(
        request, datos.get("CONTRA"), prefijo=PREFIJO_FALLOS, codigo=CREDENCIALES,
        mensaje=f"No se pudo autenticar: «{campo_ruc}» debe ser el RUC de la empresa y «CONTRA» una de sus API keys vigentes.",
        admite=lambda usuario: empresa is not None and usuario.sucursal_predeterminada.empresa_id == empresa.pk,
    )  # fmt: skip
    _exigir_proceso(datos, empresa)
    return Llamada(empresa, usuario)


def _exigir_proceso(datos, empresa: Empresa) -> None:
    """TIPO_PROCESO 1 sends to SUNAT's production, 2 and 3 to its tests: it must be where the company sends."""
    codigo = _opcion(datos, "TIPO_PROCESO", PROCESOS, requerido=False)
    produccion = empresa.entorno_sunat == EntornoSunat.PRODUCCION
    if codigo and (codigo == "1") != produccion:
        raise ErrorDialecto(
            NO_COMPLETADA,
            f"La empresa envía a «{empresa.get_entorno_sunat_display()}»: TIPO_PROCESO {codigo} "
            f"({PROCESOS[codigo]}) no corresponde; use {'1' if produccion else '3'}.",
        )


def _permiso(llamada: Llamada, permiso: str, que: str) -> None:
    if not llamada.usuario.has_perm(permiso):
        raise ErrorDialecto(CREDENCIALES, f"El usuario de esta API key no puede {que}.")


# --------------------------------------------------------------------------- answers


def hash_de_cdr(zip_cdr) -> str:
    """The digest SUNAT signed its CDR with: the provider's hash_cdr ("" without a CDR)."""
    if not zip_cdr:
        return ""
    try:
        _, xml = leer_zip(bytes(zip_cdr))
        raiz = etree.fromstring(xml, _PARSER)
    except (ZipInvalido, etree.XMLSyntaxError, ValueError):
        return ""
    return "".join((raiz.findtext(".//ds:DigestValue", namespaces=_NS_FIRMA) or "").split())


def respuesta(mensaje: str, *, flg="1", codigo="0", descripcion=None, hash_cdr="", hash_cpe="", flag="flg_rta") -> dict:
    return {
        "mensaje": mensaje,
        flag: flg,
        "cod_msj_sunat": codigo,
        "des_msj_sunat": (mensaje if descripcion is None else descripcion).upper(),
        "hash_cdr": hash_cdr,
        "hash_cpe": hash_cpe,
    }


def _veredicto(comprobante: ComprobanteElectronico) -> tuple[str, str, str]:
    """(flg, cod_msj_sunat, des_msj_sunat) of a document as it stands with SUNAT."""
    if comprobante.estado in (EstadoCpe.ACEPTADO, EstadoCpe.OBSERVADO, EstadoCpe.RECHAZADO, EstadoCpe.ANULADO):
        return "1", comprobante.codigo_respuesta, comprobante.descripcion or mensaje_resultado(comprobante)
    if comprobante.estado == EstadoCpe.ERROR:
        return "0", comprobante.codigo_respuesta or NO_COMPLETADA, mensaje_resultado(comprobante)
    return "1", "", mensaje_resultado(comprobante)  # pending: a boleta waiting for its daily summary


def _respuesta_cpe(mensaje: str, comprobante: ComprobanteElectronico, **extra) -> dict:
    flg, codigo, descripcion = _veredicto(comprobante)
    return respuesta(
        mensaje,
        flg=flg,
        codigo=codigo,
        descripcion=descripcion,
        hash_cdr=hash_de_cdr(comprobante.cdr),
        hash_cpe=comprobante.hash,
        **extra,
    )


def _con_archivos(documento: DocumentoVenta) -> ComprobanteElectronico:
    comprobante = ComprobanteElectronico.con_archivos.filter(documento=documento).select_related("documento").first()
    if comprobante is None:
        raise ErrorDialecto(NO_EXISTE, f"{documento} no es un comprobante electrónico.")
    return comprobante


# --------------------------------------------------------------------------- WSSunatCPE_V2


@dataclass
class Pedido:
    """A WSSunatCPE_V2 request read and checked: what documento_registrar takes, and what is checked after."""

    tipo: str
    serie: Serie
    numero: int
    cabecera: dict
    cliente: dict | None
    lineas: list[dict]
    declaradas: list[dict] = field(default_factory=list)
    totales: dict = field(default_factory=dict)


def _serie(llamada: Llamada, tipo: str, texto: str) -> Serie:
    if texto[0].isdigit():
        raise _no_soportado("NRO_COMPROBANTE", f"«{texto}» es una serie de contingencia")
    serie = (
        filtrar_por_sucursal(
            Serie.objects.filter(empresa=llamada.empresa, tipo_documento=tipo, serie=texto, activo=True),
            llamada.usuario,
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


def _moneda(datos, fecha) -> tuple[Moneda, Decimal]:
    codigo = campos.texto(datos, "COD_MONEDA", exacto=3).upper()
    moneda = Moneda.objects.filter(codigo=codigo).first()
    if moneda is None:
        raise ErrorDialecto(FORMATO, f"El campo «COD_MONEDA» no es una moneda registrada: {codigo}.")
    if codigo == "PEN":
        return moneda, Decimal("1.000")
    declarado = campos.numerico(datos, "TIPO_CAMBIO", requerido=False, enteros=4, decimales=3)
    if declarado is not None:
        if declarado <= 0:
            raise ErrorDialecto(FORMATO, "El campo «TIPO_CAMBIO» debe ser mayor que cero.")
        return moneda, declarado
    try:
        return moneda, tipo_cambio_del_dia(moneda=moneda, fecha=fecha).venta
    except ValidationError as exc:
        raise ErrorDialecto(NO_COMPLETADA, " ".join(exc.messages) + " O envíe «TIPO_CAMBIO».") from exc


def _cliente(datos, tipo: str) -> dict:
    codigo = _opcion(datos, "TIPO_DOCUMENTO_CLIENTE", DOCUMENTOS_CLIENTE)
    numero = campos.texto(datos, "NRO_DOCUMENTO_CLIENTE", requerido=codigo not in ("-", "0"), maximo=15) or "-"
    direccion = campos.texto(datos, "DIRECCION_CLIENTE", requerido=tipo == TipoDocumentoVenta.FACTURA, maximo=200)
    ciudad = campos.texto(datos, "CIUDAD_CLIENTE", requerido=False, maximo=45)
    return {
        "tipo_documento": "0" if codigo == "-" else codigo,
        "numero": numero,
        "razon_social": campos.texto(datos, "RAZON_SOCIAL_CLIENTE", maximo=250),
        "direccion": f"{direccion} - {ciudad}" if direccion and ciudad else direccion,
    }


def _referencia(datos, llamada: Llamada, tipo: str) -> dict:
    """A note's document, reason and its text (TIPO_COMPROBANTE_MODIFICA, NRO_DOCUMENTO_MODIFICA, COD_TIPO_MOTIVO…)."""
    tipo_ref = TIPOS[_opcion(datos, "TIPO_COMPROBANTE_MODIFICA", {"01", "03"})]
    serie, numero = _numeracion(datos, "NRO_DOCUMENTO_MODIFICA")
    referencia = (
        DocumentoVenta.objects.filter(empresa=llamada.empresa, tipo=tipo_ref, serie__serie=serie, numero=numero)
        .exclude(estado=DocumentoVenta.Estado.BORRADOR)
        .select_related("cliente")
        .first()
    )
    if referencia is None:
        raise ErrorDialecto(NO_EXISTE, f"El documento que se modifica, {serie}-{numero}, no existe.")
    motivos = MotivoNotaCredito if tipo == TipoDocumentoVenta.NOTA_CREDITO else MotivoNotaDebito
    motivo = _opcion(datos, "COD_TIPO_MOTIVO", set(motivos.values))
    sustento = campos.texto(datos, "DESCRIPCION_MOTIVO", requerido=False, maximo=250) or motivos(motivo).label
    return {
        "cliente": referencia.cliente,
        "documento_referencia": referencia,
        "motivo_nota": motivo,
        "sustento": sustento,
        "tipo_operacion": referencia.tipo_operacion,
    }


def _linea(item: dict, unidades: set[str], exportacion: bool) -> tuple[dict, dict]:
    campos.entero(item, "ITEM", requerido=False)
    unidad = campos.texto(item, "UNIDAD_MEDIDA", maximo=3).upper()
    if unidad not in unidades:
        raise ErrorDialecto(FORMATO, f"El campo «UNIDAD_MEDIDA» no es una unidad del catálogo 03: {unidad}.")
    cantidad = campos.numerico(item, "CANTIDAD", decimales=10)
    if cantidad <= 0:
        raise ErrorDialecto(FORMATO, "El campo «CANTIDAD» debe ser mayor que cero.")
    precio = campos.numerico(item, "PRECIO", requerido=False, decimales=10)
    valor = campos.numerico(item, "PRECIO_SIN_IMPUESTO", requerido=precio is None, decimales=10)
    valor = precio if valor is None else valor
    if valor < 0 or (precio is not None and precio < 0):
        raise ErrorDialecto(FORMATO, "Los campos «PRECIO» y «PRECIO_SIN_IMPUESTO» no pueden ser negativos.")
    afectacion = _opcion(item, "COD_TIPO_OPERACION", set(AfectacionIGV.values))
    if exportacion != (afectacion == AfectacionIGV.EXPORTACION):
        raise ErrorDialecto(FORMATO, "Una exportación (TIPO_OPERACION 0200 o 0201) lleva ítems 40, y solo ella.")
    tipo_precio = _opcion(item, "PRECIO_TIPO_CODIGO", {PRECIO_ONEROSO, PRECIO_REFERENCIAL}, requerido=False)
    gratuito = afectacion in AfectacionIGV.gratuitas()
    if tipo_precio and (tipo_precio == PRECIO_REFERENCIAL) != gratuito:
        raise ErrorDialecto(
            FORMATO,
            f"El campo «PRECIO_TIPO_CODIGO» es 02 para los ítems gratuitos y 01 para los demás "
            f"(COD_TIPO_OPERACION {afectacion}).",
        )
    if campos.numerico(item, "ISC", requerido=False, decimales=10):
        raise _no_soportado("ISC", "con un monto (el ítem no dice su sistema ni su tasa)")
    linea = {
        "codigo": campos.texto(item, "CODIGO", requerido=False, maximo=30),
        "descripcion": campos.texto(item, "DESCRIPCION", maximo=500),
        "unidad_id": unidad,
        "cantidad": cantidad,
        "valor_unitario": valor,
        "ingreso_con_igv": False,
        "afectacion_igv": afectacion,
    }
    declarada = {
        "precio": precio,
        "igv": campos.numerico(item, "IGV", requerido=False, decimales=10),
        "importe": campos.numerico(item, "IMPORTE", requerido=False, decimales=10),
    }
    return linea, declarada


def _lineas(datos, exportacion: bool) -> tuple[list[dict], list[dict]]:
    items = campos.lista(datos, "Detalle")
    if len(items) > 500:
        raise ErrorDialecto(FORMATO, "El comprobante admite hasta 500 ítems.")
    pedidas = {str(i.get("UNIDAD_MEDIDA", "")).upper() for i in items}
    unidades = set(UnidadMedida.objects.filter(codigo__in=pedidas).values_list("codigo", flat=True))
    return por_fila(items, lambda item: _linea(item, unidades, exportacion), "Ítem")


def _leer_pedido(datos, llamada: Llamada) -> Pedido:
    tipo = TIPOS[_opcion(datos, "COD_TIPO_DOCUMENTO", TIPOS)]
    _permiso(llamada, f"billing.add_{MODELO_DE_TIPO[tipo]}", f"emitir {TipoDocumentoVenta(tipo).label.lower()}s")
    texto_serie, numero = _numeracion(datos, "NRO_COMPROBANTE")
    serie = _serie(llamada, tipo, texto_serie)
    if campos.entero(datos, "FLG_REGU_ANTICIPO", requerido=False, opciones={0, 1}) or campos.numerico(
        datos, "MONTO_REGU_ANTICIPO", requerido=False
    ):
        raise _no_soportado("FLG_REGU_ANTICIPO", "(deducir un anticipo)")
    operacion = OPERACIONES.get(campos.texto(datos, "TIPO_OPERACION", requerido=False, maximo=4))
    if operacion is None:
        raise _no_soportado("TIPO_OPERACION", f"con el valor «{datos.get('TIPO_OPERACION')}»")
    fecha = _fecha(datos, "FECHA_DOCUMENTO")
    moneda, tipo_cambio = _moneda(datos, fecha)
    cabecera = {
        "moneda": moneda,
        "tipo_cambio": tipo_cambio,
        "fecha_emision": fecha,
        "tipo_operacion": operacion,
        "es_anticipo": campos.entero(datos, "FLG_ANTICIPO", requerido=False, opciones={0, 1}) == 1,
        "observaciones": campos.texto(datos, "OBSERVACION", requerido=False, maximo=1000),
    }
    cliente = None
    if tipo in NOTAS:
        cabecera.update(_referencia(datos, llamada, tipo))
    else:
        cliente = _cliente(datos, tipo)
    lineas, declaradas = _lineas(datos, exportacion=operacion in EXPORTACIONES)
    totales = {nombre: campos.numerico(datos, campo, requerido=False) for campo, nombre in TOTALES.items()}
    if totales["importe_total"] is None:
        raise ErrorDialecto(FORMATO, "Falta «TOTAL».")
    return Pedido(
        tipo=tipo,
        serie=serie,
        numero=numero,
        cabecera=cabecera,
        cliente=cliente,
        lineas=lineas,
        declaradas=declaradas,
        totales={nombre: valor for nombre, valor in totales.items() if valor is not None},
    )


def _verificar_lineas(documento: DocumentoVenta, pedido: Pedido) -> None:
    """Each onerous item's IGV and IMPORTE (with its taxes), and PRECIO (the unit value, or the unit price with IGV)."""
    errores = []
    lineas = documento.lineas.order_by("orden")
    for numero, (linea, declarada) in enumerate(zip(lineas, pedido.declaradas, strict=True), start=1):
        if linea.afectacion_igv not in AfectacionIGV.onerosas():
            continue  # a free item's figures are reference values, not amounts charged
        for campo, calculado in (("igv", linea.igv), ("importe", linea.total)):
            calculado = calculado.quantize(CENTIMO)
            if declarada[campo] is not None and abs(declarada[campo] - calculado) > CENTIMO / 2:
                errores.append(f"ítem {numero} {campo.upper()}: declarado {declarada[campo]}, calculado {calculado}")
        precio = declarada["precio"]
        con_igv = linea.valor_unitario + linea.igv / linea.cantidad
        if precio is not None and min(abs(precio - linea.valor_unitario), abs(precio - con_igv)) > CENTIMO / 2:
            errores.append(f"ítem {numero} PRECIO: {precio} no es el valor unitario ni el precio con IGV")
    if errores:
        raise ErrorDialecto(NO_COMPLETADA, "Los montos no cuadran con los ítems: " + "; ".join(errores) + ".")


def enviar_cpe(request, datos, llamada: Llamada) -> dict:
    pedido = _leer_pedido(datos, llamada)
    previo = DocumentoVenta.objects.filter(serie=pedido.serie, numero=pedido.numero).first()
    if previo is not None:
        raise ErrorDialecto(
            YA_EXISTE,
            f"El comprobante {pedido.serie.serie}-{pedido.numero} ya está registrado (id_registro {previo.pk}).",
        )
    try:
        with transaction.atomic():
            if pedido.cliente is not None:
                pedido.cabecera["cliente"] = socio_por_documento(sucursal=pedido.serie.sucursal, **pedido.cliente)
            documento = services.documento_registrar(
                tipo=pedido.tipo,
                sucursal=pedido.serie.sucursal,
                serie=pedido.serie,
                numero=pedido.numero,
                cabecera=pedido.cabecera,
                lineas=pedido.lineas,
                usuario=llamada.usuario,
                totales_declarados=pedido.totales,
            )
            _verificar_lineas(documento, pedido)
    except ValidationError as exc:
        # The same number sent twice at once: the second finds it taken.
        ocupado = getattr(exc, "code", None) == "numero" and (
            DocumentoVenta.objects.filter(serie=pedido.serie, numero=pedido.numero).exists()
        )
        raise ErrorDialecto(YA_EXISTE if ocupado else NO_COMPLETADA, " ".join(exc.messages)) from exc
    comprobante = _con_archivos(documento)
    if not es_de_resumen(comprobante):
        try:
            cpe_enviar_sincrono(documento=documento)
        except NoEnviable:
            pass  # answered as it stands
        comprobante = _con_archivos(documento)
    cuerpo = _respuesta_cpe("Cpe insertado correctamente.", comprobante, flag="flg_rt")
    # Inserted whatever SUNAT said: cod_msj_sunat tells the verdict, WSSunatCPE_REENVIAR sends again.
    cuerpo["flg_rt"] = "1"
    cuerpo["id_registro"] = str(documento.pk)
    return cuerpo


# --------------------------------------------------------------------------- one document


def _buscar(datos, llamada: Llamada, *, campo_tipo="COD_TIPO_DOCUMENTO", campo_numero="NRO_COMPROBANTE"):
    tipo = TIPOS[_opcion(datos, campo_tipo, TIPOS)]
    serie, numero = _numeracion(datos, campo_numero)
    documento = (
        filtrar_por_sucursal(
            DocumentoVenta.objects.filter(empresa=llamada.empresa, tipo=tipo, serie__serie=serie, numero=numero),
            llamada.usuario,
        )
        .exclude(estado=DocumentoVenta.Estado.BORRADOR)
        .select_related("serie", "empresa")
        .first()
    )
    if documento is None or not llamada.usuario.has_perm(f"billing.view_{MODELO_DE_TIPO[tipo]}"):
        raise ErrorDialecto(NO_EXISTE, f"El comprobante {serie}-{numero} no existe.")
    return documento


def crear_pdf(request, datos, llamada: Llamada) -> dict:
    documento = _buscar(datos, llamada)
    pdf.pdf_de(documento)  # built from the stored document: a failure here is the answer, not a later surprise
    return respuesta("EL PDF FUE GENERADO CON EXITO")


def reenviar(request, datos, llamada: Llamada) -> dict:
    documento = _buscar(datos, llamada)
    _permiso(llamada, "cpe.enviar_comprobanteelectronico", "enviar comprobantes a SUNAT")
    try:
        cpe_enviar_sincrono(documento=documento)
    except NoEnviable as exc:
        raise ErrorDialecto(NO_COMPLETADA, str(exc)) from exc
    # The provider answers a resend with this message (as its manual shows).
    return _respuesta_cpe("EL PDF FUE GENERADO CON EXITO", _con_archivos(documento))


def obtener_datos_xml(request, datos, llamada: Llamada) -> dict:
    comprobante = _con_archivos(_buscar(datos, llamada))
    if not comprobante.cdr:
        _, codigo, descripcion = _veredicto(comprobante)
        return respuesta(
            "SUNAT AUN NO ENTREGA SU RESPUESTA: ENVIELO CON WSSunatCPE_REENVIAR",
            flg="0",
            codigo=codigo or NO_COMPLETADA,
            descripcion=descripcion,
            hash_cpe=comprobante.hash,
        )
    return _respuesta_cpe("LA RESPUESTA DE SUNAT FUE ACTUALIZADA", comprobante)


def eliminar(request, datos, llamada: Llamada) -> dict:
    documento = _buscar(datos, llamada)
    _permiso(llamada, f"billing.delete_{MODELO_DE_TIPO[documento.tipo]}", f"eliminar {documento}")
    try:
        services.documento_eliminar(documento_id=documento.pk, usuario=llamada.usuario)
    except ValidationError as exc:
        raise ErrorDialecto(NO_COMPLETADA, " ".join(exc.messages)) from exc
    return respuesta("EL REGISTRO FUE ELIMINADO CORRECTAMENTE")


def baja(request, datos, llamada: Llamada) -> dict:
    """WSSunatBaja_V2: the voiding is recorded; ws_cpe_baja (facturas, notes) or ws_resumen_boleta sends it."""
    documento = _buscar(datos, llamada, campo_tipo="TIPO_COMPROBANTE", campo_numero="NUMERO")
    _permiso(llamada, "cpe.enviar_resumen", "comunicar bajas")
    motivo = campos.texto(datos, "MOTIVO", requerido=False, maximo=100) or MOTIVO_BAJA
    comprobante = ComprobanteElectronico.objects.filter(documento=documento).first()
    if comprobante is not None and (
        comprobante.estado == EstadoCpe.ANULADO or lecturas_cpe.baja_en_curso(comprobante) is not None
    ):
        raise ErrorDialecto(YA_EXISTE, f"{documento} ya está anulado o tiene una baja en curso.")
    try:
        bajas.baja_solicitar(documento_id=documento.pk, motivo=motivo, usuario=llamada.usuario)
    except ValidationError as exc:
        raise ErrorDialecto(NO_COMPLETADA, " ".join(exc.messages)) from exc
    cuerpo = respuesta("GUARDO BIEN EN LA BASE DE DATOS")
    del cuerpo["hash_cdr"]  # the seed's answer has no hash_cdr
    return cuerpo


# --------------------------------------------------------------------------- summaries and voidings of a day


def _consultar(resumen: Resumen) -> Resumen:
    for numero in range(CONSULTAS_INMEDIATAS):
        if resumen.estado != EstadoResumen.EN_PROCESO:
            break
        if numero:
            time.sleep(PAUSA_CONSULTA)
        resumen = resumen_consultar(resumen_id=resumen.pk)
    return resumen


def _respuesta_resumen(resumenes: list[Resumen]) -> dict:
    """The day's summaries (or voidings) as one answer; several are joined with " | "."""
    resumenes = [Resumen.con_archivos.get(pk=r.pk) for r in resumenes]
    partes = []
    for resumen in resumenes:
        if resumen.estado in (EstadoResumen.ACEPTADO, EstadoResumen.OBSERVADO, EstadoResumen.RECHAZADO):
            partes.append(("1", resumen.codigo_respuesta, resumen.descripcion))
        elif resumen.estado == EstadoResumen.EN_PROCESO:
            partes.append(
                (
                    "1",
                    "98",
                    f"SUNAT aún procesa el ticket {resumen.ticket} de {resumen.identificador}: consulte de nuevo",
                )
            )
        else:
            partes.append(
                ("0", resumen.codigo_respuesta or NO_COMPLETADA, f"{resumen.identificador}: {resumen.descripcion}")
            )
    flg = "1" if all(p[0] == "1" for p in partes) else "0"
    confirmados = all(p[1] != "98" for p in partes)
    if flg == "0":
        mensaje = "EL RESUMEN NO SE PUDO ENVIAR"
    elif confirmados:
        mensaje = "RESUMEN ENVIADO CORRECTAMENTE - FALTA CONFIRMAR TICKET - CONSULTA TICKET CORRECTAMENTE"
    else:
        mensaje = "RESUMEN ENVIADO CORRECTAMENTE - FALTA CONFIRMAR TICKET"
    return respuesta(
        mensaje,
        flg=flg,
        codigo=" | ".join(p[1] for p in partes),
        descripcion=" | ".join(p[2] for p in partes),
        hash_cdr=" | ".join(hash_de_cdr(r.cdr) for r in resumenes),
        hash_cpe=" | ".join(r.hash for r in resumenes),
    )


def _del_dia(datos, llamada: Llamada, tipo: str):
    _permiso(llamada, "cpe.enviar_resumen", "enviar resúmenes ni bajas")
    campos.texto(datos, "ESTADO", requerido=False, maximo=1)
    _opcion(datos, "TIPO", {"1", "2"}, requerido=False)
    fecha = _fecha(datos, "FECHA_REFERENCIA")
    return fecha, Resumen.objects.filter(empresa=llamada.empresa, tipo=tipo, fecha_emision=fecha)


def _atender(del_dia, abiertos: list[Resumen]) -> list[Resumen]:
    """Poll what is open; with nothing open, the day's last answer stands."""
    abiertos = [_consultar(r) for r in abiertos]
    if abiertos:
        return abiertos
    ultimo = del_dia.order_by("-id").first()
    return [ultimo] if ultimo else []


def cpe_baja(request, datos, llamada: Llamada) -> dict:
    """ws_cpe_baja: send the voiding communications (RA) of the facturas and notes issued that day, and poll them."""
    fecha, del_dia = _del_dia(datos, llamada, TipoResumen.BAJA)
    for pk in lecturas_cpe.resumenes_por_enviar().filter(pk__in=del_dia).order_by("id").values_list("pk", flat=True):
        resumen_enviar(resumen_id=pk)
    resumenes = _atender(del_dia, list(del_dia.filter(estado=EstadoResumen.EN_PROCESO).order_by("id")))
    if not resumenes:
        raise ErrorDialecto(
            NO_EXISTE,
            f"No hay bajas de facturas ni notas emitidas el {fecha:%Y-%m-%d}: regístrelas con WSSunatBaja_V2.",
        )
    return _respuesta_resumen(resumenes)


def resumen_boleta(request, datos, llamada: Llamada) -> dict:
    """ws_resumen_boleta: build and send the day's summary of boletas (new ones and voidings), and poll it."""
    fecha, del_dia = _del_dia(datos, llamada, TipoResumen.RESUMEN)
    resumen_diario_ejecutar(empresa_id=llamada.empresa.pk, fecha=fecha)
    resumenes = _atender(del_dia, list(del_dia.filter(estado=EstadoResumen.EN_PROCESO).order_by("id")))
    if not resumenes:
        raise ErrorDialecto(NO_EXISTE, f"No hay boletas por informar ni anular del {fecha:%Y-%m-%d}.")
    return _respuesta_resumen(resumenes)


# --------------------------------------------------------------------------- the servlets

# accion -> (operation, field with the company's RUC, flag name of its answer)
ACCIONES_CPE = {
    "WSSunatCPE_V2": (enviar_cpe, "NRO_DOCUMENTO_EMPRESA", "flg_rt"),
    "WSSunatBaja_V2": (baja, "RUC", "flg_rta"),
    "ws_cpe_baja": (cpe_baja, "NRO_DOCUMENTO_EMPRESA", "flg_rta"),
    "WSSunatCPE_CREAR_PDF": (crear_pdf, "NRO_DOCUMENTO_EMPRESA", "flg_rta"),
    "WSSunatCPE_REENVIAR": (reenviar, "NRO_DOCUMENTO_EMPRESA", "flg_rta"),
    "WSSunat_obtenerDatosXML": (obtener_datos_xml, "NRO_DOCUMENTO_EMPRESA", "flg_rta"),
    "WSSunatELIMINAR_CPE_V2": (eliminar, "NRO_DOCUMENTO_EMPRESA", "flg_rta"),
}
ACCIONES_RESUMEN = {"ws_resumen_boleta": (resumen_boleta, "NRO_DOCUMENTO_EMPRESA", "flg_rta")}


def _error(exc_codigo: str, mensaje: str, flag: str, status: int = 200):
    return json_respuesta(respuesta(mensaje, flg="0", codigo=exc_codigo, flag=flag), status=status)


def _atender_servlet(request, acciones: dict):
    nombre = request.GET.get("accion", "")
    operacion, campo_ruc, flag = acciones.get(nombre, (None, "", "flg_rta"))
    try:
        if operacion is None:
            raise ErrorDialecto(ACCION, f"El parámetro «accion» debe ser uno de: {', '.join(acciones)}.")
        if request.method != "POST":
            raise ErrorDialecto(ACCION, "Todas las solicitudes se hacen vía POST con un cuerpo JSON.")
        datos = cuerpo_json(request, FORMATO)
        llamada = _autenticar(request, datos, campo_ruc)
        return json_respuesta(operacion(request, datos, llamada))
    except ErrorDialecto as exc:
        return _error(exc.codigo, exc.mensaje, flag)
    except ValidationError as exc:
        return _error(NO_COMPLETADA, " ".join(exc.messages), flag)
    except Exception as exc:  # never a bare 500 page
        log.exception("Error interno en el API compatible con CpeServlet")
        return _error(INTERNO, f"Error interno: {exc.__class__.__name__}", flag, status=500)


@csrf_exempt
def cpe_servlet(request):
    return _atender_servlet(request, ACCIONES_CPE)


@csrf_exempt
def resumen_servlet(request):
    return _atender_servlet(request, ACCIONES_RESUMEN)
