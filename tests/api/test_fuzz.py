"""Property-based fuzzing of both APIs: whatever arrives, never a 500 and never half a record.

The action API gets the manual's requests with fields removed, replaced by any
JSON value or added, and bodies that are not JSON at all; the REST API gets
the query parameters its OpenAPI schema declares, with any values.
"""

import copy
import json

import pytest
import yaml
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from billing import acciones
from billing.models import DocumentoVenta, LineaDocumento, Pago
from cpe import acciones as acciones_cpe
from cpe.models import ComprobanteElectronico
from cpe.services import NoEnviable
from erp import api as dispatcher
from erp.models import ApiKey, Contacto, Direccion, Socio
from inventory.models import Movimiento
from tests import factories
from tests.api.conftest import MODULOS, ClienteApi, venta
from tests.api.manual import cuerpo

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=250,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
CODIGOS_4XX = {400: {11, 12, 30}, 401: {10, 20}}
TABLAS = (DocumentoVenta, LineaDocumento, Pago, ComprobanteElectronico, Movimiento, Socio, Contacto, Direccion)

# Any JSON value, the awkward ones included: control characters, huge numbers, nesting.
escalares = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.text(alphabet=st.characters(max_codepoint=0x20), max_size=5),
    st.sampled_from(["\ud800", "\x00", "", " ", "0", "-1", "1e400", "3.14159", "20550117968", "2021-09-10", "31-02-2021", "14:25:32", "ABC132", "[email protected]"]),
)
valores = st.recursive(escalares, lambda hijos: st.lists(hijos, max_size=3) | st.dictionaries(st.text(max_size=10), hijos, max_size=3), max_leaves=8)


ULTIMO = "último"  # replaced by the id of the last document of the type when sending


def _base(accion: str, tienda) -> dict:
    """A request of `accion` that would succeed, to mutate."""
    prefijo, _, verbo = accion.partition("-")
    if prefijo in acciones.DOCUMENTOS:
        cliente = {} if prefijo == "factura" else {"factura_cliente": tienda["con_dni"].pk, "factura_idcontacto": 0}
        return {**venta(tienda, accion, **cliente), "factura_id": ULTIMO}
    if accion == "fesunat-enviar":
        return {"action": accion, "id": ULTIMO, "tipodoc": 1}
    base = json.loads(cuerpo(f"cliente-{verbo}").replace("cliente", prefijo))
    if f"{prefijo}_id" in base:
        base[f"{prefijo}_id"] = ULTIMO
    return {**base, "action": accion}


@st.composite
def peticiones(draw, bases: dict):
    accion = draw(st.sampled_from(sorted(bases)))
    datos = copy.deepcopy(bases[accion])
    if draw(st.integers(0, 9)) == 0:
        datos["action"] = draw(valores)
    campos = sorted(set(datos) - {"action"})
    cuantos = draw(st.integers(0, min(3, len(campos))))
    for campo in draw(st.lists(st.sampled_from(campos), min_size=cuantos, max_size=cuantos, unique=True)):
        if draw(st.booleans()):
            del datos[campo]
        else:
            datos[campo] = draw(valores)
    if "detalle" in datos and isinstance(datos["detalle"], list) and datos["detalle"] and isinstance(datos["detalle"][0], dict):
        item = datos["detalle"][0]
        for campo in draw(st.lists(st.sampled_from(["cod_num", "cantidad", "precio_unit", "num_serie", "descuento", "descripcion"]), max_size=3)):
            item[campo] = draw(valores)
    datos.update(draw(st.dictionaries(st.text(max_size=12), valores, max_size=2)))
    return datos


def _con_ids(datos: dict) -> str:
    prefijo = str(datos.get("action")).partition("-")[0]
    if prefijo in ("cliente", "proveedor"):
        recientes = Socio.objects.filter(**{f"es_{prefijo}": True})
    else:
        recientes = DocumentoVenta.objects.filter(tipo=acciones.DOCUMENTOS.get(prefijo, acciones.DOCUMENTOS["factura"]).tipo)
    ultimo = recientes.order_by("-id").values_list("id", flat=True).first() or 1
    return json.dumps({campo: ultimo if valor == ULTIMO else valor for campo, valor in datos.items()})


