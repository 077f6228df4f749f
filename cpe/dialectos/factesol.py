"""The factesol-style endpoints (seed 003), under `/factesol/`: sales and voidings in SUNAT's own Facturador (SFS) layout, daily summaries by date and id, retentions and perceptions in JSON.

The provider takes the files of SUNAT's free Facturador (SFS): a sale is
`RUC-TT-SERIE-NUMERO` with a `.CAB` header (`.NOT` for notes), a `.DET` with
one line per item, and `.TRI` and `.LEY` (taxes and legends, which the ERP
computes itself and does not read); a voiding is `RUC-RA-AAAAMMDD-N.CBA`.
Fields are separated by `|`, in SFS's order (CABECERA, NOTA, DETALLE, BAJA
below). They are posted as multipart files, or as one JSON object with the
same names: {"archivo": "RUC-TT-SERIE-NUMERO", "cabecera": {...},
"detalle": [{...}]} (SFS's own .JSON layout) and, for voidings,
{"archivo": ..., "bajas": [{...}]}.

The Facturador has no files for retentions (20) or perceptions (40), so
those are taken as JSON only, in the same style: {"archivo":
"RUC-20-R001-N", "cabecera": {...}, "detalle": [{...}]} (OTRO_CABECERA,
OTRO_DETALLE below); billing.otros computes the amounts and checks the
declared ones.

The caller sends one of the company's API keys (`Authorization: Bearer …`,
or the `Key` header); its user's branches and permissions apply, and the RUC
of the file must be the company's. Answers are {"Success", "Code",
"Description"}, as the seed's examples; the codes are in CODIGOS.
"""

import datetime
import logging
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from billing import otros, services
from billing.models import (
    MODELO_DE_TIPO,
    ComprobanteOtro,
    DocumentoVenta,
    MotivoNotaCredito,
    MotivoNotaDebito,
    RegimenOtro,
    TipoDocumentoVenta,
    TipoOtro,
)
from cpe import bajas
from cpe.dialectos.comun import (
    EXPORTACIONES,
    NOTAS,
    OPERACIONES,
    TIPOS,
    ErrorDialecto,
    cuerpo_json,
    json_respuesta,
    por_fila,
    usuario_autenticado,
)
from cpe.models import ComprobanteElectronico, EstadoCpe, EstadoResumen, Resumen, TipoResumen
from cpe.otros import reversion_comunicar
from cpe.resumen import resumen_consultar, resumen_enviar, resumenes_generar
from cpe.services import NoEnviable, cpe_enviar_sincrono, es_de_resumen, mensaje_resultado
from erp.catalogos import AfectacionIGV
from erp.models import Moneda, Serie, UnidadMedida
from erp.selectors import filtrar_por_sucursal
from erp.services import socio_por_documento

log = logging.getLogger(__name__)

# SFS's layouts: the field names of each position, in order.
CABECERA = (
    "tipOperacion", "fecEmision", "horEmision", "fecVencimiento", "codLocalEmisor", "tipDocUsuario", "numDocUsuario",
    "rznSocialUsuario", "tipMoneda", "sumTotTributos", "sumTotValVenta", "sumPrecioVenta", "sumDescTotal", "sumOtrosCargos",
    "sumTotalAnticipos", "sumImpVenta", "ublVersionId", "customizationId",
)  # fmt: skip
NOTA = (
    "tipOperacion", "fecEmision", "horEmision", "codLocalEmisor", "tipDocUsuario", "numDocUsuario", "rznSocialUsuario",
    "tipMoneda", "codMotivo", "desMotivo", "tipDocAfectado", "numDocAfectado", "sumTotTributos", "sumTotValVenta",
    "sumPrecioVenta", "sumDescTotal", "sumOtrosCargos", "sumTotalAnticipos", "sumImpVenta", "ublVersionId", "customizationId",
)  # fmt: skip
DETALLE = (
    "codUnidadMedida", "ctdUnidadItem", "codProducto", "codProductoSUNAT", "desItem", "mtoValorUnitario", "sumTotTributosItem",
    "codTriIGV", "mtoIgvItem", "mtoBaseIgvItem", "nomTributoIgvItem", "codTipTributoIgvItem", "tipAfeIGV", "porIgvItem",
    "codTriISC", "mtoIscItem", "mtoBaseIscItem", "nomTributoIscItem", "codTipTributoIscItem", "tipSisISC", "porIscItem",
    "codTriOtro", "mtoTriOtroItem", "mtoBaseTriOtroItem", "nomTributoOtroItem", "codTipTributoOtroItem", "porTriOtroItem",
    "codTriIcbper", "mtoTriIcbperItem", "ctdBolsasTriIcbperItem", "nomTributoIcbperItem", "codTipTributoIcbperItem",
    "mtoTriIcbperUnidad", "mtoPrecioVentaUnitario", "mtoValorVentaItem", "mtoValorReferencialUnitario",
)  # fmt: skip
BAJA = ("fecGeneracion", "fecComunicacion", "tipDocBaja", "numDocBaja", "desMotivoBaja")
# Declared header totals and the engine's names for them.
TOTALES = {
    "sumTotTributos": "total_impuestos", "sumTotValVenta": "valor_venta", "sumPrecioVenta": "precio_venta",
    "sumOtrosCargos": "otros_cargos", "sumImpVenta": "importe_total",
}  # fmt: skip

