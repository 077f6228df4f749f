"""Transfers and adjustments from the admin: drafts, "Registrar", "Anular", and what they refuse."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from inventory.models import (
    Ajuste,
    AjusteLinea,
    Almacen,
    EstadoOperacion,
    Movimiento,
    NumeroSerie,
    Stock,
    Transferencia,
)
from inventory.services import ajuste_registrar
from tests import factories

from .conftest import dia, producto

pytestmark = pytest.mark.django_db


def _stock(p, a):
    return Stock.objects.filter(producto=p, almacen=a).values_list("cantidad", flat=True).first()


def _saldo_inicial(almacen, p, cantidad, costo, series=""):
    ajuste = Ajuste.objects.create(almacen=almacen, fecha=dia(1), tipo_operacion="16", motivo="Inventario inicial")
    AjusteLinea.objects.create(ajuste=ajuste, producto=p, cantidad=cantidad, costo_unitario=costo, series=series)
    ajuste_registrar(ajuste=ajuste)
    return ajuste


def _transferencia(origen, destino, lineas, **extra):
    datos = {
        "fecha": "05/03/2025",
        "almacen_origen": origen.pk,
        "almacen_destino": destino.pk,
        "observaciones": "",
        "lineas-TOTAL_FORMS": len(lineas),
        "lineas-INITIAL_FORMS": 0,
    }
    for i, (p, cantidad, series) in enumerate(lineas):
        datos.update({f"lineas-{i}-producto": p.pk, f"lineas-{i}-cantidad": cantidad, f"lineas-{i}-series": series})
    datos.update(extra)
    return datos


def test_transferencia_entre_sucursales(admin_client, empresa, almacen):
    arequipa = Almacen.objects.get(sucursal=factories.sucursal(empresa, codigo="0001", nombre="Arequipa"))
    p = producto(empresa, nombre="MONITOR")
    disco = producto(empresa, nombre="DISCO", maneja_series=True)
    _saldo_inicial(almacen, p, 10, D("400"))
    _saldo_inicial(almacen, disco, 2, D("120"), "D-1\nD-2")

    resp = admin_client.post(reverse("admin:inventory_transferencia_add"), _transferencia(almacen, arequipa, [(p, 4, ""), (disco, 1, "d-2")]))
    assert resp.status_code == 302, resp.context["errors"]
    t = Transferencia.objects.get()
    assert (t.codigo, t.estado, t.empresa) == ("TR-000001", EstadoOperacion.BORRADOR, empresa)
    assert not Movimiento.objects.filter(tipo_operacion__in=["11", "21"]).exists()

    resp = admin_client.get(reverse("admin:inventory_transferencia_registrar", args=[t.pk]), follow=True)
    assert "TR-000001 registrada: el stock salió del origen y entró al destino." in resp.content.decode()
    t.refresh_from_db()
    assert t.estado == EstadoOperacion.REGISTRADA
    assert (_stock(p, almacen), _stock(p, arequipa)) == (6, 4)
    assert NumeroSerie.objects.get(numero="D-2").almacen == arequipa
    entrada = Movimiento.objects.get(producto=p, almacen=arequipa)
    assert (entrada.tipo_operacion, entrada.documento, entrada.costo_unitario, entrada.saldo_valor) == ("21", "TR-000001", D("400"), D("1600.00"))
    # Registered: read-only, and registering again is refused.
    assert admin_client.post(reverse("admin:inventory_transferencia_change", args=[t.pk]), {}).status_code == 403
    resp = admin_client.get(reverse("admin:inventory_transferencia_registrar", args=[t.pk]))
    assert resp.status_code == 403

    resp = admin_client.get(reverse("admin:inventory_transferencia_anular", args=[t.pk]), follow=True)
    assert "TR-000001 anulada: sus movimientos se revirtieron en el kardex." in resp.content.decode()
    assert (_stock(p, almacen), _stock(p, arequipa)) == (10, 0)
    assert NumeroSerie.objects.get(numero="D-2").almacen == almacen
    t.refresh_from_db()
    assert t.estado == EstadoOperacion.ANULADA


def test_transferencia_al_mismo_almacen(admin_client, empresa, almacen):
    p = producto(empresa)
    resp = admin_client.post(reverse("admin:inventory_transferencia_add"), _transferencia(almacen, almacen, [(p, 1, "")]))
    assert "El almacén de destino debe ser distinto del de origen." in resp.content.decode()
    assert not Transferencia.objects.exists()


def test_transferencia_sin_stock_queda_en_borrador(admin_client, empresa, almacen, sucursal):
    deposito = Almacen.objects.create(sucursal=sucursal, nombre="Depósito")
    p = producto(empresa, nombre="SILLA")
    otro = producto(empresa, nombre="MESA")
    _saldo_inicial(almacen, p, 5, D("80"))
    admin_client.post(reverse("admin:inventory_transferencia_add"), _transferencia(almacen, deposito, [(p, 2, ""), (otro, 1, "")]))
    t = Transferencia.objects.get()
    resp = admin_client.get(reverse("admin:inventory_transferencia_registrar", args=[t.pk]), follow=True)
    assert "Stock insuficiente de MESA en Almacén principal al 05/03/2025: hay 0, se necesitan 1." in resp.content.decode()
    t.refresh_from_db()
    assert t.estado == EstadoOperacion.BORRADOR
    assert _stock(p, almacen) == 5 and not Movimiento.objects.filter(origen_id=t.pk, tipo_operacion="11").exists()


def test_transferencia_de_series_que_no_corresponden(admin_client, empresa, almacen, sucursal):
    deposito = Almacen.objects.create(sucursal=sucursal, nombre="Depósito")
    disco = producto(empresa, nombre="DISCO", maneja_series=True)
    resp = admin_client.post(reverse("admin:inventory_transferencia_add"), _transferencia(almacen, deposito, [(disco, 2, "S-1")]))
    assert "DISCO controla series: indique 2 números de serie." in resp.content.decode()
    assert not Transferencia.objects.exists()


def _ajuste(almacen, tipo, lineas):
    datos = {
        "fecha": "10/03/2025",
        "almacen": almacen.pk,
        "tipo_operacion": tipo,
        "motivo": "Conteo físico de marzo",
        "lineas-TOTAL_FORMS": len(lineas),
        "lineas-INITIAL_FORMS": 0,
    }
    for i, (p, naturaleza, cantidad, costo) in enumerate(lineas):
        datos.update(
            {
                f"lineas-{i}-producto": p.pk,
                f"lineas-{i}-naturaleza": naturaleza,
                f"lineas-{i}-cantidad": cantidad,
                f"lineas-{i}-costo_unitario": costo,
            }
        )
    return datos


def test_saldo_inicial_y_ajuste_con_motivo(admin_client, empresa, almacen):
    p = producto(empresa, nombre="TECLADO")
    resp = admin_client.post(reverse("admin:inventory_ajuste_add"), _ajuste(almacen, "16", [(p, "S", 3, "")]))
    texto = resp.content.decode()
    assert "El saldo inicial solo registra entradas." in texto
    resp = admin_client.post(reverse("admin:inventory_ajuste_add"), _ajuste(almacen, "16", [(p, "E", 3, "")]))
    assert "Indique el costo unitario del saldo inicial." in resp.content.decode()
    resp = admin_client.post(reverse("admin:inventory_ajuste_add"), _ajuste(almacen, "13", [(p, "E", 3, "")]))
    assert "«Mermas» no admite esta dirección." in resp.content.decode()
    assert not Ajuste.objects.exists()

    admin_client.post(reverse("admin:inventory_ajuste_add"), _ajuste(almacen, "16", [(p, "E", 12, "45.50")]))
    inicial = Ajuste.objects.get()
    admin_client.get(reverse("admin:inventory_ajuste_registrar", args=[inicial.pk]))
    admin_client.post(reverse("admin:inventory_ajuste_add"), _ajuste(almacen, "28", [(p, "S", 2, "")]))
    ajuste = Ajuste.objects.exclude(pk=inicial.pk).get()
    resp = admin_client.get(reverse("admin:inventory_ajuste_registrar", args=[ajuste.pk]), follow=True)
    assert f"{ajuste.codigo} registrado en el kardex." in resp.content.decode()
    assert _stock(p, almacen) == 10
    salida = Movimiento.objects.get(origen_id=ajuste.pk, naturaleza="S")
    assert (salida.tipo_operacion, salida.glosa, salida.costo_total, salida.saldo_valor) == ("28", "Conteo físico de marzo", D("91.00"), D("455.00"))
