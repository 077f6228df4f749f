"""The Nubefact-style API with the seed's own example requests, through the Django test client."""

from decimal import Decimal

import pytest

from billing.models import DocumentoVenta
from cpe.models import CodigoUnico
from tests.cpe.dialectos.conftest import CUOTAS, EJEMPLOS, HOY, ejemplo

pytestmark = pytest.mark.django_db


def _factura(api, **cambios):
    return api(ejemplo("generar_comprobante", enviar_automaticamente_a_la_sunat=False, **cambios))


def test_el_ejemplo_del_manual_emite_la_factura_con_sus_totales_cuotas_y_guia(api_nube, nube):
    respuesta = _factura(api_nube)
    assert respuesta.status_code == 200, respuesta.content
    cuerpo = respuesta.json()
    assert list(cuerpo) == list(EJEMPLOS["generar_comprobante_respuesta"])
    assert (cuerpo["tipo_de_comprobante"], cuerpo["serie"], cuerpo["numero"]) == (1, "FFF1", 1)
    assert (
        cuerpo["aceptada_por_sunat"] is False
        and cuerpo["sunat_responsecode"] is None
        and cuerpo["sunat_soap_error"] == ""
    )
    documento = DocumentoVenta.objects.get(serie__serie="FFF1", tipo="01", numero=1)
    assert (documento.total_gravadas, documento.total_igv, documento.importe_total) == (
        Decimal("600.00"),
        Decimal("108.00"),
        Decimal("708.00"),
    )
    assert documento.cliente.razon_social == "NUBEFACT SA" and documento.cliente_numero_documento == "20600695771"
    assert documento.fecha_emision == HOY
    assert documento.forma_pago == DocumentoVenta.FormaPago.CREDITO
    assert [(c.numero, c.fecha_pago, c.monto) for c in documento.cuotas.order_by("numero")] == [
        (1, CUOTAS[0], Decimal("600.00")),
        (2, CUOTAS[1], Decimal("100.00")),
        (3, CUOTAS[2], Decimal("8.00")),
    ]
    assert documento.guias == "0001-23"
    assert [(linea.unidad_id, linea.descripcion, linea.total) for linea in documento.lineas.order_by("orden")] == [
        ("NIU", "DETALLE DEL PRODUCTO", Decimal("590.0000000000")),
        ("ZZ", "DETALLE DEL SERVICIO", Decimal("118.0000000000")),
    ]
    empresa = nube["empresa"]
    assert (
        cuerpo["cadena_para_codigo_qr"]
        == f"{empresa.ruc}|01|FFF1|00000001|108.00|708.00|{HOY.isoformat()}|6|20600695771|{cuerpo['codigo_hash']}|"
    )
    assert cuerpo["codigo_hash"] == documento.cpe.hash != ""
    assert (
        cuerpo["enlace_del_xml"].startswith("http://testserver/consulta/descargar/") and cuerpo["enlace_del_cdr"] == ""
    )


def test_los_enlaces_descargan_sin_iniciar_sesion(api_nube, client):
    cuerpo = _factura(api_nube).json()
    client.logout()
    xml = client.get(cuerpo["enlace_del_xml"])
    assert xml.status_code == 200 and b"<cbc:ID>FFF1-1</cbc:ID>" in xml.content
    assert client.get(cuerpo["enlace_del_pdf"])["Content-Type"] == "application/pdf"


def test_numero_vacio_o_cero_toma_el_siguiente(api_nube):
    assert _factura(api_nube, numero="").json()["numero"] == 1
    assert _factura(api_nube, numero=0).json()["numero"] == 2


def test_un_numero_ya_usado_es_el_error_23_y_uno_salteado_el_21(api_nube):
    _factura(api_nube)
    usado = _factura(api_nube)
    assert usado.status_code == 400 and usado.json()["codigo"] == 23
    salteado = _factura(api_nube, numero=5)
    assert salteado.status_code == 400 and salteado.json()["codigo"] == 21
    assert "le corresponde el 2" in salteado.json()["errors"]
    assert DocumentoVenta.objects.count() == 1


