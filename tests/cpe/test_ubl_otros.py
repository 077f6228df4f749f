"""Retention (20), perception (40) and their reversal (RR) through SUNAT's own XSD and XSL rules."""

import datetime
from decimal import Decimal as D

import pytest
from lxml import etree

from cpe.domain import Cliente, Direccion, Emisor
from cpe.domain_otros import PERCEPCION, RETENCION, ComprobanteOtro, DocumentoPagado
from cpe.firma import firmar, firmar_canonico, verificar_firma
from cpe.ubl_otros import construir_otro
from cpe.ubl_resumen import LineaBaja, construir_baja
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
AGENTE = Emisor(RUC, "EMPRESA & CIA S.A.C.", Direccion("AV. AREQUIPA 100", "150101", "LIMA", "LIMA", "LIMA"))
PROVEEDOR = Cliente("6", "20601030013", "PROVEEDOR DEL NORTE S.A.C.", Direccion("JR. UNIÓN 55", "130101", "LA LIBERTAD", "TRUJILLO", "TRUJILLO"))
CLIENTE = Cliente("6", "20600695771", "COMERCIAL ANDINA E.I.R.L.")


def _doc(numero, total, pagado, monto, neto, *, moneda="PEN", pago=1, tc=None, tipo="01"):
    return DocumentoPagado(tipo, numero, AYER, moneda, D(total), pago, HOY, D(pagado), D(monto), D(neto), HOY, tipo_cambio=tc and D(tc))


def _comprobante(tipo, documentos, regimen="01", tasa="3", receptor=PROVEEDOR):
    serie = "R001" if tipo == RETENCION else "P001"
    return ComprobanteOtro(
        tipo, serie, 7, HOY, AGENTE, receptor, regimen, D(tasa), tuple(documentos),
        total=sum((d.monto for d in documentos), D("0")), total_neto=sum((d.neto for d in documentos), D("0")),
        observacion="Pago de facturas",
    )  # fmt: skip


def _valido(c, firmar):
    xml = firmar(construir_otro(c))
    res = validar(xml, f"{c.nombre_archivo}.xml")
    assert res["accepted"], (res["xsd_errors"], res["rejections"])
    assert res["type"] == c.tipo_documento
    return etree.fromstring(xml)


# Retention: 3 % of what is paid including IGV; the provider receives the rest.
RETENCIONES = {
    # S/ 1,180.00 paid in full: 35.40 retained, 1,144.60 paid.
    "soles": [_doc("F001-120", "1180.00", "1180.00", "35.40", "1144.60")],
    # US$ 500.00 at 3.750: S/ 1,875.00, 56.25 retained, 1,818.75 paid.
    "dolares": [_doc("F002-8", "500.00", "500.00", "56.25", "1818.75", moneda="USD", tc="3.750")],
    # Three facturas paid together make one retention.
    "varios": [
        _doc("F001-121", "354.00", "354.00", "10.62", "343.38"),
        _doc("F001-122", "236.00", "236.00", "7.08", "228.92"),
        _doc("F001-123", "590.00", "590.00", "17.70", "572.30"),
    ],
    # Second installment of a factura of S/ 2,360.00: S/ 1,000.00 now, 30.00 retained.
    "parcial": [_doc("F001-130", "2360.00", "1000.00", "30.00", "970.00", pago=2)],
}


@pytest.mark.parametrize("caso", RETENCIONES)
def test_retencion_aceptada(caso, firmar):
    c = _comprobante(RETENCION, RETENCIONES[caso])
    raiz = _valido(c, firmar)
    assert raiz.findtext("sac:SUNATRetentionPercent", namespaces=NS) == "3"
    assert raiz.findtext("cbc:TotalInvoiceAmount", namespaces=NS) == f"{c.total:.2f}"
    assert len(raiz.findall("sac:SUNATRetentionDocumentReference", NS)) == len(RETENCIONES[caso])


