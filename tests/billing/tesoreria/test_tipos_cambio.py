"""Importing daily exchange rates from a file: all rows or none, a day already there takes the file's rates."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from billing.models import TipoCambio
from tests import factories

from .conftest import HOY

pytestmark = pytest.mark.django_db
URL = "/admin/billing/tipocambio/importar/"


@pytest.fixture
def tesorero(client, caja_tienda):
    client.force_login(factories.usuario("tesorero", sucursales=[caja_tienda["sucursal"]], is_superuser=True))
    return caja_tienda


def _subir(client, moneda, nombre, contenido):
    return client.post(URL, {"moneda": moneda.pk, "archivo": SimpleUploadedFile(nombre, contenido)}, follow=True).content.decode()


def test_un_csv_con_punto_y_coma_crea_y_actualiza_los_dias(client, tesorero):
    dolares = tesorero["dolares"]
    # HOY already has 3.740 / 3.750 (conftest): the file corrects it and adds the next day.
    texto = f"fecha;compra;venta\n{HOY:%d/%m/%Y};3,745;3,752\n21/11/2026;3.751;3.760\n".encode()
    html = _subir(client, dolares, "tc.csv", texto)
    assert "1 días nuevos, 1 actualizados." in html
    assert TipoCambio.objects.get(moneda=dolares, fecha=HOY).venta == Decimal("3.752")
    assert TipoCambio.objects.get(moneda=dolares, fecha=datetime.date(2026, 11, 21)).compra == Decimal("3.751")


def test_un_excel_se_importa(client, tesorero):
    libro = Workbook()
    libro.active.append(["Fecha", "Compra", "Venta"])
    libro.active.append([datetime.date(2026, 11, 23), 3.8, 3.81])
    archivo = io.BytesIO()
    libro.save(archivo)
    _subir(client, tesorero["dolares"], "tc.xlsx", archivo.getvalue())
    assert TipoCambio.objects.get(fecha=datetime.date(2026, 11, 23)).venta == Decimal("3.810")


def test_una_fila_mala_no_importa_ninguna(client, tesorero):
    html = _subir(client, tesorero["dolares"], "tc.csv", b"22/11/2026,3.75,3.76\n31/02/2026,3.75,3.76\n24/11/2026,abc,3.7\n")
    assert "Fila 2: la fecha «31/02/2026» no es dd/mm/aaaa." in html
    assert "Fila 3: el tipo de compra «abc» no es un número." in html
    assert not TipoCambio.objects.filter(fecha=datetime.date(2026, 11, 22)).exists()
    assert "Suba un archivo .csv o .xlsx." in _subir(client, tesorero["dolares"], "tc.pdf", b"%PDF")