def test_codigo_unico_devuelve_el_mismo_documento(api_nube):
    primera = _factura(api_nube, numero="", codigo_unico="VENTA-0001").json()
    segunda = _factura(api_nube, numero="", codigo_unico="VENTA-0001").json()
    assert primera["numero"] == segunda["numero"] == 1 and primera["codigo_hash"] == segunda["codigo_hash"]
    assert DocumentoVenta.objects.count() == 1 and CodigoUnico.objects.get().documento.numero == 1
    assert _factura(api_nube, numero="", codigo_unico="VENTA-0002").json()["numero"] == 2


def test_totales_que_no_cuadran_no_registran_nada(api_nube):
    respuesta = _factura(api_nube, total=709)
    assert respuesta.status_code == 400 and respuesta.json()["codigo"] == 21
    assert "importe_total: declarado 709, calculado 708.00" in respuesta.json()["errors"]
    items = ejemplo("generar_comprobante")["items"]
    items[0]["igv"] = 91
    respuesta = _factura(api_nube, items=items)
    assert respuesta.status_code == 400 and respuesta.json()["codigo"] == 20
    assert "ítem 1 igv: declarado 91, calculado 90.00" in respuesta.json()["errors"]
    assert not DocumentoVenta.objects.exists()


@pytest.mark.parametrize(
    ("autorizacion", "codigo", "http"),
    [("Token token=TOKEN", None, 200), ("TOKEN", None, 200), ('Token token="otro"', 10, 401), ("", 10, 401)],
)
def test_el_token_con_o_sin_comillas(api_nube, nube, autorizacion, codigo, http):
    respuesta = api_nube(ejemplo("consultar_comprobante"), autorizacion=autorizacion.replace("TOKEN", nube["token"]))
    assert respuesta.status_code == (400 if http == 200 else http)
    # With a valid token the example's document does not exist yet: 24.
    assert respuesta.json()["codigo"] == (codigo or 24)


def test_ruta_desconocida_y_operacion_desconocida(api_nube):
    assert api_nube(ejemplo("consultar_comprobante"), ruta="48239908-7ae7-4353-824d-071765d4").json()["codigo"] == 11
    respuesta = api_nube({"operacion": "borrar_todo"})
    assert respuesta.status_code == 400 and respuesta.json()["codigo"] == 20
    assert api_nube("{no es json").json()["codigo"] == 20


def test_el_token_de_otra_empresa_no_entra_por_esta_ruta(api_nube, nube):
    from cpe.models import RutaDialecto
    from tests import factories

    otra = factories.empresa()
    respuesta = api_nube(ejemplo("consultar_comprobante"), ruta=str(RutaDialecto.de(otra).ruta))
    assert respuesta.status_code == 401 and respuesta.json()["codigo"] == 10


@pytest.mark.parametrize(
    ("cambios", "texto"),
    [
        ({"serie": "F999"}, "La serie F999"),
        ({"serie": "0001"}, "contingencia"),
        ({"sunat_transaction": 35}, "sunat_transaction"),
        ({"moneda": 9}, "moneda"),
        ({"moneda": 2, "tipo_de_cambio": ""}, "tipo_de_cambio"),
        ({"porcentaje_de_igv": 19}, "porcentaje de IGV"),
        ({"cliente_tipo_de_documento": "Z"}, "cliente_tipo_de_documento"),
        ({"cliente_numero_de_documento": "20600695772"}, "Cliente"),
        ({"generado_por_contingencia": True}, "generado_por_contingencia"),
        ({"bienes_region_selva": True}, "bienes_region_selva"),
        ({"formato_de_pdf": "CARTA"}, "formato_de_pdf"),
        ({"guias": [{"guia_tipo": 2, "guia_serie_numero": "V001-1"}]}, "guia_tipo"),
        ({"fecha_de_emision": "2017/05/09"}, "fecha_de_emision"),
        ({"numero": "uno"}, "numero"),
    ],
)
def test_campos_que_no_se_admiten_son_el_error_20(api_nube, cambios, texto):
    respuesta = _factura(api_nube, **cambios)
    assert respuesta.status_code == 400, respuesta.content
    assert respuesta.json()["codigo"] == 20 and texto in respuesta.json()["errors"]
    assert not DocumentoVenta.objects.exists()


