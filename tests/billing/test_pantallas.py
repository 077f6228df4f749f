"""The office's sales screens: the line entry takes the product's taxes and the document charges them."""

from decimal import Decimal

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from billing import services
from billing.models import DocumentoVenta
from cpe.models import ComprobanteElectronico, EstadoCpe
from inventory.models import Producto
from inventory.selectors import almacen_principal
from inventory.services import kardex_entrada
from tests import factories
from tests.cpe.emitidos import texto_pdf, tienda_cpe  # noqa: F401  (fixture: a shop that signs)
from tests.ventas import HOY, borrador

pytestmark = pytest.mark.django_db


def _formulario(html: str, modelo: str) -> dict:
    """The values a browser would post from the admin's form of `modelo`, as rendered."""
    datos = {}
    for nombre, valor in lxml.html.fromstring(html).get_element_by_id(f"{modelo}_form").form_values():
        datos.setdefault(nombre, []).append(valor)
    return datos


def test_la_linea_cobra_el_icbper_de_la_bolsa(tienda, client):
    bolsa = Producto.objects.create(
        empresa=tienda["empresa"], codigo="BOL-01", nombre="Bolsa plástica", precio_venta=Decimal("0.10"), valor_venta=Decimal("0.0847"), icbper=True
    )
    kardex_entrada(
        producto=bolsa, almacen=tienda["almacen"], cantidad=Decimal(500), fecha=HOY, tipo_operacion="16",
        documento_tipo="00", documento_serie="", documento_numero="", costo_unitario=Decimal("0.02"),
    )  # fmt: skip
    client.force_login(tienda["vendedor"])
    info = client.get(reverse("admin:billing_factura_info_producto", args=[bolsa.pk])).json()
    assert (info["icbper"], info["isc_sistema"], info["afectacion"]) == (True, "", "10")

    doc = borrador(tienda, lineas=[(bolsa, 2, "0.10")])
    url = reverse("admin:billing_factura_change", args=[doc.pk])
    datos = _formulario(client.get(url).content.decode(), "factura")
    assert "lineas-0-icbper" not in datos and "lineas-0-isc_sistema" in datos  # the column is there, unticked
    # What the product sheet fills in when the line's product is chosen.
    datos["lineas-0-icbper"] = ["on"]
    resp = client.post(url, datos)
    assert resp.status_code == 302
    doc = services.documento_emitir(documento_id=doc.pk, usuario=tienda["vendedor"])
    # Two bags at S/ 0.10 with IGV plus S/ 0.50 of ICBPER each.
    assert (doc.total_icbper, doc.importe_total) == (Decimal("1.00"), Decimal("1.20"))


def _entrada(producto, almacen, cantidad):
    kardex_entrada(
        producto=producto, almacen=almacen, cantidad=Decimal(cantidad), fecha=HOY, tipo_operacion="16",
        documento_tipo="00", documento_serie="", documento_numero="", costo_unitario=Decimal("1"),
    )  # fmt: skip


@pytest.mark.parametrize("cantidad", ["20", "120", "0.5"])
def test_la_linea_muestra_el_stock_del_almacen_de_la_sucursal_del_documento(tienda, client, cantidad):
    arequipa = factories.sucursal(tienda["empresa"], codigo="0001", nombre="Arequipa", series=[("01", "F002")])
    vendedor = tienda["vendedor"]  # works in Lima by default, and in Arequipa too
    vendedor.sucursales.add(arequipa)
    cable = Producto.objects.create(empresa=tienda["empresa"], codigo="CAB-01", nombre="Cable HDMI", precio_venta=Decimal("20"), valor_venta=Decimal("16.95"))
    _entrada(cable, almacen_principal(arequipa), cantidad)
    _entrada(cable, tienda["almacen"], "7")
    client.force_login(vendedor)
    url = reverse("admin:billing_factura_info_producto", args=[cable.pk])

    info = client.get(url, {"sucursal": arequipa.pk}).json()
    assert info["stock"] == cantidad and "Arequipa" in info["sucursal"]
    assert client.get(url).json()["stock"] == "7"  # no branch chosen yet: the user's own
    otra = factories.sucursal(factories.empresa(), codigo="0002", nombre="Ajena")
    assert client.get(url, {"sucursal": otra.pk}).json()["stock"] == "7"  # not one of the user's branches


def test_el_impreso_lleva_el_codigo_del_producto_elegido_en_la_pantalla(tienda_cpe, client):
    t = tienda_cpe
    doc = borrador(t, lineas=[(t["laptop"], 1, "2360.00")])
    client.force_login(t["contador"])
    url = reverse("admin:billing_factura_change", args=[doc.pk])
    datos = _formulario(client.get(url).content.decode(), "factura")
    # The user picks the mouse on the line instead; the product search fills the rest.
    datos.update({"lineas-0-producto": [str(t["mouse"].pk)], "lineas-0-descripcion": ["Mouse inalámbrico"], "lineas-0-precio_unitario": ["59.00"]})
    assert client.post(url, datos).status_code == 302
    doc = services.documento_emitir(documento_id=doc.pk, usuario=t["contador"])

    texto = texto_pdf(client.get(f"/cpe/{doc.cpe.nombre}.pdf").content)
    assert "MOU-01 Mouse inalámbrico" in texto and "LAP-01" not in texto


