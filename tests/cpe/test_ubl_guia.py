"""DespatchAdvice (guías 09 and 31) through SUNAT's validator: one case per handling code and transport mode."""

from decimal import Decimal

import pytest
from lxml import etree

from cpe.domain import Cliente
from cpe.domain_guia import DocumentoGuia, Puerto, Punto
from cpe.empaquetado import empaquetar, leer_zip
from cpe.firma import verificar_firma
from cpe.ubl import NS_CAC, NS_CBC
from cpe.ubl_guia import construir_guia
from tests.cpe.guias import ALMACEN, CARGUERO, CLIENTE_RUC, LA_EMPRESA, TIENDA, guia, guia_transportista
from tests.cpe.kit import validar

NS = {"cac": NS_CAC, "cbc": NS_CBC}
PUBLICO = {"modalidad": "01", "transportista": CARGUERO, "vehiculos": (), "conductores": ()}
# What each handling code needs besides the sale's defaults (catálogo 20, GreRemitente rules).
PROVEEDOR = Cliente("6", CLIENTE_RUC, "PROVEEDOR MAYORISTA S.A.C.")
EXTRANJERO = Cliente("0", "EIN-942761130", "GLOBAL FOODS IMPORT LLC")
POR_MOTIVO = {
    "01": {},
    "02": {"destinatario": LA_EMPRESA, "proveedor": PROVEEDOR, "documentos": (DocumentoGuia("01", "F002-311", CLIENTE_RUC),)},
    "03": {},
    "04": {"destinatario": LA_EMPRESA, "documentos": (), "partida": ALMACEN, "llegada": TIENDA},
    "05": {},
    "06": {"documentos": (DocumentoGuia("01", "F002-311", CLIENTE_RUC),)},
    "07": {"destinatario": LA_EMPRESA, "documentos": ()},
    # Import: from the port of Callao (its ubigeo) to the company, citing the DAM (regime 10).
    "08": {
        "destinatario": LA_EMPRESA, "partida": Punto("070101", "TERMINAL PORTUARIO DEL CALLAO"), "puerto": Puerto("1", "CLL", "Callao"),
        "documentos": (DocumentoGuia("50", "118-2026-10-004512"),),
    },
    # Export: from the warehouse to the port of Paita (its ubigeo), citing the DAM (regime 40).
    "09": {
        "destinatario": EXTRANJERO, "llegada": Punto("200501", "TERMINAL PORTUARIO DE PAITA"), "puerto": Puerto("1", "PAI", "Paita"),
        "documentos": (DocumentoGuia("50", "046-2026-40-000871"),),
    },
    "13": {"descripcion_motivo": "TRASLADO A FERIA COMERCIAL"},
    "14": {"documentos": ()},
    "17": {"documentos": ()},
    "18": {"documentos": ()},
}
CASOS = [(m, "02") for m in POR_MOTIVO] + [("01", "01"), ("02", "01"), ("04", "01"), ("14", "01")]


def _veredicto(g, firmar):
    xml = firmar(construir_guia(g))
    return xml, validar(xml, f"{g.nombre_archivo}.xml")


@pytest.mark.parametrize(("motivo", "modalidad"), CASOS, ids=[f"motivo-{m}-modalidad-{t}" for m, t in CASOS])
def test_guia_remitente_aceptada_por_las_reglas_de_sunat(motivo, modalidad, firmar):
    g = guia(motivo=motivo, **POR_MOTIVO[motivo], **(PUBLICO if modalidad == "01" else {}))
    xml, resultado = _veredicto(g, firmar)
    assert resultado["accepted"], resultado["xsd_errors"] or resultado["rejections"]
    raiz = etree.fromstring(xml)
    assert raiz.findtext("cbc:CustomizationID", namespaces=NS) == "2.0"
    assert raiz.findtext("cac:Shipment/cbc:HandlingCode", namespaces=NS) == motivo
    assert raiz.findtext("cac:Shipment/cac:ShipmentStage/cbc:TransportModeCode", namespaces=NS) == modalidad
    assert raiz.find("cac:Shipment/cbc:GrossWeightMeasure", NS).attrib["unitCode"] == "KGM"
    assert raiz.findtext("cac:Shipment/cbc:GrossWeightMeasure", namespaces=NS) == "125.5"
    if modalidad == "01":
        assert raiz.findtext(".//cac:CarrierParty/cac:PartyLegalEntity/cbc:CompanyID", namespaces=NS) == "1534567CNG"
        assert raiz.find(".//cac:DriverPerson", NS) is None
    else:
        assert raiz.findtext(".//cac:DriverPerson/cac:IdentityDocumentReference/cbc:ID", namespaces=NS) == "Q45678912"
        assert raiz.findtext(".//cac:TransportEquipment/cbc:ID", namespaces=NS) == "ABC123"


def test_compra_nombra_al_proveedor_sin_observaciones(firmar):
    xml, resultado = _veredicto(guia(motivo="02", **POR_MOTIVO["02"]), firmar)
    assert resultado["accepted"] and not resultado["observations"], resultado["observations"]
    assert etree.fromstring(xml).findtext("cac:SellerSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID", namespaces=NS) == CLIENTE_RUC


