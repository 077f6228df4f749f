"""The sandbox judges with SUNAT's own XSD and XSL rules (the validation kit), over HTTP through the real client."""

import datetime
from decimal import Decimal

import pytest
from lxml import etree

from billing import services
from billing.models import AnticipoAplicado, Cuota
from cpe.cdr import leer_cdr_zip
from cpe.empaquetado import empaquetar, leer_zip, nombre_resumen
from cpe.firma import firmar_para_empresa
from cpe.models import ComprobanteElectronico, EstadoCpe
from cpe.sandbox.models import DocumentoRecibido
from cpe.services import cpe_enviar
from cpe.sunat import ClienteSunat
from tests.cpe.documentos import resumen_xml
from tests.cpe.kit import requiere_kit
from tests.ventas import HOY, borrador

pytestmark = [pytest.mark.sandbox, pytest.mark.django_db(transaction=True)]

_NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
}
_EMISOR = "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity"
_DNI = "El dato ingresado en el tipo de documento de identidad del receptor no esta permitido."


@pytest.fixture(autouse=True)
def _con_kit():
    requiere_kit()


def _factura_adulterada(tienda, cambio) -> ComprobanteElectronico:
    """A factura the product issued, changed by `cambio` (on its XML) and signed again, ready to send."""
    documento = services.documento_emitir(
        documento_id=borrador(tienda, lineas=[(tienda["soporte"], 2, "118")]).pk, usuario=tienda["vendedor"]
    )
    comprobante = ComprobanteElectronico.con_archivos.get(documento=documento)
    raiz = etree.fromstring(bytes(comprobante.xml))
    firma = raiz.find(".//ds:Signature", _NS)
    firma.getparent().remove(firma)
    cambio(raiz)
    firmado = firmar_para_empresa(raiz, comprobante.empresa)
    comprobante.xml, comprobante.hash, comprobante.zip = firmado.xml, firmado.hash, empaquetar(comprobante.nombre, firmado.xml)
    comprobante.save()
    return comprobante


def _cliente_con_dni(raiz):
    documento = raiz.find("cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID", _NS)
    documento.set("schemeID", "1")
    documento.text = "45678912"


def _recibido(comprobante) -> DocumentoRecibido:
    return DocumentoRecibido.objects.get(ruc=comprobante.empresa.ruc, serie=comprobante.serie, numero=comprobante.numero)


def test_una_regla_de_sunat_rechaza_con_su_codigo_y_su_texto(tienda):
    comprobante = cpe_enviar(comprobante_id=_factura_adulterada(tienda, _cliente_con_dni).pk)

    assert comprobante.estado == EstadoCpe.RECHAZADO
    assert (comprobante.codigo_respuesta, comprobante.descripcion) == ("2800", _DNI)
    cdr = leer_cdr_zip(bytes(comprobante.cdr))
    assert (cdr.codigo, cdr.descripcion, cdr.notas) == ("2800", _DNI, ())
    recibido = _recibido(comprobante)
    assert (recibido.codigo, recibido.descripcion, recibido.registrado) == ("2800", _DNI, True)


@pytest.mark.parametrize("ajuste", [{"SUNAT_VALIDACION_DIR": ""}, {"SUNAT_SANDBOX_REGLAS": False}])
def test_sin_las_reglas_el_sandbox_revisa_lo_de_siempre(tienda, settings, ajuste):
    """Without the kit (or with the rules off) the same factura passes the sandbox's own checks."""
    for nombre, valor in ajuste.items():
        setattr(settings, nombre, valor)

    comprobante = cpe_enviar(comprobante_id=_factura_adulterada(tienda, _cliente_con_dni).pk)

    assert (comprobante.estado, comprobante.codigo_respuesta) == (EstadoCpe.ACEPTADO, "0")


def test_una_observacion_de_sunat_queda_en_el_cdr_aceptado(tienda):
    def ubigeo_inexistente(raiz):
        raiz.find(f"{_EMISOR}/cac:RegistrationAddress/cbc:ID", _NS).text = "999999"

    comprobante = cpe_enviar(comprobante_id=_factura_adulterada(tienda, ubigeo_inexistente).pk)

    mensaje = "El codigo de ubigeo del domicilio fiscal del emisor no es válido"
    assert (comprobante.estado, comprobante.codigo_respuesta) == (EstadoCpe.OBSERVADO, "0")
    assert comprobante.observaciones == [{"codigo": "4093", "mensaje": mensaje}]
    _, xml_cdr = leer_zip(bytes(comprobante.cdr))
    notas = etree.fromstring(xml_cdr).findall("cbc:Note", _NS)
    assert [n.text for n in notas] == [f"4093 - {mensaje}"]
    assert _recibido(comprobante).observaciones == [["4093", mensaje]]