@pytest.mark.parametrize(
    ("cambio", "texto"),
    [
        ({"tipo_de_igv": 31}, "tipo_de_igv"),
        ({"unidad_de_medida": "XXX"}, "unidad_de_medida"),
        ({"cantidad": 0}, "cantidad"),
    ],
)
def test_items_que_no_se_admiten_son_el_error_20(api_nube, cambio, texto):
    datos = ejemplo("generar_comprobante", enviar_automaticamente_a_la_sunat=False)
    datos["items"][0].update(cambio)
    respuesta = api_nube(datos)
    assert (
        respuesta.json()["codigo"] == 20
        and respuesta.json()["errors"].startswith("Ítem 1:")
        and texto in respuesta.json()["errors"]
    )


def test_consultar_comprobante_responde_los_campos_del_manual(api_nube):
    _factura(api_nube)
    respuesta = api_nube(ejemplo("consultar_comprobante"))
    assert respuesta.status_code == 200
    cuerpo = respuesta.json()
    assert list(cuerpo) == list(EJEMPLOS["consultar_comprobante_respuesta"])
    assert (cuerpo["serie"], cuerpo["numero"], cuerpo["anulado"]) == ("FFF1", 1, False)


def test_anular_un_comprobante_que_sunat_no_acepto_es_el_error_21(api_nube):
    _factura(api_nube)
    respuesta = api_nube(ejemplo("generar_anulacion"))
    assert respuesta.status_code == 400 and respuesta.json()["codigo"] == 21
    assert "aceptado por SUNAT" in respuesta.json()["errors"]
    assert api_nube(ejemplo("consultar_anulacion")).json()["codigo"] == 24


def test_combinada_con_exonerada_bolsas_e_isc(api_nube):
    base = {"unidad_de_medida": "NIU", "codigo": "", "descuento": "", "precio_unitario": ""}
    items = [
        {
            **base,
            "descripcion": "GASEOSA",
            "cantidad": 2,
            "valor_unitario": 10,
            "subtotal": 20,
            "tipo_de_igv": 1,
            "igv": 3.96,
            "total": 25.96,
            "tipo_de_isc": 1,
            "isc_tasa": 10,
            "isc": 2,
        },
        {
            **base,
            "descripcion": "LIBRO",
            "cantidad": 1,
            "valor_unitario": 50,
            "subtotal": 50,
            "tipo_de_igv": 9,
            "igv": 0,
            "total": 50,
        },
        {
            **base,
            "descripcion": "BOLSA",
            "cantidad": 2,
            "valor_unitario": 0.1,
            "subtotal": 0.2,
            "tipo_de_igv": 1,
            "igv": 0.04,
            "total": 1.24,
            "impuesto_bolsas": 1,
        },
    ]
    respuesta = _factura(
        api_nube,
        items=items,
        venta_al_credito=[],
        total_gravada=20.2,
        total_exonerada=50,
        total_isc=2,
        total_igv=4,
        total_impuestos_bolsas=1,
        total=77.2,
    )
    assert respuesta.status_code == 200, respuesta.content
    documento = DocumentoVenta.objects.get()
    assert (documento.total_exoneradas, documento.total_isc, documento.total_icbper, documento.importe_total) == (
        50,
        2,
        1,
        Decimal("77.20"),
    )


def test_un_anticipo_que_no_existe_es_el_error_24(api_nube):
    datos = ejemplo("generar_comprobante", enviar_automaticamente_a_la_sunat=False)
    datos["items"][1].update(anticipo_regularizacion=True, anticipo_documento_serie="FFF1", anticipo_documento_numero=99)
    respuesta = api_nube(datos)
    assert respuesta.json() == {"errors": "Ítem 2: El anticipo FFF1-99 no existe.", "codigo": 24}
    assert not DocumentoVenta.objects.exists()