# Code: (Success, text). 01-09 say where a document stands; 10 and up are this service's errors.
CODIGOS = {
    "01": (True, "Registrado: pendiente de envío a Sunat"),
    "03": (True, "Aceptado por Sunat"),
    "04": (True, "Aceptado por Sunat con observaciones"),
    "05": (True, "Rechazado por Sunat"),
    "06": (True, "Enviado a Sunat por procesar"),
    "07": (True, "Anulado (comunicación de baja aceptada)"),
    "09": (False, "No se pudo enviar a Sunat: se reintentará"),
    "10": (False, "Credenciales no válidas"),
    "11": (False, "Ruta o método no admitido"),
    "20": (False, "Archivo o campo no válido"),
    "21": (False, "No se pudo completar la operación"),
    "23": (False, "Ya registrado"),
    "24": (False, "No existe"),
    "40": (False, "Error interno"),
}
CREDENCIALES, RUTA, FORMATO, NO_COMPLETADA, YA_EXISTE, NO_EXISTE, INTERNO = "10", "11", "20", "21", "23", "24", "40"
HTTP = {CREDENCIALES: 401, RUTA: 404, NO_EXISTE: 404, INTERNO: 500}
_ESTADO_CPE = {
    EstadoCpe.PENDIENTE: "01", EstadoCpe.ENVIANDO: "06", EstadoCpe.ACEPTADO: "03", EstadoCpe.OBSERVADO: "04",
    EstadoCpe.RECHAZADO: "05", EstadoCpe.ERROR: "09", EstadoCpe.ANULADO: "07",
}  # fmt: skip
_ESTADO_RESUMEN = {
    EstadoResumen.PENDIENTE: "01", EstadoResumen.ENVIANDO: "06", EstadoResumen.EN_PROCESO: "06", EstadoResumen.ACEPTADO: "03",
    EstadoResumen.OBSERVADO: "04", EstadoResumen.RECHAZADO: "05", EstadoResumen.ERROR: "09",
}  # fmt: skip
_NOMBRE = re.compile(r"^(\d{11})-(01|03|07|08)-([A-Z0-9]{4})-0*(\d{1,8})$")
_NOMBRE_BAJA = re.compile(r"^(\d{11})-RA-(\d{8})-(\d{1,5})$")
_NUMERACION = re.compile(r"^([A-Z0-9]{4})-0*(\d{1,8})$")
PREFIJO_FALLOS = "factesol-fallos"
CENTIMO = Decimal("0.01")


def respuesta(codigo: str, descripcion: str = "", **extra) -> dict:
    exito, texto = CODIGOS[codigo]
    return {"Success": exito, "Code": codigo, "Description": descripcion or texto, **extra}


# --------------------------------------------------------------------------- who calls


def _usuario(request):
    cabecera = request.headers.get("Authorization", "")
    clave = cabecera.split(" ", 1)[1] if " " in cabecera else request.headers.get("Key", "")
    mensaje = "Envíe una API key vigente de la empresa en «Authorization: Bearer …»."
    return usuario_autenticado(request, clave, prefijo=PREFIJO_FALLOS, codigo=CREDENCIALES, mensaje=mensaje)


def _permiso(usuario, permiso: str, que: str) -> None:
    if not usuario.has_perm(permiso):
        raise ErrorDialecto(CREDENCIALES, f"El usuario de esta API key no puede {que}.")


# --------------------------------------------------------------------------- files


@dataclass
class Envio:
    """What was posted: the SFS name without extension and each part's content by extension (CAB, DET, ...) or JSON."""

    nombre: str
    partes: dict


def _texto(contenido: bytes) -> str:
    try:
        return contenido.decode("utf-8-sig")
    except UnicodeDecodeError:
        return contenido.decode("latin-1")  # the Facturador writes ISO-8859-1


def _filas(texto: str, campos: tuple[str, ...], parte: str) -> list[dict]:
    """The `|`-separated lines of a text part as dicts of SFS names (the trailing `|` is optional)."""
    filas = []
    for numero, linea in enumerate((t for t in texto.splitlines() if t.strip()), start=1):
        valores = linea.rstrip("\r").split("|")
        if valores and valores[-1] == "":
            valores.pop()
        if len(valores) != len(campos):
            raise ErrorDialecto(FORMATO, f"{parte}, línea {numero}: tiene {len(valores)} campos y el formato de SUNAT lleva {len(campos)}.")
        filas.append(dict(zip(campos, (v.strip() for v in valores), strict=True)))
    return filas


def _leer_envio(request) -> Envio:
    if request.content_type == "multipart/form-data":
        archivos = list(request.FILES.values())
        if not archivos:
            raise ErrorDialecto(FORMATO, "Adjunte los archivos del comprobante (.CAB o .NOT, y .DET).")
        nombres = {a.name.rsplit(".", 1)[0] for a in archivos}
        if len(nombres) != 1 or any("." not in a.name for a in archivos):
            raise ErrorDialecto(FORMATO, f"Los archivos deben ser de un solo comprobante, con su extensión: {', '.join(sorted(a.name for a in archivos))}.")
        partes = {}
        for archivo in archivos:
            if archivo.size > 2_000_000:
                raise ErrorDialecto(FORMATO, f"{archivo.name} pasa de 2 MB.")
            partes[archivo.name.rsplit(".", 1)[1].upper()] = _texto(archivo.read())
        return Envio(nombres.pop(), partes)
    datos = cuerpo_json(request, FORMATO)
    nombre = datos.get("archivo")
    if not isinstance(nombre, str) or not nombre.strip():
        raise ErrorDialecto(FORMATO, "Falta «archivo»: el nombre del comprobante, RUC-TT-SERIE-NÚMERO.")
    return Envio(nombre.strip().rsplit(".", 1)[0] if nombre.lower().endswith(".json") else nombre.strip(), {"JSON": datos})


