"""REST API of the treasury: movements registered through the service, refusals as 400, branches, filters, receivables."""

import datetime
from decimal import Decimal

import pytest

from billing.models import Caja, MovimientoCaja
from billing.tesoreria import services
from erp.models import ApiKey
from tests import factories

from .conftest import HOY
from .test_cartera import _perfil_cobranza, cartera_tienda  # noqa: F401  (the receivables of fixed dates)

D = Decimal
MOVIMIENTOS = "/api/rest/tesoreria/movimientos-caja/"
OPERACIONES = "/api/rest/tesoreria/operaciones-bancarias/"
CARTERA = "/api/rest/tesoreria/cuentas-por-cobrar/"


@pytest.fixture
def abierta(caja_tienda):
    t = caja_tienda
    services.turno_abrir(caja=t["caja"], usuario=t["cajero"], monto_apertura="200.00", fecha=HOY)
    return {**t, "clave": ApiKey.generar(usuario=t["cajero"], nombre="POS")[1]}


def _post(client, clave, **datos):
    return client.post(MOVIMIENTOS, datos, content_type="application/json", HTTP_KEY=clave)


def _get(client, clave, url, **params):
    resp = client.get(url, params, HTTP_KEY=clave)
    assert resp.status_code == 200, resp.content
    return resp.json()


def _saldo(caja):
    return Caja.objects.get(pk=caja.pk).saldo


def test_un_post_mueve_el_saldo_de_la_caja(client, abierta):
    t = abierta
    resp = _post(client, t["clave"], caja=t["caja"].pk, sentido="ingreso", monto="118.00", concepto=t["ventas"].pk, referencia="B001-1")
    assert resp.status_code == 201, resp.content
    datos = resp.json()
    # 200.00 opening + 118.00
    assert (datos["sentido"], datos["monto"], datos["saldo_resultante"], datos["concepto_nombre"], datos["usuario"]) == (
        "ingreso", "118.00", "318.00", "Ventas al contado", "cajero",
    )  # fmt: skip
    resp = _post(client, t["clave"], caja=t["caja"].pk, sentido="egreso", monto="45.50", concepto=t["gastos"].pk, descripcion="Útiles")
    assert resp.status_code == 201 and resp.json()["saldo_resultante"] == "272.50"
    # US$ 20.00 at 3.750 into the soles register: S/ 75.00
    resp = _post(client, t["clave"], caja=t["caja"].pk, sentido="ingreso", monto="20.00", moneda="USD", tipo_cambio="3.750")
    assert resp.status_code == 201 and (resp.json()["monto"], resp.json()["tipo_cambio"]) == ("75.00", "3.750")
    assert _saldo(t["caja"]) == D("347.50")


def test_un_egreso_mayor_al_saldo_es_400_y_no_escribe_nada(client, abierta):
    t = abierta
    antes = MovimientoCaja.objects.count()
    resp = _post(client, t["clave"], caja=t["caja"].pk, sentido="egreso", monto="200.01")
    assert resp.status_code == 400
    assert resp.json() == {"detail": "El egreso de 200.01 supera el saldo de la caja Caja principal (PEN) (200.00)."}
    assert (_saldo(t["caja"]), MovimientoCaja.objects.count()) == (D("200.00"), antes)
    # The USD register has no open session; an expense concept cannot be an income.
    resp = _post(client, t["clave"], caja=t["caja_usd"].pk, sentido="ingreso", monto="10.00", tipo_cambio="3.750")
    assert resp.status_code == 400 and resp.json()["detail"] == "La caja Caja dólares (USD) está cerrada: abra un turno para operarla."
    resp = _post(client, t["clave"], caja=t["caja"].pk, sentido="ingreso", monto="10.00", concepto=t["gastos"].pk)
    assert resp.status_code == 400 and resp.json()["detail"] == "El concepto «Gastos de oficina» es de egresos."
    resp = _post(client, t["clave"], caja=t["caja"].pk, sentido="ingreso", monto="abc")
    assert resp.status_code == 400 and "monto" in resp.json()
    resp = client.post(MOVIMIENTOS, '{"caja": 1,', content_type="application/json", HTTP_KEY=t["clave"])
    assert (resp.status_code, resp.json()) == (400, {"detail": "El cuerpo de la petición no es un JSON válido."})
    assert (_saldo(t["caja"]), MovimientoCaja.objects.count()) == (D("200.00"), antes)


