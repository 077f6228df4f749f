import re

import pytest
from django.core import mail
from django.urls import reverse

from erp.models import ApiKey
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def usuario():
    suc = factories.sucursal(factories.empresa())
    return factories.usuario("maria", sucursales=[suc], email="maria@example.com")


def test_login_y_logout(client, usuario):
    resp = client.post(reverse("admin:login"), {"username": "maria", "password": "clave-segura-123"})
    assert resp.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    client.post(reverse("admin:logout"))
    assert client.get(reverse("admin:index")).status_code == 302


def test_login_fallido_en_espanol(client, usuario):
    resp = client.post(reverse("admin:login"), {"username": "maria", "password": "mala"})
    assert "Por favor introduzca el nombre de usuario y la clave correctos" in resp.content.decode()


def test_cambio_de_contrasena(client, usuario):
    client.force_login(usuario)
    resp = client.post(
        reverse("admin:password_change"),
        {"old_password": "clave-segura-123", "new_password1": "Otra-Clave-77", "new_password2": "Otra-Clave-77"},
    )
    assert resp.status_code == 302
    usuario.refresh_from_db()
    assert usuario.check_password("Otra-Clave-77")


def test_recuperar_contrasena_por_correo(client, usuario):
    resp = client.post(reverse("admin_password_reset"), {"email": "maria@example.com"})
    assert resp.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["maria@example.com"]
    enlace = re.search(r"http://testserver(/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(enlace, follow=True)
    assert "Nueva contraseña" in form.content.decode()
    resp = client.post(form.redirect_chain[-1][0], {"new_password1": "Nueva-Clave-55", "new_password2": "Nueva-Clave-55"})
    assert resp.status_code == 302
    usuario.refresh_from_db()
    assert usuario.check_password("Nueva-Clave-55")


def test_api_key_se_muestra_una_vez_y_se_guarda_con_hash(admin_client, usuario):
    resp = admin_client.post(reverse("admin:erp_apikey_add"), {"usuario": usuario.pk, "nombre": "POS tienda"}, follow=True)
    texto = resp.content.decode()
    clave = re.search(r"API key creada: <code>([0-9a-f]{32})</code>", texto).group(1)
    key = ApiKey.objects.get()
    assert key.clave_hash != clave and clave not in key.clave_hash
    assert ApiKey.objects.autenticar(clave) == usuario
    pagina = admin_client.get(reverse("admin:erp_apikey_change", args=[key.pk])).content.decode()
    assert clave not in pagina
    key.revocar()
    assert ApiKey.objects.autenticar(clave) is None
