"""Guías de remisión from the office to SUNAT's REST API: the real client, over HTTP, to the sandbox of a live server."""

import datetime
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from billing import guias as servicio
from billing import services
from billing.models import ConductorGuia, GuiaRemision, ModalidadTraslado, VehiculoGuia
from cpe.cdr import leer_cdr_zip
from cpe.gre import ClienteGre
from cpe.models import ComprobanteElectronico, EstadoCpe, IntentoEnvio, TicketGre, TokenGre
from cpe.sandbox.models import DocumentoRecibido, Falla, Operacion, TipoFalla
from cpe.services_guia import cpe_guia_consultar, cpe_guia_enviar
from cpe.sunat import SunatNoDisponible
from erp.models import Distrito, Empresa, Serie
from inventory.models import EstadoOperacion, Stock, Transferencia, TransferenciaLinea
from inventory.selectors import almacen_principal
from tests import factories
from tests.cpe.emitidos import qr_pdf, texto_pdf
from tests.cpe.kit import validar
from tests.ventas import borrador

pytestmark = [pytest.mark.sandbox, pytest.mark.django_db(transaction=True)]
MIRAFLORES = "150122"


@pytest.fixture
def tienda_gre(tienda, settings):
    """The shop with the API's credentials, guide series, and a second establishment (0001) in Miraflores."""
    settings.SUNAT_SANDBOX_CONSULTAS_EN_PROCESO = 1
    empresa = tienda["empresa"]
    empresa.gre_client_id, empresa.gre_client_secret = "cliente-gre-9f2a", "secreto-gre-71c0"
    empresa.save()
    Serie.objects.create(sucursal=tienda["sucursal"], tipo_documento="09", serie="T001")
    Serie.objects.create(sucursal=tienda["sucursal"], tipo_documento="31", serie="V001")
    miraflores = factories.sucursal(empresa, codigo="0001", nombre="Tienda Miraflores")
    miraflores.distrito = Distrito.objects.get(ubigeo=MIRAFLORES)
    miraflores.direccion = "Av. Larco 345"
    miraflores.save()
    tienda["miraflores"] = miraflores
    return tienda


def _completar(guia: GuiaRemision, *, privado=True, **campos):
    """What the office types on the form: weight, packages, arrival, transport."""
    guia.peso_bruto, guia.bultos = Decimal("12.500"), 2
    if not guia.llegada_distrito_id:
        guia.llegada_distrito, guia.llegada_direccion = Distrito.objects.get(ubigeo=MIRAFLORES), "Calle Libertad 116"
    if privado:
        guia.modalidad = ModalidadTraslado.PRIVADO
        VehiculoGuia.objects.create(guia=guia, placa="ABC123")
        ConductorGuia.objects.create(guia=guia, numero_documento="45678912", nombres="Juan Carlos", apellidos="Pérez Quispe", licencia="Q45678912")
    else:
        guia.modalidad = ModalidadTraslado.PUBLICO
        guia.transportista_ruc, guia.transportista_razon_social, guia.transportista_mtc = factories.ruc_valido("2051234567"), "TRANSPORTES DEL SUR S.A.C.", "1534567CNG"
    for campo, valor in campos.items():
        setattr(guia, campo, valor)
    guia.save()
    return guia


def _stock(producto, almacen) -> Decimal:
    fila = Stock.objects.filter(producto=producto, almacen=almacen).first()
    return fila.cantidad if fila else Decimal("0")


def _enviar_y_esperar(comprobante):
    """Send, then poll: the sandbox answers 98 once, then the verdict."""
    enviado = cpe_guia_enviar(comprobante_id=comprobante.pk)
    assert enviado.estado == EstadoCpe.ENVIANDO and TicketGre.objects.filter(comprobante=comprobante).exists()
    primera = cpe_guia_consultar(comprobante_id=comprobante.pk)
    assert primera.estado == EstadoCpe.ENVIANDO and "aún procesa" in primera.descripcion
    return cpe_guia_consultar(comprobante_id=comprobante.pk)