def _objeto(valor, campos: tuple[str, ...], parte: str) -> dict:
    if not isinstance(valor, dict):
        raise ErrorDialecto(FORMATO, f"«{parte}» debe ser un objeto con los campos de SUNAT.")
    return {campo: str(valor.get(campo, "") if valor.get(campo) is not None else "").strip() for campo in campos}


def _lista(valor, campos: tuple[str, ...], parte: str) -> list[dict]:
    if not isinstance(valor, list) or not valor:
        raise ErrorDialecto(FORMATO, f"«{parte}» debe ser una lista con al menos un elemento.")
    return [_objeto(v, campos, f"{parte}[{n}]") for n, v in enumerate(valor)]


def _numero(fila: dict, campo: str, *, requerido: bool = True) -> Decimal | None:
    valor = fila.get(campo, "")
    if valor in ("", "-"):
        if requerido:
            raise ErrorDialecto(FORMATO, f"Falta «{campo}».")
        return None
    try:
        numero = Decimal(valor)
    except InvalidOperation:
        raise ErrorDialecto(FORMATO, f"«{campo}» debe ser un número: «{valor}».") from None
    if not numero.is_finite() or numero < 0:
        raise ErrorDialecto(FORMATO, f"«{campo}» debe ser un número no negativo: «{valor}».")
    return numero


def _fecha(fila: dict, campo: str, *, requerido: bool = True) -> datetime.date | None:
    valor = fila.get(campo, "")
    if valor in ("", "-") and not requerido:
        return None
    try:
        return datetime.date.fromisoformat(valor)
    except ValueError:
        raise ErrorDialecto(FORMATO, f"«{campo}» debe ser una fecha AAAA-MM-DD: «{valor}».") from None


# --------------------------------------------------------------------------- ventas


@dataclass
class Venta:
    tipo: str
    serie: Serie
    numero: int
    cabecera: dict
    lineas: list[dict]
    declaradas: list[dict]
    totales: dict


def _serie(usuario, tipo: str, texto: str, nombre: str = "") -> Serie:
    serie = (
        filtrar_por_sucursal(Serie.objects.filter(tipo_documento=tipo, serie=texto, activo=True), usuario)
        .filter(sucursal__empresa=usuario.sucursal_predeterminada.empresa)
        .select_related("sucursal__empresa")
        .first()
    )
    if serie is None:
        nombre = nombre or TipoDocumentoVenta(tipo).label
        raise ErrorDialecto(FORMATO, f"La serie {texto} no es una serie activa de {nombre.lower()} de sus sucursales.")
    return serie


def _partes_venta(envio: Envio, nota: bool) -> tuple[dict, list[dict]]:
    campos_cabecera = NOTA if nota else CABECERA
    if "JSON" in envio.partes:
        datos = envio.partes["JSON"]
        return _objeto(datos.get("cabecera"), campos_cabecera, "cabecera"), _lista(datos.get("detalle"), DETALLE, "detalle")
    extension = "NOT" if nota else "CAB"
    if extension not in envio.partes or "DET" not in envio.partes:
        raise ErrorDialecto(FORMATO, f"Faltan archivos: {envio.nombre} lleva .{extension} y .DET.")
    cabeceras = _filas(envio.partes[extension], campos_cabecera, f"{envio.nombre}.{extension}")
    if len(cabeceras) != 1:
        raise ErrorDialecto(FORMATO, f"{envio.nombre}.{extension} debe tener una sola línea.")
    detalle = _filas(envio.partes["DET"], DETALLE, f"{envio.nombre}.DET")
    if not detalle:
        raise ErrorDialecto(FORMATO, f"{envio.nombre}.DET no tiene ítems.")
    return cabeceras[0], detalle


def _linea(item: dict, unidades: set[str], exportacion: bool) -> tuple[dict, dict]:
    unidad = item["codUnidadMedida"].upper()
    if unidad not in unidades:
        raise ErrorDialecto(FORMATO, f"«codUnidadMedida» no es una unidad del catálogo 03: {unidad}.")
    cantidad = _numero(item, "ctdUnidadItem")
    if cantidad <= 0:
        raise ErrorDialecto(FORMATO, "«ctdUnidadItem» debe ser mayor que cero.")
    afectacion = item["tipAfeIGV"]
    if afectacion not in AfectacionIGV.values:
        raise ErrorDialecto(FORMATO, f"«tipAfeIGV» no es un código del catálogo 07: «{afectacion}».")
    if exportacion != (afectacion == AfectacionIGV.EXPORTACION):
        raise ErrorDialecto(FORMATO, "Una exportación (tipOperacion 0200 o 0201) lleva ítems 40, y solo ella.")
    if not item["desItem"]:
        raise ErrorDialecto(FORMATO, "Falta «desItem».")
    linea = {
        "codigo": item["codProducto"][:30] if item["codProducto"] != "-" else "",
        "descripcion": item["desItem"][:500],
        "unidad_id": unidad,
        "cantidad": cantidad,
        "valor_unitario": _numero(item, "mtoValorUnitario"),
        "ingreso_con_igv": False,
        "afectacion_igv": afectacion,
    }
    if _numero(item, "mtoIscItem", requerido=False):
        # The system (catálogo 08) and its rate: the engine computes the tax.
        linea.update(isc_sistema=item["tipSisISC"], isc_tasa=_numero(item, "porIscItem"))
    if _numero(item, "mtoTriIcbperItem", requerido=False):
        linea["icbper"] = True
    declarada = {"igv": _numero(item, "mtoIgvItem", requerido=False), "valor_venta": _numero(item, "mtoValorVentaItem", requerido=False)}
    return linea, declarada