@pytest.mark.parametrize("motivo", ["08", "09"])
def test_importacion_y_exportacion_con_la_dam_y_el_puerto(motivo, firmar):
    xml, resultado = _veredicto(guia(motivo=motivo, **POR_MOTIVO[motivo]), firmar)
    assert resultado["accepted"] and not resultado["observations"], resultado["rejections"] or resultado["observations"]
    raiz = etree.fromstring(xml)
    assert raiz.findtext("cac:AdditionalDocumentReference/cbc:DocumentTypeCode", namespaces=NS) == "50"
    assert raiz.find("cac:AdditionalDocumentReference/cac:IssuerParty", NS) is None
    assert raiz.findtext("cac:Shipment/cbc:SpecialInstructions", namespaces=NS) == "SUNAT_Envio_IndicadorTrasladoTotalDAMoDS"
    assert raiz.findtext("cac:Shipment/cac:FirstArrivalPortLocation/cbc:LocationTypeCode", namespaces=NS) == "1"


@pytest.mark.parametrize(
    ("motivo", "cambios", "codigo"),
    [
        ("08", {"documentos": (DocumentoGuia("01", "F002-311", CLIENTE_RUC),)}, "3440"),
        ("09", {"puerto": Puerto("1", "CLL", "Callao")}, "3364"),
        ("01", {"documentos": (DocumentoGuia("50", "118-2026-10-004512"),)}, "3445"),
    ],
    ids=["importacion-sin-dam", "puerto-en-otro-ubigeo", "dam-en-una-venta"],
)
def test_lo_que_sunat_rechaza_de_aduanas(motivo, cambios, codigo, firmar):
    _, resultado = _veredicto(guia(motivo=motivo, **{**POR_MOTIVO[motivo], **cambios}), firmar)
    assert codigo in [r["code"] for r in resultado["rejections"]], resultado["rejections"]


def test_traslado_entre_establecimientos_lleva_los_codigos_de_sunat(firmar):
    xml, resultado = _veredicto(guia(motivo="04", **POR_MOTIVO["04"]), firmar)
    assert resultado["accepted"]
    raiz = etree.fromstring(xml)
    assert raiz.findtext(".//cac:DespatchAddress/cbc:AddressTypeCode", namespaces=NS) == "0000"
    assert raiz.findtext(".//cac:DeliveryAddress/cbc:AddressTypeCode", namespaces=NS) == "0001"


def test_guia_transportista_aceptada(firmar):
    g = guia_transportista()
    xml, resultado = _veredicto(g, firmar)
    assert resultado["accepted"], resultado["rejections"]
    # Observations SUNAT makes on any carrier's guide without the vehicle's TUC (4399) and
    # on the goods' detail when the remitente's guide is electronic (4434): still accepted.
    assert {o["code"] for o in resultado["observations"]} <= {"4399", "4434"}
    raiz = etree.fromstring(xml)
    assert raiz.findtext("cbc:DespatchAdviceTypeCode", namespaces=NS) == "31"
    assert raiz.findtext(".//cac:DespatchParty/cac:PartyIdentification/cbc:ID", namespaces=NS) == CLIENTE_RUC


@pytest.mark.parametrize(
    ("cambios", "codigo"),
    [
        ({"peso_bruto": Decimal("0")}, "2523"),
        ({"partida": Punto("", "AV. AREQUIPA 100")}, "2775"),
        ({"vehiculos": ()}, "2566"),
        ({"conductores": ()}, "3357"),
        ({"motivo": "17", "destinatario": LA_EMPRESA}, "2555"),
    ],
    ids=["sin-peso", "sin-ubigeo", "privado-sin-placa", "privado-sin-conductor", "destinatario-igual"],
)
def test_lo_que_sunat_rechaza(cambios, codigo, firmar):
    """The builder writes what it is given: the service (billing) stops these before SUNAT sees them."""
    _, resultado = _veredicto(guia(**cambios), firmar)
    assert [r["code"] for r in resultado["rejections"]][:1] == [codigo]


def test_zip_con_el_nombre_de_sunat(firmar):
    g = guia()
    nombre, xml = leer_zip(empaquetar(g.nombre_archivo, firmar(construir_guia(g))))
    assert nombre == "20100000001-09-T001-25.xml"
    assert validar(xml, nombre)["accepted"]


@pytest.mark.parametrize("g", [guia(), guia(motivo="04", **POR_MOTIVO["04"], **PUBLICO), guia_transportista()], ids=["venta", "traslado-publico", "transportista"])
def test_el_documento_es_su_propia_forma_canonica_y_la_firma_verifica(g, firmar):
    """firma.firmar_canonico digests the bytes as written: any other order of attributes breaks the signature (2335)."""
    xml = construir_guia(g)
    assert etree.tostring(etree.fromstring(xml), method="c14n") == xml.split(b"?>", 1)[1].lstrip()
    assert verificar_firma(firmar(xml)).hash