def test_guia_de_una_factura_aceptada_sin_mover_stock_dos_veces(tienda_gre):
    t = tienda_gre
    factura = services.documento_emitir(documento_id=borrador(t, lineas=[(t["laptop"], 2, "2360"), (t["soporte"], 1, "118")]).pk, usuario=t["vendedor"])
    assert _stock(t["laptop"], t["almacen"]) == 8
    guia = _completar(servicio.guia_desde_documento(documento_id=factura.pk, usuario=t["vendedor"]))
    assert [(ln.descripcion, ln.cantidad) for ln in guia.lineas.all()] == [("Laptop 14 pulgadas", 2)]  # the service stays out
    guia = servicio.guia_emitir(guia_id=guia.pk, usuario=t["vendedor"])
    assert guia.numero_completo == "T001-00000001" and guia.destinatario_razon_social == "CLIENTE CON RUC S.A.C."
    assert _stock(t["laptop"], t["almacen"]) == 8

    comprobante = ComprobanteElectronico.con_archivos.get(guia=guia)
    assert comprobante.nombre == f"{t['empresa'].ruc}-09-T001-1"
    assert validar(bytes(comprobante.xml), f"{comprobante.nombre}.xml")["accepted"]
    final = _enviar_y_esperar(comprobante)
    assert final.estado == EstadoCpe.ACEPTADO, (final.codigo_respuesta, final.descripcion)
    assert final.descripcion == "La Guia de Remision Remitente numero T001-1, ha sido aceptada"
    assert leer_cdr_zip(bytes(ComprobanteElectronico.con_archivos.get(pk=final.pk).cdr)).aceptado
    assert "/descargaqr?hashqr=" in TicketGre.objects.get(comprobante=final).enlace
    assert list(final.intentos_envio.values_list("operacion", flat=True).order_by("inicio", "id")) == [
        "POST comprobantes", "GET envios", "GET envios",
    ]
    # Accepted: sending again sends nothing.
    cpe_guia_enviar(comprobante_id=final.pk)
    assert DocumentoRecibido.objects.filter(tipo="09").count() == 1 and final.intentos_envio.count() == 3


def test_guia_antes_de_la_factura_la_factura_la_referencia(tienda_gre):
    t = tienda_gre
    guia = GuiaRemision.objects.create(
        sucursal=t["sucursal"], serie=t["sucursal"].series.get(serie="T001"), fecha_emision=timezone.localdate(),
        fecha_inicio=timezone.localdate(), destinatario=t["con_ruc"], motivo="14",
        partida_distrito=t["sucursal"].distrito, partida_direccion=t["sucursal"].direccion,
    )  # fmt: skip
    guia.lineas.create(producto=t["laptop"], codigo="LAP-01", descripcion="Laptop 14 pulgadas", cantidad=1)
    guia = servicio.guia_emitir(guia_id=_completar(guia).pk, usuario=t["vendedor"])
    assert _stock(t["laptop"], t["almacen"]) == 10  # the factura moves it, once
    factura = services.documento_emitir(
        documento_id=borrador(t, lineas=[(t["laptop"], 1, "2360")], guias="T001-1").pk, usuario=t["vendedor"]
    )
    guia.refresh_from_db()
    assert guia.documento_venta == factura and _stock(t["laptop"], t["almacen"]) == 9


def test_guia_de_una_transferencia_mueve_el_stock_con_ella(tienda_gre):
    t = tienda_gre
    destino = almacen_principal(t["miraflores"])
    transferencia = Transferencia.objects.create(almacen_origen=t["almacen"], almacen_destino=destino, fecha=timezone.localdate())
    TransferenciaLinea.objects.create(transferencia=transferencia, producto=t["laptop"], cantidad=3)
    guia = servicio.guia_desde_transferencia(transferencia_id=transferencia.pk, usuario=t["vendedor"])
    assert (guia.motivo, guia.partida_establecimiento, guia.llegada_establecimiento) == ("04", "0000", "0001")
    guia = servicio.guia_emitir(guia_id=_completar(guia, privado=False).pk, usuario=t["vendedor"])
    transferencia.refresh_from_db()
    assert transferencia.estado == EstadoOperacion.REGISTRADA
    assert (_stock(t["laptop"], t["almacen"]), _stock(t["laptop"], destino)) == (7, 3)
    final = _enviar_y_esperar(ComprobanteElectronico.objects.get(guia=guia))
    assert final.estado == EstadoCpe.ACEPTADO, final.descripcion