def test_la_caja_de_otra_sucursal_se_rechaza_y_no_se_lista(client, abierta):
    t = abierta
    cusco = factories.sucursal(t["empresa"], codigo="0001", nombre="Cusco")
    ajena = Caja.objects.create(sucursal=cusco, nombre="Caja Cusco", moneda=t["soles"])
    admin = factories.usuario("jefe", sucursales=[cusco], is_superuser=True)
    ajena.usuarios.add(t["cajero"])  # even assigned, the cashier does not operate Cusco
    services.turno_abrir(caja=ajena, usuario=admin, monto_apertura="50.00", fecha=HOY)
    resp = _post(client, t["clave"], caja=ajena.pk, sentido="ingreso", monto="10.00")
    assert resp.status_code == 400 and resp.json() == {"caja": [f"La caja {ajena.pk} no existe o es de otra sucursal."]}
    assert _saldo(ajena) == D("50.00")
    assert _get(client, t["clave"], MOVIMIENTOS, caja=ajena.pk)["count"] == 0
    assert client.get(f"{MOVIMIENTOS}{ajena.movimientos.get().pk}/", HTTP_KEY=t["clave"]).status_code == 404
    # Without the treasury module: neither list nor register.
    sin_modulo = ApiKey.generar(usuario=t["vendedor"], nombre="x")[1]
    assert client.get(MOVIMIENTOS, HTTP_KEY=sin_modulo).status_code == 403
    assert _post(client, sin_modulo, caja=t["caja"].pk, sentido="ingreso", monto="1.00").status_code == 403


def test_filtros_de_la_lista_de_movimientos(client, abierta):
    t = abierta
    caja, cajero, manana = t["caja"], t["cajero"], HOY + datetime.timedelta(days=1)
    services.movimiento_registrar(caja=caja, sentido="ingreso", monto="100.00", usuario=cajero, fecha=HOY, concepto=t["ventas"], referencia="B001-7")
    services.movimiento_registrar(caja=caja, sentido="egreso", monto="30.00", usuario=cajero, fecha=HOY, concepto=t["gastos"])
    services.movimiento_registrar(caja=caja, sentido="egreso", monto="20.00", usuario=cajero, fecha=manana)

    def montos(**params):
        return [f["monto"] for f in _get(client, t["clave"], MOVIMIENTOS, **params)["results"]]

    # The opening adjustment (200.00) is an income of HOY too; newest first.
    assert montos(caja=caja.pk) == ["20.00", "30.00", "100.00", "200.00"]
    assert montos(sentido="egreso") == ["20.00", "30.00"]
    assert montos(concepto=t["ventas"].pk) == ["100.00"]
    assert montos(fecha_desde=manana.isoformat()) == ["20.00"]
    assert montos(fecha_hasta=HOY.isoformat(), sentido="ingreso") == ["100.00", "200.00"]
    assert montos(turno=caja.turnos.get().pk, search="B001-7") == ["100.00"]
    assert montos(caja=t["caja_usd"].pk) == []


def test_operaciones_bancarias_filtradas_y_de_su_empresa(client, abierta):
    t = abierta
    t["cajero"].perfiles.add(factories.perfil("Bancos", modulos=["tesoreria.bancos"]))
    services.transferencia_registrar(origen=t["caja"], destino=t["banco"], monto="150.00", usuario=t["cajero"], fecha=HOY, numero_operacion="778899")
    services.operacion_registrar(cuenta=t["banco"], tipo="comision", monto="5.00", usuario=t["cajero"], fecha=HOY + datetime.timedelta(days=2))
    otra = factories.empresa()
    from billing.models import CuentaBancaria

    ajena = CuentaBancaria.objects.create(empresa=otra, banco="BBVA", moneda=t["soles"], numero="0011")
    jefe = factories.usuario("jefe", is_superuser=True)
    services.operacion_registrar(cuenta=ajena, tipo="deposito", monto="999.00", usuario=jefe, fecha=HOY)

    def filas(**params):
        return [(f["tipo"], f["monto"], f["saldo_resultante"]) for f in _get(client, t["clave"], OPERACIONES, **params)["results"]]

    # The account opened with 1,000.00: +150.00 deposit, −5.00 commission.
    assert filas() == [("comision", "5.00", "1145.00"), ("deposito", "150.00", "1150.00")]
    assert filas(tipo="deposito", cuenta=t["banco"].pk) == [("deposito", "150.00", "1150.00")]
    assert filas(fecha_desde=(HOY + datetime.timedelta(days=1)).isoformat()) == [("comision", "5.00", "1145.00")]
    assert filas(fecha_hasta=HOY.isoformat(), search="778899") == [("deposito", "150.00", "1150.00")]
    # The cashier's profile without the bank module cannot read them.
    assert client.get(OPERACIONES, HTTP_KEY=ApiKey.generar(usuario=t["vendedor"], nombre="x")[1]).status_code == 403


