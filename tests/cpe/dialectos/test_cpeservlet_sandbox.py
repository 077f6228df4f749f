"""The CpeServlet-style API against the SUNAT sandbox of a live server: the seed's requests, answer by answer."""

import base64
import json
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from billing.models import DocumentoVenta
from cpe.dialectos.cpeservlet import hash_de_cdr
from cpe.models import ComprobanteElectronico, ConfiguracionCpe, EstadoCpe, Resumen
from tests.cpe.dialectos.servlet import HOY, ejemplo, respuesta_del_manual, ultimo_numero
from tests.cpe.kit import validar

pytestmark = [pytest.mark.sandbox, pytest.mark.django_db(transaction=True)]

CLIENTE_RUC = {
    "TIPO_DOCUMENTO_CLIENTE": "6",
    "NRO_DOCUMENTO_CLIENTE": "20100070970",
    "RAZON_SOCIAL_CLIENTE": "SUPERMERCADOS S.A.",
}


def _factura(servlet, numero: str) -> dict:
    return ejemplo("WSSunatCPE_V2", servlet, COD_TIPO_DOCUMENTO="01", NRO_COMPROBANTE=numero, **CLIENTE_RUC)


def _campos_del_manual(cuerpo: dict, nombre: str, **esperados) -> None:
    """The same fields as the seed's answer, the seed's values where they do not depend on the document."""
    manual = respuesta_del_manual(nombre)
    assert list(cuerpo) == list(manual), cuerpo
    for campo, valor in {**manual, **esperados}.items():
        if campo in ("hash_cdr", "hash_cpe", "id_registro"):
            continue
        assert cuerpo[campo] == valor, (campo, cuerpo)


def _hashes(cuerpo: dict, comprobante) -> None:
    assert cuerpo["hash_cpe"] == comprobante.hash and len(base64.b64decode(cuerpo["hash_cpe"])) == 32
    assert cuerpo["hash_cdr"] == hash_de_cdr(comprobante.cdr) and base64.b64decode(cuerpo["hash_cdr"])


def test_la_boleta_del_manual_la_acepta_sunat(api_servlet, servlet):
    ultimo_numero("BB03", "03", 14)
    cuerpo = api_servlet("WSSunatCPE_V2", ejemplo("WSSunatCPE_V2", servlet)).json()
    _campos_del_manual(cuerpo, "WSSunatCPE_V2")
    documento = DocumentoVenta.objects.get(serie__serie="BB03", numero=15)
    assert cuerpo["id_registro"] == str(documento.pk)
    comprobante = ComprobanteElectronico.con_archivos.get(documento=documento)
    _hashes(cuerpo, comprobante)
    veredicto = validar(bytes(comprobante.xml), f"{comprobante.nombre}.xml")
    assert veredicto["status"] == "accepted", (veredicto["xsd_errors"], veredicto["rejections"])


def test_factura_anulada_con_baja_v2_y_ws_cpe_baja(api_servlet, servlet):
    ultimo_numero("F020", "01", 876446)
    enviada = api_servlet("WSSunatCPE_V2", _factura(servlet, "F020-876447")).json()
    assert enviada["des_msj_sunat"] == "LA FACTURA NUMERO F020-876447, HA SIDO ACEPTADA", enviada
    baja = api_servlet("WSSunatBaja_V2", ejemplo("WSSunatBaja_V2", servlet))
    assert baja.json() == respuesta_del_manual("WSSunatBaja_V2")
    repetida = api_servlet("WSSunatBaja_V2", ejemplo("WSSunatBaja_V2", servlet)).json()
    assert (repetida["flg_rta"], repetida["cod_msj_sunat"]) == ("0", "-23")

    cuerpo = api_servlet("ws_cpe_baja", ejemplo("ws_cpe_baja", servlet)).json()
    _campos_del_manual(
        cuerpo, "ws_cpe_baja", des_msj_sunat=f"LA COMUNICACION DE BAJA RA-{HOY:%Y%m%d}-1, HA SIDO ACEPTADA"
    )
    baja_ra = Resumen.con_archivos.get(tipo="RA")
    _hashes(cuerpo, baja_ra)
    assert ComprobanteElectronico.objects.get(tipo="01").estado == EstadoCpe.ANULADO
    assert DocumentoVenta.objects.get(tipo="01").estado == DocumentoVenta.Estado.ANULADO
    # Asked again, the day's voiding answers as it stands, and nothing more is sent.
    assert api_servlet("ws_cpe_baja", ejemplo("ws_cpe_baja", servlet)).json() == cuerpo
    assert Resumen.objects.count() == 1