def test_transferencia_en_el_mismo_establecimiento_no_lleva_guia(tienda_gre):
    t = tienda_gre
    otro = t["almacen"].sucursal.almacenes.create(nombre="Depósito")
    transferencia = Transferencia.objects.create(almacen_origen=t["almacen"], almacen_destino=otro, fecha=timezone.localdate())
    with pytest.raises(ValidationError, match="mismo establecimiento"):
        servicio.guia_desde_transferencia(transferencia_id=transferencia.pk, usuario=t["vendedor"])
    assert not GuiaRemision.objects.exists()


def test_guia_transportista_aceptada(tienda_gre):
    t = tienda_gre
    guia = GuiaRemision.objects.create(
        tipo="31", sucursal=t["sucursal"], serie=t["sucursal"].series.get(serie="V001"), fecha_emision=timezone.localdate(),
        fecha_inicio=timezone.localdate(), destinatario=t["con_dni"], remitente=t["con_ruc"],
        partida_distrito=t["sucursal"].distrito, partida_direccion="Av. Argentina 2020",
    )  # fmt: skip
    guia.lineas.create(descripcion="CAJAS DE MERCADERÍA", unidad_id="NIU", cantidad=40)
    guia.documentos.create(tipo="09", numero="T001-88", ruc_emisor=t["con_ruc"].numero_documento)
    guia = servicio.guia_emitir(guia_id=_completar(guia, transportista_mtc="1534567CNG").pk, usuario=t["vendedor"])
    final = _enviar_y_esperar(ComprobanteElectronico.objects.get(guia=guia))
    assert final.estado == EstadoCpe.OBSERVADO and final.nombre.endswith("-31-V001-1")
    assert {o["codigo"] for o in final.observaciones} <= {"4399", "4434"}


def test_token_reutilizado_renovado_al_vencer_y_tras_un_401(tienda_gre):
    t = tienda_gre
    factura = services.documento_emitir(documento_id=borrador(t, lineas=[(t["mouse"], 5, "59")]).pk, usuario=t["vendedor"])
    comprobantes = []
    for _ in range(3):
        guia = _completar(servicio.guia_desde_documento(documento_id=factura.pk, usuario=t["vendedor"]))
        comprobantes.append(ComprobanteElectronico.objects.get(guia=servicio.guia_emitir(guia_id=guia.pk, usuario=t["vendedor"])))
    cpe_guia_enviar(comprobante_id=comprobantes[0].pk)
    primero = TokenGre.objects.get(empresa=t["empresa"])
    assert primero.vence > timezone.now() + datetime.timedelta(minutes=50)
    # SUNAT answers 401 (the token was revoked or expired early): a new token, the same send.
    Falla.objects.create(ruc=t["empresa"].ruc, operacion=Operacion.GRE_ENVIO, tipo=TipoFalla.TOKEN_VENCIDO)
    assert cpe_guia_enviar(comprobante_id=comprobantes[1].pk).estado == EstadoCpe.ENVIANDO
    segundo = TokenGre.objects.get(empresa=t["empresa"])
    assert segundo.token != primero.token
    # Under ten minutes left: renewed before sending.
    TokenGre.objects.filter(pk=segundo.pk).update(vence=timezone.now() + datetime.timedelta(minutes=5))
    assert cpe_guia_enviar(comprobante_id=comprobantes[2].pk).estado == EstadoCpe.ENVIANDO
    assert TokenGre.objects.get(empresa=t["empresa"]).token != segundo.token
    assert DocumentoRecibido.objects.filter(tipo="09").count() == 3


def test_credenciales_incorrectas_dejan_la_guia_en_error_sin_reintento(tienda_gre):
    t = tienda_gre
    factura = services.documento_emitir(documento_id=borrador(t, lineas=[(t["mouse"], 1, "59")]).pk, usuario=t["vendedor"])
    guia = servicio.guia_emitir(guia_id=_completar(servicio.guia_desde_documento(documento_id=factura.pk, usuario=t["vendedor"])).pk, usuario=t["vendedor"])
    # The sandbox knows the secret SUNAT issued (the saved one); the client presents another.
    empresa = Empresa.objects.get(pk=t["empresa"].pk)
    empresa.gre_client_secret = "otro-secreto"
    comprobante = cpe_guia_enviar(comprobante_id=ComprobanteElectronico.objects.get(guia=guia).pk, cliente=ClienteGre(empresa))
    assert comprobante.estado == EstadoCpe.ERROR and not comprobante.reintentable
    assert "rechazó las credenciales" in comprobante.descripcion and "otro-secreto" not in comprobante.descripcion
    assert not TicketGre.objects.exists() and not TokenGre.objects.exists()


