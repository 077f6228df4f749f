"""Perception on collections: a sale of goods of the regime, collected, perceived at 2 %, accepted by SUNAT (the sandbox)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from billing import services as ventas
from billing.models import ComprobanteOtro, DocumentoVenta, Pago, TributoPorPagar
from billing.tesoreria.models import MovimientoCaja
from cpe.models import ComprobanteElectronico, EstadoCpe
from cpe.services import cpe_enviar
from inventory.models import Producto
from tests.cpe.resumen.conftest import emitir

from .conftest import hoy

pytestmark = pytest.mark.django_db
D = Decimal


def _cobrar(negocio, documentos, monto, **opciones):
    return ventas.cobranza_registrar(
        documentos=documentos, monto=monto, destino=negocio["caja"], metodo_pago=negocio["efectivo"], fecha=hoy(), usuario=negocio["vendedor"],
        referencia="REC-9", **opciones,
    )  # fmt: skip


def _venta(negocio, producto, cantidad, precio, cliente=None, **campos):
    cpe = emitir(negocio, "01", fecha=hoy(), cliente=cliente or negocio["con_ruc"], lineas=[(producto, cantidad, precio)], **campos)
    return DocumentoVenta.objects.get(pk=cpe.documento_id)


def test_cobranza_percibe_y_sunat_acepta(agente, sandbox):
    Producto.objects.filter(pk=agente["laptop"].pk).update(sujeto_percepcion=True)
    laptop = Producto.objects.get(pk=agente["laptop"].pk)
    factura = _venta(agente, laptop, 1, "2360")
    # S/ 2,360.00 collected: 2 % (régimen 01) = 47.20 perceived, S/ 2,407.20 collected with it.
    [pago] = _cobrar(agente, [factura], "2360.00", percepcion_esperada="47.20")
    assert (pago.monto, pago.percibido) == (D("2360.00"), D("47.20"))
    percepcion = ComprobanteOtro.objects.get()
    assert (percepcion.numeracion, percepcion.regimen, percepcion.total, percepcion.total_neto) == ("P001-1", "01", D("47.20"), D("2407.20"))
    assert Pago.objects.get(pk=pago.pk).percepcion == percepcion
    agente["caja"].refresh_from_db()
    assert agente["caja"].saldo == D("5000.00") + D("2407.20")
    assert MovimientoCaja.objects.get(referencia="P001-1").monto == D("47.20")
    assert TributoPorPagar.objects.get(comprobante=percepcion).monto == D("47.20")

    cpe = cpe_enviar(comprobante_id=ComprobanteElectronico.objects.get(otro=percepcion).pk)
    assert cpe.estado == EstadoCpe.ACEPTADO, cpe.descripcion
    assert cpe.nombre == f"{agente['empresa'].ruc}-40-P001-1"


def test_no_se_percibe_lo_que_no_esta_en_el_regimen_ni_al_cliente_excluido(agente):
    factura = _venta(agente, agente["laptop"], 1, "2360")  # not a good of the regime
    [pago] = _cobrar(agente, [factura], "2360.00")
    assert pago.percibido == 0 and not ComprobanteOtro.objects.exists()

    Producto.objects.filter(pk=agente["laptop"].pk).update(sujeto_percepcion=True)
    excluido = agente["con_ruc"]
    excluido.excluido_percepcion = True
    excluido.save()
    otra = _venta(agente, Producto.objects.get(pk=agente["laptop"].pk), 1, "2360", cliente=excluido)
    with pytest.raises(ValidationError, match="No corresponde percibir: CLIENTE CON RUC S.A.C. está excluido de la percepción"):
        _cobrar(agente, [otra], "2360.00", percibir=True)
    assert not Pago.objects.filter(documento=otra).exists()
    [pago] = _cobrar(agente, [otra], "2360.00")
    assert pago.percibido == 0 and not ComprobanteOtro.objects.exists()


def test_la_factura_con_su_propia_percepcion_no_se_percibe_otra_vez(agente):
    Producto.objects.filter(pk=agente["laptop"].pk).update(sujeto_percepcion=True)
    factura = _venta(agente, Producto.objects.get(pk=agente["laptop"].pk), 1, "2360", percepcion_regimen="01", tipo_operacion="2001")
    assert factura.percepcion_monto == D("47.20")  # on the factura itself (catálogo 53), as before
    [pago] = _cobrar(agente, [factura], "2360.00")
    assert pago.percibido == 0 and not ComprobanteOtro.objects.exists()


def test_el_pago_desde_la_pantalla_de_la_factura_percibe_como_la_cobranza(agente, client):
    Producto.objects.filter(pk=agente["laptop"].pk).update(sujeto_percepcion=True)
    factura = _venta(agente, Producto.objects.get(pk=agente["laptop"].pk), 1, "2360")
    cajero = agente["vendedor"]
    cajero.is_superuser = True
    cajero.save()
    client.force_login(cajero)
    respuesta = client.post(
        reverse("admin:billing_factura_registrar_pago", args=[factura.pk]),
        {"_form_submitted": "1", "fecha": hoy().strftime("%d/%m/%Y"), "monto": "2360.00", "metodo_pago": agente["efectivo"].pk, "referencia": "REC-10"},
        follow=True,
    )  # fmt: skip
    texto = respuesta.content.decode()
    assert "Pago registrado." in texto and "P001-1: cobre además S/ 47.20 de percepción (total S/ 2407.20)." in texto
    pago = Pago.objects.get(documento=factura)
    assert (pago.monto, pago.percibido, pago.percepcion.numeracion) == (D("2360.00"), D("47.20"), "P001-1")
    agente["caja"].refresh_from_db()
    assert agente["caja"].saldo == D("5000.00") + D("2407.20")