def test_la_cantidad_cero_se_explica_en_palabras_de_oficina(tienda, client):
    doc = borrador(tienda, lineas=[(tienda["laptop"], 1, "2360.00")])
    client.force_login(tienda["vendedor"])
    url = reverse("admin:billing_factura_change", args=[doc.pk])
    datos = _formulario(client.get(url).content.decode(), "factura")
    datos["lineas-0-cantidad"] = ["0"]
    respuesta = client.post(url, datos)
    assert respuesta.status_code == 200
    assert "La cantidad debe ser mayor que cero." in respuesta.content.decode() and "1E-10" not in respuesta.content.decode()


def _texto(respuesta) -> str:
    """The page's text as the user reads it (no scripts or styles), whitespace collapsed."""
    html = lxml.html.fromstring(respuesta.content.decode())
    for nodo in html.xpath("//script | //style"):
        nodo.drop_tree()
    return " ".join(" ".join(html.itertext()).split())


def test_nota_de_credito_desde_la_factura_y_el_mismo_saldo_en_todas_partes(tienda, client):
    t = tienda
    factura = services.documento_emitir(documento_id=borrador(t, lineas=[(t["laptop"], 2, "2360.00"), (t["mouse"], 1, "59.00")]).pk, usuario=t["vendedor"])
    client.force_login(t["vendedor"])
    ficha_url = reverse("admin:billing_factura_change", args=[factura.pk])
    assert "Emitir nota de crédito" in client.get(ficha_url).content.decode()

    respuesta = client.get(reverse("admin:billing_factura_emitir_nota_credito", args=[factura.pk]), follow=True)
    nota = factura.notas.get()
    assert respuesta.redirect_chain[-1][0] == reverse("admin:billing_notacredito_change", args=[nota.pk])
    assert (nota.serie.serie, nota.cliente, nota.estado) == ("FC01", t["con_ruc"], "borrador")
    assert [(linea.codigo, linea.cantidad) for linea in nota.lineas.all()] == [("LAP-01", 2), ("MOU-01", 1)]
    # The user gives back one laptop only, picks the reason and issues it.
    datos = _formulario(respuesta.content.decode(), "notacredito")
    datos.update({"lineas-0-cantidad": ["1"], "lineas-1-DELETE": ["on"], "motivo_nota": ["07"], "sustento": ["Devolución de una laptop"]})
    assert client.post(reverse("admin:billing_notacredito_change", args=[nota.pk]), datos).status_code == 302
    services.documento_emitir(documento_id=nota.pk, usuario=t["vendedor"])

    ficha = _texto(client.get(ficha_url))
    assert "Modificado por Nota de crédito FC01-00000001" in ficha and "S/ 2360.00" in ficha
    assert "Saldo S/ 2419.00 Estado de pago Pagado parcialmente" in ficha
    lista = _texto(client.get(reverse("admin:billing_factura_changelist")))
    assert "F001-00000001" in lista and "Pagado parcialmente S/ 2,419.00" in lista
    nota_ficha = _texto(client.get(reverse("admin:billing_notacredito_change", args=[nota.pk])))
    assert "Modifica a Factura F001-00000001 S/ 4779.00 saldo S/ 2419.00 · Pagado parcialmente" in nota_ficha
    assert "Pendiente de pago" not in nota_ficha and "Registrar pago" not in nota_ficha
    notas = _texto(client.get(reverse("admin:billing_notacredito_changelist")))
    assert "Factura F001-00000001" in notas and "Aplicada a F001-00000001" in notas and "Pendiente de pago" not in notas


def test_el_error_de_otra_pestana_se_lee_arriba_del_formulario(tienda, client):
    arequipa = factories.sucursal(tienda["empresa"], codigo="0001", nombre="Arequipa", series=[("01", "F002")])
    tienda["vendedor"].sucursales.add(arequipa)
    doc = borrador(tienda, lineas=[(tienda["laptop"], 1, "2360.00")])
    client.force_login(tienda["vendedor"])
    url = reverse("admin:billing_factura_change", args=[doc.pk])
    pagina = client.get(url).content.decode()
    # Each series says its branch: the form offers only the chosen branch's.
    series = {o.text.strip(): o.get("data-sucursal") for o in lxml.html.fromstring(pagina).xpath('//select[@id="id_serie"]/option[@value!=""]')}
    assert series == {"F001": str(tienda["sucursal"].pk), "F002": str(arequipa.pk)}

    datos = _formulario(pagina, "factura")
    datos.update({"lineas-0-cantidad": ["0"], "sucursal": [str(arequipa.pk)]})
    errores = lxml.html.fromstring(client.post(url, datos).content.decode()).get_element_by_id("errores-formulario")
    lista = [" ".join(li.text_content().split()) for li in errores.xpath(".//li")]
    assert lista == [
        "Resumen — Serie: La serie F001 no es de la sucursal Arequipa.",
        "Detalle, línea 1 — Cantidad: La cantidad debe ser mayor que cero.",
    ]