def test_sunat_caido_en_la_consulta_se_reintenta_sin_perder_el_ticket(tienda_gre):
    t = tienda_gre
    factura = services.documento_emitir(documento_id=borrador(t, lineas=[(t["mouse"], 1, "59")]).pk, usuario=t["vendedor"])
    guia = servicio.guia_emitir(guia_id=_completar(servicio.guia_desde_documento(documento_id=factura.pk, usuario=t["vendedor"])).pk, usuario=t["vendedor"])
    comprobante = cpe_guia_enviar(comprobante_id=ComprobanteElectronico.objects.get(guia=guia).pk)
    Falla.objects.create(operacion=Operacion.GRE_TICKET, tipo=TipoFalla.HTTP_500)
    with pytest.raises(SunatNoDisponible):
        cpe_guia_consultar(comprobante_id=comprobante.pk)
    comprobante.refresh_from_db()
    assert comprobante.estado == EstadoCpe.ENVIANDO
    # A later send polls the same ticket: nothing is sent twice.
    cpe_guia_enviar(comprobante_id=comprobante.pk)
    assert cpe_guia_consultar(comprobante_id=comprobante.pk).estado == EstadoCpe.ACEPTADO
    assert DocumentoRecibido.objects.filter(tipo="09").count() == 1
    assert comprobante.intentos_envio.filter(resultado=IntentoEnvio.Resultado.ERROR).count() == 1


def test_rechazo_99_guarda_el_error_y_el_cdr(tienda_gre):
    t = tienda_gre
    # Motivo 17 (para transformación) goes to someone else: SUNAT rejects a recipient that is the issuer (2555).
    yo = factories.cliente(t["sucursal"], numero=t["empresa"].ruc, nombre=t["empresa"].razon_social)
    guia = GuiaRemision.objects.create(
        sucursal=t["sucursal"], serie=t["sucursal"].series.get(serie="T001"), fecha_emision=timezone.localdate(),
        fecha_inicio=timezone.localdate(), destinatario=yo, motivo="17",
        partida_distrito=t["sucursal"].distrito, partida_direccion=t["sucursal"].direccion,
    )  # fmt: skip
    guia.lineas.create(descripcion="PLANCHAS DE ACERO", unidad_id="NIU", cantidad=3)
    guia = servicio.guia_emitir(guia_id=_completar(guia).pk, usuario=t["vendedor"])
    final = _enviar_y_esperar(ComprobanteElectronico.objects.get(guia=guia))
    assert final.estado == EstadoCpe.RECHAZADO and final.codigo_respuesta == "2555"
    assert ComprobanteElectronico.con_archivos.get(pk=final.pk).cdr


@pytest.mark.parametrize(
    ("cambio", "mensaje"),
    [
        ({"peso_bruto": None}, "peso bruto"),
        ({"llegada_distrito": None}, "llegada necesita su ubigeo"),
        ({"sin_conductor": True}, "conductor"),
        ({"modalidad": "01", "transportista_ruc": "20512345670"}, "RUC válido del transportista"),
    ],
    ids=["sin-peso", "sin-ubigeo", "privado-sin-conductor", "publico-ruc-invalido"],
)
def test_datos_incompletos_no_emiten_ni_gastan_numero(tienda_gre, cambio, mensaje):
    t = tienda_gre
    factura = services.documento_emitir(documento_id=borrador(t, lineas=[(t["mouse"], 1, "59")]).pk, usuario=t["vendedor"])
    guia = _completar(servicio.guia_desde_documento(documento_id=factura.pk, usuario=t["vendedor"]))
    if cambio.pop("sin_conductor", False):
        guia.conductores.all().delete()
    for campo, valor in cambio.items():
        setattr(guia, campo, valor)
    guia.save()
    with pytest.raises(ValidationError, match=mensaje):
        servicio.guia_emitir(guia_id=guia.pk, usuario=t["vendedor"])
    guia.refresh_from_db()
    assert guia.numero is None and guia.es_borrador and not ComprobanteElectronico.objects.filter(guia=guia).exists()
    assert Serie.objects.get(serie="T001").ultimo_numero == 0


