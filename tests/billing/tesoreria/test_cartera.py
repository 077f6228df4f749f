"""Cuentas por cobrar: aging by hand for fixed dates, collection from the screen, the client's statement."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from billing import services as ventas
from billing.models import Caja, Cuota, DocumentoVenta
from billing.tesoreria import cartera, selectors, services
from tests.ventas import borrador

from .conftest import HOY

D = Decimal
dia = datetime.timedelta


def _credito(t, cliente, emision, cuotas, cantidad):
    doc = borrador(t, cliente=cliente, lineas=[(t["soporte"], cantidad, "118.00")], forma_pago="credito", fecha_emision=emision)
    for numero, (vence, monto) in enumerate(cuotas, 1):
        Cuota.objects.create(documento=doc, numero=numero, fecha_pago=vence, monto=D(monto))
    return ventas.documento_emitir(documento_id=doc.pk, usuario=t["vendedor"])


@pytest.fixture
def cartera_tienda(caja_tienda):
    """A: 1,180.00 in three instalments, 200.00 paid; B: a boleta of 118.00 unpaid; C: 590.00 in one instalment; D: paid."""
    t = caja_tienda
    a = _credito(t, t["con_ruc"], HOY - dia(100), [(HOY - dia(95), "500.00"), (HOY - dia(45), "500.00"), (HOY + dia(10), "180.00")], 10)
    b = ventas.documento_emitir(documento_id=borrador(t, tipo="03", cliente=t["con_dni"], lineas=[(t["soporte"], 1, "118.00")], fecha_emision=HOY - dia(20)).pk, usuario=t["vendedor"])
    c = _credito(t, t["con_ruc"], HOY - dia(70), [(HOY - dia(65), "590.00")], 5)
    d = ventas.documento_emitir(documento_id=borrador(t, lineas=[(t["soporte"], 1, "118.00")], fecha_emision=HOY - dia(5)).pk, usuario=t["vendedor"])
    services.turno_abrir(caja=t["caja"], usuario=t["cajero"], monto_apertura="0", fecha=HOY - dia(50))
    ventas.pago_registrar(documento=a, fecha=HOY - dia(50), monto=D("200.00"), metodo_pago=t["efectivo"], usuario=t["cajero"])
    ventas.pago_registrar(documento=d, fecha=HOY - dia(5), monto=D("118.00"), metodo_pago=t["efectivo"], usuario=t["cajero"])
    return {**t, "a": a, "b": b, "c": c, "d": d}


@pytest.mark.parametrize(
    ("corte", "esperado"),
    [
        # At HOY: A1 300.00 (500 − 200 paid) 95 days; A2 500.00 45 days; A3 180.00 not due; B 118.00 20 days; C 590.00 65 days.
        (HOY, {"por_vencer": "180.00", "d1_30": "118.00", "d31_60": "500.00", "d61_90": "590.00", "d90": "300.00"}),
        # 30 days later: A3 20 days; B 50; A2 75; C 95 and A1 125 (300.00 + 590.00).
        (HOY + dia(30), {"por_vencer": "0", "d1_30": "180.00", "d31_60": "118.00", "d61_90": "500.00", "d90": "890.00"}),
    ],
)
def test_tramos_de_antiguedad(cartera_tienda, corte, esperado):
    t = cartera_tienda
    r = cartera.resumen(empresa=t["empresa"], moneda=t["soles"], corte=corte)
    assert r["tramos"] == {k: D(v) for k, v in esperado.items()}
    assert (r["total"], r["partes"]) == (D("1688.00"), 5)
    partes = cartera.partes(empresa=t["empresa"], moneda=t["soles"], corte=corte)
    # Oldest due first: A's first instalment (95 days before HOY), then C (65 days).
    assert [(p.documento, p.cuota, p.saldo) for p in partes[:2]] == [
        (f"Factura {t['a'].numero_completo}", 1, D("300.00")),
        (f"Factura {t['c'].numero_completo}", 1, D("590.00")),
    ]


def _pantalla(client, **params):
    return client.get("/admin/billing/cuentaporcobrar/", params).content.decode()


def _tramo(html, codigo):
    return re.search(rf'id="tramo-{codigo}">S/ ([\d,.]+)<', html).group(1)


def test_la_pantalla_muestra_los_tramos_y_cobra_los_elegidos(client, cartera_tienda):
    t = cartera_tienda
    client.force_login(t["cajero"])
    t["cajero"].perfiles.add(_perfil_cobranza())
    html = _pantalla(client, corte=HOY.isoformat())
    assert [_tramo(html, c) for c in ("por_vencer", "d1_30", "d31_60", "d61_90", "d90", "total")] == ["180.00", "118.00", "500.00", "590.00", "300.00", "1,688.00"]
    # 650.00 for B and C: C fell due first (65 days) and takes 590.00, B the remaining 60.00.
    client.post(
        f"/admin/billing/cuentaporcobrar/?corte={HOY.isoformat()}",
        {"documentos": [t["b"].pk, t["c"].pk], "monto": "650.00", "medio": f"caja:{t['caja'].pk}", "metodo_pago": t["efectivo"].pk, "fecha": HOY.isoformat()},
    )
    estados = dict(DocumentoVenta.objects.filter(pk__in=[t["b"].pk, t["c"].pk]).values_list("pk", "estado_pago"))
    assert estados == {t["b"].pk: "parcial", t["c"].pk: "pagado"}
    # 0 opening + 200.00 (A) + 118.00 (D) + 650.00
    assert Caja.objects.get(pk=t["caja"].pk).saldo == D("968.00")
    html = _pantalla(client, corte=HOY.isoformat())
    assert (_tramo(html, "d1_30"), _tramo(html, "d61_90"), _tramo(html, "total")) == ("58.00", "0.00", "1,038.00")


def test_la_cobranza_propone_la_caja_de_la_moneda_listada(client, cartera_tienda):
    t = cartera_tienda
    client.force_login(t["cajero"])
    t["cajero"].perfiles.add(_perfil_cobranza())

    html = _pantalla(client, corte=HOY.isoformat())
    assert re.search(r'<select name="medio"><option value="([^"]+)"', html).group(1) == f"caja:{t['caja'].pk}"
    # In dollars: the dollar register, then the dollar account, then the rest.
    medios = [clave for clave, _ in selectors.medios_para(t["cajero"], t["empresa"], t["dolares"])]
    assert medios[:2] == [f"caja:{t['caja_usd'].pk}", f"cuenta:{t['banco_usd'].pk}"]


def test_cobrar_mas_que_el_saldo_no_cobra_nada(client, cartera_tienda):
    t = cartera_tienda
    with pytest.raises(Exception, match=r"El monto \(120.00\) excede el saldo de los documentos elegidos \(118.00\)"):
        ventas.cobranza_registrar(documentos=[t["b"]], monto="120.00", destino=t["caja"], metodo_pago=t["efectivo"], fecha=HOY, usuario=t["cajero"])
    assert not t["b"].pagos.exists()


def _perfil_cobranza():
    from tests import factories

    return factories.perfil("Cobranza", modulos=["tesoreria.cobranza", "ventas.facturas"])


def test_estado_de_cuenta_en_pdf_y_excel(client, cartera_tienda):
    t = cartera_tienda
    t["cajero"].perfiles.add(_perfil_cobranza())
    client.force_login(t["cajero"])
    params = {"socio": t["con_ruc"].numero_documento, "corte": HOY.isoformat(), "desde": (HOY - dia(100)).isoformat()}
    pdf = client.get("/admin/billing/cuentaporcobrar/", {**params, "estado": "pdf"})
    texto = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    # Charges 1,180.00 (A) + 590.00 (C) + 118.00 (D), credits 200.00 (A) + 118.00 (D): balance 1,570.00
    assert "ESTADO DE CUENTA" in texto and "CLIENTE CON RUC S.A.C." in texto
    assert "Totales 1888.00 318.00 1570.00" in texto
    libro = load_workbook(io.BytesIO(client.get("/admin/billing/cuentaporcobrar/", {**params, "estado": "xlsx"}).content))
    filas = list(libro.active.iter_rows(values_only=True))
    assert ["Totales", None, None, 1888, 318, 1570] in [list(f) for f in filas]
    inicio = next(i for i, fila in enumerate(filas) if fila[0] == "Documentos pendientes")
    pendientes = filas[inicio + 2 :]
    assert [fila[4] for fila in pendientes] == [300, 590, 500, 180]
