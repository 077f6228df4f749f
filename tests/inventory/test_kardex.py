"""The kardex services: what they refuse, serial numbers, reversals and transfers' costs."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from erp.models import Serie
from inventory.models import Almacen, ConfiguracionInventario, Movimiento, NumeroSerie, Stock
from inventory.selectors import almacen_principal, precio_de
from inventory.services import kardex_entrada, kardex_revertir, kardex_salida
from tests import factories

from .conftest import dia, producto

pytestmark = pytest.mark.django_db

DOC = {"documento_tipo": "01", "documento_serie": "F001", "documento_numero": "1"}


def _entrada(p, a, cantidad, costo, fecha=None, **kwargs):
    return kardex_entrada(
        producto=p, almacen=a, cantidad=cantidad, costo_unitario=costo, fecha=fecha or dia(1), tipo_operacion="02", **DOC, **kwargs
    )


def _salida(p, a, cantidad, fecha=None, **kwargs):
    return kardex_salida(producto=p, almacen=a, cantidad=cantidad, fecha=fecha or dia(20), tipo_operacion="01", **DOC, **kwargs)


def _stock(p, a):
    return Stock.objects.get(producto=p, almacen=a).cantidad


def test_salida_sin_stock_suficiente_se_rechaza_sin_guardar_nada(empresa, almacen):
    p = producto(empresa, nombre="TÓNER HP 85A")
    _entrada(p, almacen, 3, 50)
    with pytest.raises(ValidationError) as exc:
        _salida(p, almacen, 5)
    assert exc.value.messages == ["Stock insuficiente de TÓNER HP 85A en Almacén principal al 20/03/2025: hay 3, se necesitan 5."]
    assert Movimiento.objects.filter(producto=p).count() == 1
    assert _stock(p, almacen) == 3


def test_la_empresa_puede_permitir_stock_negativo(empresa, almacen):
    ConfiguracionInventario.objects.create(empresa=empresa, permitir_stock_negativo=True)
    p = producto(empresa)
    _entrada(p, almacen, 2, 10)
    mov = _salida(p, almacen, 5)
    assert (mov.saldo_cantidad, mov.saldo_valor) == (D("-3"), D("-30.00"))
    assert _stock(p, almacen) == -3


def test_salida_con_atraso_que_dejaria_negativo_un_saldo_posterior(empresa, almacen):
    p = producto(empresa, nombre="CABLE HDMI")
    _entrada(p, almacen, 10, 4, fecha=dia(1))
    _salida(p, almacen, 10, fecha=dia(10))
    with pytest.raises(ValidationError) as exc:
        _salida(p, almacen, 4, fecha=dia(5))
    assert exc.value.messages == [
        "No se puede registrar: el 10/03/2025 el stock de CABLE HDMI en Almacén principal quedaría en -4 (documento F001-1)."
    ]
    assert Movimiento.objects.filter(producto=p).count() == 2
    assert _stock(p, almacen) == 0


def test_operacion_que_no_corresponde_a_la_direccion(empresa, almacen):
    p = producto(empresa)
    with pytest.raises(ValidationError, match=r"La operación 01 \(Venta nacional\) no corresponde a una entrada."):
        kardex_entrada(producto=p, almacen=almacen, cantidad=1, costo_unitario=1, fecha=dia(1), tipo_operacion="01", **DOC)
    with pytest.raises(ValidationError, match="no está en la tabla 12"):
        kardex_salida(producto=p, almacen=almacen, cantidad=1, fecha=dia(1), tipo_operacion="77", **DOC)
    with pytest.raises(ValidationError, match="no está en la tabla 10"):
        kardex_entrada(
            producto=p, almacen=almacen, cantidad=1, fecha=dia(1), tipo_operacion="02", documento_tipo="XX", documento_serie="", documento_numero=""
        )
    with pytest.raises(ValidationError, match="La cantidad debe ser mayor que cero."):
        _entrada(p, almacen, 0, 1)
    assert not Movimiento.objects.exists()


def test_los_servicios_no_mueven_stock(empresa, almacen):
    servicio = producto(empresa, tipo="S", unidad_id="ZZ")
    assert _entrada(servicio, almacen, 1, 10) is None
    assert _salida(servicio, almacen, 1) is None
    assert not Movimiento.objects.exists() and not Stock.objects.exists()


def test_almacen_de_otra_empresa(empresa, almacen):
    ajena = producto(factories.empresa())
    with pytest.raises(ValidationError, match="es de otra empresa"):
        _entrada(ajena, almacen, 1, 1)


def test_series_una_venta_por_numero(empresa, almacen, sucursal):
    disco = producto(empresa, nombre="DISCO EXTERNO", maneja_series=True)
    _entrada(disco, almacen, 2, 125, series=["abc131", "ABC132"])
    assert set(NumeroSerie.objects.values_list("numero", "estado")) == {("ABC131", "A"), ("ABC132", "A")}

    venta = _salida(disco, almacen, 1, series=["ABC132"])
    assert list(venta.series.values_list("numero", flat=True)) == ["ABC132"]
    with pytest.raises(ValidationError) as exc:
        _salida(disco, almacen, 1, series=["ABC132"])
    assert exc.value.messages == ["La serie ABC132 de DISCO EXTERNO ya salió del almacén: fue vendida o retirada antes."]

    with pytest.raises(ValidationError, match=r"controla números de serie: indique 1 \(se indicaron 0\)"):
        _salida(disco, almacen, 1)
    with pytest.raises(ValidationError, match="La serie XYZ999 no está registrada para DISCO EXTERNO."):
        _salida(disco, almacen, 1, series=["XYZ999"])
    otro = Almacen.objects.create(sucursal=sucursal, nombre="Tienda")
    with pytest.raises(ValidationError, match="está en el almacén Almacén principal, no en Tienda"):
        _salida(disco, otro, 1, series=["ABC131"])
    with pytest.raises(ValidationError, match="ABC131 de DISCO EXTERNO ya está en el almacén Almacén principal"):
        _entrada(disco, otro, 1, 125, series=["ABC131"])
    assert _stock(disco, almacen) == 1 and Movimiento.objects.filter(producto=disco).count() == 2


def test_sin_control_de_series_el_numero_es_solo_informativo(empresa, almacen):
    mouse = producto(empresa)
    _entrada(mouse, almacen, 5, 10)
    assert _salida(mouse, almacen, 1, series=["ABC132"]).series.count() == 0
    assert _salida(mouse, almacen, 1, series=["ABC132"]) is not None


def test_revertir_lo_que_causo_un_documento(empresa, almacen, sucursal):
    """A voided sale gives its goods back at the cost they left with; voiding twice does nothing more."""
    disco = producto(empresa, maneja_series=True)
    _entrada(disco, almacen, 2, D("100"), fecha=dia(1), series=["S1", "S2"])
    _entrada(disco, almacen, 2, D("130"), fecha=dia(2), series=["S3", "S4"])
    documento = Serie.objects.create(sucursal=sucursal, tipo_documento="01", serie="F001")  # any model instance
    venta = _salida(disco, almacen, 1, fecha=dia(5), series=["S3"], origen=documento)
    assert venta.costo_unitario == D("115") and venta.origen == documento

    reversas = kardex_revertir(origen=documento, fecha=dia(6))
    assert len(reversas) == 1
    r = reversas[0]
    assert (r.naturaleza, r.cantidad, r.costo_unitario, r.saldo_cantidad, r.saldo_valor) == ("E", D("1"), D("115"), D("4"), D("460.00"))
    assert r.es_reversion and r.vinculado == venta and r.origen == documento
    assert NumeroSerie.objects.get(numero="S3").estado == "A"
    assert kardex_revertir(origen=documento, fecha=dia(7)) == []
    assert _stock(disco, almacen) == 4

    _salida(disco, almacen, 1, fecha=dia(8), series=["S1"], origen=almacen)
    with pytest.raises(ValidationError, match=r"no puede tener fecha anterior al movimiento que anula \(08/03/2025\)"):
        kardex_revertir(origen=almacen, fecha=dia(7))


def test_revertir_una_compra_ya_vendida_se_rechaza(empresa, almacen):
    p = producto(empresa, nombre="RESMA")
    compra_origen = almacen  # the purchase document stands in as any model
    _entrada(p, almacen, 5, 10, origen=compra_origen)
    _salida(p, almacen, 4)
    with pytest.raises(ValidationError, match="Stock insuficiente de RESMA"):
        kardex_revertir(origen=compra_origen, fecha=dia(21))
    assert _stock(p, almacen) == 1


def test_compra_con_atraso_en_origen_recalcula_el_almacen_destino(empresa, sucursal, almacen):
    """A transfer's entry takes the cost its exit left with, also when an earlier purchase changes it."""
    from inventory.models import Transferencia, TransferenciaLinea
    from inventory.services import transferencia_registrar

    tienda = Almacen.objects.create(sucursal=factories.sucursal(empresa, codigo="0001", nombre="Arequipa"), nombre="Tienda")
    p = producto(empresa)
    _entrada(p, almacen, 10, D("10"), fecha=dia(1))
    t = Transferencia.objects.create(almacen_origen=almacen, almacen_destino=tienda, fecha=dia(3))
    TransferenciaLinea.objects.create(transferencia=t, producto=p, cantidad=5)
    transferencia_registrar(transferencia=t)
    venta = _salida(p, tienda, 2, fecha=dia(4))
    assert venta.costo_total == D("20.00")

    _entrada(p, almacen, 10, D("16"), fecha=dia(2))  # average 13.00 from the 2nd
    entrada = Movimiento.objects.get(almacen=tienda, tipo_operacion="21")
    assert (entrada.costo_unitario, entrada.saldo_valor) == (D("13"), D("65.00"))
    venta.refresh_from_db()
    assert (venta.costo_unitario, venta.costo_total, venta.saldo_valor) == (D("13"), D("26.00"), D("39.00"))
    assert Stock.objects.get(producto=p, almacen=tienda).valor == D("39.00")
    assert Stock.objects.get(producto=p, almacen=almacen).valor == D("195.00")


