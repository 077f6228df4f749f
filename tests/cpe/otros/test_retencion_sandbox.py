"""Done when: a payment to a provider → its retention → SUNAT (the sandbox) accepts it → reversal RR → ticket → reverted."""

from decimal import Decimal

import pytest

from billing.models import ComprobanteOtro, TributoPorPagar
from cpe import otros
from cpe import resumen as servicio
from cpe.empaquetado import leer_zip
from cpe.models import ComprobanteElectronico, ConfiguracionCpe, EstadoCpe, EstadoResumen, IntentoEnvio, Resumen
from cpe.sandbox.models import DocumentoRecibido, Falla, TipoFalla
from cpe.services import cpe_enviar
from cpe.sunat import ErrorSunat
from purchases import services as compras
from purchases.models import FacturaCompra
from tests import factories
from tests.cpe.kit import validar

from .conftest import compra, hoy, proveedor

pytestmark = pytest.mark.django_db
D = Decimal


def test_pago_retencion_aceptada_y_revertida(agente, sandbox, tareas_encoladas, django_capture_on_commit_callbacks):
    prov = proveedor(agente["sucursal"])
    f1 = compra(agente, prov, 501, "590.00")
    f2 = compra(agente, prov, 502, "472.00")
    caja = agente["caja"]

    # S/ 1,062.00 paid together (over S/ 700): 3 % retained = 17.70 + 14.16 = 31.86; the provider gets 1,030.14.
    pagos = compras.pagos_registrar(
        facturas=[f1, f2], monto="1062.00", usuario=agente["vendedor"], origen=caja, fecha=hoy(), referencia="OP-77", retencion_esperada="31.86"
    )
    assert [(p.monto, p.retenido) for p in pagos] == [(D("572.30"), D("17.70")), (D("457.84"), D("14.16"))]
    caja.refresh_from_db()
    assert caja.saldo == D("5000.00") - D("1030.14")
    assert [FacturaCompra.objects.get(pk=f.pk).por_pagar for f in (f1, f2)] == [D("0.00"), D("0.00")]

    retencion = ComprobanteOtro.objects.get()
    assert (retencion.numeracion, retencion.total, retencion.total_neto) == ("R001-1", D("31.86"), D("1030.14"))
    assert {p.retencion_id for p in pagos} == {retencion.pk}
    assert [(ln.numero_documento, ln.pago_monto, ln.monto, ln.neto) for ln in retencion.lineas.all()] == [
        ("F001-501", D("590.00"), D("17.70"), D("572.30")),
        ("F001-502", D("472.00"), D("14.16"), D("457.84")),
    ]
    deuda = TributoPorPagar.objects.get(comprobante=retencion)
    assert (deuda.monto, deuda.estado, deuda.periodo) == (D("31.86"), "pendiente", f"{hoy():%Y-%m}")

    cpe = ComprobanteElectronico.con_archivos.get(otro=retencion)
    assert cpe.nombre == f"{agente['empresa'].ruc}-20-R001-1"
    nombre, xml = leer_zip(bytes(cpe.zip))
    assert validar(xml, nombre)["status"] == "accepted"

    cpe = cpe_enviar(comprobante_id=cpe.pk)
    assert cpe.estado == EstadoCpe.ACEPTADO, cpe.descripcion
    assert cpe.descripcion == "El Comprobante de Retencion numero R001-1, ha sido aceptado"
    assert IntentoEnvio.objects.get(comprobante=cpe).operacion == "sendBill"

    with django_capture_on_commit_callbacks(execute=True):
        reversion = otros.reversion_comunicar(otro_id=retencion.pk, motivo="Retención a un buen contribuyente", usuario=agente["vendedor"])
    assert ("cpe.tasks.consultar_resumen", (reversion.pk,), {}) in tareas_encoladas  # the ticket is polled in the background
    assert reversion.identificador == f"RR-{hoy():%Y%m%d}-1"
    assert reversion.estado == EstadoResumen.EN_PROCESO and reversion.ticket
    nombre, xml = leer_zip(bytes(Resumen.con_archivos.get(pk=reversion.pk).zip))
    assert validar(xml, nombre)["status"] == "accepted"
    assert b"<sac:VoidReasonDescription>Retenci\xc3\xb3n a un buen contribuyente</sac:VoidReasonDescription>" in xml
    retencion.refresh_from_db()
    assert retencion.estado == ComprobanteOtro.Estado.POR_REVERTIR

    for _ in range(10):
        reversion = servicio.resumen_avanzar(resumen_id=reversion.pk)
        if reversion.finalizado:
            break
    assert reversion.estado == EstadoResumen.ACEPTADO, reversion.descripcion
    retencion.refresh_from_db()
    cpe.refresh_from_db()
    assert retencion.estado == ComprobanteOtro.Estado.REVERTIDO
    assert cpe.estado == EstadoCpe.ANULADO
    assert TributoPorPagar.objects.get(comprobante=retencion).estado == "anulado"

    # Reverted, the payments can be voided: the money and the retained amounts come back.
    for pago in pagos:
        compras.pago_anular(pago_id=pago.pk, usuario=agente["vendedor"])
    caja.refresh_from_db()
    assert caja.saldo == D("5000.00")
    assert FacturaCompra.objects.get(pk=f1.pk).por_pagar == D("590.00")


