"""The write services other modules pay and collect through: balances, rates, refusals, reversals, transfers."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from billing.models import Caja, MovimientoCaja, OperacionBancaria, TurnoCaja
from billing.tesoreria import selectors, services
from tests import factories

from .conftest import HOY

D = Decimal


@pytest.fixture
def abierta(caja_tienda):
    services.turno_abrir(caja=caja_tienda["caja"], usuario=caja_tienda["cajero"], monto_apertura="200.00", fecha=HOY)
    return caja_tienda


def _saldo(caja):
    return Caja.objects.get(pk=caja.pk).saldo


def test_ingresos_y_egresos_mueven_el_saldo_y_cada_movimiento_guarda_el_suyo(abierta):
    caja, cajero = abierta["caja"], abierta["cajero"]
    a = services.cobro_registrar(destino=caja, monto="118.00", usuario=cajero, fecha=HOY, referencia="B001-1", concepto=abierta["ventas"])
    b = services.pago_registrar(origen=caja, monto=D("45.50"), usuario=cajero, fecha=HOY, concepto=abierta["gastos"], descripcion="Útiles")
    # 200.00 opening + 118.00 - 45.50 = 272.50
    assert (a.saldo_resultante, b.saldo_resultante) == (D("318.00"), D("272.50"))
    assert _saldo(caja) == D("272.50") == selectors.saldo_caja(caja)
    assert (b.sentido, b.monto, b.monto_pen, b.tipo_cambio) == ("egreso", D("45.50"), D("45.50"), D("1.000"))


def test_un_pago_en_dolares_desde_una_caja_en_soles_usa_el_tipo_de_cambio_del_dia(abierta):
    pago = services.pago_registrar(origen=abierta["caja"], monto="20.00", moneda=abierta["dolares"], usuario=abierta["cajero"], fecha=HOY)
    # US$ 20.00 × 3.750 (venta of the day) = S/ 75.00
    assert (pago.monto, pago.tipo_cambio, pago.monto_pen) == (D("75.00"), D("3.750"), D("75.00"))
    assert _saldo(abierta["caja"]) == D("125.00")


def test_la_cuenta_en_dolares_guarda_su_saldo_en_dolares_y_el_equivalente_en_soles(abierta):
    op = services.cobro_registrar(destino=abierta["banco_usd"], monto="100.00", usuario=abierta["cajero"], fecha=HOY, tipo_cambio="3.742")
    assert (op.monto, op.tipo_cambio, op.monto_pen, op.tipo) == (D("100.00"), D("3.742"), D("374.20"), "cobro")
    assert selectors.saldo_cuenta(abierta["banco_usd"]) == D("100.00")


def test_sin_tipo_de_cambio_del_dia_no_se_mueven_dolares(abierta):
    otro_dia = HOY.replace(day=21)
    with pytest.raises(ValidationError, match="No hay tipo de cambio de USD del 21/11/2026"):
        services.cobro_registrar(destino=abierta["banco_usd"], monto="10", usuario=abierta["cajero"], fecha=otro_dia)
    assert not OperacionBancaria.objects.exists()


@pytest.mark.parametrize(
    ("caso", "mensaje"),
    [
        ("cerrada", "está cerrada: abra un turno"),
        ("no_asignado", "no está asignado a la caja"),
        ("otra_sucursal", "que su usuario no opera"),
        ("excede", r"El egreso de 500.00 supera el saldo de la caja Caja principal \(PEN\) \(200.00\)"),
        ("fecha_pasada", "pertenece a un turno cerrado"),
        ("monto", "no es un número"),
    ],
)
def test_lo_que_se_rechaza_no_escribe_nada(abierta, caso, mensaje):
    caja, usuario, monto, fecha = abierta["caja"], abierta["cajero"], "500.00", HOY
    if caso == "cerrada":
        caja = abierta["caja_usd"]
    elif caso == "no_asignado":
        usuario = factories.usuario("intruso", sucursales=[abierta["sucursal"]])
    elif caso == "otra_sucursal":
        usuario = factories.usuario("de_arequipa", sucursales=[factories.sucursal(abierta["empresa"], codigo="0002")])
        caja.usuarios.add(usuario)
    elif caso == "fecha_pasada":
        monto, fecha = "1.00", HOY.replace(day=19)
    elif caso == "monto":
        monto = "mil"
    antes = MovimientoCaja.objects.count()
    with pytest.raises(ValidationError, match=mensaje):
        services.pago_registrar(origen=caja, monto=monto, usuario=usuario, fecha=fecha)
    assert MovimientoCaja.objects.count() == antes
    assert _saldo(abierta["caja"]) == D("200.00")


def test_con_el_permiso_de_saldo_negativo_el_egreso_pasa(abierta):
    jefe = factories.usuario("jefe", sucursales=[abierta["sucursal"]], perfiles=[factories.perfil("Jefe", modulos=["tesoreria.saldo_negativo"])])
    abierta["caja"].usuarios.add(jefe)
    services.pago_registrar(origen=abierta["caja"], monto="250.00", usuario=jefe, fecha=HOY)
    assert _saldo(abierta["caja"]) == D("-50.00")


def test_anular_un_pago_lo_revierte_con_un_contramovimiento(abierta):
    pago = factories.usuario("documento")  # any row stands for the payment document
    caja, cajero = abierta["caja"], abierta["cajero"]
    original = services.cobro_registrar(destino=caja, monto="80.00", usuario=cajero, fecha=HOY, documento=pago)
    [reversion] = services.movimientos_revertir(documento=pago, usuario=cajero, motivo="Pago anulado")
    assert (reversion.sentido, reversion.monto, reversion.revierte, reversion.documento) == ("egreso", D("80.00"), original, pago)
    assert MovimientoCaja.objects.filter(pk=original.pk).exists()
    assert _saldo(caja) == D("200.00")
    assert services.movimientos_revertir(documento=pago, usuario=cajero) == []
    with pytest.raises(ValidationError, match="ya fue revertido"):
        services.movimiento_revertir(movimiento=original, usuario=cajero)


def test_deposito_del_efectivo_en_el_banco_mueve_las_dos_partes_y_se_revierte_entero(abierta):
    caja, banco, cajero = abierta["caja"], abierta["banco"], abierta["cajero"]
    salida, entrada = services.transferencia_registrar(origen=caja, destino=banco, monto="150.00", usuario=cajero, fecha=HOY, numero_operacion="0012345")
    assert (salida.contrapartida_banco, entrada.contrapartida_caja) == (entrada, salida)
    assert (entrada.tipo, entrada.numero_operacion) == ("deposito", "0012345")
    assert (_saldo(caja), selectors.saldo_cuenta(banco)) == (D("50.00"), D("1150.00"))
    services.movimiento_revertir(movimiento=entrada, usuario=cajero, motivo="Depósito errado")
    banco.refresh_from_db()
    assert (_saldo(caja), banco.saldo, selectors.saldo_cuenta(banco)) == (D("200.00"), D("1000.00"), D("1000.00"))


def test_transferir_de_soles_a_la_cuenta_en_dolares_convierte_al_tipo_de_cambio(abierta):
    _, entrada = services.transferencia_registrar(origen=abierta["banco"], destino=abierta["banco_usd"], monto="375.00", usuario=abierta["cajero"], fecha=HOY)
    # S/ 375.00 / 3.750 = US$ 100.00
    assert (entrada.monto, entrada.monto_pen) == (D("100.00"), D("375.00"))


def test_una_caja_tiene_un_solo_turno_abierto(abierta):
    with pytest.raises(ValidationError, match="ya tiene un turno abierto"):
        services.turno_abrir(caja=abierta["caja"], usuario=abierta["cajero"], monto_apertura="0", fecha=HOY)
    assert TurnoCaja.objects.filter(caja=abierta["caja"]).count() == 1


def test_la_caja_que_se_tenia_de_antes_opera_el_turno_que_tiene_ahora(caja_tienda):
    cajero = caja_tienda["cajero"]
    de_antes = Caja.objects.get(pk=caja_tienda["caja"].pk)  # read while closed, as a screen left open would
    turno = services.turno_abrir(caja=caja_tienda["caja"], usuario=cajero, monto_apertura="200.00", fecha=HOY)
    movimiento = services.cobro_registrar(destino=de_antes, monto="10.00", usuario=cajero, fecha=HOY)
    assert (movimiento.turno, movimiento.saldo_resultante) == (turno, D("210.00"))

    services.turno_cerrar(turno=turno, usuario=cajero, conteo={"200": 1, "10": 1})
    # Still holding the row that named the open session: the closed one is not used, nothing moves.
    with pytest.raises(ValidationError, match="está cerrada: abra un turno"):
        services.cobro_registrar(destino=de_antes, monto="5.00", usuario=cajero, fecha=HOY)
    assert _saldo(de_antes) == D("210.00") and MovimientoCaja.objects.filter(monto=D("5.00")).count() == 0
    nuevo = services.turno_abrir(caja=caja_tienda["caja"], usuario=cajero, monto_apertura="210.00", fecha=HOY)
    assert services.cobro_registrar(destino=de_antes, monto="5.00", usuario=cajero, fecha=HOY).turno == nuevo


def test_los_movimientos_filtrados_se_exportan_a_excel(client, caja_tienda):
    import io

    from openpyxl import load_workbook

    t = caja_tienda
    services.turno_abrir(caja=t["caja"], usuario=t["cajero"], monto_apertura="200.00", fecha=HOY)
    services.movimiento_registrar(caja=t["caja"], sentido="egreso", monto="45.50", usuario=t["cajero"], concepto=t["gastos"], fecha=HOY)
    services.movimiento_registrar(caja=t["caja"], sentido="ingreso", monto="80.00", usuario=t["cajero"], concepto=t["ventas"], fecha=HOY)
    client.force_login(t["cajero"])
    lista = client.get("/admin/billing/movimientocaja/", {"sentido__exact": "egreso"}).content.decode()
    assert "exportar-excel/?sentido__exact=egreso" in lista
    libro = load_workbook(io.BytesIO(client.get("/admin/billing/movimientocaja/exportar-excel/", {"sentido__exact": "egreso"}).content))
    filas = list(libro.active.iter_rows(values_only=True))
    assert filas[0][:4] == ("Fecha", "Caja", "Sentido", "Concepto")
    assert len(filas) == 2 and "Gastos de oficina" in filas[1] and -45.5 in [float(v) for v in filas[1] if isinstance(v, int | float)]
