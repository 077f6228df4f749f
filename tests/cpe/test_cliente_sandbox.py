"""Real documents through the real SOAP client, over HTTP, to the sandbox under live_server."""

import datetime
import logging
import time
from decimal import Decimal

import pytest
import requests
from signxml import XMLVerifier

from cpe.cdr import EstadoCdr, leer_cdr_zip
from cpe.empaquetado import empaquetar, leer_zip, nombre_comprobante, nombre_resumen
from cpe.firma import firmar, firmar_para_empresa
from cpe.sandbox.models import DocumentoRecibido, Falla, Ticket, TipoFalla
from cpe.sandbox.services import sandbox_certificado
from cpe.sunat import (
    CdrInvalido,
    ClienteSunat,
    ComprobanteYaRegistrado,
    ErrorSunat,
    FallaSunat,
    SunatNoDisponible,
)
from erp.certificados import generar_autofirmado, leer_certificado
from tests import factories
from tests.cpe.documentos import factura_xml, resumen_xml
from tests.cpe.kit import KIT, validar

CLAVE_SOL = "Clave-SOL-secreta-9"


@pytest.fixture
def sandbox(live_server, settings):
    settings.SUNAT_SANDBOX_URL = live_server.url + "/sunat-sandbox"
    settings.SUNAT_SANDBOX_CONSULTAS_EN_PROCESO = 1
    if (KIT / "xsd").is_dir():
        settings.SUNAT_VALIDACION_DIR = str(KIT)
    return live_server


@pytest.fixture
def empresa(sandbox):
    return factories.empresa(con_certificado=True, sol_usuario="PRUEBA01", sol_clave=CLAVE_SOL)


@pytest.fixture
def cliente(empresa):
    return ClienteSunat.para_empresa(empresa, timeout=(2, 5))


def _zip_factura(empresa, *, serie="F001", numero=1, **kwargs):
    xml = factura_xml(ruc=empresa.ruc, serie=serie, numero=numero, **kwargs)
    firmado = firmar_para_empresa(xml, empresa)
    nombre = nombre_comprobante(empresa.ruc, kwargs.get("tipo", "01"), serie, numero)
    return nombre, empaquetar(nombre, firmado.xml), firmado


def _enviar(cliente, empresa, **kwargs):
    nombre, contenido, _ = _zip_factura(empresa, **kwargs)
    return cliente.enviar_comprobante(f"{nombre}.zip", contenido)


def _falla(empresa, tipo, **kwargs):
    return Falla.objects.create(ruc=empresa.ruc, tipo=tipo, **kwargs)


def test_factura_aceptada_con_cdr_firmado(cliente, empresa):
    nombre, contenido, firmado = _zip_factura(empresa, lineas=10)

    respuesta = cliente.enviar_comprobante(f"{nombre}.zip", contenido)

    cdr = respuesta.cdr
    assert cdr.codigo == "0"
    assert cdr.estado == EstadoCdr.ACEPTADO
    assert cdr.descripcion == "La Factura numero F001-1, ha sido aceptada"
    assert cdr.referencia == "F001-1"
    assert cdr.ruc_receptor == empresa.ruc
    nombre_cdr, xml_cdr = leer_zip(respuesta.zip)
    assert nombre_cdr == f"R-{nombre}.xml"
    # The CDR is signed with the sandbox's own certificate, kept in the database.
    pem = sandbox_certificado().certificado
    XMLVerifier().verify(xml_cdr, x509_cert=pem)
    assert validar(xml_cdr, nombre_cdr)["status"] == "cdr_valid"
    recibido = DocumentoRecibido.objects.get(ruc=empresa.ruc, serie="F001", numero=1)
    assert recibido.codigo == "0" and recibido.registrado
    assert recibido.hash == firmado.hash
    assert bytes(recibido.cdr_zip) == respuesta.zip


def test_boleta_aceptada(cliente, empresa):
    respuesta = _enviar(cliente, empresa, tipo="03", serie="B001", numero=7, cliente_documento="44112576")

    assert respuesta.cdr.descripcion == "La Boleta numero B001-7, ha sido aceptada"