@pytest.fixture
def clave_cobranza(cartera_tienda):  # noqa: F811
    cartera_tienda["cajero"].perfiles.add(_perfil_cobranza())
    return ApiKey.generar(usuario=cartera_tienda["cajero"], nombre="POS")[1]


def test_cuentas_por_cobrar_con_su_tramo_y_paginadas(client, cartera_tienda, clave_cobranza):  # noqa: F811
    t, clave = cartera_tienda, clave_cobranza
    datos = _get(client, clave, CARTERA, corte=HOY.isoformat())
    # As the screen: A1 300.00 (95 days), C 590.00 (65), A2 500.00 (45), B 118.00 (20), A3 180.00 not due.
    assert datos["count"] == 5
    assert datos["resumen"] == {
        "moneda": "PEN", "corte": HOY.isoformat(), "total": "1688.00",
        "tramos": {"por_vencer": "180.00", "d1_30": "118.00", "d31_60": "500.00", "d61_90": "590.00", "d90": "300.00"},
    }  # fmt: skip
    filas = [(f["documento_id"], f["cuota"], f["pagado"], f["saldo"], f["dias_vencido"], f["tramo"]) for f in datos["results"]]
    a, b, c = t["a"].pk, t["b"].pk, t["c"].pk
    assert filas == [
        (a, 1, "200.00", "300.00", 95, "d90"), (c, 1, "0.00", "590.00", 65, "d61_90"), (a, 2, "0.00", "500.00", 45, "d31_60"),
        (b, 0, "0.00", "118.00", 20, "d1_30"), (a, 3, "0.00", "180.00", -10, "por_vencer"),
    ]  # fmt: skip
    assert (datos["results"][0]["tramo_nombre"], datos["results"][3]["cliente_id"], datos["results"][3]["cliente"]) == (
        "Más de 90 días", t["con_dni"].pk, "JUAN PÉREZ",
    )  # fmt: skip
    pagina = _get(client, clave, CARTERA, corte=HOY.isoformat(), page_size=2, page=2)
    assert (pagina["count"], [f["saldo"] for f in pagina["results"]]) == (5, ["500.00", "118.00"])
    assert "page=3" in pagina["next"] and pagina["previous"]
    solo_b = _get(client, clave, CARTERA, corte=HOY.isoformat(), cliente=t["con_dni"].pk)
    assert (solo_b["count"], solo_b["resumen"]["total"]) == (1, "118.00")
    assert _get(client, clave, CARTERA, moneda="USD")["count"] == 0


def test_cuentas_por_cobrar_rechaza_parametros_malos(client, cartera_tienda, clave_cobranza):  # noqa: F811
    clave = clave_cobranza
    assert client.get(CARTERA, {"corte": "20/11/2026"}, HTTP_KEY=clave).json() == {"corte": ["La fecha de corte debe tener la forma AAAA-MM-DD."]}
    assert client.get(CARTERA, {"moneda": "XXX"}, HTTP_KEY=clave).status_code == 400
    assert client.get(CARTERA, {"cliente": factories.cliente(factories.sucursal(factories.empresa())).pk}, HTTP_KEY=clave).status_code == 400
    assert client.get(CARTERA, {"page": 9}, HTTP_KEY=clave).status_code == 404
    sin_modulo = ApiKey.generar(usuario=cartera_tienda["vendedor"], nombre="x")[1]
    assert client.get(CARTERA, HTTP_KEY=sin_modulo).status_code == 403
