"""Money back to the client for a credit note, and an anticipo's money, each moving a register or account."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from billing import services as ventas
from billing.models import Devolucion, MovimientoCaja, OperacionBancaria
from billing.tesoreria import selectors, services
from tests.ventas import borrador

from .conftest import HOY

D = Decimal


@pytest.fixture
def pagada_y_acreditada(caja_tienda):
    """A factura of two laptops (4,720.00) paid in cash, and a credit note of one laptop (2,360.00) against it."""
    t = caja_tienda
    services.turno_abrir(caja=t["caja"], usuario=t["cajero"], monto_apertura="0.00", fecha=HOY)
    factura = borrador(t, lineas=[(t["laptop"], 2, "2360.00")], fecha_emision=HOY)
    factura = ventas.documento_emitir(documento_id=factura.pk, usuario=t["vendedor"])
    ventas.pago_registrar(documento=factura, fecha=HOY, monto=D("4720.00"), metodo_pago=t["efectivo"], usuario=t["cajero"])
    nota = borrador(
        t, tipo="07", fecha_emision=HOY, lineas=[(t["laptop"], 1, "2360.00")], documento_referencia=factura, motivo_nota="07", sustento="Devolución de una laptop"
    )  # fmt: skip
    nota = ventas.documento_emitir(documento_id=nota.pk, usuario=t["vendedor"])
    return {**t, "factura": factura, "nota": nota}


def test_la_devolucion_sale_de_la_caja_y_deja_el_saldo_en_cero(pagada_y_acreditada):
    t = pagada_y_acreditada
    factura, nota, caja = t["factura"], t["nota"], t["caja"]
    factura.refresh_from_db()
    # Paid 4,720.00 for 4,720.00 owed, then credited 2,360.00: the client has 2,360.00 in favour.
    assert factura.saldo == D("-2360.00")
    assert ventas.por_devolver(nota) == D("2360.00")

    ventas.devolucion_registrar(nota=nota, origen=caja, monto="1360.00", fecha=HOY, usuario=t["cajero"])
    devolucion = ventas.devolucion_registrar(nota=nota, origen=t["banco"], monto="1000.00", fecha=HOY, usuario=t["cajero"], referencia="OP-5521")

    factura.refresh_from_db()
    assert factura.saldo == D("0.00")
    assert ventas.por_devolver(nota) == D("0.00")
    salida = MovimientoCaja.objects.get(documento_tipo__model="devolucion")
    assert (salida.sentido, salida.monto, salida.referencia) == ("egreso", D("1360.00"), nota.numero_completo)
    # Register: 4,720.00 collected − 1,360.00 given back
    caja.refresh_from_db()
    assert caja.saldo == D("3360.00") == selectors.saldo_caja(caja)
    # Bank: opening 1,000.00 − 1,000.00 given back
    operacion = OperacionBancaria.objects.get(documento_id=devolucion.pk, documento_tipo__model="devolucion")
    assert (operacion.monto, operacion.numero_operacion) == (D("1000.00"), "OP-5521")
    assert selectors.saldo_cuenta(t["banco"], HOY) == D("0.00")


@pytest.mark.parametrize(
    ("monto", "mensaje"),
    [("2360.01", r"excede lo que queda a favor del cliente por esta nota \(2360.00\)"), ("0", "mayor que cero"), ("mil", "no es un número")],
)
def test_una_devolucion_mal_hecha_no_escribe_nada(pagada_y_acreditada, monto, mensaje):
    t = pagada_y_acreditada
    with pytest.raises(ValidationError, match=mensaje):
        ventas.devolucion_registrar(nota=t["nota"], origen=t["caja"], monto=monto, fecha=HOY, usuario=t["cajero"])
    assert not Devolucion.objects.exists()
    assert not MovimientoCaja.objects.filter(sentido="egreso").exists()
    t["caja"].refresh_from_db()
    assert t["caja"].saldo == D("4720.00")


def test_sin_pagos_la_nota_solo_rebaja_la_deuda(caja_tienda):
    t = caja_tienda
    services.turno_abrir(caja=t["caja"], usuario=t["cajero"], monto_apertura="0.00", fecha=HOY)
    factura = ventas.documento_emitir(documento_id=borrador(t, lineas=[(t["laptop"], 1, "2360.00")], fecha_emision=HOY).pk, usuario=t["vendedor"])
    nota = borrador(t, tipo="07", fecha_emision=HOY, lineas=[(t["laptop"], 1, "2360.00")], documento_referencia=factura, motivo_nota="07", sustento="Devolución")
    nota = ventas.documento_emitir(documento_id=nota.pk, usuario=t["vendedor"])
    with pytest.raises(ValidationError, match="no tiene pagos que devolver"):
        ventas.devolucion_registrar(nota=nota, origen=t["caja"], monto="100.00", fecha=HOY, usuario=t["cajero"])
    assert not MovimientoCaja.objects.filter(sentido="egreso").exists()


def test_anular_la_devolucion_devuelve_el_dinero_a_la_caja(pagada_y_acreditada):
    t = pagada_y_acreditada
    devolucion = ventas.devolucion_registrar(nota=t["nota"], origen=t["caja"], monto="500.00", fecha=HOY, usuario=t["cajero"])
    ventas.devolucion_anular(devolucion=devolucion, usuario=t["cajero"])
    t["caja"].refresh_from_db()
    assert t["caja"].saldo == D("4720.00")
    # The refund's movement stays, reversed by its counter-movement; the note may be refunded again in full.
    assert MovimientoCaja.objects.filter(sentido="egreso").count() == 1
    assert MovimientoCaja.objects.filter(revierte__isnull=False).count() == 1
    assert ventas.por_devolver(t["nota"]) == D("2360.00")


def test_devolver_desde_la_pantalla_de_la_nota(pagada_y_acreditada, client):
    t = pagada_y_acreditada
    client.force_login(t["cajero"])
    t["cajero"].is_superuser = True
    t["cajero"].save()
    url = reverse("admin:billing_notacredito_devolver", args=[t["nota"].pk])
    pagina = client.get(reverse("admin:billing_notacredito_change", args=[t["nota"].pk]))
    assert "Devolver al cliente" in pagina.content.decode()
    respuesta = client.post(
        url, {"_form_submitted": "1", "medio": f"caja:{t['caja'].pk}", "fecha": HOY.strftime("%d/%m/%Y"), "monto": "2360.00", "numero_operacion": ""}, follow=True
    )  # fmt: skip
    assert f"Se devolvió 2360.00 al cliente por {t['nota']}." in respuesta.content.decode()
    t["caja"].refresh_from_db()
    assert t["caja"].saldo == D("2360.00")
    # Nothing left in favour: the action is no longer offered.
    assert "Devolver al cliente" not in client.get(reverse("admin:billing_notacredito_change", args=[t["nota"].pk])).content.decode()


def test_el_anticipo_cobrado_entra_a_la_caja(caja_tienda):
    t = caja_tienda
    services.turno_abrir(caja=t["caja"], usuario=t["cajero"], monto_apertura="0.00", fecha=HOY)
    anticipo = borrador(t, lineas=[(t["soporte"], 5, "118.00")], fecha_emision=HOY, es_anticipo=True)
    anticipo = ventas.documento_emitir(documento_id=anticipo.pk, usuario=t["vendedor"])
    pago = ventas.pago_registrar(documento=anticipo, fecha=HOY, monto=D("590.00"), metodo_pago=t["efectivo"], usuario=t["cajero"])
    entrada = MovimientoCaja.objects.get(documento_id=pago.pk, documento_tipo__model="pago")
    assert (entrada.caja, entrada.sentido, entrada.monto) == (t["caja"], "ingreso", D("590.00"))
    t["caja"].refresh_from_db()
    assert t["caja"].saldo == D("590.00")