def _nota(cabecera: dict, usuario, tipo: str) -> dict:
    tipo_ref = TIPOS.get(cabecera["tipDocAfectado"])
    coincide = _NUMERACION.match(cabecera["numDocAfectado"].upper())
    if tipo_ref not in (TipoDocumentoVenta.FACTURA, TipoDocumentoVenta.BOLETA) or coincide is None:
        raise ErrorDialecto(FORMATO, "«tipDocAfectado» debe ser 01 o 03 y «numDocAfectado» serie-número, por ejemplo F001-1.")
    referencia = (
        filtrar_por_sucursal(DocumentoVenta.objects.filter(tipo=tipo_ref, serie__serie=coincide[1], numero=int(coincide[2])), usuario)
        .filter(empresa=usuario.sucursal_predeterminada.empresa)
        .exclude(estado=DocumentoVenta.Estado.BORRADOR)
        .select_related("cliente")
        .first()
    )
    if referencia is None:
        raise ErrorDialecto(NO_EXISTE, f"El documento que se modifica, {cabecera['numDocAfectado']}, no existe.")
    motivos = MotivoNotaCredito if tipo == TipoDocumentoVenta.NOTA_CREDITO else MotivoNotaDebito
    if cabecera["codMotivo"] not in motivos.values:
        raise ErrorDialecto(FORMATO, f"«codMotivo» no es un motivo de {TipoDocumentoVenta(tipo).label.lower()}: «{cabecera['codMotivo']}».")
    return {
        "cliente": referencia.cliente, "documento_referencia": referencia, "motivo_nota": cabecera["codMotivo"],
        "sustento": cabecera["desMotivo"][:250] or motivos(cabecera["codMotivo"]).label, "tipo_operacion": referencia.tipo_operacion,
    }  # fmt: skip


def _leer_venta(envio: Envio, usuario) -> tuple[Venta, dict | None]:
    coincide = _NOMBRE.match(envio.nombre.upper())
    if coincide is None:
        raise ErrorDialecto(FORMATO, f"El nombre «{envio.nombre}» no es RUC-TT-SERIE-NÚMERO (TT 01, 03, 07 u 08).")
    ruc, tipo, texto_serie, numero = coincide[1], TIPOS[coincide[2]], coincide[3], int(coincide[4])
    if ruc != usuario.sucursal_predeterminada.empresa.ruc:
        raise ErrorDialecto(CREDENCIALES, f"El RUC {ruc} del archivo no es el de la empresa de esta API key.")
    _permiso(usuario, f"billing.add_{MODELO_DE_TIPO[tipo]}", f"emitir {TipoDocumentoVenta(tipo).label.lower()}s")
    serie = _serie(usuario, tipo, texto_serie)
    cabecera, detalle = _partes_venta(envio, tipo in NOTAS)
    operacion = OPERACIONES.get(cabecera["tipOperacion"])
    if operacion is None:
        raise ErrorDialecto(FORMATO, f"«tipOperacion» {cabecera['tipOperacion']} no se admite: use 0101, 0200, 0201 o 0401.")
    for campo in ("sumDescTotal", "sumTotalAnticipos"):
        if _numero(cabecera, campo, requerido=False):
            raise ErrorDialecto(FORMATO, f"«{campo}» con un monto necesita los archivos de descuentos o anticipos, que este servicio no admite.")
    moneda = Moneda.objects.filter(codigo=cabecera["tipMoneda"].upper()).first()
    if moneda is None:
        raise ErrorDialecto(FORMATO, f"«tipMoneda» no es una moneda registrada: {cabecera['tipMoneda']}.")
    fecha = _fecha(cabecera, "fecEmision")
    datos = {
        "moneda": moneda, "fecha_emision": fecha, "tipo_operacion": operacion,
        "otros_cargos": _numero(cabecera, "sumOtrosCargos", requerido=False) or Decimal("0"),
    }  # fmt: skip
    cliente = None
    if tipo in NOTAS:
        datos.update(_nota(cabecera, usuario, tipo))
    else:
        if cabecera["tipDocUsuario"] not in {"0", "1", "4", "6", "7", "A", "B", "G", "-"} or not cabecera["rznSocialUsuario"]:
            raise ErrorDialecto(FORMATO, "«tipDocUsuario» debe ser un código del catálogo 06 y «rznSocialUsuario» no puede faltar.")
        cliente = {
            "tipo_documento": "0" if cabecera["tipDocUsuario"] == "-" else cabecera["tipDocUsuario"],
            "numero": cabecera["numDocUsuario"] or "-", "razon_social": cabecera["rznSocialUsuario"][:250],
        }  # fmt: skip
    if len(detalle) > 500:
        raise ErrorDialecto(FORMATO, "El comprobante admite hasta 500 ítems.")
    unidades = set(UnidadMedida.objects.filter(codigo__in={i["codUnidadMedida"].upper() for i in detalle}).values_list("codigo", flat=True))
    lineas, declaradas = por_fila(detalle, lambda item: _linea(item, unidades, operacion in EXPORTACIONES), "Ítem")
    totales = {nombre: _numero(cabecera, campo, requerido=campo == "sumImpVenta") for campo, nombre in TOTALES.items()}
    venta = Venta(tipo, serie, numero, datos, lineas, declaradas, {k: v for k, v in totales.items() if v is not None})
    return venta, cliente


