"""What a company needs the day it goes live: deploy checks, the client's real address, locked logins."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from erp.models import ApiKey, IntentoAcceso
from erp.red import direccion_cliente
from tests import factories

pytestmark = pytest.mark.django_db


def test_check_deploy_sin_advertencias_en_la_configuracion_de_produccion():
    # The browser tests allow Django's async-unsafe calls in this process; a deployment never does.
    entorno = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "HTTPS": "1",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "erp.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://erp.example.com",
        "TRUSTED_PROXIES": "1",
    }
    resultado = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=entorno, capture_output=True, text=True, timeout=120,
    )
    assert resultado.returncode == 0, resultado.stdout + resultado.stderr
    assert "no issues" in resultado.stdout


def _peticion(remota, reenviado=None):
    extra = {"HTTP_X_FORWARDED_FOR": reenviado} if reenviado is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remota, **extra)


def test_sin_proxies_configurados_la_cabecera_no_cuenta(settings):
    settings.PROXIES_CONFIABLES = 0
    assert direccion_cliente(_peticion("190.1.1.1", "8.8.8.8")) == "190.1.1.1"


def test_detras_de_un_proxy_cuenta_lo_que_el_proxy_vio(settings):
    settings.PROXIES_CONFIABLES = 1
    # The client forged "8.8.8.8"; the proxy appended the address it really came from.
    assert direccion_cliente(_peticion("10.0.0.5", "8.8.8.8, 190.2.2.2")) == "190.2.2.2"
    assert direccion_cliente(_peticion("10.0.0.5", "no-es-ip")) == "10.0.0.5"
    assert direccion_cliente(_peticion("10.0.0.5")) == "10.0.0.5"
    settings.PROXIES_CONFIABLES = 2
    assert direccion_cliente(_peticion("10.0.0.6", "8.8.8.8, 190.2.2.2, 10.0.0.5")) == "190.2.2.2"


def test_dos_clientes_detras_del_proxy_se_limitan_por_separado(client, settings):
    settings.PROXIES_CONFIABLES = 1
    settings.CONSULTA_CPE_INTENTOS = 2
    settings.CONSULTA_CPE_TIEMPO_MINIMO = 0
    datos = {"ruc": "20100000001", "tipo": "01", "numero": "F001-1", "fecha": "2026-11-20", "total": "1.00"}

    def consultar(cliente_real, falso=""):
        cadena = f"{falso}, {cliente_real}" if falso else cliente_real
        return client.post("/consulta/", datos, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=cadena).status_code

    assert [consultar("190.1.1.1") for _ in range(3)] == [200, 200, 429]
    assert consultar("190.1.1.2") == 200  # the other client, behind the same proxy
    # The limited client cannot escape by writing another address in the header.
    assert consultar("190.1.1.1", falso="200.9.9.9") == 429


def _entrar(client, usuario, clave):
    return client.post(reverse("admin:login"), {"username": usuario, "password": clave, "next": "/admin/"})


def test_intentos_fallidos_bloquean_y_el_administrador_levanta_el_bloqueo(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    factories.usuario("cajera", password="Clave-Correcta-2026")
    admin = factories.usuario("jefe", is_superuser=True)
    # The form again with its error, until the third failure locks the user out.
    assert [_entrar(client, "cajera", "equivocada").status_code for _ in range(3)] == [200, 200, 429]
    bloqueado = _entrar(client, "cajera", "Clave-Correcta-2026")
    assert bloqueado.status_code == 429 and "bloqueado tras 3 intentos" in bloqueado.content.decode()

    jefe = client.__class__()
    jefe.force_login(admin)
    lista = jefe.get(reverse("admin:erp_intentoacceso_changelist")).content.decode()
    assert "cajera" in lista and "Levantar el bloqueo" in lista
    intento = IntentoAcceso.objects.get(username="cajera")
    jefe.post(
        reverse("admin:erp_intentoacceso_changelist"),
        {"action": "levantar_bloqueo", "_selected_action": [intento.pk]},
    )
    assert not IntentoAcceso.objects.exists()
    assert _entrar(client, "cajera", "Clave-Correcta-2026").status_code == 302


def test_la_clave_no_queda_en_el_registro_de_intentos(client):
    factories.usuario("cajera", password="Clave-Correcta-2026")
    _entrar(client, "cajera", "Mi-Clave-Secreta-99")
    intento = IntentoAcceso.objects.get(username="cajera")
    assert "Mi-Clave-Secreta-99" not in intento.post_data


def test_tokens_equivocados_desde_una_direccion_agotan_su_ventana(client, settings):
    settings.API_KEY_FALLOS = 3
    sucursal = factories.sucursal(factories.empresa())
    _, clave = ApiKey.generar(usuario=factories.usuario("pos", sucursales=[sucursal], is_superuser=True), nombre="POS")
    cuerpo = {"action": "cliente-lista"}

    def llamar(key, direccion):
        respuesta = client.post("/api/", cuerpo, content_type="application/json", HTTP_KEY=key, REMOTE_ADDR=direccion)
        return respuesta.status_code, respuesta.json().get("codigo")

    assert [llamar("0" * 32, "190.5.5.5") for _ in range(3)] == [(401, 20)] * 3
    assert llamar(clave, "190.5.5.5") == (429, 10)  # even the right key waits out the window
    assert llamar(clave, "190.5.5.6")[0] != 429
