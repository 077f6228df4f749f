"""The CpeServlet-style API with the seed's requests, through the Django test client: what is refused writes nothing.

The company here has no certificate: a document is registered and its CPE
waits in error without reaching any server (the sandbox tests send them).
"""

from decimal import Decimal

import pytest

from billing.models import DocumentoVenta
from cpe.models import ComprobanteElectronico, EstadoCpe
from erp.models import Socio
from tests.cpe.dialectos.servlet import ejemplo, respuesta_del_manual, ultimo_numero

pytestmark = pytest.mark.django_db


def _error(respuesta, codigo: str, texto: str = "", flag: str = "flg_rta"):
    assert respuesta.status_code == 200, respuesta.content
    cuerpo = respuesta.json()
    assert (cuerpo[flag], cuerpo["cod_msj_sunat"]) == ("0", codigo), cuerpo
    assert texto in cuerpo["mensaje"], cuerpo
    assert cuerpo["des_msj_sunat"] == cuerpo["mensaje"].upper()
    return cuerpo


def test_la_boleta_del_manual_se_registra_con_sus_montos_y_el_numero_que_trae(api_servlet, servlet):
    ultimo_numero("BB03", "03", 14)
    respuesta = api_servlet("WSSunatCPE_V2", ejemplo("WSSunatCPE_V2", servlet))
    assert respuesta.status_code == 200
    cuerpo = respuesta.json()
    assert list(cuerpo) == list(respuesta_del_manual("WSSunatCPE_V2"))
    assert (cuerpo["mensaje"], cuerpo["flg_rt"]) == ("Cpe insertado correctamente.", "1")
    documento = DocumentoVenta.objects.get(serie__serie="BB03", numero=15)
    assert cuerpo["id_registro"] == str(documento.pk)
    assert (documento.total_gravadas, documento.total_igv, documento.importe_total) == (
        Decimal("625.00"),
        Decimal("112.50"),
        Decimal("737.50"),
    )
    assert (documento.cliente_numero_documento, documento.cliente.razon_social) == (
        "44791512",
        "JOSE LUIS ZAMBRANO YACHA",
    )
    linea = documento.lineas.get()
    assert (linea.codigo, linea.unidad_id, linea.cantidad, linea.valor_unitario) == ("00001", "NIU", 1, 625)
    # No certificate: registered, not sent; the answer says why and nothing of SUNAT's.
    assert cuerpo["cod_msj_sunat"] == "-21" and "CERTIFICADO" in cuerpo["des_msj_sunat"]
    assert cuerpo["hash_cdr"] == "" and cuerpo["hash_cpe"] == ""
    assert documento.cpe.estado == EstadoCpe.ERROR


def test_un_numero_ya_registrado_es_el_23_y_uno_salteado_el_21(api_servlet, servlet):
    ultimo_numero("BB03", "03", 14)
    api_servlet("WSSunatCPE_V2", ejemplo("WSSunatCPE_V2", servlet))
    repetido = _error(
        api_servlet("WSSunatCPE_V2", ejemplo("WSSunatCPE_V2", servlet)), "-23", "ya está registrado", "flg_rt"
    )
    assert list(repetido) == list(respuesta_del_manual("WSSunatCPE_V2"))[:6]
    salteado = _error(
        api_servlet("WSSunatCPE_V2", ejemplo("WSSunatCPE_V2", servlet, NRO_COMPROBANTE="BB03-20")), "-21", flag="flg_rt"
    )
    assert "le corresponde el 16" in salteado["mensaje"]
    assert DocumentoVenta.objects.count() == 1


@pytest.mark.parametrize(
    ("cambios", "texto"),
    [
        ({"TOTAL": "738.5"}, "importe_total: declarado 738.5, calculado 737.50"),
        ({"TOTAL_IGV": "112.0"}, "igv: declarado 112.0, calculado 112.50"),
        ({"SUB_TOTAL": "600"}, "valor_venta: declarado 600, calculado 625.00"),
    ],
)
def test_totales_que_no_cuadran_no_registran_nada(api_servlet, servlet, cambios, texto):
    ultimo_numero("BB03", "03", 14)
    _error(api_servlet("WSSunatCPE_V2", ejemplo("WSSunatCPE_V2", servlet, **cambios)), "-21", texto, "flg_rt")
    assert not DocumentoVenta.objects.exists() and not Socio.objects.filter(numero_documento="44791512").exists()