def _verificar_items(documento: DocumentoVenta, declaradas: list[dict]) -> None:
    errores = []
    for numero, (linea, declarada) in enumerate(zip(documento.lineas.order_by("orden"), declaradas, strict=True), start=1):
        for campo, calculado in (("igv", linea.igv), ("valor_venta", linea.valor_venta)):
            calculado = calculado.quantize(CENTIMO)
            if declarada[campo] is not None and abs(declarada[campo] - calculado) > CENTIMO / 2:
                errores.append(f"ítem {numero} {'mtoIgvItem' if campo == 'igv' else 'mtoValorVentaItem'}: declarado {declarada[campo]}, calculado {calculado}")
    if errores:
        raise ErrorDialecto(NO_COMPLETADA, "Los montos no cuadran con los ítems: " + "; ".join(errores) + ".")


def _respuesta_cpe(comprobante: ComprobanteElectronico) -> dict:
    codigo = _ESTADO_CPE[comprobante.estado]
    if codigo == "01" and es_de_resumen(comprobante):
        return respuesta(codigo, f"{comprobante.numeracion} registrado: se informa a Sunat en el resumen diario.")
    return respuesta(codigo, f"{mensaje_resultado(comprobante)}{f' ({comprobante.codigo_respuesta})' if comprobante.codigo_respuesta else ''}")


def ventas(request, usuario) -> tuple[dict, int]:
    envio = _leer_envio(request)
    venta, cliente = _leer_venta(envio, usuario)
    previo = DocumentoVenta.objects.filter(serie=venta.serie, numero=venta.numero).first()
    if previo is not None:
        raise ErrorDialecto(YA_EXISTE, f"El comprobante {venta.serie.serie}-{venta.numero} ya está registrado.")
    try:
        with transaction.atomic():
            if cliente is not None:
                venta.cabecera["cliente"] = socio_por_documento(sucursal=venta.serie.sucursal, **cliente)
            documento = services.documento_registrar(
                tipo=venta.tipo, sucursal=venta.serie.sucursal, serie=venta.serie, numero=venta.numero, cabecera=venta.cabecera,
                lineas=venta.lineas, usuario=usuario, totales_declarados=venta.totales,
            )  # fmt: skip
            _verificar_items(documento, venta.declaradas)
    except ValidationError as exc:
        ocupado = getattr(exc, "code", None) == "numero" and DocumentoVenta.objects.filter(serie=venta.serie, numero=venta.numero).exists()
        raise ErrorDialecto(YA_EXISTE if ocupado else NO_COMPLETADA, " ".join(exc.messages)) from exc
    try:
        cpe_enviar_sincrono(documento=documento)
    except NoEnviable:
        pass  # a boleta of the daily summary: answered as it stands
    return _respuesta_cpe(ComprobanteElectronico.objects.select_related("documento").get(documento=documento)), 201


# --------------------------------------------------------------------------- bajas


def _documento_de_baja(fila: dict, usuario) -> DocumentoVenta:
    tipo = TIPOS.get(fila["tipDocBaja"])
    coincide = _NUMERACION.match(fila["numDocBaja"].upper())
    if tipo is None or coincide is None:
        raise ErrorDialecto(FORMATO, f"«tipDocBaja» debe ser 01, 03, 07 u 08 y «numDocBaja» serie-número: «{fila['tipDocBaja']}» «{fila['numDocBaja']}».")
    documento = (
        filtrar_por_sucursal(DocumentoVenta.objects.filter(tipo=tipo, serie__serie=coincide[1], numero=int(coincide[2])), usuario)
        .filter(empresa=usuario.sucursal_predeterminada.empresa)
        .exclude(estado=DocumentoVenta.Estado.BORRADOR)
        .first()
    )
    if documento is None:
        raise ErrorDialecto(NO_EXISTE, f"El comprobante {fila['numDocBaja']} no existe.")
    return documento


def bajas_comunicar(request, usuario) -> tuple[dict, int]:
    _permiso(usuario, "cpe.enviar_resumen", "comunicar bajas")
    envio = _leer_envio(request)
    coincide = _NOMBRE_BAJA.match(envio.nombre.upper())
    if coincide is None or coincide[1] != usuario.sucursal_predeterminada.empresa.ruc:
        raise ErrorDialecto(FORMATO, f"El nombre «{envio.nombre}» no es RUC-RA-AAAAMMDD-N con el RUC de la empresa.")
    if "JSON" in envio.partes:
        filas = _lista(envio.partes["JSON"].get("bajas"), BAJA, "bajas")
    elif "CBA" in envio.partes:
        filas = _filas(envio.partes["CBA"], BAJA, f"{envio.nombre}.CBA")
    else:
        raise ErrorDialecto(FORMATO, f"Falta {envio.nombre}.CBA.")
    documentos = [_documento_de_baja(fila, usuario) for fila in filas]
    hechas = []
    try:
        with transaction.atomic():
            for documento, fila in zip(documentos, filas, strict=True):
                hechas.append(bajas.baja_comunicar(documento_id=documento.pk, motivo=fila["desMotivoBaja"] or "ANULACION DE LA OPERACION", usuario=usuario))
    except ValidationError as exc:
        raise ErrorDialecto(NO_COMPLETADA, " ".join(exc.messages)) from exc
    comunicaciones = sorted({h.identificador for h in hechas if isinstance(h, Resumen)})
    en_resumen = len(hechas) - sum(1 for h in hechas if isinstance(h, Resumen))
    partes = [f"comunicación {c} enviada a Sunat por procesar" for c in comunicaciones]
    if en_resumen:
        partes.append(f"{en_resumen} boleta(s) se anulan en el resumen diario")
    texto = "; ".join(partes)
    return respuesta("06" if comunicaciones else "01", texto[0].upper() + texto[1:] + "."), 201


