"""The production checklist as UBL 2.1 documents, through SUNAT's own validator.

Every case is built from the totals engine (tests/billing/casos.py), signed with a
test certificate and run through SUNAT's XSD and XSL rules, both the server copy
("see") and the Facturador copy ("sfs"). The amounts in the XML are then compared
with the engine's, which the validator cannot do.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from lxml import etree

from billing.totals import Documento, Linea, calcular
from cpe.desde_totales import Cabecera, DatosItem, comprobante_desde_totales
from cpe.domain import Cliente, Cuota, Direccion, DocumentoRelacionado, Emisor, Leyenda, NotaReferencia
from cpe.ubl import ID_FIRMA, NS_CAC, NS_CBC, NS_EXT, construir_arbol, construir_xml
from tests.billing import casos
from tests.billing.casos import TASAS
from tests.factories import ruc_valido

D = Decimal
NS = {"cac": NS_CAC, "cbc": NS_CBC, "ext": NS_EXT}
HOY = datetime.date(2025, 6, 2)
CUOTAS_SOLES = [Cuota(D("400.00"), datetime.date(2025, 7, 2)), Cuota(D("308.00"), datetime.date(2025, 8, 1))]

EMISOR = Emisor(
    ruc=ruc_valido("2010000000"),
    razon_social="EMPRESA DE PRUEBA S.A.C.",
    nombre_comercial="PRUEBA",
    direccion=Direccion("AV. AREQUIPA 100", "150101", "LIMA", "LIMA", "LIMA", urbanizacion="SANTA BEATRIZ"),
)
CLIENTE_RUC = Cliente(
    "6", ruc_valido("2060069577"), "CLIENTE CORPORATIVO S.A.", Direccion("CALLE LIBERTAD 116, MIRAFLORES")
)
CLIENTE_DNI = Cliente("1", "45678912", "JUAN PÉREZ QUISPE")
CLIENTE_VARIOS = Cliente("0", "-", "CLIENTES VARIOS")
CLIENTE_EXTERIOR = Cliente("0", "-", "ACME IMPORTS INC.", Direccion("5TH AVENUE 100, NEW YORK", pais="US"))
# SFS's copy of the factura rules counts the installments relative to the credit
# PaymentTerms itself instead of the document ($root is missing), so it always
# observes 3249 on a credit factura; SUNAT's server copy counts them right.
OBS_CREDITO_SFS = {"sfs": {"3249"}}


@dataclass(frozen=True)
class Caso:
    id: str
    tipo: str
    documento: Documento
    cliente: Cliente = CLIENTE_RUC
    serie: str = ""
    cabecera: dict = field(default_factory=dict)
    observaciones: dict = field(default_factory=dict)  # rule set -> codes expected, explained above
    # SUNAT's product code (UNSPSC) is optional; the validator looks it up in a 2.8 MB
    # catalogue, which costs ~70 ms per line, so only one case carries it.
    codigo_sunat: str = ""

    def emitir(self):
        totales = calcular(self.documento, TASAS)
        serie = self.serie or {"01": "F001", "03": "B001", "07": "FC01", "08": "FD01"}[self.tipo]
        cabecera = Cabecera(
            tipo_documento=self.tipo,
            serie=serie,
            numero=25,
            fecha_emision=HOY,
            hora_emision=datetime.time(10, 30),
            emisor=EMISOR,
            cliente=self.cliente,
            **self.cabecera,
        )
        items = [
            DatosItem(f"ARTÍCULO {n} – PRUEBA", unidad="NIU", codigo=f"P{n:03d}", codigo_sunat=self.codigo_sunat)
            for n in range(1, len(totales.lineas) + 1)
        ]
        comprobante = comprobante_desde_totales(cabecera, totales, items)
        return totales, comprobante, construir_xml(comprobante)


def _nota(codigo, documento="F001-1", tipo="01", descripcion="SUSTENTO DE LA NOTA"):
    return {"nota": NotaReferencia(codigo, descripcion, DocumentoRelacionado(tipo, documento))}


def _una_linea(afectacion="10", valor="100", cantidad=1, moneda="PEN"):
    return Documento([Linea(cantidad=cantidad, afectacion=afectacion, valor_unitario=valor)], moneda=moneda)


CASOS = [
    # Facturas
    Caso("factura-soles", "01", casos.SOLES, codigo_sunat="10191509"),
    Caso("factura-dolares", "01", casos.DOLARES),
    Caso("factura-exonerada", "01", casos.EXONERADA),
    Caso("factura-inafecta", "01", casos.INAFECTA),
    Caso("factura-exportacion", "01", casos.EXPORTACION, cliente=CLIENTE_EXTERIOR),
    Caso("factura-combinada", "01", casos.COMBINADA),
    Caso("factura-gratuita", "01", casos.GRATUITA),
    Caso("factura-gratuita-con-gravada", "01", casos.GRATUITA_CON_GRAVADA),
    Caso("factura-descuento-global", "01", casos.DESCUENTO_GLOBAL),
    Caso("factura-descuento-item", "01", casos.DESCUENTO_LINEA),
    Caso("factura-descuento-global-e-item", "01", casos.DESCUENTO_GLOBAL_Y_LINEA),
    Caso("factura-otros-cargos", "01", casos.OTROS_CARGOS),
    Caso("factura-otros-cargos-item", "01", casos.OTROS_CARGOS_LINEA),
    Caso("factura-isc", "01", casos.ISC),
    Caso("factura-percepcion", "01", casos.PERCEPCION),
    Caso("factura-percepcion-dolares", "01", casos.PERCEPCION_DOLARES),
    Caso("factura-primer-anticipo", "01", casos.PRIMER_ANTICIPO),
    Caso("factura-anticipo-regularizacion", "01", casos.ANTICIPO_REGULARIZACION),
    Caso("factura-detraccion", "01", casos.DETRACCION),
    Caso("factura-detraccion-dolares", "01", casos.DETRACCION_DOLARES),
    Caso("factura-ivap", "01", casos.IVAP),
    Caso("factura-icbper", "01", casos.ICBPER),
    Caso("factura-precio-con-igv", "01", casos.PRECIO_CON_IGV),
    Caso(
        "factura-credito-en-cuotas",
        "01",
        casos.SOLES,
        cabecera={"cuotas": CUOTAS_SOLES},
        observaciones=OBS_CREDITO_SFS,
    ),
    Caso(
        "factura-retencion-credito",
        "01",
        casos.RETENCION,
        cabecera={"cuotas": [Cuota(D("1144.60"), datetime.date(2025, 7, 2))]},
        observaciones=OBS_CREDITO_SFS,
    ),
    Caso(
        "factura-selva-con-guia-y-orden-de-compra",
        "01",
        casos.COMBINADA,
        cabecera={
            "guias": [DocumentoRelacionado("09", "T001-23")],
            "orden_compra": "OC20250042",
            "fecha_vencimiento": datetime.date(2025, 6, 30),
            "leyendas": [
                Leyenda("2001", "BIENES TRANSFERIDOS EN LA AMAZONÍA REGIÓN SELVA PARA SER CONSUMIDOS EN LA MISMA")
            ],
        },
    ),
    # Boletas
    Caso("boleta-soles", "03", casos.SOLES, cliente=CLIENTE_DNI),
    Caso("boleta-dolares", "03", casos.DOLARES, cliente=CLIENTE_DNI),
    Caso("boleta-exonerada", "03", casos.EXONERADA, cliente=CLIENTE_VARIOS),
    Caso("boleta-inafecta", "03", casos.INAFECTA, cliente=CLIENTE_VARIOS),
    Caso("boleta-exportacion", "03", casos.EXPORTACION, cliente=CLIENTE_EXTERIOR),
    Caso("boleta-combinada", "03", casos.COMBINADA, cliente=CLIENTE_DNI),
    Caso("boleta-gratuita", "03", casos.GRATUITA, cliente=CLIENTE_DNI),
    # Notas de crédito (catálogo 09)
    Caso("nc-factura-01-anulacion", "07", casos.SOLES, cabecera=_nota("01")),
    Caso("nc-factura-02-error-ruc", "07", casos.SOLES, cabecera=_nota("02")),
    Caso("nc-factura-03-descripcion", "07", casos.SOLES, cabecera=_nota("03")),
    Caso("nc-factura-04-descuento-global", "07", _una_linea(valor="25"), cabecera=_nota("04")),
    Caso("nc-factura-05-descuento-item", "07", _una_linea(valor="20"), cabecera=_nota("05")),
    Caso("nc-factura-06-devolucion-total", "07", casos.COMBINADA, cabecera=_nota("06")),
    Caso("nc-factura-07-devolucion-item", "07", _una_linea(cantidad=2), cabecera=_nota("07")),
    Caso("nc-factura-08-bonificacion", "07", casos.GRATUITA, cabecera=_nota("08")),
    Caso("nc-factura-09-disminucion-valor", "07", _una_linea(valor="12.50"), cabecera=_nota("09")),
    Caso("nc-factura-10-otros", "07", casos.ICBPER, cabecera=_nota("10")),
    Caso(
        "nc-factura-11-exportacion",
        "07",
        _una_linea("40", "30", moneda="USD"),
        cliente=CLIENTE_EXTERIOR,
        cabecera=_nota("11"),
    ),
    Caso("nc-factura-12-ivap", "07", _una_linea("17", "3.50", cantidad=10), cabecera=_nota("12")),
    Caso(
        "nc-factura-13-cuotas",
        "07",
        _una_linea(valor="0"),
        cabecera={**_nota("13"), "cuotas": CUOTAS_SOLES},
    ),
    Caso("nc-boleta-01-anulacion", "07", casos.SOLES, CLIENTE_DNI, "BC01", _nota("01", "B001-7", "03")),
    Caso("nc-boleta-07-devolucion-item", "07", _una_linea(), CLIENTE_DNI, "BC01", _nota("07", "B001-7", "03")),
    # Notas de débito (catálogo 10)
    Caso("nd-factura-01-intereses", "08", _una_linea(valor="35"), cabecera=_nota("01")),
    Caso("nd-factura-02-aumento-valor", "08", casos.COMBINADA, cabecera=_nota("02")),
    Caso("nd-factura-03-penalidades", "08", _una_linea("30", "150"), cabecera=_nota("03")),
    Caso("nd-factura-11-exportacion", "08", _una_linea("40", "30", moneda="USD"), CLIENTE_EXTERIOR, "", _nota("11")),
    Caso("nd-factura-12-ivap", "08", _una_linea("17", "3.50", cantidad=10), cabecera=_nota("12")),
    Caso("nd-boleta-01-intereses", "08", _una_linea(valor="10"), CLIENTE_DNI, "BD01", _nota("01", "B001-7", "03")),
]


@pytest.mark.parametrize("reglas", ["see", "sfs"])
@pytest.mark.parametrize("caso", CASOS, ids=lambda c: c.id)
def test_sunat_acepta_el_documento(caso, reglas, validador, firmar):
    _, comprobante, xml = caso.emitir()
    resultado = validador.validate_bytes(
        firmar(xml), source_name=f"{comprobante.nombre_archivo}.xml", rules=reglas, all_errors=True
    )
    assert (resultado["type"], resultado["file_name_used"]) == (caso.tipo, f"{comprobante.nombre_archivo}.xml")
    assert resultado["xsd_errors"] == []
    assert resultado["rejections"] == []
    assert resultado["xsl_errors"] == []
    assert {o["code"] for o in resultado["observations"]} == caso.observaciones.get(reglas, set())
    assert resultado["accepted"]


def _monto(nodo, ruta) -> Decimal:
    encontrado = nodo.find(ruta, NS)
    return D(encontrado.text) if encontrado is not None else D("0")


# Header tax subtotal -> the engine's (base, tax) fields.
SUBTOTALES = {
    "1000": ("gravadas", "igv"),
    "1016": ("gravadas_ivap", "ivap"),
    "2000": ("base_isc", "isc"),
    "7152": (None, "icbper"),
    "9995": ("exportacion", None),
    "9996": ("gratuitas", "igv_gratuitas"),
    "9997": ("exoneradas", None),
    "9998": ("inafectas", None),
}


@pytest.mark.parametrize("caso", CASOS, ids=lambda c: c.id)
def test_el_xml_lleva_los_montos_del_motor(caso):
    t, comprobante, xml = caso.emitir()
    raiz = etree.fromstring(xml)
    monetario = raiz.find("cac:RequestedMonetaryTotal" if caso.tipo == "08" else "cac:LegalMonetaryTotal", NS)
    assert _monto(monetario, "cbc:LineExtensionAmount") == t.valor_venta
    assert _monto(monetario, "cbc:TaxInclusiveAmount") == t.precio_venta
    assert _monto(monetario, "cbc:AllowanceTotalAmount") == t.descuentos_no_afectos
    assert _monto(monetario, "cbc:ChargeTotalAmount") == t.otros_cargos
    assert _monto(monetario, "cbc:PrepaidAmount") == t.anticipos
    assert _monto(monetario, "cbc:PayableAmount") == t.importe_total
    assert _monto(raiz, "cac:TaxTotal/cbc:TaxAmount") == t.total_impuestos

    en_xml = set()
    for subtotal in raiz.findall("cac:TaxTotal/cac:TaxSubtotal", NS):
        tributo = subtotal.findtext("cac:TaxCategory/cac:TaxScheme/cbc:ID", namespaces=NS)
        base, impuesto = SUBTOTALES[tributo]
        if base:
            assert _monto(subtotal, "cbc:TaxableAmount") == getattr(t, base), tributo
        assert _monto(subtotal, "cbc:TaxAmount") == (getattr(t, impuesto) if impuesto else 0), tributo
        en_xml.add(tributo)
    assert {tributo for tributo, (base, impuesto) in SUBTOTALES.items() if getattr(t, base or impuesto)} <= en_xml

    lineas = raiz.findall("cac:InvoiceLine" if caso.tipo in ("01", "03") else f"cac:{raiz.tag.split('}')[1]}Line", NS)
    assert len(lineas) == len(t.lineas)
    for linea, lc in zip(lineas, t.lineas, strict=True):
        assert _monto(linea, "cbc:LineExtensionAmount") == lc.valor_venta
        assert _monto(linea, "cac:TaxTotal/cbc:TaxAmount") == lc.impuestos
        assert _monto(linea, "cac:Price/cbc:PriceAmount") == lc.valor_unitario
        precio = _monto(linea, "cac:PricingReference/cac:AlternativeConditionPrice/cbc:PriceAmount")
        assert precio == (lc.valor_referencial if lc.gratuita else lc.precio_venta_unitario)

    assert raiz.findtext("cbc:Note[@languageLocaleID='1000']", namespaces=NS) == t.importe_en_letras
    if t.detraccion:
        assert _monto(raiz, "cac:PaymentTerms[cbc:ID='Detraccion']/cbc:Amount") == t.detraccion.monto
    if t.percepcion:
        assert _monto(raiz, "cac:PaymentTerms[cbc:ID='Percepcion']/cbc:Amount") == t.percepcion.total
        assert _monto(raiz, "cac:AllowanceCharge[cbc:AllowanceChargeReasonCode='51']/cbc:Amount") == t.percepcion.monto


def _factura(documento=casos.SOLES, **cabecera):
    return Caso("factura", "01", documento, cabecera=cabecera).emitir()


def test_el_xml_sin_firmar_deja_el_lugar_de_la_firma():
    _, comprobante, xml = _factura()
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<Invoice ')
    raiz = construir_arbol(comprobante)
    contenido = raiz.find("ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent", NS)
    assert contenido is not None and len(contenido) == 0
    assert raiz.findtext("cac:Signature/cbc:ID", namespaces=NS) == ID_FIRMA
    uri = "cac:Signature/cac:DigitalSignatureAttachment/cac:ExternalReference/cbc:URI"
    assert raiz.findtext(uri, namespaces=NS) == f"#{ID_FIRMA}"
    assert (raiz.findtext("cbc:UBLVersionID", namespaces=NS), raiz.findtext("cbc:CustomizationID", namespaces=NS)) == (
        "2.1", "2.0",
    )
    assert raiz.findtext("cbc:ID", namespaces=NS) == "F001-25"
    assert comprobante.nombre_archivo == f"{EMISOR.ruc}-01-F001-25"


@pytest.mark.parametrize(
    ("documento", "cliente", "tipo_operacion", "leyendas"),
    [
        (casos.SOLES, CLIENTE_RUC, "0101", ["1000"]),
        (casos.EXPORTACION, CLIENTE_EXTERIOR, "0200", ["1000"]),
        (casos.DETRACCION, CLIENTE_RUC, "1001", ["1000", "2006"]),
        (casos.PERCEPCION, CLIENTE_RUC, "2001", ["1000"]),
        (casos.GRATUITA, CLIENTE_RUC, "0101", ["1000", "1002"]),
        (casos.IVAP, CLIENTE_RUC, "0101", ["1000", "2007"]),
    ],
)
def test_tipo_de_operacion_y_leyendas(documento, cliente, tipo_operacion, leyendas):
    _, _, xml = Caso("factura", "01", documento, cliente=cliente).emitir()
    raiz = etree.fromstring(xml)
    assert raiz.find("cbc:InvoiceTypeCode", NS).get("listID") == tipo_operacion
    assert [n.get("languageLocaleID") for n in raiz.findall("cbc:Note", NS)] == leyendas


def _textos(nodo, *campos):
    return [nodo.findtext(f"cbc:{campo}", namespaces=NS) for campo in campos]


def test_credito_en_cuotas():
    _, _, xml = _factura(cuotas=CUOTAS_SOLES)
    terminos = [
        _textos(t, "ID", "PaymentMeansID", "Amount", "PaymentDueDate")
        for t in etree.fromstring(xml).findall("cac:PaymentTerms", NS)
    ]
    assert terminos == [
        ["FormaPago", "Credito", "708.00", None],
        ["FormaPago", "Cuota001", "400.00", "2025-07-02"],
        ["FormaPago", "Cuota002", "308.00", "2025-08-01"],
    ]


def test_anticipo_enlaza_el_pago_y_su_factura():
    _, _, xml = _factura(casos.ANTICIPO_REGULARIZACION)
    raiz = etree.fromstring(xml)
    referencia = raiz.find("cac:AdditionalDocumentReference", NS)
    assert _textos(referencia, "ID", "DocumentTypeCode", "DocumentStatusCode") == ["F001-10", "02", "1"]
    assert referencia.findtext("cac:IssuerParty/cac:PartyIdentification/cbc:ID", namespaces=NS) == EMISOR.ruc
    assert raiz.findtext("cac:PrepaidPayment/cbc:ID", namespaces=NS) == "1"
    assert raiz.findtext("cac:PrepaidPayment/cbc:PaidAmount", namespaces=NS) == "1180.00"
    descuento = raiz.find("cac:AllowanceCharge", NS)
    assert _textos(descuento, "ChargeIndicator", "AllowanceChargeReasonCode", "Amount", "BaseAmount") == [
        "false", "04", "1000.00", "3000.00",
    ]


def test_detraccion_con_cuenta_y_medio_de_pago():
    _, _, xml = _factura(casos.DETRACCION)
    raiz = etree.fromstring(xml)
    assert raiz.findtext("cac:PaymentMeans/cbc:PaymentMeansCode", namespaces=NS) == "001"
    assert raiz.findtext("cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID", namespaces=NS) == "00-000-123456"
    terminos = raiz.find("cac:PaymentTerms[cbc:ID='Detraccion']", NS)
    assert terminos.findtext("cbc:PaymentMeansID", namespaces=NS) == "037"
    assert terminos.findtext("cbc:PaymentPercent", namespaces=NS) == "12"
    assert terminos.find("cbc:Amount", NS).get("currencyID") == "PEN"


def test_los_textos_se_escapan():
    cliente = Cliente("6", CLIENTE_RUC.numero_documento, 'FERRETERÍA "EL <CLAVO> & CÍA"\x0b')
    caso = Caso("factura", "01", casos.SOLES, cliente=cliente)
    raiz = etree.fromstring(caso.emitir()[2])
    legal = raiz.find("cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity", NS)
    assert _textos(legal, "RegistrationName") == ['FERRETERÍA "EL <CLAVO> & CÍA"']


@pytest.mark.parametrize(
    ("tipo", "serie", "documento", "cabecera", "mensaje"),
    [
        ("01", "F001", casos.SOLES, {"cuotas": [Cuota(D("700"), datetime.date(2025, 7, 1))]},
         "Las cuotas suman 700 y el monto neto pendiente de pago es 708.00."),
        ("01", "F001", casos.SOLES, {"cuotas": [Cuota(D("708.00"), HOY)]}, "debe ser posterior a la emisión"),
        ("07", "FC01", casos.SOLES, {}, "requiere el documento que modifica y el motivo"),
        ("07", "FC01", casos.SOLES, _nota("11"), "El motivo 11 (ajustes de exportación) solo lleva líneas de export"),
        ("07", "FC01", casos.SOLES, _nota("14"), "El motivo «14» no existe para esta nota"),
        ("08", "FD01", casos.SOLES, _nota("04"), "El motivo «04» no existe para esta nota"),
        ("07", "BC01", casos.SOLES, _nota("04", "B001-1", "03"), "El motivo 04 de nota de crédito no se aplica a bol"),
        ("07", "BC01", casos.SOLES, _nota("01"), "La serie de una nota empieza con F si modifica una factura"),
        ("07", "FC01", casos.SOLES, _nota("13"), "tiene importe cero y lleva las nuevas cuotas"),
        ("07", "FC01", casos.DESCUENTO_GLOBAL, _nota("04"), "Las notas no llevan cargos o descuentos globales"),
        ("01", "F001", casos.SOLES, _nota("01"), "Solo las notas de crédito y débito modifican otro documento."),
        ("01", "F001", casos.DETRACCION, {"tipo_operacion": "0101"}, "no corresponde a una operación con detracción"),
        ("01", "F001", casos.SOLES, {"leyendas": [Leyenda("1000", "OTRA")]}, "La leyenda 1000 está repetida."),
        ("01", "F001", _una_linea(valor="0"), {}, "Línea 1: una línea sin valor se emite como gratuita"),
        ("01", "F001", casos.SOLES, {"cliente": CLIENTE_DNI}, "Una factura se emite a un cliente con RUC"),
        ("01", "F001", casos.EXPORTACION, {}, "Una exportación se factura a un cliente no domiciliado"),
        ("08", "FD01", _una_linea(valor="0"), _nota("02"), "Línea 1: una línea sin valor se emite como gratuita"),
        ("07", "FC01", _una_linea("17", "3.50", cantidad=10), _nota("01"), "SUNAT rechaza (3230) una nota con líneas afectas"),
        ("08", "FD01", _una_linea("17", "3.50", cantidad=10), _nota("01"), "elija el motivo 12"),
        ("01", "F001", casos.PERCEPCION, {"cuotas": [Cuota(D("1180.00"), datetime.date(2025, 7, 2))]},
         "En una venta al crédito la percepción se cobra con cada pago"),
    ],
)
def test_datos_de_cabecera_invalidos(tipo, serie, documento, cabecera, mensaje):
    cliente = cabecera.get("cliente", CLIENTE_RUC)
    resto = {clave: valor for clave, valor in cabecera.items() if clave != "cliente"}
    with pytest.raises(ValueError) as error:
        Caso("x", tipo, documento, cliente, serie, resto).emitir()
    assert mensaje in str(error.value)


def test_cada_linea_necesita_su_descripcion():
    cabecera = Cabecera("01", "F001", 1, HOY, EMISOR, CLIENTE_RUC)
    with pytest.raises(ValueError, match="Hay 2 líneas calculadas y 1 descripciones."):
        comprobante_desde_totales(cabecera, calcular(casos.SOLES, TASAS), [DatosItem("UNO")])
