"""The control platform: the CPE issued between two dates, their files and the count of those sent."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cpe.models import ComprobanteElectronico, EstadoCpe
from tests import factories
from tests.cpe.emitidos import HOY, emitir

pytestmark = pytest.mark.django_db
URL = "/cpe/plataforma/"
DIA = f"desde={HOY:%d/%m/%Y}&hasta={HOY:%d/%m/%Y}"


@pytest.fixture
def oficina(client, tienda_cpe):
    client.force_login(tienda_cpe["contador"])
    return client


def _filas(html: str) -> list[str]:
    cuerpo = html[html.index('id="comprobantes"') :]
    cuerpo = cuerpo[cuerpo.index("<tbody>") : cuerpo.index("</tbody>")]
    return [" ".join(re.sub(r"<[^>]+>", " ", fila).split()) for fila in re.split(r"<tr[^>]*>", cuerpo)[1:]]


def _servicio(tienda, tipo="01", **kwargs):
    cliente = tienda["con_dni"] if tipo == "03" else tienda["con_ruc"]
    return emitir(tienda, tipo=tipo, cliente=cliente, lineas=[(tienda["soporte"], 1, "118.00")], **kwargs)[1]


def test_columnas_archivos_y_enviados_sin_anulados(oficina, tienda_cpe):
    t = tienda_cpe
    aceptada = _servicio(t)
    anulada = _servicio(t)
    boleta = _servicio(t, tipo="03")
    _servicio(t, fecha_emision=HOY - datetime.timedelta(days=1))  # outside the range
    cpe = ComprobanteElectronico.objects.get(pk=aceptada.pk)
    cpe.estado, cpe.cdr, cpe.enviado = EstadoCpe.ACEPTADO, b"PK-cdr", datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC)
    cpe.save(update_fields=["estado", "cdr", "enviado"])
    ComprobanteElectronico.objects.filter(pk=anulada.pk).update(estado=EstadoCpe.ANULADO)

    html = oficina.get(f"{URL}?{DIA}").content.decode()

    filas = _filas(html)
    assert filas == [
        "XML PDF 100.00 18.00 118.00 B001-1 2026-11-20 03 Boleta PEN Pendiente de envío",
        "XML PDF 100.00 18.00 118.00 F001-2 2026-11-20 01 Factura PEN Anulado (baja)",
        "XML PDF CDR 100.00 18.00 118.00 F001-1 2026-11-20 01 Factura PEN Aceptado",
    ]
    assert f'href="/cpe/{aceptada.nombre}.xml"' in html and f'href="/cpe/{aceptada.nombre}.pdf?descargar=1"' in html
    assert f'href="/cpe/R-{aceptada.nombre}.zip"' in html and f"R-{boleta.nombre}" not in html
    assert re.search(r'id="total-comprobantes">3<', html) and re.search(r'id="total-enviados">1<', html)
    assert re.search(r'id="total-anulados">1<', html)
    assert "Mostrando 1 a 3 de 3 comprobantes" in html


def test_busqueda_tamano_de_pagina_y_paginas(oficina, tienda_cpe):
    t = tienda_cpe
    for _ in range(11):
        _servicio(t)
    _servicio(t, tipo="03")

    primera = oficina.get(f"{URL}?{DIA}&por_pagina=10").content.decode()
    segunda = oficina.get(f"{URL}?{DIA}&por_pagina=10&p=2").content.decode()
    por_numero = oficina.get(f"{URL}?{DIA}&q=F001-00000007").content.decode()
    por_cliente = oficina.get(f"{URL}?{DIA}&q=juan p").content.decode()

    assert len(_filas(primera)) == 10 and "Mostrando 1 a 10 de 12 comprobantes" in primera and "Siguiente" in primera
    assert len(_filas(segunda)) == 2 and "Mostrando 11 a 12 de 12 comprobantes" in segunda and "Anterior" in segunda
    assert [f.split()[5] for f in _filas(por_numero)] == ["F001-7"]
    assert [f.split()[5] for f in _filas(por_cliente)] == ["B001-1"]


def test_una_pagina_en_consultas_fijas(oficina, tienda_cpe):
    t = tienda_cpe
    for _ in range(12):
        _servicio(t)

    consultas = []
    for por_pagina in (10, 25):
        with CaptureQueriesContext(connection) as capturadas:
            assert len(_filas(oficina.get(f"{URL}?{DIA}&por_pagina={por_pagina}").content.decode())) in (10, 12)
        consultas.append(len(capturadas))

    assert consultas[0] == consultas[1]  # no query per row


def test_errores_y_permisos(client, oficina, tienda_cpe):
    t = tienda_cpe
    _servicio(t)
    otra = factories.sucursal(t["empresa"], codigo="0002", series=[("01", "F002")])
    de_otra = factories.usuario("de-otra", sucursales=[otra], perfiles=list(t["contador"].perfiles.all()))

    assert (
        "La fecha inicial es posterior a la fecha final."
        in oficina.get(f"{URL}?desde=21/11/2026&hasta=20/11/2026").content.decode()
    )
    assert (
        "Escriba la fecha inicial como dd/mm/aaaa."
        in oficina.get(f"{URL}?desde=ayer&hasta=20/11/2026").content.decode()
    )
    client.force_login(t["vendedor"])  # sales profile, without the CPE module
    assert client.get(f"{URL}?{DIA}").status_code == 403
    client.force_login(de_otra)
    assert _filas(client.get(f"{URL}?{DIA}").content.decode()) == ["No hay comprobantes emitidos en el período."]
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page


def test_en_el_menu_de_facturacion_electronica(oficina):
    assert 'href="/cpe/plataforma/"' in oficina.get("/admin/").content.decode()