# --------------------------------------------------------------------------- daily summaries


def _resumen(usuario, pk: int) -> Resumen:
    resumen = Resumen.objects.filter(pk=pk, empresa=usuario.sucursal_predeterminada.empresa, tipo=TipoResumen.RESUMEN).first()
    if resumen is None:
        raise ErrorDialecto(NO_EXISTE, f"El resumen {pk} no existe.")
    return resumen


def resumen_crear(request, usuario, fecha: str) -> tuple[list[int], int]:
    _permiso(usuario, "cpe.enviar_resumen", "generar resúmenes diarios")
    try:
        dia = datetime.date.fromisoformat(fecha)
    except ValueError:
        raise ErrorDialecto(FORMATO, f"La fecha debe ser AAAA-MM-DD: «{fecha}».") from None
    if dia > timezone.localdate():
        raise ErrorDialecto(FORMATO, f"El {dia:%Y-%m-%d} todavía no llega.")
    creados = resumenes_generar(empresa_id=usuario.sucursal_predeterminada.empresa_id, fecha=dia, usuario=usuario)
    return [r.pk for r in creados if r.tipo == TipoResumen.RESUMEN], 201


def resumen_enviar_id(request, usuario, pk: int) -> tuple[dict, int]:
    _permiso(usuario, "cpe.enviar_resumen", "enviar resúmenes diarios")
    resumen = _resumen(usuario, pk)
    if resumen.estado in (EstadoResumen.PENDIENTE, EstadoResumen.ERROR):
        resumen = resumen_enviar(resumen_id=resumen.pk)
    return _respuesta_resumen(resumen), 200


def resumen_estado(request, usuario, pk: int) -> tuple[dict, int]:
    resumen = _resumen(usuario, pk)
    if resumen.estado == EstadoResumen.EN_PROCESO:
        resumen = resumen_consultar(resumen_id=resumen.pk)
    return _respuesta_resumen(resumen), 200


def _respuesta_resumen(resumen: Resumen, nombre: str = "Resumen diario") -> dict:
    codigo = _ESTADO_RESUMEN[resumen.estado]
    texto = {
        "03": f"El {nombre} {resumen.identificador} ha sido aceptado",
        "04": f"El {nombre} {resumen.identificador} ha sido aceptado con observaciones",
        "05": f"El {nombre} {resumen.identificador} fue rechazado: {resumen.descripcion}",
        "06": "Enviado a Sunat por procesar",
        "09": f"No se pudo enviar el {nombre} {resumen.identificador}: {resumen.descripcion}",
    }.get(codigo, f"El {nombre} {resumen.identificador} está por enviar")
    return respuesta(codigo, texto)


# --------------------------------------------------------------------------- reversals of retentions and perceptions

REVERSION = ("tipDocRever", "numDocRever", "desMotivoRever")
_NOMBRE_REVERSION = re.compile(r"^(\d{11})-RR-(\d{8})-(\d{1,5})$")


def _otro(usuario, tipo: str, serie: str, numero) -> ComprobanteOtro:
    if tipo not in (TipoOtro.RETENCION, TipoOtro.PERCEPCION) or not str(numero).isdigit():
        raise ErrorDialecto(FORMATO, f"El tipo debe ser 20 (retención) o 40 (percepción) y el correlativo un número: «{tipo}» «{numero}».")
    otro = (
        filtrar_por_sucursal(ComprobanteOtro.objects.filter(tipo=tipo, serie__serie=str(serie).upper(), numero=int(numero)), usuario)
        .filter(empresa=usuario.sucursal_predeterminada.empresa)
        .select_related("serie")
        .first()
    )
    if otro is None:
        raise ErrorDialecto(NO_EXISTE, f"El comprobante {tipo} {serie}-{numero} no existe.")
    return otro


def reversiones(request, usuario) -> tuple[dict, int]:
    _permiso(usuario, "cpe.enviar_resumen", "revertir retenciones ni percepciones")
    envio = _leer_envio(request)
    coincide = _NOMBRE_REVERSION.match(envio.nombre.upper())
    if coincide is None or coincide[1] != usuario.sucursal_predeterminada.empresa.ruc or "JSON" not in envio.partes:
        raise ErrorDialecto(FORMATO, f"Envíe un JSON con «archivo» RUC-RR-AAAAMMDD-N (el RUC de la empresa) y «reversiones»: «{envio.nombre}».")
    filas = _lista(envio.partes["JSON"].get("reversiones"), REVERSION, "reversiones")
    otros = []
    for fila in filas:
        numeracion = _NUMERACION.match(fila["numDocRever"].upper())
        if numeracion is None:
            raise ErrorDialecto(FORMATO, f"«numDocRever» debe ser serie-número, por ejemplo R001-1: «{fila['numDocRever']}».")
        otros.append(_otro(usuario, fila["tipDocRever"], numeracion[1], numeracion[2]))
    try:
        with transaction.atomic():
            hechas = [reversion_comunicar(otro_id=o.pk, motivo=f["desMotivoRever"] or "ERROR EN EL COMPROBANTE", usuario=usuario) for o, f in zip(otros, filas, strict=True)]
    except ValidationError as exc:
        raise ErrorDialecto(NO_COMPLETADA, " ".join(exc.messages)) from exc
    return respuesta("06", f"Resumen de Reversión {', '.join(r.identificador for r in hechas)} enviado a Sunat por procesar."), 201