def test_almacen_principal(sucursal):
    almacen = almacen_principal(sucursal)
    assert (almacen.nombre, almacen.principal) == ("Almacén principal", True)
    almacen.principal = False
    almacen.save()
    assert almacen_principal(sucursal) == almacen  # the first active one when none is principal
    Almacen.objects.filter(sucursal=sucursal).update(activo=False)
    with pytest.raises(ValidationError, match=f"La sucursal {sucursal.nombre} no tiene un almacén activo"):
        almacen_principal(sucursal)


def test_precio_de_la_lista_predeterminada(empresa):
    from inventory.models import ListaPrecio, PrecioProducto

    p = producto(empresa, precio_venta=D("20.50"))
    assert precio_de(p) == D("20.50")
    general = ListaPrecio.objects.create(empresa=empresa, nombre="General", predeterminada=True)
    PrecioProducto.objects.create(producto=p, lista=general, cantidad_minima=1, precio=D("19.90"))
    PrecioProducto.objects.create(producto=p, lista=general, cantidad_minima=12, precio=D("17.50"))
    PrecioProducto.objects.create(producto=p, lista=general, moneda_id=2, cantidad_minima=1, precio=D("5.90"))
    assert precio_de(p) == D("19.90")
    assert precio_de(p, cantidad=D("12")) == D("17.50")
    assert precio_de(p, moneda_id=2) == D("5.90")
    assert precio_de(p, moneda_id=3) is None
