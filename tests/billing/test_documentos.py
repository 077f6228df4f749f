import datetime
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from billing import services
from billing.models import Cuota, DocumentoVenta
from erp.models import Serie
from inventory.models import Movimiento, Stock
from tests.ventas import HOY, borrador

pytestmark = pytest.mark.django_db


def _stock(tienda, producto):
    return Stock.objects.get(producto=producto, almacen=tienda["almacen"]).cantidad


def test_emitir_factura_numera_calcula_y_descuenta_stock(tienda):
    doc = borrador(tienda, lineas=[(tienda["laptop"], 2, "2360.00"), (tienda["mouse"], 3, "59.00"), (tienda["soporte"], 1, "118.00")])
    doc = services.documento_emitir(documento_id=doc.pk, usuario=tienda["vendedor"])
    # 2 × 2360 + 3 × 59 + 118 = 4720 + 177 + 118 = 5015.00 with IGV;
    # value without IGV 5015 / 1.18 = 4250.00 and IGV 765.00.
    assert (doc.numero, doc.estado, doc.numero_completo) == (1, "emitido", "F001-00000001")
    assert (doc.total_gravadas, doc.total_igv, doc.importe_total) == (Decimal("4250.00"), Decimal("765.00"), Decimal("5015.00"))
    assert doc.monto_letras == "CINCO MIL QUINCE CON 00/100 SOLES"
    assert doc.cliente_razon_social == "CLIENTE CON RUC S.A.C." and doc.cliente_tipo_documento == "6"
    assert _stock(tienda, tienda["laptop"]) == 8 and _stock(tienda, tienda["mouse"]) == 97
    salida = Movimiento.objects.get(producto=tienda["laptop"], tipo_operacion="01")
    assert (salida.documento_tipo, salida.documento_serie, salida.documento_numero) == ("01", "F001", "1")
    assert Serie.objects.get(serie="F001").ultimo_numero == 1


def _rechazo(tienda, doc) -> list[str]:
    ultimo = doc.serie.ultimo_numero
    movimientos = Movimiento.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.documento_emitir(documento_id=doc.pk, usuario=tienda["vendedor"])
    doc.refresh_from_db()
    # Nothing half-done: still a draft, no number used, no stock moved.
    assert doc.estado == "borrador" and doc.numero is None
    assert Serie.objects.get(pk=doc.serie_id).ultimo_numero == ultimo
    assert Movimiento.objects.count() == movimientos
    return exc.value.messages


def test_factura_solo_a_clientes_con_ruc(tienda):
    doc = borrador(tienda, cliente=tienda["con_dni"], lineas=[(tienda["mouse"], 1, "59")])
    assert _rechazo(tienda, doc) == ["La factura solo se emite a clientes con RUC; para este cliente emita una boleta."]


def test_boleta_sin_documento_hasta_700_soles(tienda):
    doc = borrador(tienda, tipo="03", cliente=tienda["sin_documento"], lineas=[(tienda["mouse"], 12, "59")])  # 708.00
    assert _rechazo(tienda, doc) == ["Una boleta de más de S/ 700.00 requiere el DNI, RUC u otro documento del cliente."]
    doc.lineas.update(cantidad=11)  # 649.00
    assert services.documento_emitir(documento_id=doc.pk, usuario=tienda["vendedor"]).importe_total == Decimal("649.00")


def test_cantidad_cero_y_sin_lineas(tienda):
    doc = borrador(tienda, lineas=[(tienda["mouse"], "0.0000000001", "59")])
    doc.lineas.update(cantidad=0)
    mensajes = _rechazo(tienda, doc)
    assert any("mayor que cero" in m for m in mensajes)
    vacio = borrador(tienda)
    assert "Agregue al menos un producto o servicio al detalle." in _rechazo(tienda, vacio)


def test_stock_insuficiente_no_emite(tienda):
    doc = borrador(tienda, lineas=[(tienda["laptop"], 11, "2360")])
    mensajes = _rechazo(tienda, doc)
    assert any("stock" in m.lower() for m in mensajes)


def test_nota_sin_documento_que_modifica(tienda):
    nota = borrador(tienda, tipo="07", lineas=[(tienda["mouse"], 1, "59")], motivo_nota="01", sustento="Anulación")
    assert "Indique el documento que la nota modifica." in _rechazo(tienda, nota)


def test_nota_de_credito_por_devolucion_importa_lineas_y_repone_stock(tienda):
    factura = services.documento_emitir(
        documento_id=borrador(tienda, lineas=[(tienda["laptop"], 2, "2360")]).pk, usuario=tienda["vendedor"]
    )
    nota = borrador(tienda, tipo="07", motivo_nota="07", sustento="Devolución de una laptop")
    services.nota_importar_lineas(nota=nota, referencia=factura)
    assert nota.lineas.get().cantidad == 2
    nota.lineas.update(cantidad=1)
    nota = services.documento_emitir(documento_id=nota.pk, usuario=tienda["vendedor"])
    assert nota.numero_completo == "FC01-00000001" and nota.importe_total == Decimal("2360.00")
    assert _stock(tienda, tienda["laptop"]) == 9
    factura.refresh_from_db()
    assert factura.estado_pago == "parcial"  # the credit note covers half of it