def reversion_estado(request, usuario) -> tuple[dict, int]:
    datos = cuerpo_json(request, FORMATO)
    if str(datos.get("Ruc", "")).strip() != usuario.sucursal_predeterminada.empresa.ruc:
        raise ErrorDialecto(CREDENCIALES, "«Ruc» debe ser el RUC de la empresa de esta API key.")
    otro = _otro(usuario, str(datos.get("TipoDocumento", "")), datos.get("Serie", ""), datos.get("Correlativo", ""))
    reversion = (
        Resumen.objects.filter(tipo=TipoResumen.REVERSION, lineas__comprobante__otro=otro).order_by("-id").first()
    )
    if reversion is None:
        raise ErrorDialecto(NO_EXISTE, f"El {otro} no tiene un resumen de reversión.")
    if reversion.estado == EstadoResumen.EN_PROCESO:
        reversion = resumen_consultar(resumen_id=reversion.pk)
    return _respuesta_resumen(reversion, "Resumen de Reversion"), 200


# --------------------------------------------------------------------------- retentions and perceptions (JSON)

# The ERP's own names, in SFS's style: the Facturador has no layout for 20 or 40.
OTRO_CABECERA = (
    "fecEmision", "tipDocUsuario", "numDocUsuario", "rznSocialUsuario", "dirUsuario", "codRegimen", "porTasa",
    "mtoImporteTotal", "mtoNetoTotal", "desObservacion",
)  # fmt: skip
OTRO_DETALLE = (
    "tipDocRelacionado", "numDocRelacionado", "fecDocRelacionado", "mtoDocRelacionado", "tipMonedaRelacionado", "fecPago",
    "numPago", "mtoPago", "mtoTipoCambio", "mtoImporte", "mtoNeto",
)  # fmt: skip
_NOMBRE_OTRO = re.compile(r"^(\d{11})-(20|40)-([A-Z0-9]{4})(?:-0*(\d{0,8}))?$")
_CATALOGO = {TipoOtro.RETENCION: "23", TipoOtro.PERCEPCION: "22"}


def _documento_pagado(fila: dict, fecha: datetime.date, monedas: set[str]) -> tuple[otros.DocumentoOperacion, tuple]:
    if not _NUMERACION.match(fila["numDocRelacionado"].upper()):
        raise ErrorDialecto(FORMATO, f"«numDocRelacionado» debe ser serie-número, por ejemplo F001-1: «{fila['numDocRelacionado']}».")
    moneda = fila["tipMonedaRelacionado"].upper() or "PEN"
    if moneda not in monedas:
        raise ErrorDialecto(FORMATO, f"«tipMonedaRelacionado» no es una moneda registrada: {moneda}.")
    tipo_cambio = _numero(fila, "mtoTipoCambio", requerido=moneda != "PEN")
    if moneda != "PEN" and not tipo_cambio:
        raise ErrorDialecto(FORMATO, f"«mtoTipoCambio» debe ser mayor que cero: el documento está en {moneda}.")
    numero_pago = fila["numPago"] or "1"
    if not numero_pago.isdigit() or not 0 < int(numero_pago) < 1000:
        raise ErrorDialecto(FORMATO, f"«numPago» debe ser el número del pago del documento, de 1 a 999: «{numero_pago}».")
    documento = otros.DocumentoOperacion(
        tipo_documento=fila["tipDocRelacionado"], numero=fila["numDocRelacionado"].upper(), fecha_emision=_fecha(fila, "fecDocRelacionado"),
        moneda=moneda, importe_total=_numero(fila, "mtoDocRelacionado"), tipo_cambio=tipo_cambio if moneda != "PEN" else None,
        monto=_numero(fila, "mtoPago"), pago_numero=int(numero_pago), pago_fecha=_fecha(fila, "fecPago", requerido=False) or fecha,
    )  # fmt: skip
    return documento, (_numero(fila, "mtoImporte", requerido=False), _numero(fila, "mtoNeto", requerido=False))


