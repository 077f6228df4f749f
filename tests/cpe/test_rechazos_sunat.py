"""Documents SUNAT's rules rejected although the product built them: issued through the services, judged by validate.py.

Each case is the office's way of getting there (draft, "Importar líneas", issue)
and SUNAT's verdict on the signed XML the issue stored; the numbers a user sees
(totals, XML amounts, the PDF) must agree with what SUNAT accepts.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from lxml import etree

from billing import services
from billing.models import AnticipoAplicado, Cuota
from cpe.models import ComprobanteElectronico
from cpe.ubl import NS_CAC, NS_CBC
from inventory.models import Producto
from inventory.services import kardex_entrada
from tests.cpe.emitidos import texto_pdf
from tests.cpe.kit import validar
from tests.ventas import HOY, borrador

pytestmark = pytest.mark.django_db
NS = {"cac": NS_CAC, "cbc": NS_CBC}


def _emitir(t, documento):
    """Issue the draft; returns it, its signed XML parsed and SUNAT's verdict on it."""
    documento = services.documento_emitir(documento_id=documento.pk, usuario=t["vendedor"])
    comprobante = ComprobanteElectronico.con_archivos.get(documento=documento)
    veredicto = validar(bytes(comprobante.xml), f"{comprobante.nombre}.xml")
    return documento, etree.fromstring(bytes(comprobante.xml)), veredicto


def _aceptado(veredicto) -> bool:
    assert veredicto["rejections"] == [] and veredicto["xsd_errors"] == [], veredicto
    return veredicto["accepted"]


def _nota(t, factura, motivo, sustento="Anulación de la operación"):
    nota = borrador(t, tipo="07", motivo_nota=motivo, sustento=sustento)
    services.nota_importar_lineas(nota=nota, referencia=factura)
    return nota


def _pdf(client, t, documento) -> str:
    client.force_login(t["contador"])
    respuesta = client.get(f"/cpe/{documento.cpe.nombre}.pdf")
    assert respuesta.status_code == 200
    return texto_pdf(respuesta.content)


def test_nota_que_importa_lineas_con_descuento_expresa_el_valor_neto(tienda_cpe):
    """3271: SUNAT checks a note line's value as unit value × quantity, without its AllowanceCharge."""
    t = tienda_cpe
    factura, _, _ = _emitir(t, borrador(t, lineas=[(t["soporte"], 2, "118", {"descuento_porcentaje": Decimal("10")})]))

    nota, xml, veredicto = _emitir(t, _nota(t, factura, "01"))

    assert _aceptado(veredicto)
    assert (nota.total_gravadas, nota.total_igv, nota.importe_total) == (Decimal("180.00"), Decimal("32.40"), Decimal("212.40"))
    assert nota.importe_total == factura.importe_total
    linea = xml.find("cac:CreditNoteLine", NS)
    assert [linea.findtext(r, namespaces=NS) for r in ("cbc:CreditedQuantity", "cac:Price/cbc:PriceAmount", "cbc:LineExtensionAmount")] == [
        "2", "90.00", "180.00",
    ]  # fmt: skip
    assert linea.find("cac:AllowanceCharge", NS) is None


def test_nota_sobre_lineas_con_ivap_solo_con_el_motivo_12(tienda_cpe):
    """3230: a note whose lines carry IVAP (17) must be of reason 12."""
    t = tienda_cpe
    arroz = Producto.objects.create(empresa=t["empresa"], codigo="ARZ-01", nombre="Arroz pilado", afectacion_igv="17")
    kardex_entrada(
        producto=arroz, almacen=t["almacen"], cantidad=Decimal(50), fecha=HOY, tipo_operacion="02", documento_tipo="00",
        documento_serie="", documento_numero="", costo_unitario=Decimal("3"),
    )  # fmt: skip
    factura, _, _ = _emitir(t, borrador(t, lineas=[(arroz, 10, "104")]))

    with pytest.raises(ValidationError) as error:
        services.documento_emitir(documento_id=_nota(t, factura, "01").pk, usuario=t["vendedor"])
    assert "SUNAT rechaza (3230) una nota con líneas afectas al IVAP" in " ".join(error.value.messages)
    assert not factura.notas.exclude(numero=None).exists()

    nota, _, veredicto = _emitir(t, _nota(t, factura, "12", "Ajuste de la operación con IVAP"))
    assert _aceptado(veredicto) and nota.total_ivap == Decimal("40.00")


def test_percepcion_al_credito_no_va_en_la_factura(tienda_cpe, client):
    """3330: SUNAT takes the percepción in the factura only on cash sales; on credit it is collected with each payment."""
    t = tienda_cpe
    borrador_ = borrador(t, lineas=[(t["soporte"], 10, "118")], percepcion_regimen="01", tipo_operacion="2001", forma_pago="credito")
    Cuota.objects.create(documento=borrador_, numero=1, fecha_pago=HOY + datetime.timedelta(days=30), monto=Decimal("1180.00"))

    factura, xml, veredicto = _emitir(t, borrador_)

    assert _aceptado(veredicto)
    assert xml.find("cbc:InvoiceTypeCode", NS).get("listID") == "2001"
    assert xml.find("cac:PaymentTerms[cbc:ID='Percepcion']", NS) is None
    assert xml.find("cac:AllowanceCharge[cbc:AllowanceChargeReasonCode='51']", NS) is None
    assert xml.findtext("cac:PaymentTerms[cbc:PaymentMeansID='Credito']/cbc:Amount", namespaces=NS) == "1180.00"
    assert (factura.importe_total, factura.percepcion_monto) == (Decimal("1180.00"), Decimal("0.00"))
    pdf = _pdf(client, t, factura)
    assert "Operación sujeta a percepción: se cobra con cada pago" in pdf and "Total con percepción" not in pdf


