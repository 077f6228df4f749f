"""The catalogue screens: products and services, prices with and without IGV, searches and the Excel export."""

import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.urls import reverse

from inventory.models import Categoria, Clase, Familia, Producto, Segmentacion, Subcategoria, TipoItem, TipoProducto
from tests import factories

from .conftest import producto

pytestmark = pytest.mark.django_db


def _datos(empresa, **extra):
    datos = {
        "empresa": empresa.pk,
        "codigo": "LAP-001",
        "cod_num": "",
        "nombre": "LAPTOP 14 PULGADAS",
        "descripcion": "Procesador de 8 núcleos",
        "unidad": "NIU",
        "afectacion_igv": "10",
        "valor_venta": "0",
        "precio_venta": "0",
        "isc_tasa": "0",
        "activo": "on",
        "precios-TOTAL_FORMS": 0,
        "precios-INITIAL_FORMS": 0,
        "minimos-TOTAL_FORMS": 0,
        "minimos-INITIAL_FORMS": 0,
    }
    datos.update(extra)
    return datos


def test_producto_con_precio_con_igv_calcula_el_valor(admin_client):
    empresa = factories.empresa()
    resp = admin_client.post(reverse("admin:inventory_producto_add"), _datos(empresa, precio_venta="2360"))
    assert resp.status_code == 302, resp.context["errors"]
    p = Producto.objects.get(codigo="LAP-001")
    assert (p.tipo, p.precio_venta, p.valor_venta, p.unidad_id) == ("P", D("2360"), D("2000"), "NIU")
    assert p.cod_num == 10_000_001  # assigned when left empty
    assert not p.es_servicio

    # Entering the value without IGV recomputes the price.
    datos = _datos(empresa, cod_num=p.cod_num, precio_venta="2360", valor_venta="2100")
    resp = admin_client.post(reverse("admin:inventory_producto_change", args=[p.pk]), datos)
    assert resp.status_code == 302, resp.context["errors"]
    p.refresh_from_db()
    assert (p.precio_venta, p.valor_venta) == (D("2478"), D("2100"))


def test_precio_cero_pide_confirmacion_y_el_precio_va_en_la_primera_pestana(admin_client):
    empresa = factories.empresa()
    formulario = admin_client.get(reverse("admin:inventory_producto_add")).content.decode()
    primera = formulario.split('x-show="activeFieldsetTab == \'datos-generales\'"')[1].split("tab-wrapper")[0]
    assert 'name="precio_venta"' in primera and 'name="valor_venta"' in primera

    resp = admin_client.post(reverse("admin:inventory_producto_add"), _datos(empresa))
    pagina = resp.content.decode()
    assert "El precio de venta es 0: marque «Confirmo el precio 0» si así se vende, o escriba el precio." in pagina
    assert 'name="confirmar_precio_cero"' in pagina and not Producto.objects.exists()
    resp = admin_client.post(reverse("admin:inventory_producto_add"), _datos(empresa, confirmar_precio_cero="on"))
    assert resp.status_code == 302 and Producto.objects.get().precio_venta == 0
    resp = admin_client.post(reverse("admin:inventory_producto_add"), _datos(empresa, codigo="X-1", precio_venta="-5"))
    assert "El precio no puede ser negativo." in resp.content.decode()


def test_exonerado_no_suma_igv(admin_client):
    empresa = factories.empresa()
    admin_client.post(reverse("admin:inventory_producto_add"), _datos(empresa, afectacion_igv="20", precio_venta="50"))
    p = Producto.objects.get()
    assert (p.precio_venta, p.valor_venta) == (D("50"), D("50"))


def test_precio_y_valor_que_no_corresponden(admin_client):
    empresa = factories.empresa()
    resp = admin_client.post(reverse("admin:inventory_producto_add"), _datos(empresa, precio_venta="120", valor_venta="100"))
    assert "El precio con IGV (120) no corresponde al valor sin IGV (100): ingrese solo uno de los dos." in resp.content.decode()
    assert not Producto.objects.exists()


def test_codigo_repetido_y_unidad_fuera_del_catalogo(admin_client):
    empresa = factories.empresa()
    producto(empresa, codigo="LAP-001", cod_num=43677910)
    resp = admin_client.post(reverse("admin:inventory_producto_add"), _datos(empresa, precio_venta="10"))
    assert "Ya existe un producto o servicio con ese código." in resp.content.decode()
    resp = admin_client.post(reverse("admin:inventory_producto_add"), _datos(empresa, codigo="LAP-002", cod_num="43677910"))
    assert "Ya existe un producto o servicio con ese código numérico." in resp.content.decode()
    resp = admin_client.post(reverse("admin:inventory_producto_add"), _datos(empresa, codigo="LAP-003", unidad="XYZ"))
    assert "La unidad de medida no está en el catálogo 03 de SUNAT." in resp.content.decode()
    resp = admin_client.post(reverse("admin:inventory_producto_add"), _datos(empresa, codigo="LAP-004", cod_num="123456789"))
    assert "El código numérico va de 1 a 99999999." in resp.content.decode()
    assert Producto.objects.count() == 1


