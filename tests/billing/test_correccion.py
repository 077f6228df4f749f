"""Correcting and deleting issued documents SUNAT has not received (billing and CPE services)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from billing import services
from billing.models import DocumentoVenta
from cpe.models import ComprobanteElectronico, EstadoCpe, IntentoEnvio
from cpe.services import cpe_regenerar
from erp.certificados import generar_autofirmado
from erp.services import empresa_cargar_certificado
from tests.ventas import HOY, borrador

pytestmark = pytest.mark.django_db


def _linea(producto, cantidad, precio):
    return {
        "producto": producto, "codigo": producto.codigo, "descripcion": producto.nombre, "unidad_id": producto.unidad_id,
        "cantidad": Decimal(cantidad), "precio_unitario": Decimal(precio), "afectacion_igv": producto.afectacion_igv,
    }


@pytest.fixture
def emitida(tienda):
    empresa = tienda["empresa"]
    empresa_cargar_certificado(empresa=empresa, contenido=generar_autofirmado(ruc=empresa.ruc, razon_social=empresa.razon_social, clave="c"), clave="c")
    documento = borrador(tienda, "03", cliente=tienda["con_dni"], lineas=[(tienda["mouse"], 2, "59")])
    return services.documento_emitir(documento_id=documento.pk, usuario=tienda["vendedor"])


def _stock(producto):
    return producto.stocks.get().cantidad


def test_corregir_una_boleta_emitida(tienda, emitida):
    mouse, laptop = _stock(tienda["mouse"]), _stock(tienda["laptop"])
    services.documento_corregir(
        documento_id=emitida.pk, cabecera={"observaciones": "Cambió de opinión"}, lineas=[_linea(tienda["laptop"], 1, "2360")], usuario=tienda["vendedor"]
    )
    emitida.refresh_from_db()
    assert (emitida.numero, emitida.importe_total, emitida.observaciones) == (1, Decimal("2360.00"), "Cambió de opinión")
    assert (_stock(tienda["mouse"]), _stock(tienda["laptop"])) == (mouse + 2, laptop - 1)
    comprobante = ComprobanteElectronico.con_archivos.get(documento=emitida)
    assert b"Laptop 14 pulgadas" in bytes(comprobante.xml) and b"2360.00" in bytes(comprobante.xml)


def test_una_correccion_que_falla_no_cambia_nada(tienda, emitida):
    mouse = _stock(tienda["mouse"])
    with pytest.raises(ValidationError, match="Stock insuficiente de Laptop"):
        services.documento_corregir(documento_id=emitida.pk, cabecera={}, lineas=[_linea(tienda["laptop"], 50, "2360")], usuario=tienda["vendedor"])
    emitida.refresh_from_db()
    assert emitida.importe_total == Decimal("118.00") and emitida.lineas.get().producto == tienda["mouse"]
    assert _stock(tienda["mouse"]) == mouse


def test_corregir_un_borrador_solo_recalcula(tienda):
    documento = borrador(tienda, "01", lineas=[(tienda["mouse"], 1, "59")])
    services.documento_corregir(documento_id=documento.pk, cabecera={}, lineas=[_linea(tienda["mouse"], 4, "59")], usuario=tienda["vendedor"])
    documento.refresh_from_db()
    assert (documento.estado, documento.numero, documento.importe_total) == ("borrador", None, Decimal("236.00"))


def test_regenerar_vuelve_a_pendiente_un_cpe_con_error(tienda, emitida):
    comprobante = ComprobanteElectronico.objects.get(documento=emitida)
    ComprobanteElectronico.objects.filter(pk=comprobante.pk).update(estado=EstadoCpe.ERROR, descripcion="SUNAT no responde", reintentable=True)
    cpe_regenerar(documento=emitida)
    comprobante.refresh_from_db()
    assert (comprobante.estado, comprobante.descripcion) == (EstadoCpe.PENDIENTE, "")


def test_eliminar_una_emitida_devuelve_stock_y_borra_cpe_e_intentos(tienda, emitida):
    mouse = _stock(tienda["mouse"])
    comprobante = ComprobanteElectronico.objects.get(documento=emitida)
    # SUNAT refused the credentials (0102): it never registered the document.
    IntentoEnvio.objects.create(comprobante=comprobante, operacion="sendBill", enviado="x.zip", inicio=comprobante.creado, duracion_ms=1, resultado="error", codigo="0102")
    services.documento_eliminar(documento_id=emitida.pk, usuario=tienda["vendedor"])
    assert not DocumentoVenta.objects.exists() and not ComprobanteElectronico.objects.exists() and not IntentoEnvio.objects.exists()
    assert _stock(tienda["mouse"]) == mouse + 2


def test_un_envio_sin_respuesta_impide_editar_y_eliminar(tienda, emitida):
    comprobante = ComprobanteElectronico.objects.get(documento=emitida)
    # A timeout: SUNAT may have registered it.
    IntentoEnvio.objects.create(comprobante=comprobante, operacion="sendBill", enviado="x.zip", inicio=comprobante.creado, duracion_ms=1, resultado="error")
    with pytest.raises(ValidationError, match="quedó sin respuesta y pudo llegar"):
        services.documento_eliminar(documento_id=emitida.pk, usuario=tienda["vendedor"])
    assert DocumentoVenta.objects.filter(pk=emitida.pk).exists()


def test_eliminar_una_nota_de_credito_reabre_el_pago_del_documento(tienda, emitida):
    services.pago_registrar(documento=emitida, fecha=HOY, monto=Decimal(59), metodo_pago=tienda["efectivo"], usuario=tienda["vendedor"])
    nota = borrador(tienda, "07", serie="BC01", cliente=tienda["con_dni"], documento_referencia=emitida, motivo_nota="09", sustento="Descuento", lineas=[(tienda["soporte"], 1, "59")])
    services.documento_emitir(documento_id=nota.pk, usuario=tienda["vendedor"])
    emitida.refresh_from_db()
    assert emitida.estado_pago == "pagado"
    services.documento_eliminar(documento_id=nota.pk, usuario=tienda["vendedor"])
    emitida.refresh_from_db()
    assert emitida.estado_pago == "parcial"