def test_boletas_del_dia_en_el_resumen_y_su_anulacion(api_servlet, servlet):
    ConfiguracionCpe.objects.filter(empresa=servlet["empresa"]).update(boletas_por_resumen=True)
    ultimo_numero("BB03", "03", 14)
    pendiente = api_servlet("WSSunatCPE_V2", ejemplo("WSSunatCPE_V2", servlet)).json()
    assert (pendiente["flg_rt"], pendiente["cod_msj_sunat"]) == ("1", "") and "RESUMEN DIARIO" in pendiente[
        "des_msj_sunat"
    ]

    cuerpo = api_servlet("ws_resumen_boleta", ejemplo("ws_resumen_boleta", servlet)).json()
    _campos_del_manual(
        cuerpo, "ws_resumen_boleta", des_msj_sunat=f"EL RESUMEN DIARIO RC-{HOY:%Y%m%d}-1, HA SIDO ACEPTADO"
    )
    _hashes(cuerpo, Resumen.con_archivos.get(tipo="RC", correlativo=1))
    assert ComprobanteElectronico.objects.get(tipo="03").estado == EstadoCpe.ACEPTADO

    baja = ejemplo("WSSunatBaja_V2", servlet, NUMERO="BB03-15", TIPO_COMPROBANTE="03")
    assert api_servlet("WSSunatBaja_V2", baja).json() == respuesta_del_manual("WSSunatBaja_V2")
    anuladas = api_servlet("ws_resumen_boleta", ejemplo("ws_resumen_boleta", servlet, TIPO="2")).json()
    assert anuladas["des_msj_sunat"] == f"EL RESUMEN DIARIO RC-{HOY:%Y%m%d}-2, HA SIDO ACEPTADO", anuladas
    assert ComprobanteElectronico.objects.get(tipo="03").estado == EstadoCpe.ANULADO


def test_reenviar_obtener_datos_crear_pdf_y_no_eliminar_lo_aceptado(api_servlet, servlet, settings):
    sandbox = settings.SUNAT_SANDBOX_URL
    settings.SUNAT_SANDBOX_URL = "http://127.0.0.1:9/sunat-sandbox"  # SUNAT out of reach
    caida = api_servlet("WSSunatCPE_V2", _factura(servlet, "F001-00001")).json()
    assert (caida["flg_rt"], caida["hash_cdr"]) == ("1", "") and caida["cod_msj_sunat"] != "0", caida
    sin_cdr = api_servlet("WSSunat_obtenerDatosXML", ejemplo("WSSunat_obtenerDatosXML", servlet)).json()
    assert sin_cdr["flg_rta"] == "0" and sin_cdr["hash_cpe"] == caida["hash_cpe"]

    settings.SUNAT_SANDBOX_URL = sandbox
    cuerpo = api_servlet("WSSunatCPE_REENVIAR", ejemplo("WSSunatCPE_REENVIAR", servlet)).json()
    _campos_del_manual(cuerpo, "WSSunatCPE_REENVIAR", des_msj_sunat="LA FACTURA NUMERO F001-1, HA SIDO ACEPTADA")
    comprobante = ComprobanteElectronico.con_archivos.get(serie="F001", numero=1)
    _hashes(cuerpo, comprobante)
    assert cuerpo["hash_cpe"] == caida["hash_cpe"]  # the same signed XML went again

    datos = api_servlet("WSSunat_obtenerDatosXML", ejemplo("WSSunat_obtenerDatosXML", servlet)).json()
    _campos_del_manual(datos, "WSSunat_obtenerDatosXML", des_msj_sunat=cuerpo["des_msj_sunat"])
    assert (datos["hash_cdr"], datos["hash_cpe"]) == (cuerpo["hash_cdr"], cuerpo["hash_cpe"])

    pdf = ejemplo("WSSunatCPE_CREAR_PDF", servlet, NRO_COMPROBANTE="F001-1")
    assert api_servlet("WSSunatCPE_CREAR_PDF", pdf).json() == respuesta_del_manual("WSSunatCPE_CREAR_PDF")

    eliminar = api_servlet("WSSunatELIMINAR_CPE_V2", ejemplo("WSSunatELIMINAR_CPE_V2", servlet)).json()
    assert (eliminar["flg_rta"], eliminar["cod_msj_sunat"]) == ("0", "-21") and "SUNAT ya aceptó" in eliminar["mensaje"]
    assert DocumentoVenta.objects.filter(serie__serie="F001", numero=1).exists()