def test_subcategoria_de_otra_categoria_e_isc_sin_tasa(admin_client):
    empresa = factories.empresa()
    tecnologia = Categoria.objects.create(empresa=empresa, nombre="Tecnología")
    oficina = Categoria.objects.create(empresa=empresa, nombre="Oficina")
    papeleria = Subcategoria.objects.create(categoria=oficina, nombre="Papelería")
    resp = admin_client.post(
        reverse("admin:inventory_producto_add"),
        _datos(empresa, categoria=tecnologia.pk, subcategoria=papeleria.pk, isc_sistema="01"),
    )
    texto = resp.content.decode()
    assert "La subcategoría no pertenece a la categoría elegida." in texto
    assert "Indique la tasa o el monto del ISC." in texto
    assert not Producto.objects.exists()


def test_servicios_en_su_propia_lista(admin_client):
    empresa = factories.empresa()
    producto(empresa, nombre="MOUSE ÓPTICO")
    segmento = Segmentacion.objects.create(empresa=empresa, concepto="Servicios")
    clase = Clase.objects.create(familia=Familia.objects.create(segmentacion=segmento, concepto="Informática"), concepto="Soporte")
    soporte = TipoProducto.objects.create(clase=clase, tipo=TipoItem.SERVICIO, concepto="Soporte en sitio")
    datos = _datos(empresa, codigo="SRV-1", nombre="MANTENIMIENTO DE PC", unidad="ZZ", precio_venta="59", clasificacion=soporte.pk)
    resp = admin_client.post(reverse("admin:inventory_servicio_add"), {**datos, "maneja_series": "on"})
    assert resp.status_code == 302, resp.context["errors"]
    servicio = Producto.objects.get(codigo="SRV-1")
    assert servicio.tipo == TipoItem.SERVICIO and servicio.es_servicio and servicio.valor_venta == D("50")
    assert servicio.clasificacion == soporte and not servicio.maneja_series  # the services' form has no such field
    resp = admin_client.post(reverse("admin:inventory_producto_add"), {**datos, "codigo": "P-9"})
    assert "Escoja una opción válida" in resp.content.decode()  # a type of service is not offered to products
    def lista(nombre):
        return [p.nombre for p in admin_client.get(reverse(f"admin:inventory_{nombre}_changelist")).context["cl"].result_list]

    assert lista("producto") == ["MOUSE ÓPTICO"]
    assert lista("servicio") == ["MANTENIMIENTO DE PC"]
    # Fields that take any item (a price, a sales line) offer both; a maintenance, only products.
    def autocompletar(modelo):
        datos = {"app_label": "inventory", "model_name": modelo, "field_name": "producto", "term": "M"}
        return sorted(r["text"].split(" - ")[1] for r in admin_client.get(reverse("admin:autocomplete"), datos).json()["results"])

    assert autocompletar("precioproducto") == ["MANTENIMIENTO DE PC", "MOUSE ÓPTICO"]
    assert autocompletar("mantenimiento") == ["MOUSE ÓPTICO"]


def test_busqueda_por_codigo_clasificacion_y_precio(admin_client):
    empresa = factories.empresa()
    oficina = Categoria.objects.create(empresa=empresa, nombre="Oficina")
    producto(empresa, codigo="A-100", nombre="ENGRAPADOR", categoria=oficina, precio_venta=D("35.40"))
    producto(empresa, codigo="B-200", nombre="MONITOR 24", precio_venta=D("750"))
    lista = reverse("admin:inventory_producto_changelist")
    for termino, esperado, ausente in [
        ("A-100", "ENGRAPADOR", "MONITOR 24"),
        ("oficina", "ENGRAPADOR", "MONITOR 24"),
        ("750", "MONITOR 24", "ENGRAPADOR"),
    ]:
        texto = admin_client.get(lista, {"q": termino}).content.decode()
        assert esperado in texto and ausente not in texto, termino
    texto = admin_client.get(lista, {"activo__exact": "0"}).content.decode()
    assert "ENGRAPADOR" not in texto


def test_exportar_catalogo_a_excel_con_los_filtros_de_la_lista(admin_client):
    empresa = factories.empresa()
    producto(empresa, codigo="A-100", nombre="ENGRAPADOR", cod_num=43677910, precio_venta=D("35.40"), valor_venta=D("30"))
    producto(empresa, codigo="B-200", nombre="MONITOR 24")
    lista = admin_client.get(reverse("admin:inventory_producto_changelist"), {"q": "engrap"}).content.decode()
    assert reverse("admin:inventory_producto_exportar_excel") + "?q=engrap" in lista
    resp = admin_client.get(reverse("admin:inventory_producto_exportar_excel"), {"q": "engrap"})
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    hoja = openpyxl.load_workbook(io.BytesIO(resp.content)).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][:5] == ("Tipo", "Código", "Código numérico", "Código SUNAT", "Nombre")
    assert len(filas) == 2
    assert filas[1][:5] == ("Producto", "A-100", 43677910, None, "ENGRAPADOR")
    assert filas[1][12:14] == (30, 35.4)