@pytest.mark.parametrize(
    ("cambio", "texto"),
    [
        ({"IGV": "100"}, "ítem 1 IGV: declarado 100, calculado 112.50"),
        ({"IMPORTE": "725"}, "ítem 1 IMPORTE: declarado 725, calculado 737.50"),
        ({"PRECIO": "700"}, "ítem 1 PRECIO"),
    ],
)
def test_items_que_no_cuadran_no_registran_nada(api_servlet, servlet, cambio, texto):
    ultimo_numero("BB03", "03", 14)
    datos = ejemplo("WSSunatCPE_V2", servlet)
    datos["Detalle"][0].update(cambio)
    _error(api_servlet("WSSunatCPE_V2", datos), "-21", texto, "flg_rt")
    assert not DocumentoVenta.objects.exists() and not ComprobanteElectronico.objects.exists()


def test_el_precio_con_igv_tambien_se_acepta(api_servlet, servlet):
    ultimo_numero("BB03", "03", 14)
    datos = ejemplo("WSSunatCPE_V2", servlet)
    datos["Detalle"][0]["PRECIO"] = "737.5"
    assert api_servlet("WSSunatCPE_V2", datos).json()["flg_rt"] == "1"


@pytest.mark.parametrize(
    ("cambios", "texto"),
    [
        ({"COD_TIPO_DOCUMENTO": "09"}, "COD_TIPO_DOCUMENTO"),
        ({"NRO_COMPROBANTE": "BB0315"}, "serie-número"),
        ({"NRO_COMPROBANTE": "B999-15"}, "La serie B999"),
        ({"NRO_COMPROBANTE": "0003-15"}, "contingencia"),
        ({"COD_MONEDA": "XYZ"}, "COD_MONEDA"),
        ({"COD_MONEDA": "USD"}, "TIPO_CAMBIO"),
        ({"TIPO_DOCUMENTO_CLIENTE": "Z"}, "TIPO_DOCUMENTO_CLIENTE"),
        ({"FECHA_DOCUMENTO": "04/12/2016"}, "FECHA_DOCUMENTO"),
        ({"TIPO_OPERACION": "1001"}, "TIPO_OPERACION"),
        ({"FLG_REGU_ANTICIPO": "1"}, "FLG_REGU_ANTICIPO"),
        ({"TOTAL": "mil"}, "TOTAL"),
        ({"TOTAL": ""}, "TOTAL"),
        ({"Detalle": "ninguno"}, "Detalle"),
    ],
)
def test_campos_invalidos_son_el_error_20(api_servlet, servlet, cambios, texto):
    ultimo_numero("BB03", "03", 14)
    respuesta = api_servlet("WSSunatCPE_V2", ejemplo("WSSunatCPE_V2", servlet, **cambios))
    codigo = "-21" if cambios.get("COD_MONEDA") == "USD" else "-20"
    _error(respuesta, codigo, texto, "flg_rt")
    assert not DocumentoVenta.objects.exists()


@pytest.mark.parametrize(
    ("cambio", "texto"),
    [
        ({"UNIDAD_MEDIDA": "XYZ"}, "UNIDAD_MEDIDA"),
        ({"CANTIDAD": "0"}, "CANTIDAD"),
        ({"CANTIDAD": "uno"}, "CANTIDAD"),
        ({"COD_TIPO_OPERACION": "99"}, "COD_TIPO_OPERACION"),
        ({"PRECIO_TIPO_CODIGO": "02"}, "PRECIO_TIPO_CODIGO"),
        ({"ISC": "5"}, "ISC"),
    ],
)
def test_items_invalidos_son_el_error_20(api_servlet, servlet, cambio, texto):
    ultimo_numero("BB03", "03", 14)
    datos = ejemplo("WSSunatCPE_V2", servlet)
    datos["Detalle"][0].update(cambio)
    cuerpo = _error(api_servlet("WSSunatCPE_V2", datos), "-20", texto, "flg_rt")
    assert cuerpo["mensaje"].startswith("Ítem 1:")


@pytest.mark.parametrize(
    ("cambios", "codigo"),
    [
        ({"CONTRA": "123456"}, "-10"),
        ({"CONTRA": ""}, "-10"),
        ({"NRO_DOCUMENTO_EMPRESA": "10447915125"}, "-10"),
        ({"TIPO_PROCESO": "1"}, "-21"),
        ({"TIPO_PROCESO": "7"}, "-20"),
    ],
)
def test_credenciales_y_tipo_de_proceso(api_servlet, servlet, cambios, codigo):
    ultimo_numero("BB03", "03", 14)
    _error(api_servlet("WSSunatCPE_V2", ejemplo("WSSunatCPE_V2", servlet, **cambios)), codigo, flag="flg_rt")
    assert not DocumentoVenta.objects.exists()


def test_la_clave_de_otra_empresa_no_entra(api_servlet, servlet):
    from tests import factories

    otra = factories.empresa()
    _error(
        api_servlet("WSSunatCPE_CREAR_PDF", ejemplo("WSSunatCPE_CREAR_PDF", servlet, NRO_DOCUMENTO_EMPRESA=otra.ruc)),
        "-10",
    )


