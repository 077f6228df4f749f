"""Sessions from the office screens: open, movements, deposit, close with the count, the arqueo PDF."""

import io
from decimal import Decimal

from django.contrib.messages import get_messages
from pypdf import PdfReader

from billing.models import Caja, MovimientoCaja, TurnoCaja
from tests import factories

D = Decimal


def _post(client, caja, accion, datos):
    return client.post(f"/admin/billing/caja/{caja.pk}/{accion}/", {"_form_submitted": "True", **datos}, HTTP_HX_REQUEST="true")


def _mensajes(resp):
    return [str(m) for m in get_messages(resp.wsgi_request)]


def test_un_turno_desde_las_pantallas_y_su_arqueo(client, caja_tienda):
    t = caja_tienda
    caja = t["caja"]
    client.force_login(t["cajero"])
    assert "Cerrada" in client.get("/admin/billing/caja/").content.decode()
    _post(client, caja, "abrir", {"monto_apertura": "150.00"})
    assert TurnoCaja.objects.get(caja=caja).estado == "abierto"
    _post(client, caja, "movimiento", {"sentido": "ingreso", "concepto": t["ventas"].pk, "monto": "62.30", "referencia": "NV01-7"})
    _post(client, caja, "movimiento", {"sentido": "egreso", "concepto": t["gastos"].pk, "monto": "12.80", "descripcion": "Movilidad"})
    _post(client, caja, "depositar", {"destino": f"cuenta:{t['banco'].pk}", "monto": "100.00", "numero_operacion": "5566"})
    # Expected 150.00 + 62.30 − 12.80 − 100.00 = 99.50; counted 2 × 50 = 100.00: sobrante 0.50
    resp = _post(client, caja, "cerrar", {"d_50": "2"})
    assert _mensajes(resp)[-1:] == ["El conteo da un sobrante de 0.50: explique la diferencia para cerrar."]
    resp = _post(client, caja, "cerrar", {"d_50": "2", "explicacion": "Cliente no esperó su vuelto"})
    turno = TurnoCaja.objects.get(caja=caja)
    assert resp.headers["HX-Redirect"].endswith(f"/admin/billing/turnocaja/{turno.pk}/change/")
    assert (turno.estado, turno.monto_esperado, turno.monto_contado, turno.diferencia) == ("cerrado", D("99.50"), D("100.00"), D("0.50"))
    assert Caja.objects.get(pk=caja.pk).saldo == D("100.00")

    resp = client.get(f"/admin/billing/turnocaja/{turno.pk}/arqueo/")
    assert resp["Content-Type"] == "application/pdf"
    texto = " ".join(PdfReader(io.BytesIO(resp.content)).pages[0].extract_text().split())
    for esperado in ("ARQUEO DE CAJA", "Billete de S/ 50", "Monto de apertura 150.00", "(+) Ingresos del turno 62.30", "(−) Egresos del turno 112.80",
                     "Monto esperado 99.50", "Monto contado 100.00", "Sobrante 0.50", "Cliente no esperó su vuelto", "Movilidad"):  # fmt: skip
        assert esperado in texto, esperado


def test_quien_no_esta_asignado_no_abre_la_caja(client, caja_tienda):
    t = caja_tienda
    otro = factories.usuario("otro_cajero", sucursales=[t["sucursal"]], perfiles=[factories.perfil("Caja 2", modulos=["tesoreria.cajas", "tesoreria.configuracion"])])
    client.force_login(otro)
    resp = _post(client, t["caja"], "abrir", {"monto_apertura": "0"})
    assert _mensajes(resp) == ["Su usuario no está asignado a la caja Caja principal (PEN): pida que lo asignen para operarla."]
    assert not TurnoCaja.objects.exists() and not MovimientoCaja.objects.exists()


def test_el_efectivo_pasa_a_otra_caja_de_la_misma_moneda(client, caja_tienda):
    t = caja_tienda
    otra = Caja.objects.create(sucursal=t["sucursal"], nombre="Caja 2", moneda=t["soles"])
    otra.usuarios.add(t["cajero"])
    client.force_login(t["cajero"])
    _post(client, t["caja"], "abrir", {"monto_apertura": "80.00"})
    _post(client, otra, "abrir", {"monto_apertura": "0"})
    dialogo = client.get(f"/admin/billing/caja/{t['caja'].pk}/depositar/", HTTP_HX_REQUEST="true").content.decode()
    assert "Caja: Caja 2" in dialogo and f'value="caja:{t["caja"].pk}"' not in dialogo
    _post(client, t["caja"], "depositar", {"destino": f"caja:{otra.pk}", "monto": "30.00"})
    assert (Caja.objects.get(pk=t["caja"].pk).saldo, Caja.objects.get(pk=otra.pk).saldo) == (D("50.00"), D("30.00"))