def test_factura_rechazada_por_totales(cliente, empresa):
    respuesta = _enviar(cliente, empresa, numero=2, descuadre=Decimal("5.00"))

    assert respuesta.cdr.estado == EstadoCdr.RECHAZADO
    assert respuesta.cdr.codigo == "3280"
    assert respuesta.cdr.descripcion == "El importe total del comprobante no coincide con el valor calculado"
    assert not respuesta.cdr.aceptado


def test_sin_el_kit_el_sandbox_observa_los_centimos(cliente, empresa, settings):
    """SUNAT's rules tolerate up to 1.00 silently; the sandbox's own checks, without the kit, note it."""
    settings.SUNAT_VALIDACION_DIR = ""
    respuesta = _enviar(cliente, empresa, numero=3, descuadre=Decimal("0.50"))

    assert respuesta.cdr.estado == EstadoCdr.OBSERVADO
    assert respuesta.cdr.aceptado
    assert [n.codigo for n in respuesta.cdr.notas] == ["4312"]
    assert respuesta.cdr.notas[0].mensaje == "El importe total del comprobante no coincide con el valor calculado"


def test_tasa_de_igv_que_no_existe(cliente, empresa):
    nombre, _, _ = _zip_factura(empresa, numero=4)
    xml = factura_xml(ruc=empresa.ruc, numero=4).replace(b"<cbc:Percent>18</cbc:Percent>", b"<cbc:Percent>19</cbc:Percent>")

    respuesta = cliente.enviar_comprobante(nombre, empaquetar(nombre, firmar_para_empresa(xml, empresa).xml))

    assert respuesta.cdr.codigo == "3462"


def test_reenvio_da_1033_y_el_cdr_se_recupera(cliente, empresa):
    primera = _enviar(cliente, empresa, numero=5)

    with pytest.raises(ComprobanteYaRegistrado) as error:
        _enviar(cliente, empresa, numero=5)
    assert error.value.codigo == "1033"
    assert not error.value.reintentable
    assert error.value.mensaje == "El comprobante fue registrado previamente con otros datos"

    consulta = cliente.consultar_cdr(tipo="01", serie="F001", numero=5)
    assert consulta.codigo == "0004"
    assert consulta.cdr.aceptado
    assert consulta.zip == primera.zip


def test_consulta_de_cdr_inexistente(cliente):
    consulta = cliente.consultar_cdr(tipo="01", serie="F001", numero=999)

    assert consulta.codigo == "0011"
    assert consulta.mensaje == "Comprobante no encontrado o no existe"
    assert consulta.cdr is None


def test_clave_sol_incorrecta(empresa):
    cliente = ClienteSunat(ruc=empresa.ruc, usuario_sol="PRUEBA01", clave_sol="otra-clave", timeout=(2, 5))

    with pytest.raises(FallaSunat) as error:
        _enviar(cliente, empresa)

    assert error.value.codigo == "0102"
    assert not error.value.reintentable
    assert str(error.value) == "0102 - Usuario o contrasena incorrectos"
    assert not DocumentoRecibido.objects.exists()


def test_ruc_desconocido(sandbox):
    cliente = ClienteSunat(ruc=factories.ruc_valido(), usuario_sol="PRUEBA01", clave_sol=CLAVE_SOL, timeout=(2, 5))

    with pytest.raises(FallaSunat) as error:
        cliente.consultar_cdr(tipo="01", serie="F001", numero=1)

    assert error.value.codigo == "0102"


def test_la_clave_sol_no_llega_a_los_logs(cliente, empresa, caplog):
    caplog.set_level(logging.DEBUG)
    with pytest.raises(FallaSunat):
        ClienteSunat(ruc=empresa.ruc, usuario_sol="PRUEBA01", clave_sol="Otra-Clave-Secreta", timeout=(2, 5)).consultar_cdr(
            tipo="01", serie="F001", numero=1
        )
    _enviar(cliente, empresa, numero=6)

    assert "SUNAT" in caplog.text
    assert CLAVE_SOL not in caplog.text
    assert "Otra-Clave-Secreta" not in caplog.text
    assert CLAVE_SOL not in repr(cliente)


