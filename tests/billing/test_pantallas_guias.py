"""The office's guide screens: from a factura's page, the form, "Emitir", the list with its search and Excel."""

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from billing import services
from billing.models import GuiaRemision
from erp.models import Distrito, Serie
from tests import factories
from tests.ventas import borrador


@pytest.fixture
def oficina(client, tienda):
    Serie.objects.create(sucursal=tienda["sucursal"], tipo_documento="09", serie="T001")
    perfil = factories.perfil("Despacho", modulos=["ventas.facturas", "ventas.guias"])
    tienda["vendedor"].perfiles.add(perfil)
    client.force_login(tienda["vendedor"])
    return client


def _factura(t):
    return services.documento_emitir(documento_id=borrador(t, lineas=[(t["laptop"], 1, "2360")]).pk, usuario=t["vendedor"])


def test_emitir_guia_desde_la_factura_y_luego_emitirla(oficina, tienda):
    factura = _factura(tienda)
    pagina = oficina.get(f"/admin/billing/factura/{factura.pk}/change/").content.decode()
    assert "Emitir guía de remisión" in pagina
    respuesta = oficina.get(f"/admin/billing/factura/{factura.pk}/guia/", follow=True)
    guia = GuiaRemision.objects.get(documento_venta=factura)
    assert respuesta.redirect_chain[-1][0] == f"/admin/billing/guiaremision/{guia.pk}/change/"
    assert "complete el peso" in respuesta.content.decode()
    # Without weight, arrival or transport: the reasons in Spanish, no number used.
    texto = oficina.get(f"/admin/billing/guiaremision/{guia.pk}/emitir/", follow=True).content.decode()
    assert "peso bruto total" in texto and "llegada necesita su ubigeo" in texto and "placa del vehículo" in texto
    guia.refresh_from_db()
    assert guia.numero is None and Serie.objects.get(serie="T001").ultimo_numero == 0
    guia.peso_bruto, guia.llegada_distrito, guia.llegada_direccion = Decimal("3.2"), Distrito.objects.get(ubigeo="150122"), "Calle Libertad 116"
    guia.modalidad, guia.transportista_ruc = "01", factories.ruc_valido("2051234567")
    guia.transportista_razon_social, guia.transportista_mtc = "TRANSPORTES DEL SUR S.A.C.", "1534567CNG"
    guia.save()
    texto = oficina.get(f"/admin/billing/guiaremision/{guia.pk}/emitir/", follow=True).content.decode()
    guia.refresh_from_db()
    assert guia.numero == 1 and "Se emitió la guía" in texto


def test_el_formulario_rechaza_una_serie_ajena_y_un_inicio_anterior(oficina, tienda):
    hoy = timezone.localdate()
    datos = {
        "sucursal": tienda["sucursal"].pk, "tipo": "09", "serie": tienda["sucursal"].series.get(serie="F001").pk,
        "fecha_emision": hoy.isoformat(), "fecha_inicio": (hoy.replace(day=1) if hoy.day > 1 else hoy).isoformat(),
        "motivo": "01", "unidad_peso": "KGM", "modalidad": "02",
        **{f"{p}-TOTAL_FORMS": "0" for p in ("lineas", "vehiculos", "conductores", "documentos")},
        **{f"{p}-INITIAL_FORMS": "0" for p in ("lineas", "vehiculos", "conductores", "documentos")},
    }  # fmt: skip
    texto = oficina.post("/admin/billing/guiaremision/add/", datos).content.decode()
    assert "Elija una serie de guía de remisión remitente" in texto
    assert not GuiaRemision.objects.exists()


