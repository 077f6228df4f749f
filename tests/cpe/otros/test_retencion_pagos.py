"""Which payments are retained, how much, and the bad requests that write nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from billing.models import Caja, ComprobanteOtro, RegimenOtro, TipoCambio, TributoPorPagar
from billing.tesoreria import services as tesoreria
from billing.tesoreria.models import MovimientoCaja
from cpe import otros
from cpe.empaquetado import leer_zip
from cpe.models import ComprobanteElectronico, ConfiguracionCpe
from purchases import services as compras
from purchases.models import PagoCompra
from tests.cpe.kit import validar
from tests.purchases.conftest import usd

from .conftest import compra, hoy, proveedor

pytestmark = pytest.mark.django_db
D = Decimal


def _pagar(negocio, facturas, monto, **opciones):
    return compras.pagos_registrar(facturas=facturas, monto=monto, usuario=negocio["vendedor"], origen=negocio["caja"], fecha=hoy(), **opciones)


def _nada_escrito(negocio):
    assert not PagoCompra.objects.exists() and not ComprobanteOtro.objects.exists() and not TributoPorPagar.objects.exists()
    assert not MovimientoCaja.objects.filter(sentido="egreso").exists()
    assert negocio["sucursal"].series.get(serie="R001").ultimo_numero == 0


def test_factura_en_dolares_se_retiene_en_soles_al_tipo_de_cambio(agente):
    prov = proveedor(agente["sucursal"])
    # US$ 500.00 at 3.750 = S/ 1,875.00: S/ 56.25 retained (US$ 15.00); the provider gets US$ 485.00.
    factura = compra(agente, prov, 900, "500.00", moneda=usd(), tipo_cambio=D("3.750"))
    TipoCambio.objects.create(moneda=usd(), fecha=hoy(), compra=D("3.740"), venta=D("3.750"))
    caja_usd = Caja.objects.create(sucursal=agente["sucursal"], nombre="Caja dólares", moneda=usd())
    caja_usd.usuarios.add(agente["vendedor"])
    tesoreria.turno_abrir(caja=caja_usd, usuario=agente["vendedor"], monto_apertura=D("1000.00"), fecha=hoy())
    [pago] = compras.pagos_registrar(facturas=[factura], monto="500.00", usuario=agente["vendedor"], origen=caja_usd, fecha=hoy())
    assert (pago.monto, pago.retenido) == (D("485.00"), D("15.00"))
    retencion = ComprobanteOtro.objects.get()
    assert (retencion.total, retencion.total_neto) == (D("56.25"), D("1818.75"))
    linea = retencion.lineas.get()
    assert (linea.moneda, linea.pago_monto, linea.tipo_cambio) == ("USD", D("500.00"), D("3.750"))
    nombre, xml = leer_zip(bytes(ComprobanteElectronico.con_archivos.get(otro=retencion).zip))
    assert validar(xml, nombre)["status"] == "accepted"
    assert b"<cbc:CalculationRate>3.75</cbc:CalculationRate>" in xml


def test_pago_parcial_lleva_su_numero_de_pago(agente):
    prov = proveedor(agente["sucursal"])
    factura = compra(agente, prov, 901, "2360.00")
    _pagar(agente, [factura], "1000.00")
    _pagar(agente, [factura], "360.00")
    segunda = ComprobanteOtro.objects.order_by("numero").last()
    # The second payment of the same factura: pago 2, S/ 360.00, retained 10.80.
    assert (segunda.numeracion, segunda.total) == ("R001-2", D("10.80"))
    assert segunda.lineas.get().pago_numero == 2
    nombre, xml = leer_zip(bytes(ComprobanteElectronico.con_archivos.get(otro=segunda).zip))
    assert validar(xml, nombre)["status"] == "accepted"


def test_operacion_hasta_700_soles_no_se_retiene(agente):
    prov = proveedor(agente["sucursal"])
    [pago] = _pagar(agente, [compra(agente, prov, 902, "700.00")], "700.00")
    assert (pago.monto, pago.retenido, pago.retencion) == (D("700.00"), D("0.00"), None)
    assert not ComprobanteOtro.objects.exists()


def test_el_umbral_es_un_parametro_fechado(agente):
    RegimenOtro.objects.create(tipo="20", codigo="01", descripcion="Tasa 3 %", vigente_desde=hoy() - datetime.timedelta(days=1), tasa=D("3"), monto_minimo=D("1000"))
    prov = proveedor(agente["sucursal"])
    [pago] = _pagar(agente, [compra(agente, prov, 903, "900.00")], "900.00")
    assert pago.retenido == 0


@pytest.mark.parametrize("flag", ["agente_retencion", "buen_contribuyente"])
def test_no_se_retiene_a_agentes_ni_buenos_contribuyentes(agente, flag):
    prov = proveedor(agente["sucursal"], **{flag: True})
    [pago] = _pagar(agente, [compra(agente, prov, 904, "1180.00")], "1180.00")
    assert pago.retenido == 0 and not ComprobanteOtro.objects.exists()


def test_retener_a_un_agente_es_un_error_y_no_escribe_nada(agente):
    prov = proveedor(agente["sucursal"], nombre="AGENTE S.A.", agente_retencion=True)
    factura = compra(agente, prov, 905, "1180.00")
    with pytest.raises(ValidationError, match="No corresponde retener: AGENTE S.A. es agente de retención"):
        _pagar(agente, [factura], "1180.00", retener=True)
    _nada_escrito(agente)


def test_importe_retenido_que_no_es_la_tasa_no_escribe_nada(agente):
    prov = proveedor(agente["sucursal"])
    factura = compra(agente, prov, 906, "1180.00")
    with pytest.raises(ValidationError, match=r"no corresponde a la tasa de 3 % sobre lo pagado: debe ser S/ 35.40"):
        _pagar(agente, [factura], "1180.00", retencion_esperada="30.00")
    _nada_escrito(agente)


def test_documento_en_dolares_sin_tipo_de_cambio_no_escribe_nada(agente):
    prov = proveedor(agente["sucursal"])
    factura = compra(agente, prov, 907, "500.00", moneda=usd(), tipo_cambio=D("3.700"))
    factura.__class__.objects.filter(pk=factura.pk).update(tipo_cambio=1)
    factura.refresh_from_db()
    with pytest.raises(ValidationError, match="F001-907 está en USD y no tiene tipo de cambio"):
        _pagar(agente, [factura], "500.00")
    _nada_escrito(agente)


def test_sin_serie_de_retencion_no_se_paga(agente):
    agente["sucursal"].series.filter(serie="R001").update(activo=False)
    prov = proveedor(agente["sucursal"])
    with pytest.raises(ValidationError, match="no tiene una serie activa de comprobante de retención"):
        _pagar(agente, [compra(agente, prov, 908, "1180.00")], "1180.00")
    assert not PagoCompra.objects.exists()


def test_solo_se_revierte_lo_aceptado(agente):
    prov = proveedor(agente["sucursal"])
    _pagar(agente, [compra(agente, prov, 909, "1180.00")], "1180.00")
    retencion = ComprobanteOtro.objects.get()
    with pytest.raises(ValidationError, match="Solo se revierte un comprobante aceptado por SUNAT; el Comprobante de retención R001-1 está «pendiente de envío»"):
        otros.reversion_solicitar(otro_id=retencion.pk, motivo="Error")
    retencion.refresh_from_db()
    assert retencion.estado == ComprobanteOtro.Estado.EMITIDO
    assert not retencion.cpe.lineas_resumen.exists()


def test_no_se_anula_un_pago_con_retencion_vigente(agente):
    prov = proveedor(agente["sucursal"])
    [pago] = _pagar(agente, [compra(agente, prov, 910, "1180.00")], "1180.00")
    with pytest.raises(ValidationError, match="reviértalo ante SUNAT antes de anular el pago"):
        compras.pago_anular(pago_id=pago.pk, usuario=agente["vendedor"])


def test_el_comprobante_se_envia_en_segundo_plano_al_confirmar_el_pago(agente, tareas_encoladas, django_capture_on_commit_callbacks):
    ConfiguracionCpe.objects.filter(empresa=agente["empresa"]).update(envio_automatico=True)
    prov = proveedor(agente["sucursal"])
    factura = compra(agente, prov, 911, "1180.00")
    with django_capture_on_commit_callbacks(execute=True):
        _pagar(agente, [factura], "1180.00")
    cpe = ComprobanteElectronico.objects.get(otro=ComprobanteOtro.objects.get())
    assert ("cpe.tasks.enviar_comprobante", (cpe.pk,), {}) in tareas_encoladas