def _otro_emitir(request, usuario, tipo: str) -> tuple[dict, int]:
    _permiso(usuario, "billing.add_comprobanteotro", "emitir comprobantes de retención ni de percepción")
    if request.content_type == "multipart/form-data":
        raise ErrorDialecto(FORMATO, "El Facturador de SUNAT no tiene archivos de texto de retenciones ni percepciones: envíe el JSON.")
    envio = _leer_envio(request)
    coincide = _NOMBRE_OTRO.match(envio.nombre.upper())
    if coincide is None or coincide[2] != tipo:
        raise ErrorDialecto(FORMATO, f"El nombre «{envio.nombre}» no es RUC-{tipo}-SERIE-NÚMERO.")
    if coincide[1] != usuario.sucursal_predeterminada.empresa.ruc:
        raise ErrorDialecto(CREDENCIALES, f"El RUC {coincide[1]} del archivo no es el de la empresa de esta API key.")
    serie = _serie(usuario, tipo, coincide[3], TipoOtro(tipo).label)
    numero = int(coincide[4]) if coincide[4] and int(coincide[4]) else None  # 0 or none: the series' next
    cabecera = _objeto(envio.partes["JSON"].get("cabecera"), OTRO_CABECERA, "cabecera")
    detalle = _lista(envio.partes["JSON"].get("detalle"), OTRO_DETALLE, "detalle")
    if len(detalle) > 100:
        raise ErrorDialecto(FORMATO, "El comprobante admite hasta 100 documentos.")
    fecha = _fecha(cabecera, "fecEmision")
    if fecha > timezone.localdate():
        raise ErrorDialecto(FORMATO, f"«fecEmision» {fecha:%Y-%m-%d} todavía no llega.")
    if cabecera["tipDocUsuario"] not in {"0", "1", "4", "6", "7", "A", "B", "G"} or not cabecera["numDocUsuario"] or not cabecera["rznSocialUsuario"]:
        raise ErrorDialecto(FORMATO, "«tipDocUsuario» debe ser un código del catálogo 06, con «numDocUsuario» y «rznSocialUsuario».")
    regimen = cabecera["codRegimen"]
    if not RegimenOtro.objects.filter(tipo=tipo, codigo=regimen).exists():
        codigos = ", ".join(sorted(set(RegimenOtro.objects.filter(tipo=tipo).values_list("codigo", flat=True))))
        raise ErrorDialecto(FORMATO, f"«codRegimen» no es un régimen del catálogo {_CATALOGO[tipo]}: «{regimen}» (use {codigos}).")
    tasa = _numero(cabecera, "porTasa", requerido=False)
    monedas = set(Moneda.objects.values_list("codigo", flat=True))
    documentos, declarados = por_fila(detalle, lambda fila: _documento_pagado(fila, fecha, monedas), "Documento")
    if numero is not None and ComprobanteOtro.objects.filter(serie=serie, numero=numero).exists():
        raise ErrorDialecto(YA_EXISTE, f"El comprobante {serie.serie}-{numero} ya está registrado.")
    try:
        with transaction.atomic():
            otro = otros.comprobante_otro_registrar(
                tipo=tipo, sucursal=serie.sucursal, serie=serie, numero=numero, regimen=regimen, fecha=fecha, documentos=documentos,
                receptor={"tipo_documento": cabecera["tipDocUsuario"], "numero": cabecera["numDocUsuario"].upper(),
                          "razon_social": cabecera["rznSocialUsuario"][:250], "direccion": cabecera["dirUsuario"]},
                declarados=otros.MontosDeclarados(tuple(declarados), _numero(cabecera, "mtoImporteTotal"), _numero(cabecera, "mtoNetoTotal")),
                usuario=usuario, observacion=cabecera["desObservacion"],
            )  # fmt: skip
            if tasa is not None and tasa != otro.tasa:
                raise ValidationError(f"«porTasa» {tasa} no es la tasa del régimen {regimen}: {otro.tasa.normalize():f} %.")
    except ValidationError as exc:
        ocupado = getattr(exc, "code", None) == "numero" and ComprobanteOtro.objects.filter(serie=serie, numero=numero).exists()
        raise ErrorDialecto(YA_EXISTE if ocupado else NO_COMPLETADA, " ".join(exc.messages)) from exc
    return _respuesta_cpe(cpe_enviar_sincrono(comprobante=ComprobanteElectronico.objects.get(otro=otro))), 201


def retenciones(request, usuario) -> tuple[dict, int]:
    return _otro_emitir(request, usuario, TipoOtro.RETENCION)


def percepciones(request, usuario) -> tuple[dict, int]:
    return _otro_emitir(request, usuario, TipoOtro.PERCEPCION)


# --------------------------------------------------------------------------- the view

RUTAS_DOC = {"ventas": ventas, "bajas": bajas_comunicar, "retenciones": retenciones, "percepciones": percepciones, "reversiones": reversiones}


def _atender(request, operacion, *args):
    try:
        if request.method != "POST":
            raise ErrorDialecto(RUTA, "Todas las solicitudes se hacen vía POST.")
        usuario = _usuario(request)
        cuerpo, status = operacion(request, usuario, *args)
        return json_respuesta(cuerpo, status=status)
    except ErrorDialecto as exc:
        return json_respuesta(respuesta(exc.codigo, exc.mensaje), status=HTTP.get(exc.codigo, 400))
    except ValidationError as exc:
        return json_respuesta(respuesta(NO_COMPLETADA, " ".join(exc.messages)), status=400)
    except Exception as exc:  # never a bare 500 page
        log.exception("Error interno en el API compatible con factesol")
        return json_respuesta(respuesta(INTERNO, f"Error interno: {exc.__class__.__name__}"), status=500)


def _sin_ruta(request, usuario, ruta):
    raise ErrorDialecto(RUTA, f"La ruta «{ruta}» no existe: use {', '.join(RUTAS_DOC)}.")


@csrf_exempt
def documento(request, ruta: str):
    operacion = RUTAS_DOC.get(ruta)
    return _atender(request, operacion) if operacion else _atender(request, _sin_ruta, ruta)


@csrf_exempt
def resumen_create(request, fecha: str):
    return _atender(request, resumen_crear, fecha)


@csrf_exempt
def resumen_send(request, pk: int):
    return _atender(request, resumen_enviar_id, pk)


@csrf_exempt
def resumen_status(request, pk: int):
    return _atender(request, resumen_estado, pk)


@csrf_exempt
def reversion_status(request):
    return _atender(request, reversion_estado)
