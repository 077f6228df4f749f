import pytest

from erp.models import Distrito, Pais, Socio
from tests import factories

pytestmark = pytest.mark.django_db


def _ubicacion(ubigeo="150103"):
    distrito = Distrito.objects.select_related("provincia").get(ubigeo=ubigeo)
    return {
        "sucursal_distrito": distrito.pk,
        "sucursal_provincia": distrito.provincia_id,
        "sucursal_departamento": distrito.provincia.departamento_id,
        "sucursal_pais": Pais.objects.get(codigo="PE").pk,
    }


def _cliente_nuevo(**extra):
    cuerpo = {
        "action": "cliente-nuevo",
        "cliente_nombre": "empresa SAC",
        "cliente_num_doc": 20550117968,
        "cliente_idtipo_documento": "4",
        "contacto_nombre": "Juan",
        "contacto_apellido": "Perez",
        "contacto_dni": "10000001",
        "contacto_correo": "juan.perez@example.com",
        "contacto_telefono": "7777777",
        "contacto_celular": "999999999",
        "contacto_sexo": 1,
        "sucursal_nombre": "Dirección 1",
        "sucursal_telefono": "7777778",
        "sucursal_direccion": "Av. Primavera 201",
        **_ubicacion(),
    }
    cuerpo.update(extra)
    return cuerpo


def test_cliente_nuevo_guarda_cliente_contacto_y_direccion(api, integrador):
    resp = api(_cliente_nuevo())
    assert resp.status_code == 201
    assert resp.json() == {"respuesta": "Se registró con éxito", "id": resp.json()["id"]}
    socio = Socio.objects.get(pk=resp.json()["id"])
    assert socio.es_cliente and socio.numero_documento == "20550117968" and socio.tipo_documento.codigo == "6"
    assert socio.sucursal == integrador.sucursal_predeterminada
    assert socio.contactos.get().email == "juan.perez@example.com"
    assert socio.direcciones.get().distrito.nombre == "ATE"


def test_cliente_listar_en_formato_del_manual(api):
    creado = api(_cliente_nuevo()).json()["id"]
    filas = api({"action": "cliente-listar", "cliente_id": 11}).json()
    assert [f["idempresa"] for f in filas] == [creado]
    fila = filas[0]
    assert fila["empresa"] == "empresa SAC" and fila["ruc"] == "20550117968"
    assert fila["idtipo_cliente"] == 1 and fila["idestado"] == 1 and fila["idtipo_documento"] == 4
    assert fila["tpl_factura"] is None and len(fila["codigo"]) == 32


def test_cliente_editar_y_eliminar(api):
    id_ = api(_cliente_nuevo()).json()["id"]
    resp = api(_cliente_nuevo(action="cliente-editar", cliente_id=id_, cliente_nombre="EMPRESA RENOMBRADA SAC", contacto_sexo=2))
    assert resp.status_code == 200 and resp.json() == {"respuesta": "Se editó el cliente con éxito", "id": id_}
    socio = Socio.objects.get(pk=id_)
    assert socio.razon_social == "EMPRESA RENOMBRADA SAC" and socio.contactos.get().sexo == 2
    assert socio.direcciones.count() == 1
    resp = api({"action": "cliente-eliminar", "cliente_id": id_})
    assert resp.json() == {"respuesta": "Se eliminó el cliente con éxito", "id": id_}
    assert not Socio.objects.filter(pk=id_).exists()


def test_cliente_de_otra_sucursal_no_se_encuentra(api, empresa_api):
    _, _, cusco = empresa_api
    ajeno = factories.cliente(cusco)
    resp = api({"action": "cliente-eliminar", "cliente_id": ajeno.pk})
    assert resp.status_code == 400
    assert resp.json() == {"error": f"No se encontró el cliente con el id {ajeno.pk}", "codigo": 12}
    assert Socio.objects.filter(pk=ajeno.pk).exists()


