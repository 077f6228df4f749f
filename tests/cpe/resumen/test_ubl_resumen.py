"""The RC and RA documents pass SUNAT's own XSD and XSL rules, with every line state and optional part."""

import datetime
from decimal import Decimal as D

import pytest
from lxml import etree

from cpe.firma import firmar
from cpe.ubl_resumen import LineaBaja, LineaResumen, Percepcion, construir_baja, construir_resumen
from erp.certificados import generar_autofirmado, leer_certificado
from tests.cpe.kit import validar

RUC = "20100000001"
HOY = datetime.date.today()
AYER = HOY - datetime.timedelta(days=1)
NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "sac": "urn:sunat:names:specification:ubl:peru:schema:xsd:SunatAggregateComponents-1",
}


@pytest.fixture(scope="module")
def firmado():
    certificado = leer_certificado(generar_autofirmado(ruc=RUC, razon_social="EMPRESA & CIA S.A.C."))

    def _firmar(xml):
        return firmar(
            xml, certificado=certificado.pem_certificado(), clave=certificado.pem_clave(), huella=certificado.huella
        ).xml

    return _firmar


def _boleta(numero, condicion="1", **campos):
    datos = dict(
        numero=numero,
        tipo="03",
        serie="B001",
        correlativo=numero,
        condicion=condicion,
        moneda="PEN",
        cliente_tipo="1",
        cliente_numero=f"4411257{numero}",
        importe_total=D("118.00"),
        gravadas=D("100.00"),
        igv=D("18.00"),
    )
    return LineaResumen(**{**datos, **campos})


def _resumen(lineas, correlativo=1):
    identificador = f"RC-{HOY:%Y%m%d}-{correlativo}"
    xml = construir_resumen(
        ruc=RUC,
        razon_social="EMPRESA & CIA S.A.C.",
        identificador=identificador,
        fecha_emision=AYER,
        fecha_generacion=HOY,
        lineas=lineas,
    )
    return xml, f"{RUC}-{identificador}.xml"


def test_resumen_con_altas_modificacion_anulacion_notas_y_percepcion_pasa_las_reglas_de_sunat(firmado):
    lineas = [
        _boleta(1),
        _boleta(2, condicion="3", cliente_tipo="0", cliente_numero="-"),
        _boleta(3, condicion="2", moneda="USD"),
        _boleta(
            4,
            importe_total=D("1020.50"),
            gravadas=D("1000.00"),
            exoneradas=D("20.00"),
            igv=D("0.00"),
            icbper=D("0.50"),
            percepcion=Percepcion("01", D("1020.50"), D("20.41"), D("1040.91")),
        ),
        _boleta(5, tipo="07", serie="BC01", correlativo=3, referencia=("03", "B001-1")),
        _boleta(
            6,
            tipo="08",
            serie="BD01",
            correlativo=1,
            referencia=("03", "B001-3"),
            importe_total=D("128.00"),
            otros_cargos=D("10.00"),
        ),
        _boleta(
            7,
            importe_total=D("50.00"),
            gravadas=D("0"),
            igv=D("0"),
            inafectas=D("40.00"),
            isc=D("10.00"),
            gratuitas=D("5.00"),
        ),
    ]
    xml, nombre = _resumen(lineas)

    resultado = validar(firmado(xml), nombre, all_errors=True)

    assert resultado["status"] == "accepted", (
        resultado["xsd_errors"],
        resultado["rejections"],
        resultado["observations"],
    )
    raiz = etree.fromstring(xml)
    assert raiz.findtext("cbc:UBLVersionID", namespaces=NS) == "2.0"
    assert raiz.findtext("cbc:CustomizationID", namespaces=NS) == "1.1"
    assert raiz.findtext("cbc:ReferenceDate", namespaces=NS) == AYER.isoformat()
    estados = [
        linea.findtext("cac:Status/cbc:ConditionCode", namespaces=NS)
        for linea in raiz.iterfind("sac:SummaryDocumentsLine", NS)
    ]
    assert estados == ["1", "3", "2", "1", "1", "1", "1"]
    nota = raiz.find("sac:SummaryDocumentsLine[cbc:LineID='5']", NS)
    assert nota.findtext("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID", namespaces=NS) == "B001-1"
    percepcion = raiz.find("sac:SummaryDocumentsLine[cbc:LineID='4']/sac:SUNATPerceptionSummaryDocumentReference", NS)
    assert percepcion.findtext("sac:SUNATPerceptionPercent", namespaces=NS) == "2"
    assert percepcion.findtext("sac:SUNATTotalCashed", namespaces=NS) == "1040.91"
    # A modification carries no percepción (SUNAT rejects it with 2986).
    assert raiz.find("sac:SummaryDocumentsLine[cbc:LineID='3']/sac:SUNATPerceptionSummaryDocumentReference", NS) is None


def test_quinientas_lineas_como_maximo():
    xml, nombre = _resumen([_boleta(n) for n in range(1, 501)])
    assert xml.count(b"<sac:SummaryDocumentsLine>") == 500
    with pytest.raises(ValueError, match="de 1 a 500 comprobantes"):
        _resumen([_boleta(n) for n in range(1, 502)])


def test_sunat_rechaza_un_resumen_mal_hecho(firmado):
    # The kit's rules do catch problems: a line without IGV total is rejected (2278).
    xml, nombre = _resumen([_boleta(1)])
    xml = xml.replace(
        b"<cbc:ID>1000</cbc:ID><cbc:Name>IGV</cbc:Name>", b"<cbc:ID>9998</cbc:ID><cbc:Name>INA</cbc:Name>"
    )
    resultado = validar(firmado(xml), nombre)
    assert resultado["status"] == "rejected"


def test_comunicacion_de_baja_pasa_las_reglas_de_sunat(firmado):
    identificador = f"RA-{HOY:%Y%m%d}-2"
    xml = construir_baja(
        ruc=RUC,
        razon_social="EMPRESA & CIA S.A.C.",
        identificador=identificador,
        fecha_emision=AYER,
        fecha_generacion=HOY,
        lineas=[
            LineaBaja(1, "01", "F001", 7, "Error en el RUC\ndel cliente"),
            LineaBaja(2, "07", "FC01", 2, "Anulación de la operación"),
        ],
    )

    resultado = validar(firmado(xml), f"{RUC}-{identificador}.xml", all_errors=True)

    assert resultado["status"] == "accepted", (
        resultado["xsd_errors"],
        resultado["rejections"],
        resultado["observations"],
    )
    raiz = etree.fromstring(xml)
    assert raiz.findtext("cbc:CustomizationID", namespaces=NS) == "1.0"
    linea = raiz.find("sac:VoidedDocumentsLine", NS)
    assert [
        linea.findtext(f"sac:{c}", namespaces=NS)
        for c in ("DocumentSerialID", "DocumentNumberID", "VoidReasonDescription")
    ] == [
        "F001",
        "7",
        "Error en el RUC del cliente",
    ]
