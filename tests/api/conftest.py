import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models

from erp.certificados import generar_autofirmado
from erp.demo import API_KEY_DEMO
from erp.models import ApiKey, Empresa
from erp.services import empresa_cargar_certificado
from tests import factories
from tests.cpe.kit import KIT
from tests.ventas import HOY


class ClienteApi:
    """Posts to the action API with a key, as an integrator's system would."""

    def __init__(self, client, clave):
        self.client = client
        self.clave = clave

    def __call__(self, cuerpo, clave=None):
        datos = cuerpo if isinstance(cuerpo, (str, bytes)) else json.dumps(cuerpo)
        return self.client.post("/api/", datos, content_type="application/json", HTTP_KEY=clave or self.clave)


@pytest.fixture
def empresa_api(db):
    emp = factories.empresa()
    lima = factories.sucursal(emp, codigo="0000", nombre="Lima", series=[("01", "F001"), ("03", "B001"), ("07", "FC01"), ("07", "BC01"), ("08", "FD01"), ("NV", "NV01")])
    cusco = factories.sucursal(emp, codigo="0001", nombre="Cusco", series=[("01", "F002"), ("03", "B002")])
    return emp, lima, cusco


@pytest.fixture
def integrador(empresa_api):
    _, lima, _ = empresa_api
    perfil = factories.perfil("Integración", modulos=["directorio.clientes", "directorio.proveedores"])
    return factories.usuario("integrador", sucursales=[lima], perfiles=[perfil])


@pytest.fixture
def api(client, integrador):
    _, clave = ApiKey.generar(usuario=integrador, nombre="POS")
    return ClienteApi(client, clave)


def reiniciar_secuencias():
    """Ids from 1 in the tables that are still empty, as on a fresh database (the test's rollback undoes it)."""
    if connection.vendor != "postgresql":
        pytest.skip("The manual's examples use the ids of a fresh PostgreSQL database.")
    with connection.cursor() as cursor:
        for modelo in apps.get_models(include_auto_created=True):
            opciones = modelo._meta
            if opciones.proxy or not opciones.managed or not isinstance(opciones.pk, models.AutoField) or modelo._base_manager.exists():
                continue
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [opciones.db_table, opciones.pk.column])
            secuencia = cursor.fetchone()[0]
            if secuencia:
                cursor.execute(f"ALTER SEQUENCE {secuencia} RESTART WITH 1")


@pytest.fixture
def demo(db):
    """`python manage.py demo` on an empty database, and the manual's key."""
    reiniciar_secuencias()
    call_command("demo", stdout=io.StringIO())


@pytest.fixture
def api_demo(client, demo):
    return ClienteApi(client, API_KEY_DEMO)


@pytest.fixture
def sandbox(live_server, settings):
    """The ERP's own SUNAT under the live server, checking with SUNAT's schemas when the kit is there."""
    settings.SUNAT_SANDBOX_URL = live_server.url + "/sunat-sandbox"
    if (KIT / "xsd").is_dir():
        settings.SUNAT_VALIDACION_DIR = str(KIT)
    return live_server


# Sales documents through the API, on the sales tests' store ---------------------------------

MODULOS = ["ventas.facturas", "ventas.boletas", "ventas.notas_venta", "ventas.notas_credito", "facturacion.cpe", "directorio.clientes"]


@pytest.fixture
def caja(tienda, client):
    """An integration (POS) user of the store's branch with a key."""
    perfil = factories.perfil("Caja", modulos=MODULOS)
    usuario = factories.usuario("caja", sucursales=[tienda["sucursal"]], perfiles=[perfil])
    _, clave = ApiKey.generar(usuario=usuario, nombre="POS")
    tienda["mouse"].refresh_from_db()
    return ClienteApi(client, clave)


@pytest.fixture
def firma(tienda):
    """The store's certificate and SOL password, to sign and send its documents."""
    empresa = tienda["empresa"]
    empresa_cargar_certificado(empresa=empresa, contenido=generar_autofirmado(ruc=empresa.ruc, razon_social=empresa.razon_social, clave="c"), clave="c")
    Empresa.objects.filter(pk=empresa.pk).update(sol_clave="Clave-SOL-9")


def venta(tienda, accion="factura-nuevo", *, detalle=None, **campos):
    """A sale of the store as an integrator sends it; `campos` change or (None) drop fields."""
    datos = {
        "action": accion,
        "factura_estado": 1,
        "factura_cliente": tienda["con_ruc"].pk,
        "factura_idmoneda": 1,
        "factura_fecha": HOY.strftime("%d-%m-%Y"),
        "factura_idcontacto": tienda["con_ruc"].contactos.get().pk,
        "factura_idpago": tienda["efectivo"].pk,
        "factura_formapago_cpe": "1",
        "detalle": detalle if detalle is not None else [{"cod_num": tienda["mouse"].cod_num, "cantidad": 2, "precio_unit": 59}],
    }
    datos.update(campos)
    return {k: v for k, v in datos.items() if v is not None}