def test_demora_es_reintentable_y_el_reintento_recupera_el_cdr(empresa):
    cliente = ClienteSunat.para_empresa(empresa, timeout=(2, 0.3))
    _falla(empresa, TipoFalla.DEMORA, segundos=Decimal("0.8"), operacion="sendBill")

    with pytest.raises(SunatNoDisponible) as error:
        _enviar(cliente, empresa, numero=8)
    assert error.value.reintentable
    assert "no respondió a tiempo" in error.value.mensaje

    # What the Celery task does on its retry: the first send was registered meanwhile.
    time.sleep(1)
    with pytest.raises(ComprobanteYaRegistrado):
        _enviar(cliente, empresa, numero=8)
    assert cliente.consultar_cdr(tipo="01", serie="F001", numero=8).cdr.descripcion == (
        "La Factura numero F001-8, ha sido aceptada"
    )


def test_http_500_es_reintentable(cliente, empresa):
    _falla(empresa, TipoFalla.HTTP_500)

    with pytest.raises(ErrorSunat) as error:
        _enviar(cliente, empresa, numero=9)
    assert error.value.reintentable
    assert error.value.mensaje == "SUNAT respondió con el error HTTP 500."

    assert _enviar(cliente, empresa, numero=9).cdr.aceptado  # the misbehaviour was for one call


@pytest.mark.parametrize(
    "codigo, mensaje",
    [
        ("0100", "El sistema no puede responder su solicitud. Intente nuevamente o comuníquese con su Administrador"),
        ("0109", "El sistema no puede responder su solicitud. (El servicio de autenticación no está disponible)"),
        ("0130", "El sistema no puede responder su solicitud. (No se pudo obtener el ticket de proceso)"),
    ],
)
def test_fallas_transitorias_de_sunat_son_reintentables(cliente, empresa, codigo, mensaje):
    _falla(empresa, TipoFalla.FALLA_SOAP, codigo=codigo, restantes=2)

    for _ in range(2):
        with pytest.raises(FallaSunat) as error:
            _enviar(cliente, empresa, numero=10)
        assert (error.value.codigo, error.value.mensaje, error.value.reintentable) == (codigo, mensaje, True)

    assert _enviar(cliente, empresa, numero=10).cdr.aceptado


def test_cdr_corrupto_da_un_error_claro_y_se_recupera(cliente, empresa):
    _falla(empresa, TipoFalla.CDR_CORRUPTO, operacion="sendBill")

    with pytest.raises(CdrInvalido) as error:
        _enviar(cliente, empresa, numero=11)
    assert error.value.reintentable
    assert error.value.mensaje.startswith("SUNAT devolvió un CDR que no se puede leer")
    assert error.value.contenido.startswith(b"PK")

    with pytest.raises(ComprobanteYaRegistrado):
        _enviar(cliente, empresa, numero=11)
    assert cliente.consultar_cdr(tipo="01", serie="F001", numero=11).cdr.aceptado


def test_resumen_diario_en_proceso_y_luego_aceptado(cliente, empresa):
    hoy = datetime.date.today()
    nombre = nombre_resumen(empresa.ruc, "RC", hoy, 1)
    xml = firmar_para_empresa(resumen_xml(ruc=empresa.ruc, fecha=hoy, boletas=("B001-1", "B001-2")), empresa).xml

    ticket = cliente.enviar_resumen(f"{nombre}.zip", empaquetar(nombre, xml))

    assert ticket.isdigit()
    primera = cliente.consultar_ticket(ticket)
    assert primera.codigo == "98" and primera.en_proceso and primera.cdr is None
    final = cliente.consultar_ticket(ticket)
    assert final.codigo == "0"
    assert final.cdr.descripcion == f"El Resumen diario RC-{hoy:%Y%m%d}-1, ha sido aceptado"
    assert Ticket.objects.get(numero=ticket).consultas == 2


