"""The public product page behind the QR code, and the questions it collects."""

import pytest
from django.urls import reverse

from inventory.models import ConsultaProducto

from .conftest import producto

pytestmark = pytest.mark.django_db


@pytest.fixture
def impresora(empresa):
    return producto(
        empresa,
        codigo="IMP-7",
        nombre="IMPRESORA TÉRMICA 80 MM",
        descripcion="Corte automático.\nConexión USB y red.",
        notas_privadas="Costo real negociado: 310",
    )


def test_pagina_publica_muestra_codigo_nombre_y_descripcion(client, impresora):
    url = reverse("inventory:producto_publico", args=[impresora.enlace_publico])
    texto = client.get(url).content.decode()
    for visible in ("IMP-7", "IMPRESORA TÉRMICA 80 MM", "Corte automático.<br>Conexión USB y red.", "Consulte sobre este producto"):
        assert visible in texto
    assert "Costo real negociado" not in texto

    qr = client.get(reverse("inventory:producto_qr", args=[impresora.enlace_publico]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_consulta_del_publico_se_guarda_y_se_lista(client, admin_client, impresora):
    url = reverse("inventory:producto_publico", args=[impresora.enlace_publico])
    resp = client.post(url, {"nombre": "Rosa Díaz", "email": "correo-malo", "mensaje": "¿Tienen stock?"})
    assert "Introduzca una dirección de correo electrónico válida." in resp.content.decode()
    resp = client.post(url, {"nombre": "Rosa Díaz", "email": "rosa@example.pe", "telefono": "987654321", "mensaje": "¿Tienen stock?"}, follow=True)
    assert "Gracias: recibimos su consulta y le responderemos pronto." in resp.content.decode()
    consulta = ConsultaProducto.objects.get()
    assert (consulta.producto, consulta.nombre, consulta.atendida) == (impresora, "Rosa Díaz", False)

    lista = admin_client.get(reverse("admin:inventory_consultaproducto_changelist")).content.decode()
    assert "Rosa Díaz" in lista and "¿Tienen stock?" in lista

    # A bot that fills the hidden field gets the same answer, and nothing is stored.
    client.post(url, {"nombre": "Bot", "email": "bot@example.com", "mensaje": "spam", "sitio_web": "http://spam"})
    assert ConsultaProducto.objects.count() == 1


def test_producto_inactivo_o_enlace_desconocido(client, impresora):
    impresora.activo = False
    impresora.save()
    assert client.get(reverse("inventory:producto_publico", args=[impresora.enlace_publico])).status_code == 404
    assert client.get("/producto/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_qr_y_enlace_en_la_pagina_del_producto(admin_client, impresora):
    texto = admin_client.get(reverse("admin:inventory_producto_change", args=[impresora.pk])).content.decode()
    assert reverse("inventory:producto_qr", args=[impresora.enlace_publico]) in texto
    assert reverse("inventory:producto_publico", args=[impresora.enlace_publico]) in texto
