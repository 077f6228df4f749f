"""The issue's "done when": a day of a register, computed by hand."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from billing import services as ventas
from billing.models import Caja, Cuota, MovimientoCaja, Pago, TurnoCaja
from billing.tesoreria import selectors, services
from tests.ventas import borrador

from .conftest import HOY

D = Decimal


def _linea(producto, cantidad):
    return {
        "producto": producto, "codigo": producto.codigo, "descripcion": producto.nombre, "unidad": producto.unidad,
        "cantidad": D(cantidad), "precio_unitario": producto.precio_venta, "afectacion_igv": producto.afectacion_igv,
    }  # fmt: skip


def _boleta_al_contado(t, *lineas):
    return ventas.documento_registrar(
        tipo="03", sucursal=t["sucursal"], usuario=t["vendedor"], lineas=[_linea(p, c) for p, c in lineas],
        cabecera={"cliente": t["con_dni"], "moneda": t["soles"], "fecha_emision": HOY},
        pago=ventas.PagoAlEmitir(HOY, t["efectivo"]),
    )  # fmt: skip


@pytest.fixture
def factura_al_credito(caja_tienda):
    t = caja_tienda
    doc = borrador(t, lineas=[(t["laptop"], 1, "2360.00")], forma_pago="credito", fecha_emision=HOY - datetime.timedelta(days=10))
    Cuota.objects.create(documento=doc, numero=1, fecha_pago=HOY + datetime.timedelta(days=20), monto=D("2360.00"))
    return ventas.documento_emitir(documento_id=doc.pk, usuario=t["vendedor"])


def test_un_dia_de_caja(caja_tienda, factura_al_credito):
    t = caja_tienda
    caja, cajero = t["caja"], t["cajero"]
    turno = services.turno_abrir(caja=caja, usuario=cajero, monto_apertura="200.00", fecha=HOY)

    # Five cash sales: 59.00 + 118.00 + 118.00 + 177.00 + 236.00 = 708.00
    for lineas in ([(t["mouse"], 1)], [(t["mouse"], 2)], [(t["soporte"], 1)], [(t["mouse"], 3)], [(t["mouse"], 2), (t["mouse"], 2)]):
        boleta = _boleta_al_contado(t, *lineas)
        assert boleta.estado_pago == "pagado"
    # The credit factura's instalment, partly collected: 1,000.00 of 2,360.00
    cobro = ventas.pago_registrar(documento=factura_al_credito, fecha=HOY, monto=D("1000.00"), metodo_pago=t["efectivo"], usuario=cajero)
    factura_al_credito.refresh_from_db()
    assert (factura_al_credito.estado_pago, factura_al_credito.saldo) == ("parcial", D("1360.00"))
    assert MovimientoCaja.objects.get(documento_id=cobro.pk, documento_tipo__model="pago").monto == D("1000.00")
    # An expense and the deposit of the day's cash
    services.pago_registrar(origen=caja, monto="85.40", usuario=cajero, fecha=HOY, concepto=t["gastos"], referencia="Recibo 0031")
    services.transferencia_registrar(origen=caja, destino=t["banco"], monto="1500.00", usuario=cajero, fecha=HOY, numero_operacion="778899")

    # Counted: 1 × 200 + 1 × 100 + 2 × 10 + 1 × 0.10 = 320.10
    conteo = {"200": 1, "100": 1, "10": 2, "0.10": 1}
    with pytest.raises(ValidationError, match="un faltante de 2.50: explique la diferencia"):
        services.turno_cerrar(turno=turno, usuario=cajero, conteo=conteo)
    assert TurnoCaja.objects.get(pk=turno.pk).estado == "abierto"
    turno = services.turno_cerrar(turno=turno, usuario=cajero, conteo=conteo, explicacion="Vuelto mal entregado")

    # Expected: 200.00 + 708.00 + 1,000.00 − 85.40 − 1,500.00 = 322.60
    assert (turno.monto_esperado, turno.monto_contado, turno.diferencia, turno.resultado) == (D("322.60"), D("320.10"), D("-2.50"), "Faltante")
    assert turno.conteo == {"200": 1, "100": 1, "10": 2, "0.10": 1}
    caja.refresh_from_db()
    assert caja.saldo == D("320.10") == selectors.saldo_caja(caja)
    # Bank: opening 1,000.00 + deposit 1,500.00
    t["banco"].refresh_from_db()
    assert t["banco"].saldo == D("2500.00") == selectors.saldo_cuenta(t["banco"], HOY)
    # The opening fund (the register was empty), six collections, one expense, one deposit, one shortage
    assert MovimientoCaja.objects.filter(turno=turno).count() == 10
    with pytest.raises(ValidationError, match="está cerrada"):
        services.cobro_registrar(destino=caja, monto="1", usuario=cajero, fecha=HOY)


def test_una_venta_al_contado_con_la_caja_cerrada_no_se_emite(caja_tienda):
    t = caja_tienda
    with pytest.raises(ValidationError, match="está cerrada: abra un turno"):
        _boleta_al_contado(t, (t["mouse"], 1))
    assert not Pago.objects.exists()
    assert not t["sucursal"].series.get(serie="B001").documentos_venta.exists()


def test_anular_el_pago_devuelve_el_dinero_con_un_contramovimiento(caja_tienda, factura_al_credito):
    t = caja_tienda
    services.turno_abrir(caja=t["caja"], usuario=t["cajero"], monto_apertura="0", fecha=HOY)
    pago = ventas.pago_registrar(documento=factura_al_credito, fecha=HOY, monto=D("360.00"), metodo_pago=t["efectivo"], usuario=t["cajero"])
    ventas.pago_anular(pago=pago, usuario=t["cajero"])
    factura_al_credito.refresh_from_db()
    assert (factura_al_credito.estado_pago, Caja.objects.get(pk=t["caja"].pk).saldo) == ("pendiente", D("0.00"))
    assert list(MovimientoCaja.objects.order_by("id").values_list("sentido", "monto")) == [("ingreso", D("360.00")), ("egreso", D("360.00"))]


def test_el_metodo_con_cuenta_de_abono_cobra_en_el_banco(caja_tienda, factura_al_credito):
    t = caja_tienda
    transferencia = t["efectivo"].__class__.objects.create(empresa=t["empresa"], nombre="Transferencia", medio_pago_sunat="003", cuenta_bancaria=t["banco"])
    ventas.pago_registrar(documento=factura_al_credito, fecha=HOY, monto=D("2360.00"), metodo_pago=transferencia, usuario=t["cajero"], referencia="OP-5521")
    t["banco"].refresh_from_db()
    operacion = t["banco"].operaciones.get()
    assert (t["banco"].saldo, operacion.tipo, operacion.numero_operacion, operacion.referencia) == (D("3360.00"), "cobro", "OP-5521", "F001-00000001")
