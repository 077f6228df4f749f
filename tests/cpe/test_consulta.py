"""The public consultation page: the five data of a document, or nothing."""

import re
import time

import pytest
from django.core.cache import cache

from cpe.consulta import DEMASIADOS, ENLACE_VENCIDO, NO_ENCONTRADO
from cpe.models import ComprobanteElectronico, EstadoCpe
from tests.cpe.emitidos import emitir, texto_pdf

pytestmark = pytest.mark.django_db
URL = "/consulta/"


@pytest.fixture(autouse=True)
def _sin_esperas(settings):
    cache.clear()  # the attempts of each address are counted in the cache
    settings.CONSULTA_CPE_TIEMPO_MINIMO = 0


@pytest.fixture
def factura(tienda_cpe):
    t = tienda_cpe
    _, cpe = emitir(t, lineas=[(t["mouse"], 2, "59.00")])  # 118.00
    return cpe


def _datos(cpe, **cambios):
    datos = {"ruc": cpe.empresa.ruc, "tipo": "01", "numero": "F001-1", "fecha": "2026-11-20", "total": "118.00"}
    return {**datos, **cambios}


def _enlaces(html: str) -> dict[str, str]:
    return dict(
        (titulo, url) for url, titulo in re.findall(r'href="(/consulta/descargar/[^"]+)"[^>]*>Descargar (\w+)<', html)
    )


def test_con_los_cinco_datos_descarga_xml_y_pdf(client, factura):
    respuesta = client.post(URL, _datos(factura, numero="F001-00000001", total="118"))

    html = respuesta.content.decode()
    assert respuesta.status_code == 200 and "Factura F001-1" in html and "EMPRESA DE PRUEBA S.A.C." in html
    enlaces = _enlaces(html)
    assert set(enlaces) == {"XML", "PDF"}  # the CDR once SUNAT has answered
    xml = client.get(enlaces["XML"])
    assert (
        xml.content == bytes(factura.xml)
        and xml["Content-Disposition"] == f'attachment; filename="{factura.nombre}.xml"'
    )
    pdf = client.get(enlaces["PDF"])
    assert pdf["Content-Type"] == "application/pdf" and "F001-00000001" in texto_pdf(pdf.content)


def test_con_cdr_tambien_lo_entrega(client, factura):
    factura.estado, factura.cdr = EstadoCpe.ACEPTADO, b"PK-cdr"
    factura.save(update_fields=["estado", "cdr"])

    enlaces = _enlaces(client.post(URL, _datos(factura)).content.decode())

    assert client.get(enlaces["CDR"]).content == b"PK-cdr"


@pytest.mark.parametrize(
    "cambio",
    [{"ruc": "20100070970"}, {"tipo": "03"}, {"numero": "F001-2"}, {"fecha": "2026-11-21"}, {"total": "118.01"}],
    ids=["ruc", "tipo", "numero", "fecha", "total"],
)
def test_cuatro_datos_bien_y_uno_mal_no_revela_nada(client, factura, cambio):
    respuesta = client.post(URL, _datos(factura, **cambio))

    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert NO_ENCONTRADO in html
    assert "/consulta/descargar/" not in html and factura.empresa.razon_social not in html


def test_un_comprobante_rechazado_no_se_entrega(client, factura):
    ComprobanteElectronico.objects.filter(pk=factura.pk).update(estado=EstadoCpe.RECHAZADO)

    assert NO_ENCONTRADO in client.post(URL, _datos(factura)).content.decode()


def test_datos_mal_escritos(client, factura):
    html = client.post(
        URL, _datos(factura, ruc="2060", numero="F001 1", fecha="20 de noviembre", total="118,00")
    ).content.decode()

    assert "El RUC tiene 11 dígitos." in html
    assert "Escriba la serie y el número separados por un guion, p. ej. F001-123." in html
    assert "Escriba la fecha de emisión como AAAA-MM-DD." in html
    assert "Escriba el importe total con punto decimal, p. ej. 118.00." in html


def test_la_pagina_no_lista_nada(client, factura):
    html = client.get(URL).content.decode()

    assert "Ver documento" in html and "Factura F001-1" not in html and factura.empresa.ruc not in html
    assert "/consulta/descargar/" not in client.get(f"{URL}?ruc={factura.empresa.ruc}&numero=F001-1").content.decode()


def test_intentos_limitados_por_direccion(client, factura, settings):
    settings.CONSULTA_CPE_INTENTOS = 3
    for _ in range(3):
        assert client.post(URL, _datos(factura, total="1.00")).status_code == 200

    bloqueada = client.post(URL, _datos(factura))
    otra_direccion = client.post(URL, _datos(factura), REMOTE_ADDR="10.0.0.8")

    assert bloqueada.status_code == 429 and DEMASIADOS in bloqueada.content.decode()
    assert "/consulta/descargar/" not in bloqueada.content.decode()
    assert otra_direccion.status_code == 200 and "/consulta/descargar/" in otra_direccion.content.decode()


def test_el_mismo_tiempo_exista_o_no(client, factura, settings):
    settings.CONSULTA_CPE_TIEMPO_MINIMO = 0.3

    def tiempo(datos):
        inicio = time.monotonic()
        client.post(URL, datos)
        return time.monotonic() - inicio

    existe, no_existe, mal_escrito = (
        tiempo(_datos(factura)),
        tiempo(_datos(factura, total="9.99")),
        tiempo(_datos(factura, ruc="1")),
    )

    assert min(existe, no_existe, mal_escrito) >= 0.3
    assert max(existe, no_existe, mal_escrito) - min(existe, no_existe, mal_escrito) < 0.1


def test_enlaces_firmados_y_con_vencimiento(client, factura, settings):
    enlace = _enlaces(client.post(URL, _datos(factura)).content.decode())["XML"]
    _, token, archivo = enlace.rsplit("/", 2)

    adulterado = client.get(f"/consulta/descargar/{token[:-2]}xx/{archivo}")
    settings.CONSULTA_CPE_VIGENCIA_ENLACE = 0
    time.sleep(1)
    vencido = client.get(enlace)

    for respuesta in (adulterado, vencido):
        assert respuesta.status_code == 404 and ENLACE_VENCIDO in respuesta.content.decode()
    assert client.get(f"/consulta/descargar/{factura.pk}/xml").status_code == 404
