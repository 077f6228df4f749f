"""A day of boletas through the real client, over HTTP, to the sandbox: tickets 98 then 0, 99, 0127, never resolved."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import DocumentoVenta, MotivoNotaCredito
from cpe import resumen as servicio
from cpe.cdr import leer_cdr_zip
from cpe.empaquetado import leer_zip
from cpe.models import ComprobanteElectronico, ConfiguracionCpe, EstadoCpe, EstadoResumen, IntentoResumen, Resumen
from cpe.sandbox.models import Falla, Ticket, TipoFalla
from cpe.sunat import ClienteSunat
from cpe.tasks import reenviar_pendientes
from tests.cpe.kit import validar
from tests.cpe.resumen.conftest import ayer, emitir

pytestmark = pytest.mark.django_db(transaction=True)


def _hasta_el_veredicto(resumen, maximo=10):
    for _ in range(maximo):
        resumen = servicio.resumen_avanzar(resumen_id=resumen.pk)
        if resumen.finalizado or (resumen.estado == EstadoResumen.ERROR and not resumen.reintentable):
            return resumen
    return resumen


def test_un_dia_de_boletas_y_sus_notas_aceptado_tras_98(emisor, sandbox, monkeypatch):
    monkeypatch.setattr(servicio, "MAX_LINEAS", 2)  # the 500-line split, with fewer boletas
    boletas = [emitir(emisor) for _ in range(2)]
    nota = emitir(
        emisor,
        "07",
        serie="BC01",
        documento_referencia=boletas[0].documento,
        motivo_nota=MotivoNotaCredito.DISMINUCION_VALOR,
        sustento="Descuento",
        lineas=[(emisor["soporte"], 1, "11.80")],
    )
    de_hoy = emitir(emisor, fecha=timezone.localdate())  # the previous day's job leaves today's boletas
    # A boleta with percepción (as billing records it: regime, base and amount in soles).
    DocumentoVenta.objects.filter(pk=boletas[1].documento_id).update(
        percepcion_regimen="01", percepcion_base=Decimal("118.00"), percepcion_monto=Decimal("2.36")
    )

    resumenes = servicio.resumen_diario_ejecutar(empresa_id=emisor["empresa"].pk)

    hoy = timezone.localdate()
    assert [r.identificador for r in resumenes] == [f"RC-{hoy:%Y%m%d}-1", f"RC-{hoy:%Y%m%d}-2"]
    assert [r.estado for r in resumenes] == [EstadoResumen.EN_PROCESO] * 2 and all(r.ticket for r in resumenes)
    assert [r.lineas.count() for r in resumenes] == [2, 1]
    # Until the verdict each boleta waits.
    assert ComprobanteElectronico.objects.get(pk=boletas[0].pk).estado == EstadoCpe.PENDIENTE

    primero = servicio.resumen_consultar(resumen_id=resumenes[0].pk)
    assert (primero.estado, primero.descripcion) == (
        EstadoResumen.EN_PROCESO,
        f"SUNAT está procesando el ticket {primero.ticket} (98).",
    )
    finales = [_hasta_el_veredicto(r) for r in resumenes]

    assert [r.estado for r in finales] == [EstadoResumen.ACEPTADO] * 2
    assert (finales[0].codigo_respuesta, finales[0].descripcion) == (
        "0",
        f"El Resumen diario RC-{hoy:%Y%m%d}-1, ha sido aceptado",
    )
    assert leer_cdr_zip(bytes(Resumen.con_archivos.get(pk=finales[0].pk).cdr)).referencia == finales[0].identificador
    for comprobante in (*boletas, nota):
        comprobante = ComprobanteElectronico.con_archivos.get(pk=comprobante.pk)
        assert comprobante.estado == EstadoCpe.ACEPTADO and comprobante.codigo_respuesta == "0"
        assert comprobante.descripcion.startswith(f"RC-{hoy:%Y%m%d}-")
        assert comprobante.cdr
    assert ComprobanteElectronico.objects.get(pk=de_hoy.pk).estado == EstadoCpe.PENDIENTE
    assert IntentoResumen.objects.filter(resumen=finales[0], operacion="getStatus", codigo="98").exists()

    # What was sent is SUNAT's RC and passes its rules; the note names the boleta it modifies.
    resumen = Resumen.con_archivos.get(pk=finales[0].pk)
    nombre, xml = leer_zip(bytes(resumen.zip))
    assert nombre == f"{emisor['empresa'].ruc}-{resumen.identificador}.xml"
    assert validar(xml, nombre)["status"] == "accepted"
    percepcion = (
        "<sac:SUNATPerceptionSummaryDocumentReference><sac:SUNATPerceptionSystemCode>01</sac:SUNATPerceptionSystemCode>"
        '<sac:SUNATPerceptionPercent>2</sac:SUNATPerceptionPercent><cbc:TotalInvoiceAmount currencyID="PEN">2.36</cbc:TotalInvoiceAmount>'
        '<sac:SUNATTotalCashed currencyID="PEN">120.36</sac:SUNATTotalCashed>'
    )
    assert xml.count(percepcion.encode()) == 1
    _, xml_nota = leer_zip(bytes(Resumen.con_archivos.get(pk=finales[1].pk).zip))
    referencia = (
        f"<cbc:ID>{boletas[0].serie}-{boletas[0].numero}</cbc:ID><cbc:DocumentTypeCode>03</cbc:DocumentTypeCode>"
    )
    assert f"<cbc:ID>BC01-{nota.numero}</cbc:ID>".encode() in xml_nota and referencia.encode() in xml_nota

    # Run again: nothing new, no duplicate.
    assert servicio.resumen_diario_ejecutar(empresa_id=emisor["empresa"].pk) == []
    assert Resumen.objects.count() == 2


def test_resumen_rechazado_99_rechaza_sus_boletas_y_se_puede_volver_a_informar(emisor, sandbox):
    boleta = emitir(emisor)
    empresa = emisor["empresa"]
    huella = empresa.certificado_huella
    empresa.certificado_huella = "0" * 64  # SUNAT has another certificate registered: 2325
    empresa.save()

    (resumen,) = servicio.resumen_diario_ejecutar(empresa_id=empresa.pk)
    resumen = _hasta_el_veredicto(resumen)

    assert (resumen.estado, resumen.codigo_respuesta) == (EstadoResumen.RECHAZADO, "2325")
    assert IntentoResumen.objects.filter(resumen=resumen, operacion="getStatus", codigo="99").exists()
    boleta.refresh_from_db()
    assert (boleta.estado, boleta.codigo_respuesta) == (EstadoCpe.RECHAZADO, "2325")
    assert "certificado" in boleta.descripcion.lower()

    empresa.certificado_huella = huella
    empresa.save()
    (nuevo,) = servicio.resumen_reenviar_en_nuevo(resumen_id=resumen.pk)
    assert _hasta_el_veredicto(nuevo).estado == EstadoResumen.ACEPTADO
    boleta.refresh_from_db()
    assert boleta.estado == EstadoCpe.ACEPTADO
    with pytest.raises(Exception, match="ya se volvieron a informar"):
        servicio.resumen_reenviar_en_nuevo(resumen_id=resumen.pk)


def test_ticket_desconocido_0127_reenvia_y_sunat_confirma_que_lo_tenia(emisor, sandbox):
    boleta = emitir(emisor)
    (resumen,) = servicio.resumen_diario_ejecutar(empresa_id=emisor["empresa"].pk)
    Resumen.objects.filter(pk=resumen.pk).update(ticket="999999")  # a ticket SUNAT does not know

    resumen = servicio.resumen_consultar(resumen_id=resumen.pk)

    assert (resumen.estado, resumen.codigo_respuesta, resumen.reintentable) == (EstadoResumen.ERROR, "0127", True)
    assert resumen.descripcion == "SUNAT no reconoce el ticket 999999 (0127): el resumen se enviará de nuevo."
    resumen = _hasta_el_veredicto(resumen)
    assert resumen.estado == EstadoResumen.ACEPTADO and resumen.intentos == 2
    assert "ya había recibido este resumen" in resumen.descripcion
    boleta.refresh_from_db()
    assert boleta.estado == EstadoCpe.ACEPTADO


def test_ticket_que_nunca_se_resuelve(emisor, sandbox):
    emitir(emisor)
    Falla.objects.create(operacion="getStatus", tipo=TipoFalla.EN_PROCESO, restantes=100)
    (resumen,) = servicio.resumen_diario_ejecutar(empresa_id=emisor["empresa"].pk)
    for _ in range(3):
        resumen = servicio.resumen_consultar(resumen_id=resumen.pk)
    assert resumen.estado == EstadoResumen.EN_PROCESO and resumen.consultas == 3
    assert resumen.proximo_intento > timezone.now()

    Resumen.objects.filter(pk=resumen.pk).update(enviado=timezone.now() - datetime.timedelta(hours=25))
    resumen = servicio.resumen_consultar(resumen_id=resumen.pk)

    assert (resumen.estado, resumen.reintentable) == (EstadoResumen.ERROR, False)
    assert resumen.descripcion.startswith(
        f"SUNAT no terminó de procesar el ticket {resumen.ticket} en 24 horas (4 consultas)"
    )
    assert not servicio.resumenes_atender()  # no longer polled by itself, nor sent again
    Falla.objects.all().delete()
    Ticket.objects.update(en_proceso=0)  # SUNAT finally processed it
    assert (
        servicio.resumen_avanzar(resumen_id=resumen.pk).estado == EstadoResumen.ACEPTADO
    )  # "Consultar estado" by hand


def test_envio_perdido_por_un_trabajador_muerto_se_reenvia_al_vencer_su_plazo(emisor, sandbox):
    boleta = emitir(emisor)
    (resumen,) = servicio.resumenes_generar(empresa_id=emisor["empresa"].pk, fecha=ayer())
    # A worker sent it and died before keeping the ticket: SUNAT has it, the ERP does not know.
    resumen = Resumen.con_archivos.get(pk=resumen.pk)
    ClienteSunat.para_empresa(emisor["empresa"]).enviar_resumen(f"{resumen.nombre}.zip", bytes(resumen.zip))
    Ticket.objects.update(en_proceso=0)
    Resumen.objects.filter(pk=resumen.pk).update(
        estado=EstadoResumen.ENVIANDO, intentos=1, enviando_hasta=timezone.now() + datetime.timedelta(minutes=1)
    )

    assert servicio.resumenes_atender() == []  # its lease still runs: nobody else sends it
    Resumen.objects.filter(pk=resumen.pk).update(enviando_hasta=timezone.now() - datetime.timedelta(seconds=1))
    (reenviado,) = servicio.resumenes_atender()
    resumen = _hasta_el_veredicto(reenviado)

    assert resumen.estado == EstadoResumen.ACEPTADO and resumen.intentos == 2
    boleta.refresh_from_db()
    assert boleta.estado == EstadoCpe.ACEPTADO


def test_con_boletas_una_por_una_no_van_al_resumen_sino_con_sendbill(emisor, sandbox, tareas_encoladas):
    ConfiguracionCpe.objects.filter(empresa=emisor["empresa"]).update(boletas_por_resumen=False)
    boleta = emitir(emisor)
    ComprobanteElectronico.objects.filter(pk=boleta.pk).update(creado=timezone.now() - datetime.timedelta(minutes=5))

    assert servicio.resumen_diario_ejecutar(empresa_id=emisor["empresa"].pk) == []
    assert reenviar_pendientes() == 1
    assert tareas_encoladas == [
        ("cpe.tasks.enviar_comprobante", (boleta.pk,), {})
    ]  # cpe_enviar: sendBill, like a factura


def test_clave_sol_rechazada_queda_en_error_claro_y_se_envia_al_corregirla(emisor, sandbox):
    emitir(emisor)
    Falla.objects.create(operacion="sendSummary", tipo=TipoFalla.FALLA_SOAP, codigo="0102")

    (resumen,) = servicio.resumen_diario_ejecutar(empresa_id=emisor["empresa"].pk)

    assert (resumen.estado, resumen.codigo_respuesta, resumen.reintentable) == (EstadoResumen.ERROR, "0102", False)
    assert "0102" in resumen.descripcion and "usuario" in resumen.descripcion.lower()
    assert servicio.resumenes_atender() == []  # not retried by itself: it needs a correction
    resumen = servicio.resumen_avanzar(resumen_id=resumen.pk, manual=True)  # "Enviar" once corrected
    assert _hasta_el_veredicto(resumen).estado == EstadoResumen.ACEPTADO
