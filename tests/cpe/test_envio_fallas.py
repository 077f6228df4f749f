"""Faults on the way to SUNAT: the cause is visible, nothing is lost, and a later attempt completes the document."""

import datetime
import time

import pytest
from django.utils import timezone

from billing import services
from cpe.empaquetado import empaquetar
from cpe.models import ComprobanteElectronico, EstadoCpe, IntentoEnvio
from cpe.sandbox.models import DocumentoRecibido, Falla, TipoFalla
from cpe.services import INTENTOS_AUTOMATICOS, cpe_enviar, cpe_enviar_sincrono
from cpe.sunat import ClienteSunat, SunatNoDisponible
from cpe.tasks import reenviar_pendientes
from erp.certificados import generar_autofirmado
from erp.services import empresa_cargar_certificado
from tests.ventas import borrador

pytestmark = [pytest.mark.sandbox, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def factura(tienda):
    documento = services.documento_emitir(
        documento_id=borrador(tienda, lineas=[(tienda["soporte"], 2, "118")]).pk, usuario=tienda["vendedor"]
    )
    return ComprobanteElectronico.objects.get(documento=documento)


def _registrados(comprobante) -> int:
    return DocumentoRecibido.objects.filter(ruc=comprobante.empresa.ruc, serie=comprobante.serie, numero=comprobante.numero, registrado=True).count()


def test_certificado_vencido_espera_y_luego_se_completa(tienda):
    empresa = tienda["empresa"]
    empresa.certificado_vence = timezone.now() - datetime.timedelta(days=1)
    empresa.save()
    documento = services.documento_emitir(
        documento_id=borrador(tienda, lineas=[(tienda["soporte"], 1, "118")]).pk, usuario=tienda["vendedor"]
    )
    comprobante = ComprobanteElectronico.objects.get(documento=documento)
    # Issued and numbered; its CPE waits with the cause in plain words.
    assert documento.numero == 1 and comprobante.estado == EstadoCpe.ERROR and not comprobante.reintentable
    assert "El certificado digital venció" in comprobante.descripcion and not comprobante.hash
    assert cpe_enviar_sincrono(documento=documento).estado == EstadoCpe.ERROR

    pfx = generar_autofirmado(ruc=empresa.ruc, razon_social=empresa.razon_social, clave="nueva")
    empresa_cargar_certificado(empresa=empresa, contenido=pfx, clave="nueva")
    comprobante = cpe_enviar(comprobante_id=comprobante.pk)
    assert comprobante.estado == EstadoCpe.ACEPTADO and comprobante.hash


def test_clave_sol_rechazada_y_luego_corregida(factura):
    empresa = factura.empresa
    # The password SUNAT knows differs from the one the company typed.
    mal_escrita = ClienteSunat(ruc=empresa.ruc, usuario_sol=empresa.sol_usuario, clave_sol="otra-clave")
    comprobante = cpe_enviar(comprobante_id=factura.pk, cliente=mal_escrita)
    assert (comprobante.estado, comprobante.codigo_respuesta, comprobante.reintentable) == (EstadoCpe.ERROR, "0102", False)
    assert "0102" in comprobante.descripcion
    assert _registrados(comprobante) == 0
    assert cpe_enviar(comprobante_id=factura.pk).estado == EstadoCpe.ACEPTADO


@pytest.mark.parametrize(
    "falla",
    [
        {"tipo": TipoFalla.HTTP_500},
        {"tipo": TipoFalla.FALLA_SOAP, "codigo": "0100"},
        {"tipo": TipoFalla.FALLA_SOAP, "codigo": "0109"},
        {"tipo": TipoFalla.FALLA_SOAP, "codigo": "0130"},
        {"tipo": TipoFalla.CDR_CORRUPTO},
    ],
)
def test_fallas_transitorias_se_reintentan_sin_duplicar(factura, falla):
    Falla.objects.create(ruc=factura.empresa.ruc, operacion="sendBill", **falla)
    with pytest.raises(Exception) as exc:
        cpe_enviar(comprobante_id=factura.pk)
    assert getattr(exc.value, "reintentable", False)
    comprobante = ComprobanteElectronico.objects.get(pk=factura.pk)
    assert comprobante.estado == EstadoCpe.ERROR and comprobante.reintentable and comprobante.descripcion
    # The next attempt completes it; SUNAT keeps one document.
    assert cpe_enviar(comprobante_id=factura.pk).estado == EstadoCpe.ACEPTADO
    assert _registrados(factura) == 1


def test_fallas_transitorias_dejan_de_reintentarse_al_agotar_los_intentos(factura):
    ComprobanteElectronico.objects.filter(pk=factura.pk).update(intentos=INTENTOS_AUTOMATICOS - 1)
    Falla.objects.create(ruc=factura.empresa.ruc, operacion="sendBill", tipo=TipoFalla.FALLA_SOAP, codigo="0130")
    comprobante = cpe_enviar(comprobante_id=factura.pk)  # no exception: nothing left to retry
    assert comprobante.estado == EstadoCpe.ERROR and not comprobante.reintentable and comprobante.codigo_respuesta == "0130"
    assert f"Se agotaron los {INTENTOS_AUTOMATICOS} intentos automáticos" in comprobante.descripcion
    assert reenviar_pendientes() == 0
    # Someone looks at it and sends it by hand.
    assert cpe_enviar_sincrono(documento=comprobante.documento).estado == EstadoCpe.ACEPTADO
    assert _registrados(factura) == 1


def test_tiempo_de_espera_agotado_y_recuperacion_por_1033(factura, settings):
    settings.SUNAT_TIMEOUT_LECTURA = 1
    Falla.objects.create(ruc=factura.empresa.ruc, operacion="sendBill", tipo=TipoFalla.DEMORA, segundos=3)
    with pytest.raises(SunatNoDisponible):
        cpe_enviar(comprobante_id=factura.pk)
    assert ComprobanteElectronico.objects.get(pk=factura.pk).estado == EstadoCpe.ERROR
    # SUNAT goes on and registers the document after the client gave up.
    for _ in range(50):
        if _registrados(factura):
            break
        time.sleep(0.1)
    comprobante = cpe_enviar(comprobante_id=factura.pk)
    assert comprobante.estado == EstadoCpe.ACEPTADO
    operaciones = list(IntentoEnvio.objects.filter(comprobante=factura).order_by("inicio", "id").values_list("operacion", "codigo"))
    assert operaciones[-2:] == [("sendBill", "1033"), ("getStatusCdr", "0")]
    assert _registrados(factura) == 1


def test_caida_despues_de_enviar_se_recupera_sin_segundo_documento(factura):
    # A worker sent the zip and died before saving SUNAT's answer.
    archivos = ComprobanteElectronico.con_archivos.get(pk=factura.pk)
    ClienteSunat.para_empresa(factura.empresa).enviar_comprobante(f"{archivos.nombre}.zip", bytes(archivos.zip))
    comprobante = cpe_enviar(comprobante_id=factura.pk)
    assert comprobante.estado == EstadoCpe.ACEPTADO and comprobante.cdr
    assert _registrados(factura) == 1


def test_rechazado_no_se_reintenta(factura):
    # A document altered after signing: SUNAT rejects it (2335) and that verdict is final.
    archivos = ComprobanteElectronico.con_archivos.get(pk=factura.pk)
    alterado = bytes(archivos.xml).replace(b"<cbc:PayableAmount currencyID=\"PEN\">236.00<", b"<cbc:PayableAmount currencyID=\"PEN\">23.60<")
    assert alterado != bytes(archivos.xml)
    archivos.zip = empaquetar(archivos.nombre, alterado)
    archivos.save(update_fields=["zip"])
    comprobante = cpe_enviar(comprobante_id=factura.pk)
    assert comprobante.estado == EstadoCpe.RECHAZADO and comprobante.codigo_respuesta == "2335"
    assert "2335" not in comprobante.descripcion and comprobante.descripcion
    intentos = IntentoEnvio.objects.filter(comprobante=factura).count()
    assert cpe_enviar(comprobante_id=factura.pk).estado == EstadoCpe.RECHAZADO
    assert reenviar_pendientes() == 0
    assert IntentoEnvio.objects.filter(comprobante=factura).count() == intentos


def test_aceptado_no_se_envia_dos_veces(factura):
    cpe_enviar(comprobante_id=factura.pk)
    intentos = IntentoEnvio.objects.filter(comprobante=factura).count()
    assert cpe_enviar(comprobante_id=factura.pk).estado == EstadoCpe.ACEPTADO
    assert IntentoEnvio.objects.filter(comprobante=factura).count() == intentos
    assert _registrados(factura) == 1
