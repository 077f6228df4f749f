"""The whole purchasing chain through the admin, as staff work it: purchase request → approval → request for quotation
→ answers → order → two partial receptions → purchase invoice → two payments; then stock, kardex cost, balances."""

from decimal import Decimal

import pytest
from django.core import mail

from billing.models import CuentaBancaria, MetodoPago
from erp.models import Contacto, Moneda
from inventory.models import Movimiento, Stock
from purchases.models import FacturaCompra, OrdenCompra, SolicitudCompra, SolicitudCotizacion
from tests import factories

from .conftest import datos_factura, dia, proveedor

pytestmark = pytest.mark.django_db
D = Decimal


def _dialogo(client, url, datos):
    """Submit an Unfold detail action's dialog as the browser does (htmx), return the page it redirects to."""
    respuesta = client.post(url, {"_form_submitted": "1", **datos}, HTTP_HX_REQUEST="true")
    assert respuesta.status_code == 200, respuesta.content.decode()[:500]
    destino = respuesta.headers.get("HX-Redirect")
    assert destino, "the dialog did not accept the form: " + " ".join(respuesta.content.decode().split())[:800]
    return destino


def _mensajes(client, url) -> str:
    return " ".join(client.get(url).content.decode().split())


def test_la_cadena_de_compras_completa_desde_el_admin(client, sucursal, almacen, articulo, usuario, caja, django_capture_on_commit_callbacks):
    solicitante = factories.usuario(
        "almacenero", sucursales=[sucursal], email="almacen@empresa.pe",
        perfiles=[factories.perfil("Almacén", modulos=["compras.solicitudes"])],
    )  # fmt: skip
    barato = proveedor(sucursal, "FERRETERA BARATA S.A.C.")
    caro = proveedor(sucursal, "FERRETERA CARA S.A.C.")
    Contacto.objects.create(socio=barato, nombres="Ana", email="ventas@barata.pe")
    caro.email = "cotiza@cara.pe"
    caro.save()

    # 0. Stock before: 3 bought at S/ 21.40 (invoice without order, registered from its form) = 64.20.
    client.force_login(usuario)
    previa = datos_factura(sucursal, almacen, barato, articulo, numero="100", **{"fecha_emision": dia(1).strftime("%d/%m/%Y"),
                           "lineas-0-cantidad": "3", "lineas-0-valor_unitario": "21.40"})  # fmt: skip
    assert client.post("/admin/purchases/facturacompra/add/", previa).status_code == 302

    # 1. The warehouse keeper asks for 10 screws for the branch.
    client.force_login(solicitante)
    respuesta = client.post("/admin/purchases/solicitudcompra/add/", {
        "sucursal": sucursal.pk, "fecha": dia(2).strftime("%d/%m/%Y"), "motivo": "Reposición de tornillos",
        "lineas-TOTAL_FORMS": "1", "lineas-INITIAL_FORMS": "0", "lineas-MIN_NUM_FORMS": "0", "lineas-MAX_NUM_FORMS": "1000",
        "lineas-0-producto": articulo.pk, "lineas-0-descripcion": "", "lineas-0-unidad": "NIU", "lineas-0-cantidad": "10",
        "lineas-0-fecha_requerida": dia(10).strftime("%d/%m/%Y"),
    })  # fmt: skip
    assert respuesta.status_code == 302, [str(e) for e in respuesta.context["errors"]] if respuesta.context else ""
    solicitud = SolicitudCompra.objects.get()
    assert (solicitud.estado, solicitud.lineas.get().descripcion) == ("por_aprobar", "TORNILLO")
    # Without the permission there is no approval.
    assert client.post(f"/admin/purchases/solicitudcompra/{solicitud.pk}/aprobar/").status_code == 403

    # 2. The buyer sees it under "Por aprobar" and approves it into a request for quotation to both providers.
    client.force_login(usuario)
    por_aprobar = _mensajes(client, "/admin/purchases/solicitudcompra/?pestana=por_aprobar")
    assert str(solicitud) in por_aprobar and "Reposición de tornillos" in por_aprobar
    assert str(solicitud) not in _mensajes(client, "/admin/purchases/solicitudcompra/?pestana=aprobadas")
    with django_capture_on_commit_callbacks(execute=True):
        _dialogo(client, f"/admin/purchases/solicitudcompra/{solicitud.pk}/aprobar/", {
            "destino": "cotizacion", "almacen": almacen.pk, "proveedores": [barato.pk, caro.pk], "comentario": "Cotizar con dos",
        })  # fmt: skip
    solicitud.refresh_from_db()
    assert solicitud.estado == "aprobada"
    assert str(solicitud) in _mensajes(client, "/admin/purchases/solicitudcompra/?pestana=aprobadas")
    aviso = mail.outbox[-1]
    assert aviso.to == ["almacen@empresa.pe"] and "fue aprobada" in aviso.body
    cotizacion = solicitud.cotizacion_generada
    assert set(cotizacion.proveedores.all()) == {barato, caro}

    # 3. Sent: each provider gets the request with its PDF at its contact's address.
    mail.outbox.clear()
    _dialogo(client, f"/admin/purchases/solicitudcotizacion/{cotizacion.pk}/enviar/", {"mensaje": "Entrega en Lima."})
    assert sorted(m.to[0] for m in mail.outbox) == ["cotiza@cara.pe", "ventas@barata.pe"]
    correo = next(m for m in mail.outbox if m.to == ["ventas@barata.pe"])
    assert "FERRETERA BARATA S.A.C." in correo.body and "10 NIU TORNILLO" in correo.body and "Entrega en Lima." in correo.body
    nombre, contenido, tipo = correo.attachments[0]
    assert (nombre.endswith(f"{cotizacion.numero_completo}.pdf"), tipo, contenido[:4]) == (True, "application/pdf", b"%PDF")
    cotizacion.refresh_from_db()
    assert cotizacion.estado == "enviada"

    # 4. Both answer; the page compares them side by side and marks the lower one.
    linea_cot = cotizacion.lineas.get()
    responder = f"/admin/purchases/solicitudcotizacion/{cotizacion.pk}/responder/"
    pen = Moneda.objects.get(codigo="PEN").pk
    _dialogo(client, responder, {"proveedor": caro.pk, "fecha": dia(3).strftime("%d/%m/%Y"), "moneda": pen, f"p_{linea_cot.pk}": "20.00"})
    _dialogo(client, responder, {"proveedor": barato.pk, "fecha": dia(3).strftime("%d/%m/%Y"), "moneda": pen, f"p_{linea_cot.pk}": "18.50",
                                 "condiciones": "Crédito 30 días"})  # fmt: skip
    pagina = _mensajes(client, f"/admin/purchases/solicitudcotizacion/{cotizacion.pk}/change/")
    assert "FERRETERA BARATA S.A.C." in pagina and "FERRETERA CARA S.A.C." in pagina
    assert 'mejor"> 18.50 c/u · 185.00</td>' in pagina and 'px-3 py-2"> 20.00 c/u · 200.00</td>' in pagina
    assert "S/ 200.00" in pagina and "S/ 185.00" in pagina

    # 5. The cheaper answer becomes the order in one action.
    elegida = cotizacion.respuestas.get(proveedor=barato)
    _dialogo(client, f"/admin/purchases/solicitudcotizacion/{cotizacion.pk}/elegir/", {"respuesta": elegida.pk})
    orden = OrdenCompra.objects.get()
    cotizacion.refresh_from_db()
    assert (cotizacion.estado, cotizacion.orden_generada) == ("cerrada", orden)
    # 10 x 18.50 = 185.00 + IGV 33.30 = 218.30, a draft to the cheaper provider.
    assert (orden.proveedor, orden.estado, orden.importe_total) == (barato, "borrador", D("218.30"))

    # 6. Issued, then e-mailed with its PDF.
    client.post(f"/admin/purchases/ordencompra/{orden.pk}/emitir/")
    mail.outbox.clear()
    _dialogo(client, f"/admin/purchases/ordencompra/{orden.pk}/correo/", {"destinatarios": "ventas@barata.pe", "mensaje": ""})
    assert mail.outbox[0].attachments[0][2] == "application/pdf" and "OC-000001" in mail.outbox[0].subject
    assert client.get(f"/admin/purchases/ordencompra/{orden.pk}/pdf/").content[:4] == b"%PDF"

    # 7. Two partial receptions: 6 on 5 Mar and 4 on 8 Mar, each at S/ 18.50.
    linea = orden.lineas.get()
    recibir = f"/admin/purchases/ordencompra/{orden.pk}/recibir/"
    _dialogo(client, recibir, {"fecha": dia(5).strftime("%d/%m/%Y"), "guia_remision": "T001-51", f"l_{linea.pk}": "6"})
    orden.refresh_from_db()
    assert orden.estado == "parcial"
    pagina = _mensajes(client, f"/admin/purchases/ordencompra/{orden.pk}/change/")
    assert 'pendiente">4</td>' in pagina
    _dialogo(client, recibir, {"fecha": dia(8).strftime("%d/%m/%Y"), f"l_{linea.pk}": "4"})
    orden.refresh_from_db()
    assert orden.estado == "recibida"

    # Weighted average, by hand:
    #   1 Mar   3 x 21.40 =  64.20               →  3 units worth  64.20
    #   5 Mar + 6 x 18.50 = 111.00               →  9 units worth 175.20, average 175.20 / 9  = 19.466667
    #   8 Mar + 4 x 18.50 =  74.00               → 13 units worth 249.20, average 249.20 / 13 = 19.169231
    stock = Stock.objects.get(producto=articulo, almacen=almacen)
    assert (stock.cantidad, stock.costo_promedio, stock.valor) == (D("13"), D("19.169231"), D("249.20"))
    movimientos = Movimiento.objects.filter(producto=articulo).order_by("fecha", "id")
    assert [m.costo_unitario for m in movimientos] == [D("21.400000"), D("18.500000"), D("18.500000")]

    # 8. The provider's invoice for the order, from its form: it settles the order, no second stock entry.
    factura_oc = datos_factura(sucursal, almacen, barato, articulo, numero="2201", orden=orden.pk, **{
        "fecha_emision": dia(8).strftime("%d/%m/%Y"), "fecha_vencimiento": dia(7, 4).strftime("%d/%m/%Y"),
        "lineas-0-cantidad": "10", "lineas-0-valor_unitario": "18.50",
    })  # fmt: skip
    assert client.post("/admin/purchases/facturacompra/add/", factura_oc).status_code == 302
    factura = FacturaCompra.objects.get(numero="2201")
    assert (factura.importe_total, factura.orden) == (D("218.30"), orden)
    assert Stock.objects.get(producto=articulo, almacen=almacen).cantidad == D("13")
    # The same number of the same provider again is refused on the form, and nothing is written.
    repetida = " ".join(client.post("/admin/purchases/facturacompra/add/", {**factura_oc, "orden": ""}).content.decode().split())
    assert "La factura F001-2201 de FERRETERA BARATA S.A.C. ya está registrada." in repetida
    assert FacturaCompra.objects.filter(numero="2201").count() == 1

    # 9. Two payments from the payables screen: 100.00 from the register, 118.30 from the bank.
    efectivo = MetodoPago.objects.create(empresa=sucursal.empresa, nombre="Efectivo")
    banco = CuentaBancaria.objects.create(empresa=sucursal.empresa, banco="BCP", moneda_id=pen, numero="191-01", saldo_inicial=D("1000.00"))
    url = f"/admin/purchases/cuentaporpagar/?corte={dia(10).isoformat()}&socio={barato.numero_documento}"
    pago = {"documentos": [factura.pk], "metodo_pago": efectivo.pk, "fecha": dia(10).isoformat()}
    client.post(url, {**pago, "monto": "100.00", "medio": f"caja:{caja.pk}"})
    pagina_proveedor = f"/admin/erp/proveedor/{barato.pk}/change/"
    # Owed: the earlier invoice 75.76 (64.20 + IGV 11.56) and 118.30 left of this one.
    assert "Por pagar: S/ 194.06 en 2 documentos" in _mensajes(client, pagina_proveedor)
    client.post(url, {**pago, "monto": "118.30", "medio": f"cuenta:{banco.pk}"})
    factura.refresh_from_db()
    caja.refresh_from_db()
    banco.refresh_from_db()
    assert (factura.pagado, factura.por_pagar, caja.saldo, banco.saldo) == (D("218.30"), D("0.00"), D("400.00"), D("881.70"))
    assert list(factura.pagos.values_list("monto", flat=True).order_by("id")) == [D("100.00"), D("118.30")]

    # 10. The provider's page: what is still owed, its documents, what was bought from it at what price.
    pagina = _mensajes(client, pagina_proveedor)
    assert "Por pagar: S/ 75.76 en 1 documento" in pagina
    assert "Factura F001-2201" in pagina and "Factura F001-100" in pagina
    assert "TORNILLO" in pagina and "Último: S/ 18.50" in pagina and "promedio S/ 19.17" in pagina
    assert SolicitudCotizacion.objects.count() == 1


