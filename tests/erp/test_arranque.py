"""First run: the demo prints the address the server answers on."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_la_demo_dice_la_direccion_del_servidor(settings):
    settings.URL_PUBLICA = "http://192.168.1.20:8080"  # what scripts/start exports for HOST=192.168.1.20 PORT=8080
    salida = io.StringIO()
    call_command("demo", stdout=salida)
    assert "Ingrese en http://192.168.1.20:8080/admin/ con:" in salida.getvalue()
    assert "Portal de clientes http://192.168.1.20:8080/portal/" in salida.getvalue() and "127.0.0.1:8000" not in salida.getvalue()