def test_percepcion_al_credito_pide_el_tipo_de_operacion_2001(tienda_cpe):
    t = tienda_cpe
    borrador_ = borrador(t, lineas=[(t["soporte"], 1, "118")], percepcion_regimen="01", forma_pago="credito")
    Cuota.objects.create(documento=borrador_, numero=1, fecha_pago=HOY + datetime.timedelta(days=30), monto=Decimal("118.00"))
    with pytest.raises(ValidationError, match="del tipo de operación 2001"):
        services.documento_emitir(documento_id=borrador_.pk, usuario=t["vendedor"])


def _factura_al_credito(t):
    borrador_ = borrador(t, lineas=[(t["soporte"], 10, "118")], forma_pago="credito")
    Cuota.objects.create(documento=borrador_, numero=1, fecha_pago=HOY + datetime.timedelta(days=30), monto=Decimal("1180.00"))
    return _emitir(t, borrador_)[0]


def test_nota_de_credito_13_cambia_las_cuotas(tienda_cpe, client):
    """Reason 13 restates a credit factura's instalments: zero amount, the new instalments in its PaymentTerms."""
    t = tienda_cpe
    factura = _factura_al_credito(t)
    nota = _nota(t, factura, "13", "Nuevo cronograma de pagos acordado")
    assert [(c.numero, c.monto) for c in nota.cuotas.all()] == [(1, Decimal("1180.00"))]
    nota.cuotas.all().delete()
    nuevas = [(HOY + datetime.timedelta(days=60), "600.00"), (HOY + datetime.timedelta(days=90), "580.00")]
    for numero, (fecha, monto) in enumerate(nuevas, 1):
        Cuota.objects.create(documento=nota, numero=numero, fecha_pago=fecha, monto=Decimal(monto))

    nota, xml, veredicto = _emitir(t, nota)

    assert _aceptado(veredicto)
    assert nota.importe_total == Decimal("0.00") and nota.forma_pago == "credito"
    assert xml.findtext("cac:DiscrepancyResponse/cbc:ResponseCode", namespaces=NS) == "13"
    terminos = [
        [termino.findtext(f"cbc:{campo}", namespaces=NS) for campo in ("PaymentMeansID", "Amount", "PaymentDueDate")]
        for termino in xml.findall("cac:PaymentTerms", NS)
    ]
    assert terminos == [
        ["Credito", "1180.00", None],
        ["Cuota001", "600.00", (HOY + datetime.timedelta(days=60)).isoformat()],
        ["Cuota002", "580.00", (HOY + datetime.timedelta(days=90)).isoformat()],
    ]
    pdf = _pdf(client, t, nota)
    assert "Motivo: 13 Ajustes - montos y/o fechas de pago" in pdf
    assert "Cuotas" in pdf and "Monto neto pendiente de pago: S/ 1,180.00" in pdf


def test_nota_de_credito_13_no_supera_lo_pendiente(tienda_cpe):
    t = tienda_cpe
    factura = _factura_al_credito(t)
    nota = _nota(t, factura, "13", "Nuevo cronograma de pagos acordado")
    nota.cuotas.update(fecha_pago=HOY + datetime.timedelta(days=60), monto=Decimal("1200.00"))
    with pytest.raises(ValidationError) as error:
        services.documento_emitir(documento_id=nota.pk, usuario=t["vendedor"])
    assert error.value.messages == [
        f"Las nuevas cuotas suman 1200.00: más que el monto pendiente de pago de {factura} (1180.00)."
    ]


def test_nota_de_credito_de_una_factura_con_anticipo(tienda_cpe):
    """A note carries no advances: the factura's lines come net of the advance it deducted."""
    t = tienda_cpe
    anticipo, _, _ = _emitir(t, borrador(t, lineas=[(t["soporte"], 1, "1180")], es_anticipo=True))
    final = borrador(t, lineas=[(t["soporte"], 1, "3540")])
    AnticipoAplicado.objects.create(documento=final, anticipo=anticipo, monto=Decimal("1000"))
    factura, _, _ = _emitir(t, final)
    assert factura.importe_total == Decimal("2360.00")

    nota, xml, veredicto = _emitir(t, _nota(t, factura, "01"))

    assert _aceptado(veredicto)
    assert (nota.total_gravadas, nota.total_igv, nota.importe_total) == (Decimal("2000.00"), Decimal("360.00"), Decimal("2360.00"))
    assert xml.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS) == "2360.00"
    assert xml.findtext("cac:CreditNoteLine/cac:Price/cbc:PriceAmount", namespaces=NS) == "2000.00"