def test_recibir_de_mas_exige_el_permiso_y_la_confirmacion(client, sucursal, almacen, articulo, usuario):
    from purchases import services

    prov = proveedor(sucursal)
    orden = services.orden_crear(sucursal=sucursal, almacen=almacen, proveedor=prov, usuario=usuario,
                                 lineas=[{"producto": articulo, "cantidad": D("5"), "valor_unitario": D("10")}])  # fmt: skip
    services.orden_emitir(orden_id=orden.pk, usuario=usuario)
    linea = orden.lineas.get()
    comprador = factories.usuario("comprador", sucursales=[sucursal], perfiles=[factories.perfil("Compras", modulos=["compras.documentos"])])
    recibir = f"/admin/purchases/ordencompra/{orden.pk}/recibir/"
    datos = {"fecha": dia(5).strftime("%d/%m/%Y"), f"l_{linea.pk}": "7"}

    client.force_login(comprador)
    assert "Confirmo la sobre-recepción" not in client.get(recibir, HTTP_HX_REQUEST="true").content.decode()
    _dialogo(client, recibir, datos)
    assert "requiere el permiso de sobre-recepción" in _mensajes(client, f"/admin/purchases/ordencompra/{orden.pk}/change/")
    assert not Stock.objects.filter(producto=articulo, cantidad__gt=0).exists()

    client.force_login(usuario)
    _dialogo(client, recibir, datos)
    assert "confirme la sobre-recepción" in _mensajes(client, f"/admin/purchases/ordencompra/{orden.pk}/change/")
    assert not Stock.objects.filter(producto=articulo, cantidad__gt=0).exists()
    _dialogo(client, recibir, {**datos, "exceso_confirmado": "on"})
    orden.refresh_from_db()
    assert (orden.estado, Stock.objects.get(producto=articulo, almacen=almacen).cantidad) == ("recibida", D("7"))