def test_nota_de_boleta_usa_serie_b(tienda):
    boleta = services.documento_emitir(
        documento_id=borrador(tienda, tipo="03", cliente=tienda["con_dni"], lineas=[(tienda["mouse"], 1, "59")]).pk, usuario=tienda["vendedor"]
    )
    nota = borrador(tienda, tipo="07", serie="FC01", cliente=tienda["con_dni"], motivo_nota="01", sustento="Anulación", documento_referencia=boleta, lineas=[(tienda["mouse"], 1, "59")])
    assert "La nota de boleta de venta usa una serie que empieza con B." in _rechazo(tienda, nota)


def test_pagos_a_cuenta(tienda):
    factura = services.documento_emitir(documento_id=borrador(tienda, lineas=[(tienda["mouse"], 10, "59")]).pk, usuario=tienda["vendedor"])
    efectivo = tienda["efectivo"]
    services.pago_registrar(documento=factura, fecha=HOY, monto=Decimal("200"), metodo_pago=efectivo, usuario=tienda["vendedor"])
    factura.refresh_from_db()
    assert (factura.estado_pago, factura.saldo) == ("parcial", Decimal("390.00"))
    with pytest.raises(ValidationError, match="excede el saldo"):
        services.pago_registrar(documento=factura, fecha=HOY, monto=Decimal("390.01"), metodo_pago=efectivo, usuario=tienda["vendedor"])
    services.pago_registrar(documento=factura, fecha=HOY + datetime.timedelta(days=1), monto=Decimal("390"), metodo_pago=efectivo, usuario=tienda["vendedor"])
    factura.refresh_from_db()
    assert factura.estado_pago == "pagado" and factura.fecha_pago == HOY + datetime.timedelta(days=1)


def test_venta_al_credito_requiere_cuotas_que_cuadren(tienda):
    doc = borrador(tienda, lineas=[(tienda["mouse"], 10, "59")], forma_pago="credito")
    assert "Una venta al crédito requiere sus cuotas (SUNAT exige la fecha y el monto de cada una)." in _rechazo(tienda, doc)
    Cuota.objects.create(documento=doc, numero=1, fecha_pago=HOY + datetime.timedelta(days=30), monto=Decimal("300"))
    assert "Las cuotas suman 300.00 y el monto pendiente de pago es 590.00." in _rechazo(tienda, doc)
    Cuota.objects.create(documento=doc, numero=2, fecha_pago=HOY + datetime.timedelta(days=60), monto=Decimal("290"))
    assert services.documento_emitir(documento_id=doc.pk, usuario=tienda["vendedor"]).numero == 1


def test_solo_se_eliminan_borradores(tienda):
    doc = services.documento_emitir(documento_id=borrador(tienda, lineas=[(tienda["mouse"], 1, "59")]).pk, usuario=tienda["vendedor"])
    with pytest.raises(ValidationError, match="Solo se eliminan borradores"):
        services.borrador_eliminar(documento=doc)
    otro = borrador(tienda, lineas=[(tienda["mouse"], 1, "59")])
    services.borrador_eliminar(documento=otro)
    assert not DocumentoVenta.objects.filter(pk=otro.pk).exists()


def test_correo_al_cliente_con_copia_oculta(tienda):
    doc = services.documento_emitir(documento_id=borrador(tienda, lineas=[(tienda["mouse"], 1, "59")]).pk, usuario=tienda["vendedor"])
    services.documento_enviar_correo(documento=doc, destinatarios=["lucia@example.com"], mensaje="Gracias por su compra", usuario=tienda["vendedor"])
    correo = mail.outbox[0]
    assert correo.to == ["lucia@example.com"] and correo.bcc == ["vendedor@example.com"]
    assert "F001-00000001" in correo.subject and "Gracias por su compra" in correo.body


@pytest.mark.django_db(transaction=True)
def test_emision_concurrente_sin_huecos(tienda):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what is under test: PostgreSQL only")
    borradores = [borrador(tienda, lineas=[(tienda["soporte"], 1, "118")]).pk for _ in range(20)]
    errores, barrera = [], threading.Barrier(20)

    def emitir(pk):
        try:
            barrera.wait()
            services.documento_emitir(documento_id=pk, usuario=tienda["vendedor"])
        except Exception as exc:  # reported below
            errores.append(exc)
        finally:
            connection.close()

    hilos = [threading.Thread(target=emitir, args=(pk,)) for pk in borradores]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert errores == []
    assert sorted(DocumentoVenta.objects.values_list("numero", flat=True)) == list(range(1, 21))