def test_resumen_repetido_termina_en_99(cliente, empresa, settings):
    settings.SUNAT_SANDBOX_CONSULTAS_EN_PROCESO = 0
    hoy = datetime.date.today()
    nombre = nombre_resumen(empresa.ruc, "RC", hoy, 2)
    contenido = empaquetar(nombre, firmar_para_empresa(resumen_xml(ruc=empresa.ruc, fecha=hoy, correlativo=2), empresa).xml)
    assert cliente.consultar_ticket(cliente.enviar_resumen(nombre, contenido)).codigo == "0"

    estado = cliente.consultar_ticket(cliente.enviar_resumen(nombre, contenido))

    assert estado.codigo == "99"
    assert estado.cdr.codigo == "2223"
    assert estado.cdr.descripcion == "El archivo ya fue presentado anteriormente"


def test_ticket_que_sigue_en_proceso(cliente, empresa, settings):
    settings.SUNAT_SANDBOX_CONSULTAS_EN_PROCESO = 0
    hoy = datetime.date.today()
    nombre = nombre_resumen(empresa.ruc, "RC", hoy, 3)
    xml = firmar_para_empresa(resumen_xml(ruc=empresa.ruc, fecha=hoy, correlativo=3), empresa).xml
    ticket = cliente.enviar_resumen(nombre, empaquetar(nombre, xml))
    _falla(empresa, TipoFalla.EN_PROCESO, restantes=3)

    assert [cliente.consultar_ticket(ticket).codigo for _ in range(4)] == ["98", "98", "98", "0"]


def test_ticket_inexistente(cliente):
    with pytest.raises(FallaSunat) as error:
        cliente.consultar_ticket("1234567890123")

    assert error.value.codigo == "0127"
    assert error.value.mensaje == "El ticket no existe"
    assert not error.value.reintentable


def test_errores_de_archivo_y_contenido(cliente, empresa):
    """What SUNAT answers as a SOAP fault (nothing registered) before looking at the amounts."""
    nombre, contenido, firmado = _zip_factura(empresa, numero=12)

    def codigo_de(nombre_zip, zip_):
        with pytest.raises(FallaSunat) as error:
            cliente.enviar_comprobante(nombre_zip, zip_)
        assert not error.value.reintentable
        return error.value.codigo

    assert codigo_de(f"{empresa.ruc}-01-F001.zip", contenido) == "0151"
    assert codigo_de(f"{nombre}.zip", b"no es un zip") == "0156"
    assert codigo_de(f"{empresa.ruc}-01-F001-13.zip", contenido) == "0161"
    otro = leer_certificado(generar_autofirmado(ruc=empresa.ruc, razon_social="OTRA"))
    ajeno = factories.ruc_valido()
    assert codigo_de(f"{ajeno}-01-F001-1.zip", empaquetar(f"{ajeno}-01-F001-1", firmado.xml)) == "0154"
    sin_firma = factura_xml(ruc=empresa.ruc, numero=12)
    assert codigo_de(nombre, empaquetar(nombre, sin_firma)) == "1059"
    otra_serie = firmar_para_empresa(factura_xml(ruc=empresa.ruc, serie="F002", numero=12), empresa).xml
    assert codigo_de(nombre, empaquetar(nombre, otra_serie)) == "1035"
    invalido = firmar_para_empresa(sin_firma.replace(b"<cbc:IssueTime>", b"<cbc:Hora>x</cbc:Hora><cbc:IssueTime>"), empresa)
    if (KIT / "xsd").is_dir():
        assert codigo_de(nombre, empaquetar(nombre, invalido.xml)) == "0305"
    assert not DocumentoRecibido.objects.filter(registrado=True).exists()
    assert DocumentoRecibido.objects.filter(codigo="0151").exists()  # listed in the admin, not registered

    # Signed with a certificate SUNAT does not know for this company: rejected in the CDR.
    ajena = firmar(
        sin_firma, certificado=otro.pem_certificado(), clave=otro.pem_clave(), huella=otro.huella
    ).xml
    assert cliente.enviar_comprobante(nombre, empaquetar(nombre, ajena)).cdr.codigo == "2325"


def test_documento_alterado_se_rechaza(cliente, empresa):
    nombre, _, firmado = _zip_factura(empresa, numero=14)
    alterado = firmado.xml.replace(b"PRODUCTO DE PRUEBA 1", b"PRODUCTO ALTERADO 1")

    respuesta = cliente.enviar_comprobante(nombre, empaquetar(nombre, alterado))

    assert respuesta.cdr.codigo == "2335"
    assert respuesta.cdr.descripcion == "El documento electrónico ingresado ha sido alterado"