def test_mensajes_que_concuerdan_y_la_cabecera_con_los_nombres_del_menu(tienda, client):
    doc = borrador(tienda, lineas=[(tienda["laptop"], 1, "2360.00")])
    client.force_login(tienda["vendedor"])
    url = reverse("admin:billing_factura_change", args=[doc.pk])
    datos = _formulario(client.get(url).content.decode(), "factura")
    respuesta = client.post(url, {**datos, "_continue": ["1"]}, follow=True)
    assert [str(m) for m in respuesta.context["messages"]] == ["La factura F001-(borrador) se guardó. Puede seguir editándola abajo."]
    assert "Agregar otra línea" in _texto(respuesta) and "Agregar otra cuota" in _texto(respuesta)  # the inlines' add buttons

    # The header says where the menu puts the page: a client is under Directorio, not under the app's name.
    cliente = _texto(client.get(reverse("admin:erp_cliente_change", args=[tienda["con_ruc"].pk])))
    assert "Directorio chevron_right Clientes chevron_right CLIENTE CON RUC S.A.C." in cliente and "Sistema chevron_right" not in cliente
    assert "Ventas chevron_right Facturas chevron_right Factura F001-(borrador)" in _texto(client.get(url))


def test_el_inicio_muestra_las_ventas_de_hoy_los_cpe_por_atender_y_los_documentos_por_estado(tienda_cpe, client):
    t = tienda_cpe
    hoy = timezone.localdate()
    factura = services.documento_emitir(documento_id=borrador(t, fecha_emision=hoy, lineas=[(t["laptop"], 1, "2360")]).pk, usuario=t["vendedor"])
    boleta = borrador(t, tipo="03", cliente=t["con_dni"], fecha_emision=hoy, lineas=[(t["mouse"], 2, "59")])
    services.documento_emitir(documento_id=boleta.pk, usuario=t["vendedor"])
    nota = borrador(t, tipo="07", fecha_emision=hoy, lineas=[(t["laptop"], 1, "2360")], documento_referencia=factura, motivo_nota="07", sustento="Devolución")
    services.documento_emitir(documento_id=nota.pk, usuario=t["vendedor"])
    borrador(t, lineas=[(t["mouse"], 1, "59")])
    ComprobanteElectronico.objects.filter(documento=boleta).update(estado=EstadoCpe.RECHAZADO, codigo_respuesta="2800")
    # Another branch's sale is not the user's.
    trujillo = factories.sucursal(t["empresa"], codigo="0002", nombre="Trujillo", series=[("01", "F003")])
    _entrada(t["laptop"], almacen_principal(trujillo), "5")
    otra = borrador(t, fecha_emision=hoy, lineas=[(t["laptop"], 1, "2360")])
    DocumentoVenta.objects.filter(pk=otra.pk).update(sucursal=trujillo, serie=trujillo.series.get())
    services.documento_emitir(documento_id=otra.pk, usuario=t["vendedor"])
    client.force_login(t["contador"])

    inicio = _texto(client.get(reverse("admin:index")))

    assert f"Ventas de hoy ({hoy:%d/%m/%Y}) Facturas (1) S/ 2,360.00 Boletas (1) S/ 118.00 Notas de crédito (1) − S/ 2,360.00 Total del día S/ 118.00" in inicio
    assert "Comprobantes electrónicos Pendientes de envío 2 Rechazados por SUNAT 1" in inicio
    assert "Documentos por estado Facturas en borrador 1 Facturas emitidas 1 Boletas emitidas 1 Boletas por cobrar 1 Notas de crédito emitidas 1" in inicio
    html = client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("admin:cpe_comprobanteelectronico_changelist")}?estado__exact=rechazado"' in html


def test_nota_de_debito_desde_la_factura_y_la_busqueda_por_serie_y_numero(tienda, client):
    t = tienda
    factura = services.documento_emitir(documento_id=borrador(t, lineas=[(t["mouse"], 3, "59.00")]).pk, usuario=t["vendedor"])
    boleta = services.documento_emitir(documento_id=borrador(t, tipo="03", cliente=t["con_dni"], lineas=[(t["mouse"], 1, "59.00")]).pk, usuario=t["vendedor"])
    client.force_login(t["vendedor"])

    client.get(reverse("admin:billing_factura_emitir_nota_debito", args=[factura.pk]))
    nota = factura.notas.get()
    assert (nota.tipo, nota.serie.serie, [linea.cantidad for linea in nota.lineas.all()]) == ("08", "FD01", [3])
    # The shop has no debit-note series for boletas (B...): said, and nothing created.
    respuesta = client.get(reverse("admin:billing_boleta_emitir_nota_debito", args=[boleta.pk]), follow=True)
    assert "La sucursal Sucursal 0000 no tiene una serie de nota de débito que empiece con B" in _texto(respuesta)
    assert not boleta.notas.exists()

    lista = _texto(client.get(reverse("admin:billing_factura_changelist"), {"q": "F001-00000001"}))
    assert "F001-00000001" in lista and "1 factura" in lista