def test_cotizacion_se_convierte_en_factura(tienda):
    from billing.models import Cotizacion, LineaCotizacion

    serie = Serie.objects.get(serie="CT01")
    cot = Cotizacion(sucursal=tienda["sucursal"], serie=serie, cliente=tienda["con_ruc"], fecha_emision=HOY, notas_privadas="margen 30%", creado_por=tienda["vendedor"])
    services.previo_numerar(previo=cot)
    LineaCotizacion.objects.create(documento=cot, producto=tienda["laptop"], descripcion="Laptop 14 pulgadas", cantidad=1, precio_unitario=Decimal("2360"))
    factura = services.convertir_previo(previo=cot, tipo="01", serie=Serie.objects.get(serie="F001"), usuario=tienda["vendedor"])
    assert factura.estado == "borrador" and factura.importe_total == Decimal("2360.00")
    assert factura.lineas.get().descripcion == "Laptop 14 pulgadas"
    cot.refresh_from_db()
    assert cot.estado == "facturada" and cot.documento_generado == factura and cot.numero == 1
    with pytest.raises(ValidationError, match="ya se convirtió"):
        services.convertir_previo(previo=cot, tipo="01", serie=Serie.objects.get(serie="F001"), usuario=tienda["vendedor"])


def test_aprobar_orden_de_trabajo(tienda):
    from billing.models import OrdenTrabajo
    from tests import factories

    orden = OrdenTrabajo(sucursal=tienda["sucursal"], serie=Serie.objects.get(serie="OT01"), cliente=tienda["con_ruc"], titulo="Reparación de laptop", fecha=HOY)
    services.previo_numerar(previo=orden)
    with pytest.raises(ValidationError, match="no puede aprobar"):
        services.orden_aprobar(orden=orden, usuario=tienda["vendedor"])
    jefe = factories.usuario("jefe", sucursales=[tienda["sucursal"]], perfiles=[factories.perfil("Jefe", modulos=["ventas.aprobar_ordenes"])])
    services.orden_aprobar(orden=orden, usuario=jefe)
    orden.refresh_from_db()
    assert orden.estado == "aprobada" and orden.aprobado_por == jefe


def test_la_ficha_del_cliente_muestra_sus_ventas(tienda, admin_client):
    services.documento_emitir(documento_id=borrador(tienda, lineas=[(tienda["laptop"], 1, "2360")]).pk, usuario=tienda["vendedor"])
    pagina = admin_client.get(f"/admin/erp/cliente/{tienda['con_ruc'].pk}/change/").content.decode()
    assert "Historial de ventas" in pagina and "F001-00000001" in pagina
    assert "Laptop 14 pulgadas" in pagina and 'data-type="bar"' in pagina


def test_cotizacion_por_correo_queda_enviada(tienda, client):
    from billing.models import Cotizacion, LineaCotizacion

    cot = Cotizacion(sucursal=tienda["sucursal"], serie=Serie.objects.get(serie="CT01"), cliente=tienda["con_ruc"], fecha_emision=HOY, creado_por=tienda["vendedor"])
    services.previo_numerar(previo=cot)
    LineaCotizacion.objects.create(documento=cot, descripcion="Instalación de red", cantidad=1, precio_unitario=Decimal("590"))
    client.force_login(tienda["vendedor"])
    resp = client.post(
        f"/admin/billing/cotizacion/{cot.pk}/correo/",
        {"_form_submitted": "True", "destinatarios": "lucia@example.com", "mensaje": "Adjuntamos la cotización"},
        HTTP_HX_REQUEST="true",
    )
    assert resp.headers["HX-Redirect"].endswith(f"/admin/billing/cotizacion/{cot.pk}/change/")
    assert mail.outbox[0].subject.startswith("Cotización CT01-00000001")
    cot.refresh_from_db()
    assert cot.estado == "enviada"


def test_ultimo_numero_no_baja_de_lo_emitido(tienda, admin_client):
    for _ in range(2):
        services.documento_emitir(documento_id=borrador(tienda, lineas=[(tienda["mouse"], 1, "59.00")]).pk, usuario=tienda["vendedor"])
    serie = Serie.objects.get(serie="F001")
    datos = {"sucursal": serie.sucursal_id, "tipo_documento": "01", "serie": "F001", "ultimo_numero": 1, "activo": "on"}
    resp = admin_client.post(reverse("admin:erp_serie_change", args=[serie.pk]), datos)
    assert "La serie ya emitió el número 2: el último número no puede ser menor." in resp.content.decode()
    assert Serie.objects.get(pk=serie.pk).ultimo_numero == 2
    # Moving it forward (a company continuing another system's numbering) is allowed.
    resp = admin_client.post(reverse("admin:erp_serie_change", args=[serie.pk]), {**datos, "ultimo_numero": 1500})
    assert resp.status_code == 302 and Serie.objects.get(pk=serie.pk).ultimo_numero == 1500