def test_accion_desconocida_metodo_y_json_invalido(api_servlet, servlet):
    _error(api_servlet("WSSunatBORRAR_TODO", ejemplo("WSSunatCPE_CREAR_PDF", servlet)), "-11", "accion")
    _error(api_servlet("ws_resumen_boleta", ejemplo("ws_resumen_boleta", servlet), ruta="/cpesunat/CpeServlet"), "-11")
    _error(api_servlet("WSSunatCPE_V2", ejemplo("WSSunatCPE_V2", servlet), metodo="get"), "-11", "POST", "flg_rt")
    _error(api_servlet("WSSunatCPE_V2", "{no es json"), "-20", "JSON", "flg_rt")
    _error(api_servlet("WSSunatCPE_V2", "[1, 2]"), "-20", "objeto", "flg_rt")


def test_eliminar_un_comprobante_que_sunat_no_tiene(api_servlet, servlet):
    factura = ejemplo("WSSunatCPE_V2", servlet, COD_TIPO_DOCUMENTO="01", NRO_COMPROBANTE="F001-00001")
    factura.update(
        TIPO_DOCUMENTO_CLIENTE="6", NRO_DOCUMENTO_CLIENTE="20100070970", RAZON_SOCIAL_CLIENTE="SUPERMERCADOS S.A."
    )
    assert api_servlet("WSSunatCPE_V2", factura).json()["flg_rt"] == "1"
    respuesta = api_servlet("WSSunatELIMINAR_CPE_V2", ejemplo("WSSunatELIMINAR_CPE_V2", servlet))
    assert respuesta.json() == respuesta_del_manual("WSSunatELIMINAR_CPE_V2")
    assert not DocumentoVenta.objects.exists() and not ComprobanteElectronico.objects.exists()
    _error(api_servlet("WSSunatELIMINAR_CPE_V2", ejemplo("WSSunatELIMINAR_CPE_V2", servlet)), "-24", "no existe")


def test_operaciones_sobre_un_comprobante_que_no_existe(api_servlet, servlet):
    for accion in ("WSSunatCPE_CREAR_PDF", "WSSunatCPE_REENVIAR", "WSSunat_obtenerDatosXML"):
        _error(api_servlet(accion, ejemplo(accion, servlet)), "-24", "no existe")
    _error(api_servlet("WSSunatBaja_V2", ejemplo("WSSunatBaja_V2", servlet)), "-24", "no existe")


def test_dar_de_baja_lo_que_sunat_no_acepto_es_el_21(api_servlet, servlet):
    ultimo_numero("F020", "01", 876446)
    factura = ejemplo("WSSunatCPE_V2", servlet, COD_TIPO_DOCUMENTO="01", NRO_COMPROBANTE="F020-876447")
    factura.update(
        TIPO_DOCUMENTO_CLIENTE="6", NRO_DOCUMENTO_CLIENTE="20100070970", RAZON_SOCIAL_CLIENTE="SUPERMERCADOS S.A."
    )
    api_servlet("WSSunatCPE_V2", factura)
    _error(api_servlet("WSSunatBaja_V2", ejemplo("WSSunatBaja_V2", servlet)), "-21", "aceptado por SUNAT")
    _error(api_servlet("ws_cpe_baja", ejemplo("ws_cpe_baja", servlet)), "-24", "No hay bajas")
    _error(api_servlet("ws_resumen_boleta", ejemplo("ws_resumen_boleta", servlet)), "-24", "No hay boletas")
    _error(
        api_servlet("ws_cpe_baja", ejemplo("ws_cpe_baja", servlet, FECHA_REFERENCIA="16-03")), "-20", "FECHA_REFERENCIA"
    )
    _error(api_servlet("ws_cpe_baja", ejemplo("ws_cpe_baja", servlet, TIPO="5")), "-20", "TIPO")


def test_crear_pdf_y_obtener_datos_sin_respuesta_de_sunat(api_servlet, servlet):
    ultimo_numero("F020", "01", 29229)
    factura = ejemplo("WSSunatCPE_V2", servlet, COD_TIPO_DOCUMENTO="01", NRO_COMPROBANTE="F020-29230")
    factura.update(
        TIPO_DOCUMENTO_CLIENTE="6", NRO_DOCUMENTO_CLIENTE="20100070970", RAZON_SOCIAL_CLIENTE="SUPERMERCADOS S.A."
    )
    api_servlet("WSSunatCPE_V2", factura)
    assert api_servlet("WSSunatCPE_CREAR_PDF", ejemplo("WSSunatCPE_CREAR_PDF", servlet)).json() == respuesta_del_manual(
        "WSSunatCPE_CREAR_PDF"
    )
    datos = ejemplo("WSSunat_obtenerDatosXML", servlet, NRO_COMPROBANTE="F020-29230")
    cuerpo = api_servlet("WSSunat_obtenerDatosXML", datos).json()
    assert cuerpo["flg_rta"] == "0" and "WSSunatCPE_REENVIAR" in cuerpo["mensaje"]