@pytest.mark.parametrize(
    "cambio,mensaje",
    [
        ({"cliente_nombre": None}, "No se recibió uno o más campos: falta «cliente_nombre»."),
        ({"cliente_num_doc": "20550117969"}, "El RUC 20550117969 no es válido: el dígito verificador no corresponde."),
        ({"contacto_dni": "1234"}, "El campo «contacto_dni» debe tener exactamente 8 caracteres."),
        ({"contacto_correo": "[email protected]"}, "El campo «contacto_correo» no es un correo válido."),
        ({"cliente_idtipo_documento": "9"}, "El campo «cliente_idtipo_documento» debe ser uno de 1, 2, 3, 4, 5, 6."),
        ({"contacto_sexo": "x"}, "El campo «contacto_sexo» debe ser un número entero."),
        ({"sucursal_distrito": [1]}, "El campo «sucursal_distrito» debe ser un número entero."),
        ({"cliente_nombre": "x" * 251}, "El campo «cliente_nombre» admite hasta 250 caracteres."),
    ],
)
def test_datos_invalidos_codigo_11_sin_guardar_nada(api, cambio, mensaje):
    resp = api(_cliente_nuevo(**cambio))
    assert resp.status_code == 400
    assert resp.json() == {"error": mensaje, "codigo": 11}
    assert not Socio.objects.exists()


def test_el_distrito_decide_provincia_y_departamento(api):
    # Legacy tables linked some districts to another province: the district wins.
    otra = _ubicacion("040101")
    resp = api(_cliente_nuevo(sucursal_provincia=otra["sucursal_provincia"], sucursal_departamento=otra["sucursal_departamento"]))
    assert resp.status_code == 201
    direccion = Socio.objects.get().direcciones.get()
    assert (direccion.distrito.nombre, direccion.provincia.nombre, direccion.departamento.nombre) == ("ATE", "LIMA", "LIMA")


def test_distrito_inexistente(api):
    resp = api(_cliente_nuevo(sucursal_distrito=999999))
    assert resp.json() == {"error": "El campo «sucursal_distrito» no corresponde a un distrito: 999999.", "codigo": 11}
    assert not Socio.objects.exists()


def test_documento_repetido(api):
    api(_cliente_nuevo())
    resp = api(_cliente_nuevo())
    assert resp.json() == {"error": "Ya existe un cliente o proveedor con ese documento.", "codigo": 11}
    assert Socio.objects.count() == 1


def test_proveedor_que_ya_es_cliente(api):
    id_ = api(_cliente_nuevo()).json()["id"]
    socio = Socio.objects.get(pk=id_)
    socio.es_proveedor = True
    socio.save()
    api({"action": "proveedor-eliminar", "proveedor_id": id_})
    socio.refresh_from_db()
    assert socio.es_cliente and not socio.es_proveedor


@pytest.mark.parametrize(
    "cuerpo,clave,http,codigo",
    [
        ({"action": "cliente-listar"}, "no-es-un-token", 401, 10),
        ({"action": "cliente-listar"}, "0" * 32, 401, 20),
        ({"cliente_id": 1}, None, 400, 30),
        ({"action": "cliente-volar"}, None, 400, 30),
        ("{no es json", None, 400, 11),
        ("[1, 2]", None, 400, 11),
    ],
)
def test_errores_documentados(api, cuerpo, clave, http, codigo):
    resp = api(cuerpo, clave=clave)
    assert resp.status_code == http
    assert resp.json()["codigo"] == codigo and resp.json()["error"]


def test_sin_permiso_del_modulo(client, empresa_api):
    from erp.models import ApiKey

    _, lima, _ = empresa_api
    sin_modulos = factories.usuario("mirón", sucursales=[lima])
    _, clave = ApiKey.generar(usuario=sin_modulos, nombre="x")
    resp = client.post("/api/", '{"action": "cliente-listar"}', content_type="application/json", HTTP_KEY=clave)
    assert resp.status_code == 401 and resp.json()["codigo"] == 10


def test_api_key_revocada(api):
    from erp.models import ApiKey

    ApiKey.objects.get().revocar()
    resp = api({"action": "cliente-listar"})
    assert resp.status_code == 401 and resp.json()["codigo"] == 20


def test_comando_apikey(integrador, client):
    from io import StringIO

    from django.core.management import call_command

    salida = StringIO()
    call_command("apikey", "integrador", stdout=salida, stderr=StringIO())
    clave = salida.getvalue().strip()
    resp = client.post("/api/", '{"action": "cliente-listar"}', content_type="application/json", HTTP_KEY=clave)
    assert resp.status_code == 200