def test_notas_de_credito_y_debito_de_una_factura_aceptada(api_servlet, servlet):
    assert api_servlet("WSSunatCPE_V2", _factura(servlet, "F020-1")).json()["cod_msj_sunat"] == "0"
    referencia = {"TIPO_COMPROBANTE_MODIFICA": "01", "NRO_DOCUMENTO_MODIFICA": "F020-1"}
    credito = ejemplo(
        "WSSunatCPE_V2",
        servlet,
        COD_TIPO_DOCUMENTO="07",
        NRO_COMPROBANTE="F020-1",
        COD_TIPO_MOTIVO="07",
        DESCRIPCION_MOTIVO="DEVOLUCION DEL PRODUCTO",
        **referencia,
    )
    cuerpo = api_servlet("WSSunatCPE_V2", credito).json()
    assert cuerpo["des_msj_sunat"] == "LA NOTA DE CREDITO NUMERO F020-1, HA SIDO ACEPTADA", cuerpo
    debito = ejemplo(
        "WSSunatCPE_V2", servlet, COD_TIPO_DOCUMENTO="08", NRO_COMPROBANTE="F020-1", COD_TIPO_MOTIVO="02", **referencia
    )
    cuerpo = api_servlet("WSSunatCPE_V2", debito).json()
    assert cuerpo["des_msj_sunat"] == "LA NOTA DE DEBITO NUMERO F020-1, HA SIDO ACEPTADA", cuerpo
    nota = DocumentoVenta.objects.get(tipo="07")
    assert (nota.documento_referencia.numero, nota.motivo_nota, nota.sustento, nota.importe_total) == (
        1,
        "07",
        "DEVOLUCION DEL PRODUCTO",
        Decimal("737.50"),
    )
    assert DocumentoVenta.objects.get(tipo="08").sustento == "Aumento en el valor"
    comprobante = ComprobanteElectronico.con_archivos.get(tipo="07")
    veredicto = validar(bytes(comprobante.xml), f"{comprobante.nombre}.xml")
    assert veredicto["status"] == "accepted", (veredicto["xsd_errors"], veredicto["rejections"])


def _ejemplos_de_la_guia() -> list[str]:
    texto = (Path(__file__).resolve().parents[3] / "docs" / "dialectos.md").read_text(encoding="utf-8")
    seccion = texto.split("## Compatible con CpeServlet", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", seccion, re.DOTALL)


def test_los_ejemplos_curl_de_la_guia(servlet, live_server):
    """Every curl of docs/dialectos.md, run as written (placeholders filled) against the live server, in order."""
    ConfiguracionCpe.objects.filter(empresa=servlet["empresa"]).update(boletas_por_resumen=True)
    comandos = _ejemplos_de_la_guia()
    assert len(comandos) == 10
    respuestas = []
    for comando in comandos:
        comando = (
            comando.replace("http://127.0.0.1:8000", live_server.url)
            .replace("<RUC>", servlet["empresa"].ruc)
            .replace("<API key>", servlet["clave"])
            .replace("2026-12-07", HOY.isoformat())
        )
        salida = subprocess.run(
            ["bash", "-c", comando.replace("curl ", "curl -sS ", 1)],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        cuerpo = json.loads(salida.stdout)
        assert cuerpo.get("flg_rta", cuerpo.get("flg_rt")) == "1", (comando, cuerpo)
        respuestas.append(cuerpo)
    assert respuestas[0]["des_msj_sunat"] == "LA FACTURA NUMERO F001-1, HA SIDO ACEPTADA"
    assert respuestas[5]["des_msj_sunat"] == f"LA COMUNICACION DE BAJA RA-{HOY:%Y%m%d}-1, HA SIDO ACEPTADA"
    assert respuestas[9]["des_msj_sunat"] == f"EL RESUMEN DIARIO RC-{HOY:%Y%m%d}-1, HA SIDO ACEPTADO"
    assert ComprobanteElectronico.objects.get(tipo="01").estado == EstadoCpe.ANULADO
    assert list(ComprobanteElectronico.objects.filter(tipo="03").values_list("numero", "estado")) == [(1, "aceptado")]