def test_intentos_con_claves_falsas_esperan(api_servlet, servlet, settings):
    settings.API_KEY_FALLOS = 2
    for _ in range(2):
        _error(
            api_servlet("WSSunatCPE_CREAR_PDF", ejemplo("WSSunatCPE_CREAR_PDF", servlet, CONTRA="adivinanza")), "-10"
        )
    # Even with the right key, the address waits out the window.
    _error(api_servlet("WSSunatCPE_CREAR_PDF", ejemplo("WSSunatCPE_CREAR_PDF", servlet)), "-10", "Demasiados intentos")


def test_el_ruc_como_numero_tambien_se_acepta(api_servlet, servlet):
    datos = ejemplo("WSSunatCPE_CREAR_PDF", servlet, NRO_DOCUMENTO_EMPRESA=int(servlet["empresa"].ruc))
    _error(api_servlet("WSSunatCPE_CREAR_PDF", datos), "-24", "no existe")


def test_un_error_interno_responde_el_40_sin_pagina_de_error(api_servlet, servlet, monkeypatch):
    from cpe.dialectos import cpeservlet

    ultimo_numero("F020", "01", 29229)
    factura = ejemplo("WSSunatCPE_V2", servlet, COD_TIPO_DOCUMENTO="01", NRO_COMPROBANTE="F020-29230")
    factura.update(
        TIPO_DOCUMENTO_CLIENTE="6", NRO_DOCUMENTO_CLIENTE="20100070970", RAZON_SOCIAL_CLIENTE="SUPERMERCADOS S.A."
    )
    api_servlet("WSSunatCPE_V2", factura)

    def roto(documento):
        raise RuntimeError("sin papel")

    monkeypatch.setattr(cpeservlet.pdf, "pdf_de", roto)
    respuesta = api_servlet("WSSunatCPE_CREAR_PDF", ejemplo("WSSunatCPE_CREAR_PDF", servlet))
    assert respuesta.status_code == 500 and respuesta["Content-Type"] == "application/json"
    assert (respuesta.json()["flg_rta"], respuesta.json()["cod_msj_sunat"]) == ("0", "-40")
    assert "RuntimeError" in respuesta.json()["mensaje"]


def test_nota_de_credito_que_no_encuentra_su_documento(api_servlet, servlet):
    nota = ejemplo(
        "WSSunatCPE_V2",
        servlet,
        COD_TIPO_DOCUMENTO="07",
        NRO_COMPROBANTE="F020-1",
        TIPO_COMPROBANTE_MODIFICA="01",
        NRO_DOCUMENTO_MODIFICA="F020-99",
        COD_TIPO_MOTIVO="01",
    )
    _error(api_servlet("WSSunatCPE_V2", nota), "-24", "F020-99", "flg_rt")
    nota["COD_TIPO_MOTIVO"] = "77"
    ultimo_numero("F020", "01", 98)
    factura = ejemplo("WSSunatCPE_V2", servlet, COD_TIPO_DOCUMENTO="01", NRO_COMPROBANTE="F020-99")
    factura.update(
        TIPO_DOCUMENTO_CLIENTE="6", NRO_DOCUMENTO_CLIENTE="20100070970", RAZON_SOCIAL_CLIENTE="SUPERMERCADOS S.A."
    )
    api_servlet("WSSunatCPE_V2", factura)
    _error(api_servlet("WSSunatCPE_V2", nota), "-20", "COD_TIPO_MOTIVO", "flg_rt")
    assert not DocumentoVenta.objects.filter(tipo="07").exists()


def test_una_clave_sin_permiso_para_emitir_ni_dar_de_baja(api_servlet, servlet):
    from erp.models import ApiKey
    from tests import factories

    solo_facturas = factories.perfil("Solo facturas", modulos=["ventas.facturas"])
    cajero = factories.usuario("cajero", sucursales=[servlet["sucursal"]], perfiles=[solo_facturas])
    _, clave = ApiKey.generar(usuario=cajero, nombre="Caja")
    ultimo_numero("BB03", "03", 14)
    boleta = ejemplo("WSSunatCPE_V2", servlet, CONTRA=clave)
    _error(api_servlet("WSSunatCPE_V2", boleta), "-10", "no puede emitir boleta", "flg_rt")
    _error(api_servlet("ws_cpe_baja", ejemplo("ws_cpe_baja", servlet, CONTRA=clave)), "-10", "no puede enviar")
    assert not DocumentoVenta.objects.exists()