def test_pdf_a4_y_ticket_con_el_qr_de_sunat_descargas_y_correo(tienda_gre, client, mailoutbox):
    t = tienda_gre
    factura = services.documento_emitir(documento_id=borrador(t, lineas=[(t["laptop"], 1, "2360")]).pk, usuario=t["vendedor"])
    guia = servicio.guia_emitir(guia_id=_completar(servicio.guia_desde_documento(documento_id=factura.pk, usuario=t["vendedor"])).pk, usuario=t["vendedor"])
    final = _enviar_y_esperar(ComprobanteElectronico.objects.get(guia=guia))
    enlace = TicketGre.objects.get(comprobante=final).enlace
    t["vendedor"].perfiles.add(factories.perfil("Despacho", modulos=["ventas.guias"]))
    client.force_login(t["vendedor"])
    for archivo, tipo in ((f"{final.nombre}.xml", "application/xml"), (f"{final.nombre}.zip", "application/zip"), (f"R-{final.nombre}.zip", "application/zip")):
        respuesta = client.get(f"/cpe/{archivo}")
        assert respuesta.status_code == 200 and respuesta["Content-Type"] == tipo, archivo
    for formato in ("a4", "ticket"):
        respuesta = client.get(f"/cpe/{final.nombre}.pdf", {"formato": formato})
        assert respuesta.status_code == 200
        texto = texto_pdf(respuesta.content)
        assert "GUÍA DE REMISIÓN REMITENTE ELECTRÓNICA" in texto and "T001-00000001" in texto
        assert "Peso bruto: 12.5 kilogramos" in texto and "ABC123" in texto and "Q45678912" in texto
        assert "IMPORTE TOTAL" not in texto
        assert qr_pdf(respuesta.content) == [enlace]
    services.documento_enviar_correo(documento=guia, destinatarios=["lucia@example.com"], mensaje="", usuario=t["vendedor"])
    adjuntos = [nombre for nombre, _, _ in mailoutbox[0].attachments]
    assert adjuntos == [f"{final.nombre}.pdf", f"{final.nombre}.xml", f"R-{final.nombre}.zip"]
    assert "guía de remisión remitente T001-00000001" in mailoutbox[0].body


def test_plataforma_y_consulta_publica_listan_la_guia(tienda_gre, client, settings):
    settings.CONSULTA_CPE_TIEMPO_MINIMO = 0
    t = tienda_gre
    factura = services.documento_emitir(documento_id=borrador(t, lineas=[(t["mouse"], 1, "59")]).pk, usuario=t["vendedor"])
    guia = servicio.guia_emitir(guia_id=_completar(servicio.guia_desde_documento(documento_id=factura.pk, usuario=t["vendedor"])).pk, usuario=t["vendedor"])
    final = _enviar_y_esperar(ComprobanteElectronico.objects.get(guia=guia))
    t["vendedor"].perfiles.add(factories.perfil("Control", modulos=["facturacion.cpe", "ventas.guias", "ventas.facturas"]))
    client.force_login(t["vendedor"])
    hoy = timezone.localdate()
    plataforma = client.get("/cpe/plataforma/", {"desde": f"{hoy:%d/%m/%Y}", "hasta": f"{hoy:%d/%m/%Y}"}).content.decode()
    assert "T001-1" in plataforma and "Guía remitente" in plataforma and f"/cpe/R-{final.nombre}.zip" in plataforma
    client.logout()
    datos = {"ruc": t["empresa"].ruc, "tipo": "09", "numero": "T001-1", "fecha": hoy.isoformat(), "total": "0.00"}
    pagina = client.post("/consulta/", datos).content.decode()
    assert "Guía de remisión remitente" in pagina and "/consulta/descargar/" in pagina
    enlace = pagina.split('href="/consulta/descargar/')[1].split('"')[0]
    assert client.get(f"/consulta/descargar/{enlace}").status_code == 200
    assert "No encontramos" in client.post("/consulta/", {**datos, "total": "59.00"}).content.decode()


def _guia_de_un_mouse(t) -> ComprobanteElectronico:
    factura = services.documento_emitir(documento_id=borrador(t, lineas=[(t["mouse"], 1, "59")]).pk, usuario=t["vendedor"])
    guia = servicio.guia_desde_documento(documento_id=factura.pk, usuario=t["vendedor"])
    return ComprobanteElectronico.objects.get(guia=servicio.guia_emitir(guia_id=_completar(guia).pk, usuario=t["vendedor"]))