def test_encabezado_de_seguridad_mal_escrito(sandbox, empresa):
    """The namespace is oasis-open: a copy of the misspelled one gets 0101."""
    sobre = f"""<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
      xmlns:ser="http://service.sunat.gob.pe"
      xmlns:wsse="http://docs.oasis-opn.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">
      <soapenv:Header><wsse:Security><wsse:UsernameToken><wsse:Username>{empresa.ruc}PRUEBA01</wsse:Username>
      <wsse:Password>{CLAVE_SOL}</wsse:Password></wsse:UsernameToken></wsse:Security></soapenv:Header>
      <soapenv:Body><ser:getStatus><ticket>1</ticket></ser:getStatus></soapenv:Body></soapenv:Envelope>"""

    respuesta = requests.post(
        f"{sandbox.url}/sunat-sandbox/ol-ti-itcpfegem-beta/billService", data=sobre.encode(), timeout=5
    )

    assert respuesta.status_code == 500
    assert b"<faultcode>soap-env:Client.0101</faultcode>" in respuesta.content


def test_wsdl_con_la_direccion_del_sandbox(sandbox, empresa):
    from zeep import Client
    from zeep.wsse.username import UsernameToken

    url = f"{sandbox.url}/sunat-sandbox/ol-ti-itcpfegem-beta/billService"
    wsdl = requests.get(f"{url}?wsdl", timeout=5)
    assert wsdl.status_code == 200
    assert f'location="{url}"'.encode() in wsdl.content

    # A plain zeep client that only knows the sandbox's ?wsdl can use it.
    cliente = Client(f"{url}?wsdl", wsse=UsernameToken(f"{empresa.ruc}PRUEBA01", CLAVE_SOL))
    nombre, contenido, _ = _zip_factura(empresa, numero=15)
    cdr_zip = cliente.service.sendBill(fileName=f"{nombre}.zip", contentFile=contenido)
    assert leer_cdr_zip(cdr_zip).aceptado
    consulta = f"{sandbox.url}/sunat-sandbox/ol-it-wsconscpegem/billConsultService?wsdl"
    assert Client(consulta).service._binding_options["address"].endswith("/ol-it-wsconscpegem/billConsultService")


def test_endpoints_por_entorno(settings):
    settings.SUNAT_SANDBOX_URL = "http://erp.local:9000/sunat-sandbox/"
    datos = dict(ruc="20100000001", usuario_sol="MODDATOS", clave_sol="moddatos")

    assert ClienteSunat(**datos, entorno="beta").endpoints.facturas == (
        "https://e-beta.sunat.gob.pe/ol-ti-itcpfegem-beta/billService"
    )
    produccion = ClienteSunat(**datos, entorno="produccion").endpoints
    assert produccion.facturas == "https://e-factura.sunat.gob.pe/ol-ti-itcpfegem/billService"
    assert produccion.consulta == "https://e-factura.sunat.gob.pe/ol-it-wsconscpegem/billConsultService"
    assert produccion.otros == "https://e-factura.sunat.gob.pe/ol-ti-itemision-otroscpe-gem/billService"
    sandbox = ClienteSunat(**datos).endpoints
    assert sandbox.facturas == "http://erp.local:9000/sunat-sandbox/ol-ti-itcpfegem-beta/billService"
    assert sandbox.consulta == "http://erp.local:9000/sunat-sandbox/ol-it-wsconscpegem/billConsultService"
    with pytest.raises(ValueError, match="desconocido"):
        ClienteSunat(**datos, entorno="pruebas")


def test_sunat_caido(settings):
    settings.SUNAT_SANDBOX_URL = "http://127.0.0.1:9/sunat-sandbox"
    cliente = ClienteSunat(ruc="20100000001", usuario_sol="MODDATOS", clave_sol="x", timeout=(1, 1))

    with pytest.raises(SunatNoDisponible) as error:
        cliente.enviar_resumen("20100000001-RC-20240101-1.zip", b"PK")

    assert error.value.reintentable
    assert "No se pudo conectar con SUNAT" in error.value.mensaje