def _retencion_pendiente(agente):
    prov = proveedor(agente["sucursal"])
    compras.pagos_registrar(facturas=[compra(agente, prov, 601, "1180.00")], monto="1180.00", usuario=agente["vendedor"], origen=agente["caja"], fecha=hoy())
    return ComprobanteElectronico.objects.get(otro=ComprobanteOtro.objects.get())


def test_falla_del_servicio_se_reintenta_y_se_acepta_una_vez(agente, sandbox):
    cpe = _retencion_pendiente(agente)
    Falla.objects.create(ruc=agente["empresa"].ruc, operacion="sendBill", tipo=TipoFalla.FALLA_SOAP, codigo="0130")
    with pytest.raises(ErrorSunat) as exc:
        cpe_enviar(comprobante_id=cpe.pk)
    assert exc.value.reintentable
    cpe.refresh_from_db()
    assert cpe.estado == EstadoCpe.ERROR and cpe.reintentable
    assert cpe_enviar(comprobante_id=cpe.pk).estado == EstadoCpe.ACEPTADO
    assert DocumentoRecibido.objects.filter(tipo="20").count() == 1


def test_el_servicio_de_otros_cpe_es_un_ajuste_de_la_empresa(agente, sandbox):
    cpe = _retencion_pendiente(agente)
    ConfiguracionCpe.objects.filter(empresa=agente["empresa"]).update(url_otros_cpe=f"{sandbox.url}/sunat-sandbox/no-existe/billService")
    agente["empresa"].refresh_from_db()
    cpe = cpe_enviar(comprobante_id=cpe.pk)  # nobody answers SUNAT's contract there
    assert cpe.estado == EstadoCpe.ERROR and "HTTP 404" in cpe.descripcion
    assert IntentoEnvio.objects.get(comprobante=cpe).resultado == IntentoEnvio.Resultado.ERROR
    ConfiguracionCpe.objects.filter(empresa=agente["empresa"]).update(url_otros_cpe="")
    assert cpe_enviar(comprobante_id=cpe.pk).estado == EstadoCpe.ACEPTADO


def test_enviar_desde_la_pantalla_del_comprobante(agente, sandbox, client):
    cpe = _retencion_pendiente(agente)
    client.force_login(factories.usuario("jefa", sucursales=[agente["sucursal"]], is_superuser=True))
    respuesta = client.get(f"/admin/billing/comprobanteotro/{cpe.otro_id}/enviar-sunat/", follow=True)
    cpe.refresh_from_db()
    assert cpe.estado == EstadoCpe.ACEPTADO
    assert "El Comprobante de Retencion numero R001-1, ha sido aceptado" in respuesta.text
