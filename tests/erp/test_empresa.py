import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from erp.certificados import generar_autofirmado
from erp.models import Distrito, Empresa
from tests import factories

pytestmark = pytest.mark.django_db


def _post_empresa(client, empresa=None, **extra):
    datos = {
        "ruc": empresa.ruc if empresa else factories.ruc_valido(),
        "razon_social": "MI EMPRESA S.A.C.",
        "direccion": "Av. Brasil 200",
        "distrito": Distrito.objects.get(ubigeo="150101").pk,
        "entorno_sunat": "sandbox",
        "sol_usuario": "USUARIO1",
        "activo": "on",
    }
    datos.update(extra)
    url = reverse("admin:erp_empresa_change", args=[empresa.pk]) if empresa else reverse("admin:erp_empresa_add")
    return client.post(url, datos)


def _pfx(ruc, **kwargs):
    return SimpleUploadedFile("cert.pfx", generar_autofirmado(ruc=ruc, razon_social="MI EMPRESA S.A.C.", **kwargs))


def test_ruc_con_digito_errado_no_se_guarda(admin_client):
    resp = _post_empresa(admin_client, ruc="20100070971")
    assert resp.status_code == 200
    assert "El RUC 20100070971 no es válido: el dígito verificador no corresponde." in resp.content.decode()
    assert not Empresa.objects.exists()


def test_certificado_valido_muestra_titular_y_vencimiento(admin_client):
    ruc = factories.ruc_valido()
    resp = _post_empresa(
        admin_client,
        ruc=ruc,
        certificado_archivo=_pfx(ruc, clave="secreta"),
        certificado_contrasena="secreta",
        sol_clave_nueva="MiClaveSol9",
    )
    assert resp.status_code == 302
    empresa = Empresa.objects.get(ruc=ruc)
    assert f"RUC{ruc}" in empresa.certificado_sujeto
    assert empresa.certificado_vence > timezone.now() + datetime.timedelta(days=3000)
    assert empresa.tiene_certificado and empresa.sol_clave == "MiClaveSol9"

    pagina = admin_client.get(reverse("admin:erp_empresa_change", args=[empresa.pk])).content.decode()
    assert f"RUC{ruc}" in pagina  # subject shown
    assert "MiClaveSol9" not in pagina and "PRIVATE KEY" not in pagina  # secrets never shown


def test_secretos_cifrados_en_la_base(admin_client):
    emp = factories.empresa(con_certificado=True)
    emp.sol_clave = "ClaveSolSecreta"
    emp.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT sol_clave, certificado_clave FROM erp_empresa WHERE id = %s", [emp.pk])
        sol, clave = cursor.fetchone()
    assert "ClaveSolSecreta" not in sol and "PRIVATE KEY" not in clave
    emp.refresh_from_db()
    assert emp.sol_clave == "ClaveSolSecreta"
    assert emp.certificado_clave.startswith("-----BEGIN PRIVATE KEY-----")


def test_clave_sol_en_blanco_conserva_la_guardada(admin_client):
    emp = factories.empresa()
    emp.sol_clave = "Original1"
    emp.save()
    resp = _post_empresa(admin_client, emp, sol_clave_nueva="")
    assert resp.status_code == 302
    emp.refresh_from_db()
    assert emp.sol_clave == "Original1"


@pytest.mark.parametrize(
    "caso,mensaje",
    [
        ("clave", "la contraseña es incorrecta"),
        ("otro_ruc", "El certificado no corresponde al RUC"),
        ("vencido", "El certificado venció el"),
    ],
)
def test_certificado_rechazado_no_se_guarda(admin_client, caso, mensaje):
    emp = factories.empresa()
    ruc = emp.ruc
    kwargs = {"clave": "buena"}
    contrasena = "buena"
    if caso == "clave":
        contrasena = "mala"
    elif caso == "otro_ruc":
        ruc = factories.ruc_valido()
    elif caso == "vencido":
        kwargs.update(desde=timezone.now() - datetime.timedelta(days=400), dias=365)
    resp = _post_empresa(
        admin_client, emp, razon_social="CAMBIADA S.A.C.", certificado_archivo=_pfx(ruc, **kwargs), certificado_contrasena=contrasena
    )
    assert resp.status_code == 200
    assert mensaje in resp.content.decode()
    emp.refresh_from_db()
    assert emp.razon_social == "EMPRESA DE PRUEBA S.A.C." and not emp.tiene_certificado


def test_certificado_pem_con_clave_cifrada():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    from erp.certificados import leer_certificado

    emp = factories.empresa()
    key, cert, _ = pkcs12.load_key_and_certificates(generar_autofirmado(ruc=emp.ruc, razon_social="X"), None)
    pem = cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"pem-clave"),
    )
    assert leer_certificado(pem, "pem-clave").huella == cert.fingerprint(cert.signature_hash_algorithm).hex()
