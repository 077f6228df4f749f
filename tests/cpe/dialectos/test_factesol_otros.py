"""Seed 003's /retenciones and /percepciones: a comprobante 20 or 40 from another system's data, in JSON (SFS has no layout for them)."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from billing.models import ComprobanteOtro, TributoPorPagar
from cpe.models import ComprobanteElectronico
from erp.models import Serie, Socio
from tests import factories
from tests.cpe.dialectos.servlet import HOY, hacer_agente
from tests.cpe.kit import validar

pytestmark = pytest.mark.django_db
D = Decimal
PROVEEDOR = ("6", "20100047218", "PROVEEDOR DEL NORTE S.A.C.")
CLIENTE = ("6", "20601030013", "FERRETERIA CENTRAL S.A.C.")
HACE = (HOY - datetime.timedelta(days=5)).isoformat()


def _doc(numero, total, *, pago=None, moneda="PEN", cambio="", importe="", neto="", tipo="01") -> dict:
    return {
        "tipDocRelacionado": tipo, "numDocRelacionado": numero, "fecDocRelacionado": HACE, "mtoDocRelacionado": total,
        "tipMonedaRelacionado": moneda, "fecPago": HOY.isoformat(), "numPago": "1", "mtoPago": pago or total,
        "mtoTipoCambio": cambio, "mtoImporte": importe, "mtoNeto": neto,
    }  # fmt: skip


def _otro(ruc, tipo, serie, numero, socio, regimen, total, neto, detalle) -> dict:
    return {
        "archivo": f"{ruc}-{tipo}-{serie}-{numero}",
        "cabecera": {
            "fecEmision": HOY.isoformat(), "tipDocUsuario": socio[0], "numDocUsuario": socio[1], "rznSocialUsuario": socio[2],
            "dirUsuario": "AV. LOS OLIVOS 123", "codRegimen": regimen, "mtoImporteTotal": total, "mtoNetoTotal": neto,
        },
        "detalle": detalle,
    }  # fmt: skip


def retencion(ruc, numero=1, **cambios) -> dict:
    """S/ 590.00 and US$ 500.00 at 3.750 paid in full: 3 % is 17.70 + 56.25 = 73.95 retained, 572.30 + 1,818.75 = 2,391.05 paid."""
    datos = _otro(ruc, "20", "R001", numero, PROVEEDOR, "01", "73.95", "2391.05", [
        _doc("F001-501", "590.00", importe="17.70", neto="572.30"),
        _doc("F001-502", "500.00", moneda="USD", cambio="3.750", importe="56.25", neto="1818.75"),
    ])  # fmt: skip
    datos["cabecera"].update(cambios)
    return datos


def percepcion(ruc, numero=1) -> dict:
    """S/ 2,360.00 collected at 2 % (régimen 01): 47.20 perceived, 2,407.20 collected."""
    return _otro(ruc, "40", "P001", numero, CLIENTE, "01", "47.20", "2407.20", [_doc("F001-77", "2360.00", importe="47.20", neto="2407.20")])


@pytest.fixture
def agente(servlet):
    return hacer_agente(servlet)


def post(client, clave, ruta, cuerpo):
    return client.post(f"/factesol/api/v1/doc/{ruta}", json.dumps(cuerpo), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {clave}")


def _nada_escrito():
    assert not ComprobanteOtro.objects.exists()
    assert not TributoPorPagar.objects.exists()
    assert not Socio.objects.filter(numero_documento__in=[PROVEEDOR[1], CLIENTE[1]]).exists()
    assert Serie.objects.get(serie="R001").ultimo_numero == 0


# --------------------------------------------------------------------------- against the sandbox


@pytest.mark.sandbox
@pytest.mark.django_db(transaction=True)
def test_una_retencion_en_json_la_acepta_sunat(client, agente):
    ruc, clave = agente["empresa"].ruc, agente["clave"]
    respuesta = post(client, clave, "retenciones", retencion(ruc))
    cuerpo = respuesta.json()
    assert respuesta.status_code == 201, cuerpo
    assert cuerpo == {"Success": True, "Code": "03", "Description": "El Comprobante de Retencion numero R001-1, ha sido aceptado (0)"}

    otro = ComprobanteOtro.objects.get()
    assert (otro.numeracion, otro.regimen, otro.tasa, otro.total, otro.total_neto) == ("R001-1", "01", D("3.00"), D("73.95"), D("2391.05"))
    assert (otro.socio.numero_documento, otro.socio.es_proveedor, otro.receptor_direccion) == (PROVEEDOR[1], True, "AV. LOS OLIVOS 123")
    assert [(ln.numero_documento, ln.moneda, ln.tipo_cambio, ln.monto, ln.neto) for ln in otro.lineas.all()] == [
        ("F001-501", "PEN", None, D("17.70"), D("572.30")),
        ("F001-502", "USD", D("3.750000"), D("56.25"), D("1818.75")),
    ]
    assert TributoPorPagar.objects.get(comprobante=otro).monto == D("73.95")
    cpe = ComprobanteElectronico.con_archivos.get(otro=otro)
    veredicto = validar(bytes(cpe.xml), f"{cpe.nombre}.xml")
    assert veredicto["status"] == "accepted", (veredicto["xsd_errors"], veredicto["rejections"])

    # The same number again is already registered; one past the next is refused; neither writes anything.
    otra = post(client, clave, "retenciones", retencion(ruc)).json()
    assert (otra["Success"], otra["Code"], otra["Description"]) == (False, "23", "El comprobante R001-1 ya está registrado.")
    salto = post(client, clave, "retenciones", retencion(ruc, 5)).json()
    assert (salto["Code"], salto["Description"]) == ("21", "El número 5 no es el siguiente de la serie R001: le corresponde el 2.")
    assert ComprobanteOtro.objects.count() == 1 and Serie.objects.get(serie="R001").ultimo_numero == 1


@pytest.mark.sandbox
@pytest.mark.django_db(transaction=True)
def test_una_percepcion_con_el_numero_siguiente_la_acepta_sunat(client, agente):
    # "P001-0": the series' next number.
    cuerpo = post(client, agente["clave"], "percepciones", percepcion(agente["empresa"].ruc, 0)).json()
    assert cuerpo == {"Success": True, "Code": "03", "Description": "El Comprobante de Percepcion numero P001-1, ha sido aceptado (0)"}
    otro = ComprobanteOtro.objects.get()
    assert (otro.tipo, otro.numeracion, otro.total, otro.total_neto, otro.socio.es_cliente) == ("40", "P001-1", D("47.20"), D("2407.20"), True)
    cpe = ComprobanteElectronico.con_archivos.get(otro=otro)
    veredicto = validar(bytes(cpe.xml), f"{cpe.nombre}.xml")
    assert veredicto["status"] == "accepted", (veredicto["xsd_errors"], veredicto["rejections"])


# --------------------------------------------------------------------------- bad input: the error, nothing written


def test_importes_que_no_cuadran(client, agente):
    datos = retencion(agente["empresa"].ruc, mtoImporteTotal="74.00")
    datos["detalle"][1]["mtoNeto"] = "1818.00"
    cuerpo = post(client, agente["clave"], "retenciones", datos).json()
    assert (cuerpo["Success"], cuerpo["Code"]) == (False, "21")
    assert cuerpo["Description"] == (
        "Los importes no cuadran con la tasa de 3 % del régimen 01: total: declarado 74.00, calculado 73.95; "
        "F001-502 neto: declarado 1818.00, calculado 1818.75."
    )
    _nada_escrito()


def test_regimen_que_no_es_del_catalogo(client, agente):
    cuerpo = post(client, agente["clave"], "retenciones", retencion(agente["empresa"].ruc, codRegimen="09")).json()
    assert (cuerpo["Code"], cuerpo["Description"]) == ("20", "«codRegimen» no es un régimen del catálogo 23: «09» (use 01, 02).")
    _nada_escrito()


def test_tasa_declarada_distinta_de_la_del_regimen(client, agente):
    cuerpo = post(client, agente["clave"], "retenciones", retencion(agente["empresa"].ruc, porTasa="6")).json()
    assert (cuerpo["Code"], cuerpo["Description"]) == ("21", "«porTasa» 6 no es la tasa del régimen 01: 3 %.")
    _nada_escrito()


def test_operacion_bajo_el_minimo_no_se_retiene(client, agente):
    datos = _otro(agente["empresa"].ruc, "20", "R001", 1, PROVEEDOR, "01", "15.00", "485.00", [_doc("F001-9", "500.00")])
    cuerpo = post(client, agente["clave"], "retenciones", datos).json()
    assert (cuerpo["Code"], cuerpo["Description"]) == ("21", "No corresponde retener: la operación no supera S/ 700.00.")
    _nada_escrito()


def test_a_un_buen_contribuyente_no_se_le_retiene(client, agente):
    factories.cliente(agente["sucursal"], numero=PROVEEDOR[1], nombre=PROVEEDOR[2], buen_contribuyente=True)
    cuerpo = post(client, agente["clave"], "retenciones", retencion(agente["empresa"].ruc)).json()
    assert (cuerpo["Code"], cuerpo["Description"]) == ("21", f"No corresponde retener: {PROVEEDOR[2]} es buen contribuyente: no se le retiene.")
    assert not ComprobanteOtro.objects.exists() and not Socio.objects.get(numero_documento=PROVEEDOR[1]).es_proveedor


def test_documento_en_dolares_sin_tipo_de_cambio(client, agente):
    datos = retencion(agente["empresa"].ruc)
    datos["detalle"][1]["mtoTipoCambio"] = ""
    cuerpo = post(client, agente["clave"], "retenciones", datos).json()
    assert (cuerpo["Code"], cuerpo["Description"]) == ("20", "Documento 2: Falta «mtoTipoCambio».")
    _nada_escrito()


def test_una_boleta_no_se_retiene(client, agente):
    datos = retencion(agente["empresa"].ruc)
    datos["detalle"][0]["tipDocRelacionado"] = "03"
    cuerpo = post(client, agente["clave"], "retenciones", datos).json()
    assert (cuerpo["Code"], cuerpo["Description"]) == ("21", "No corresponde retener sobre F001-501: solo sobre documentos de tipo 01, 08, 12.")
    _nada_escrito()


def test_el_archivo_debe_ser_del_tipo_de_la_ruta_y_en_json(client, agente):
    ruc, clave = agente["empresa"].ruc, agente["clave"]
    cuerpo = post(client, clave, "percepciones", retencion(ruc)).json()
    assert (cuerpo["Code"], cuerpo["Description"]) == ("20", f"El nombre «{ruc}-20-R001-1» no es RUC-40-SERIE-NÚMERO.")
    archivo = SimpleUploadedFile(f"{ruc}-20-R001-1.CAB", b"2026-12-07|6|20100047218|")
    respuesta = client.post("/factesol/api/v1/doc/retenciones", {"cab": archivo}, HTTP_AUTHORIZATION=f"Bearer {clave}")
    assert respuesta.json()["Code"] == "20" and "envíe el JSON" in respuesta.json()["Description"]
    _nada_escrito()


def test_sin_permiso_de_retenciones(client, servlet):
    cuerpo = post(client, servlet["clave"], "retenciones", retencion(servlet["empresa"].ruc)).json()
    assert (cuerpo["Code"], cuerpo["Description"]) == ("10", "El usuario de esta API key no puede emitir comprobantes de retención ni de percepción.")