def test_lista_busca_por_numero_y_exporta_a_excel(oficina, tienda):
    from billing import guias

    guia = guias.guia_desde_documento(documento_id=_factura(tienda).pk, usuario=tienda["vendedor"])
    lista = oficina.get("/admin/billing/guiaremision/", {"estado__exact": "borrador"}).content.decode()
    assert "T001-(borrador)" in lista and "exportar-excel/?estado__exact=borrador" in lista
    libro = load_workbook(io.BytesIO(oficina.get("/admin/billing/guiaremision/exportar-excel/").content))
    filas = list(libro.active.iter_rows(values_only=True))
    assert filas[0][:4] == ("Cpe", "Número", "Tipo", "Fecha de emisión") and len(filas) == 2  # the CPE app adds its column first
    assert guia.destinatario.razon_social in filas[1]


def test_boton_guia_de_remision_en_la_transferencia(client, tienda):
    """The transfer screen (inventory) shows billing's button; it opens a motivo-04 draft, and the same one again later."""
    from inventory.models import Transferencia, TransferenciaLinea
    from inventory.selectors import almacen_principal

    Serie.objects.create(sucursal=tienda["sucursal"], tipo_documento="09", serie="T001")
    miraflores = factories.sucursal(tienda["empresa"], codigo="0001", nombre="Tienda Miraflores")
    miraflores.distrito, miraflores.direccion = Distrito.objects.get(ubigeo="150122"), "Av. Larco 345"
    miraflores.save()
    transferencia = Transferencia.objects.create(almacen_origen=tienda["almacen"], almacen_destino=almacen_principal(miraflores), fecha=timezone.localdate())
    TransferenciaLinea.objects.create(transferencia=transferencia, producto=tienda["laptop"], cantidad=3)
    almacenero = factories.usuario("almacen", sucursales=[tienda["sucursal"]], perfiles=[factories.perfil("Almacén", modulos=["inventario.transferencias"])])
    client.force_login(almacenero)
    assert "Guía de remisión" not in client.get(f"/admin/inventory/transferencia/{transferencia.pk}/change/").content.decode()
    assert client.get(f"/admin/inventory/transferencia/{transferencia.pk}/guia-remision/").status_code == 403

    almacenero.perfiles.add(factories.perfil("Despacho", modulos=["ventas.guias"]))
    pagina = client.get(f"/admin/inventory/transferencia/{transferencia.pk}/change/").content.decode()
    assert "Guía de remisión" in pagina and f"/admin/inventory/transferencia/{transferencia.pk}/guia-remision/" in pagina
    respuesta = client.get(f"/admin/inventory/transferencia/{transferencia.pk}/guia-remision/", follow=True)
    guia = GuiaRemision.objects.get(transferencia=transferencia)
    assert respuesta.redirect_chain[-1][0] == f"/admin/billing/guiaremision/{guia.pk}/change/"
    assert "complete el peso" in respuesta.content.decode()
    assert (guia.motivo, guia.partida_establecimiento, guia.llegada_establecimiento, guia.llegada_direccion) == ("04", "0000", "0001", "Av. Larco 345")
    assert [(ln.producto, ln.cantidad) for ln in guia.lineas.all()] == [(tienda["laptop"], 3)]
    # Pressed again: the same guide, not a second one.
    otra = client.get(f"/admin/inventory/transferencia/{transferencia.pk}/guia-remision/", follow=True)
    assert GuiaRemision.objects.filter(transferencia=transferencia).count() == 1 and "ya tiene la guía T001-(borrador)" in otra.content.decode()


def test_transferencia_en_el_mismo_local_explica_que_no_lleva_guia(oficina, tienda):
    from inventory.models import Transferencia, TransferenciaLinea

    otro = tienda["almacen"].sucursal.almacenes.create(nombre="Depósito")
    transferencia = Transferencia.objects.create(almacen_origen=tienda["almacen"], almacen_destino=otro, fecha=timezone.localdate())
    TransferenciaLinea.objects.create(transferencia=transferencia, producto=tienda["laptop"], cantidad=1)
    tienda["vendedor"].perfiles.add(factories.perfil("Almacén", modulos=["inventario.transferencias"]))
    texto = oficina.get(f"/admin/inventory/transferencia/{transferencia.pk}/guia-remision/", follow=True).content.decode()
    assert "no necesita guía de remisión" in texto and not GuiaRemision.objects.exists()
