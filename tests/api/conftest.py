import json

import pytest

from erp.models import ApiKey
from tests import factories


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