def test_respuesta_perdida_el_reenvio_toma_lo_que_sunat_registro(tienda_gre, settings):
    """SUNAT registers the guide but its answer never arrives (timeout): the retry gets 1033 and the product asks
    SUNAT for that guide, keeps its ticket and polls it to the CDR. No rejection, no second registration."""
    t = tienda_gre
    comprobante = _guia_de_un_mouse(t)
    settings.SUNAT_TIMEOUT_LECTURA = 0.5
    Falla.objects.create(ruc=t["empresa"].ruc, operacion=Operacion.GRE_ENVIO, tipo=TipoFalla.DEMORA, segundos=Decimal("1.5"))
    with pytest.raises(SunatNoDisponible):
        cpe_guia_enviar(comprobante_id=comprobante.pk)
    comprobante.refresh_from_db()
    assert comprobante.estado == EstadoCpe.ERROR and comprobante.reintentable and not TicketGre.objects.exists()
    registrada = DocumentoRecibido.objects.filter(ruc=t["empresa"].ruc, tipo="09", numero=1, registrado=True)
    limite = time.monotonic() + 10
    while not registrada.exists() and time.monotonic() < limite:  # the sandbox finishes the send the client gave up on
        time.sleep(0.1)
    settings.SUNAT_TIMEOUT_LECTURA = 30

    reenviado = cpe_guia_enviar(comprobante_id=comprobante.pk)
    ticket = TicketGre.objects.get(comprobante=comprobante)
    assert reenviado.estado == EstadoCpe.ENVIANDO and ticket.numero == registrada.get().ticket.numero
    assert cpe_guia_consultar(comprobante_id=comprobante.pk).estado == EstadoCpe.ENVIANDO  # SUNAT's 98
    final = cpe_guia_consultar(comprobante_id=comprobante.pk)
    assert final.estado == EstadoCpe.ACEPTADO and ComprobanteElectronico.con_archivos.get(pk=final.pk).cdr
    assert list(final.intentos_envio.order_by("inicio", "id").values_list("operacion", "codigo")) == [
        ("POST comprobantes", ""), ("POST comprobantes", "1033"), ("GET comprobantes", "98"), ("GET envios", "98"), ("GET envios", "0"),
    ]
    assert registrada.count() == 1


def test_guia_aceptada_que_el_erp_perdio_se_recupera_con_su_cdr(tienda_gre):
    """The ERP lost what SUNAT answered (a backup restored before the verdict): sending again recovers the accepted CDR."""
    t = tienda_gre
    comprobante = _enviar_y_esperar(_guia_de_un_mouse(t))
    assert comprobante.estado == EstadoCpe.ACEPTADO
    TicketGre.objects.all().delete()
    ComprobanteElectronico.objects.filter(pk=comprobante.pk).update(estado=EstadoCpe.PENDIENTE, cdr="", codigo_respuesta="", descripcion="")
    final = cpe_guia_enviar(comprobante_id=comprobante.pk)
    assert final.estado == EstadoCpe.ACEPTADO, final.descripcion
    assert final.descripcion == "La Guia de Remision Remitente numero T001-1, ha sido aceptada"
    assert leer_cdr_zip(bytes(ComprobanteElectronico.con_archivos.get(pk=final.pk).cdr)).aceptado
    assert "/descargaqr?hashqr=" in TicketGre.objects.get(comprobante=final).enlace
    assert DocumentoRecibido.objects.filter(tipo="09", registrado=True).count() == 1


def test_sunat_sin_consulta_de_la_guia_deja_un_error_claro(tienda_gre, monkeypatch):
    """A SUNAT that answers 1033 but serves no lookup of the guide (404): the guide stays in error, not rejected, saying where to look."""
    t = tienda_gre
    comprobante = _enviar_y_esperar(_guia_de_un_mouse(t))
    TicketGre.objects.all().delete()
    ComprobanteElectronico.objects.filter(pk=comprobante.pk).update(estado=EstadoCpe.PENDIENTE)
    from cpe.sandbox import gre as sandbox_gre

    monkeypatch.setattr(sandbox_gre, "sandbox_consultar_guia", lambda **_: None)
    final = cpe_guia_enviar(comprobante_id=comprobante.pk)
    assert final.estado == EstadoCpe.ERROR and not final.reintentable and final.codigo_respuesta == "1033"
    assert "consulte su constancia en SUNAT Operaciones en Línea" in final.descripcion