def test_retencion_en_dolares_lleva_tipo_de_cambio(firmar):
    raiz = _valido(_comprobante(RETENCION, RETENCIONES["dolares"]), firmar)
    cambio = raiz.find("sac:SUNATRetentionDocumentReference/sac:SUNATRetentionInformation/cac:ExchangeRate", NS)
    assert [cambio.findtext(f"cbc:{t}", namespaces=NS) for t in ("SourceCurrencyCode", "TargetCurrencyCode", "CalculationRate")] == ["USD", "PEN", "3.75"]
    pago = raiz.find("sac:SUNATRetentionDocumentReference/cac:Payment/cbc:PaidAmount", NS)
    assert (pago.text, pago.get("currencyID")) == ("500.00", "USD")


def test_se_firma_tal_como_se_escribe_y_la_firma_verifica():
    """The builder writes the document's own C14N form: the fast signer digests its bytes, and the signature checks out."""
    certificado = leer_certificado(generar_autofirmado(ruc=RUC, razon_social="EMPRESA & CIA S.A.C."))
    xml = construir_otro(_comprobante(RETENCION, RETENCIONES["varios"]))
    firmado = firmar_canonico(xml, certificado=certificado.pem_certificado(), clave=certificado.pem_clave(), huella=certificado.huella)
    assert firmado.hash == firmar(xml, certificado=certificado.pem_certificado(), clave=certificado.pem_clave(), huella=certificado.huella).hash
    assert b"></ds:CanonicalizationMethod>" in firmado.xml  # the fast path's text; lxml would write an empty-element tag
    assert verificar_firma(firmado.xml).hash == firmado.hash


def test_dolares_sin_tipo_de_cambio_no_se_construye():
    with pytest.raises(ValueError, match="tipo de cambio"):
        construir_otro(_comprobante(RETENCION, [_doc("F002-9", "100.00", "100.00", "11.25", "363.75", moneda="USD")]))


def test_total_que_no_suma_lo_rechaza_sunat(firmar):
    c = _comprobante(RETENCION, RETENCIONES["varios"])
    mal = ComprobanteOtro(**{**{f: getattr(c, f) for f in c.__slots__}, "total": D("35.00")})
    res = validar(firmar(construir_otro(mal)), f"{c.nombre_archivo}.xml")
    assert not res["accepted"] and res["rejections"][0]["code"] == "2628"


PERCEPCIONES = {
    # Régimen 01, 2 %: S/ 1,180.00 collected, 23.60 perceived, 1,203.60 collected with it.
    "soles": ("01", "2", [_doc("F001-300", "1180.00", "1180.00", "23.60", "1203.60")]),
    # Régimen 02, 1 % (customer is an agent): US$ 200.00 at 3.800, S/ 760.00, 7.60 perceived.
    "dolares": ("02", "1", [_doc("F001-301", "200.00", "200.00", "7.60", "767.60", moneda="USD", tc="3.800")]),
    "varios": ("01", "2", [_doc("F001-302", "500.00", "500.00", "10.00", "510.00"), _doc("F001-303", "250.00", "250.00", "5.00", "255.00")]),
    # Régimen 03, 0.5 % (fuel), a first partial collection of S/ 400.00 of S/ 1,000.00.
    "parcial": ("03", "0.5", [_doc("F001-304", "1000.00", "400.00", "2.00", "402.00")]),
}


@pytest.mark.parametrize("caso", PERCEPCIONES)
def test_percepcion_aceptada(caso, firmar):
    regimen, tasa, documentos = PERCEPCIONES[caso]
    c = _comprobante(PERCEPCION, documentos, regimen=regimen, tasa=tasa, receptor=CLIENTE)
    raiz = _valido(c, firmar)
    assert raiz.findtext("sac:SUNATPerceptionSystemCode", namespaces=NS) == regimen
    assert raiz.findtext("sac:SUNATTotalCashed", namespaces=NS) == f"{c.total_neto:.2f}"


def test_reversion_aceptada(firmar):
    identificador = f"RR-{HOY:%Y%m%d}-1"
    xml = construir_baja(
        ruc=RUC,
        razon_social="EMPRESA & CIA S.A.C.",
        identificador=identificador,
        fecha_emision=AYER,
        fecha_generacion=HOY,
        lineas=[LineaBaja(1, "20", "R001", 7, "Retención emitida por error"), LineaBaja(2, "40", "P001", 3, "Cliente excluido")],
    )
    res = validar(firmar(xml), f"{RUC}-{identificador}.xml")
    assert res["accepted"], (res["xsd_errors"], res["rejections"])
    assert res["type"] == "RR"