def _contar():
    return [modelo.objects.count() for modelo in TABLAS]


def _revisar(resp, antes):
    assert resp.status_code in (200, 201, 400, 401), resp.content
    cuerpo_resp = resp.json()
    if resp.status_code >= 400:
        assert set(cuerpo_resp) == {"error", "codigo"}, cuerpo_resp
        assert isinstance(cuerpo_resp["error"], str) and cuerpo_resp["error"]
        assert cuerpo_resp["codigo"] in CODIGOS_4XX[resp.status_code], cuerpo_resp
        assert _contar() == antes, f"Se guardó algo con un error: {cuerpo_resp}"
    elif isinstance(cuerpo_resp, dict):
        assert set(cuerpo_resp) == {"respuesta", "id"}, cuerpo_resp


@pytest.fixture
def sin_sunat(monkeypatch):
    # The fuzz checks the reading of fesunat-enviar, not SUNAT: sending is replaced.
    def no_enviar(*, documento):
        raise NoEnviable("Envío desactivado en la prueba.")

    monkeypatch.setattr(acciones_cpe, "cpe_enviar_sincrono", no_enviar)


@pytest.fixture
def integrador(client, tienda):
    perfil = factories.perfil("Integración total", modulos=[*MODULOS, "directorio.proveedores"])
    usuario = factories.usuario("integrador", sucursales=[tienda["sucursal"]], perfiles=[perfil])
    return ClienteApi(client, ApiKey.generar(usuario=usuario, nombre="fuzz")[1])


def test_acciones_con_datos_cualquiera(integrador, tienda, sin_sunat):
    # Something to edit and delete from the start.
    for accion in ("factura-nuevo", "boleta-nuevo", "nota-nuevo"):
        assert integrador(_con_ids(_base(accion, tienda))).status_code == 201
    proveedor = json.loads(_con_ids(_base("proveedor-nuevo", tienda)))
    assert integrador({**proveedor, "proveedor_num_doc": "20557198882"}).status_code == 201

    # Read once: what the fuzz changes in the database must not change what it draws.
    bases = {accion: _base(accion, tienda) for accion in dispatcher._ACCIONES}

    @FUZZ
    @given(peticiones(bases))
    def probar(peticion):
        antes = _contar()
        _revisar(integrador(_con_ids(peticion)), antes)

    probar()


@FUZZ
@given(cuerpo_crudo=st.one_of(st.binary(max_size=200), st.text(max_size=200), st.just("[" * 5000 + "]" * 5000), st.just('{"action": "factura-nuevo", "detalle": ' + "[" * 3000 + "]" * 3000 + "}")))
def test_cuerpos_que_no_son_json(caja, cuerpo_crudo):
    _revisar(caja(cuerpo_crudo), _contar())


@pytest.fixture(scope="module")
def consultas_rest(django_db_setup, django_db_blocker, tmp_path_factory):
    """(list URL, query parameters it declares) from the OpenAPI schema."""
    destino = tmp_path_factory.mktemp("esquema") / "schema.yml"
    with django_db_blocker.unblock():
        call_command("spectacular", "--file", str(destino))
    rutas = yaml.safe_load(destino.read_text())["paths"]
    return [
        (ruta, [p["name"] for p in operacion["get"].get("parameters", []) if p["in"] == "query"])
        for ruta, operacion in sorted(rutas.items())
        if "get" in operacion and "{" not in ruta
    ]


def test_rest_con_filtros_cualquiera(client, caja, consultas_rest):
    @FUZZ
    @given(st.data())
    def probar(data):
        ruta, parametros = data.draw(st.sampled_from(consultas_rest))
        texto = st.text(max_size=20) | st.sampled_from(["\x00", "a\x00b", "%", "\\"])
        valor = st.one_of(texto, st.integers().map(str), st.sampled_from(["", "-1", "2026-02-30", "true", "1e9"]))
        params = data.draw(st.dictionaries(st.sampled_from(parametros), valor, max_size=4)) if parametros else {}
        resp = client.get(ruta, params, HTTP_KEY=caja.clave)
        assert resp.status_code in (200, 400, 403, 404), (ruta, params, resp.content[:300])

    probar()