def test_un_codigo_de_regla_menor_a_2000_es_una_falla_soap(tienda):
    def sin_razon_social(raiz):
        nombre = raiz.find(f"{_EMISOR}/cbc:RegistrationName", _NS)
        nombre.getparent().remove(nombre)

    comprobante = cpe_enviar(comprobante_id=_factura_adulterada(tienda, sin_razon_social).pk)

    assert (comprobante.estado, comprobante.codigo_respuesta, comprobante.reintentable) == (EstadoCpe.ERROR, "1037", False)
    assert "no existe informacion de RegistrationName del emisor" in comprobante.descripcion
    assert not comprobante.cdr
    recibido = DocumentoRecibido.objects.get(nombre=comprobante.nombre)
    assert (recibido.codigo, recibido.registrado, recibido.cdr_zip) == ("1037", False, None)


def test_el_ticket_de_un_resumen_trae_el_rechazo_de_la_regla(tienda, settings):
    settings.SUNAT_SANDBOX_CONSULTAS_EN_PROCESO = 0
    empresa = tienda["empresa"]
    cliente = ClienteSunat.para_empresa(empresa, timeout=(2, 5))
    hoy = datetime.date.today()

    def enviar(correlativo, cambio=lambda xml: xml):
        nombre = nombre_resumen(empresa.ruc, "RC", hoy, correlativo)
        xml = cambio(resumen_xml(ruc=empresa.ruc, fecha=hoy, correlativo=correlativo))
        return cliente.consultar_ticket(cliente.enviar_resumen(nombre, empaquetar(nombre, firmar_para_empresa(xml, empresa).xml)))

    # A factura cannot be informed in a daily summary.
    estado = enviar(1, lambda xml: xml.replace(b"<cbc:DocumentTypeCode>03<", b"<cbc:DocumentTypeCode>01<"))

    assert estado.codigo == "99"
    assert estado.cdr.codigo == "2241"
    assert estado.cdr.descripcion == "DocumentTypeCode - El valor del tipo de documento es invalido"
    assert not DocumentoRecibido.objects.get(nombre__endswith="-1").registrado
    assert enviar(2).codigo == "0"


def test_el_sandbox_con_las_reglas_acepta_los_casos_que_sunat_rechazaba(tienda):
    """The notes SUNAT rejected (3271 with line discounts, reason 13, after an advance) and percepción on credit."""
    from tests.cpe.test_rechazos_sunat import _factura_al_credito, _nota

    t = tienda
    emitir = lambda borrador_: services.documento_emitir(documento_id=borrador_.pk, usuario=t["vendedor"])  # noqa: E731
    con_descuento = emitir(borrador(t, lineas=[(t["soporte"], 2, "118", {"descuento_porcentaje": Decimal("10")})]))
    al_credito = _factura_al_credito(t)
    reprogramada = _nota(t, al_credito, "13", "Nuevo cronograma de pagos acordado")
    reprogramada.cuotas.update(fecha_pago=HOY + datetime.timedelta(days=60))
    percepcion = borrador(t, lineas=[(t["soporte"], 10, "118")], percepcion_regimen="01", tipo_operacion="2001", forma_pago="credito")
    Cuota.objects.create(documento=percepcion, numero=1, fecha_pago=HOY + datetime.timedelta(days=30), monto=Decimal("1180.00"))
    anticipo = emitir(borrador(t, lineas=[(t["soporte"], 1, "1180")], es_anticipo=True))
    final = borrador(t, lineas=[(t["soporte"], 1, "3540")])
    AnticipoAplicado.objects.create(documento=final, anticipo=anticipo, monto=Decimal("1000"))
    con_anticipo = emitir(final)
    documentos = [
        emitir(_nota(t, con_descuento, "01")),
        emitir(reprogramada),
        emitir(percepcion),
        emitir(_nota(t, con_anticipo, "01")),
    ]
    veredictos = [cpe_enviar(comprobante_id=d.cpe.pk) for d in documentos]
    assert [(v.estado, v.codigo_respuesta) for v in veredictos] == [(EstadoCpe.ACEPTADO, "0")] * 4, [
        (v.nombre, v.codigo_respuesta, v.descripcion) for v in veredictos
    ]
