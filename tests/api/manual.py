"""The manual's example requests (JSON API chapter), as the manual prints them.

Its copy has typographic quotes in some lines and lost the e-mail addresses
("[email protected]"); `cuerpo()` turns them into JSON as an integrator would,
and nothing else.
"""

import json

CORREO = "juan.perez@example.com"

EJEMPLOS = {
    "cliente-listar": """\
{
"action":"cliente-listar",
"cliente_id":11
}
""",
    "proveedor-listar": """\
{
"action":"proveedor-listar",
"cliente_id":11
}
""",
    "cliente-nuevo": """\
{
"action":"cliente-nuevo",
"cliente_nombre":"empresa SAC",
"cliente_num_doc": 20550117968,
"cliente_idtipo_documento": "4",
"contacto_nombre": “Juan”,
“contacto_apellido”:”Perez”,
“contacto_dni”:”10000001”,
“contacto_correo”:”[email protected]”,
“contacto_telefono”:”7777777”,
“contacto_celular”:”999999999”,
“contacto_sexo”:1,
“sucursal_nombre”:”Dirección 1”,
“sucursal_telefono”:”7777778”,
“sucursal_direccion”:”Av. Primavera 201”,
“sucursal_distrito”:1253,
“sucursal_provincia”:127,
“sucursal_departamento”:15,
“sucursal_pais”:179
}
""",
    "proveedor-nuevo": """\
{
"action":"proveedor-nuevo",
"proveedor_nombre":"Andess SAC",
"proveedor_num_doc": 20550117969,
"proveedor_idtipo_documento": "4",
"contacto_nombre": “camila”,
“contacto_apellido”:”Gomez”,
“contacto_dni”:”10000002”,
“contacto_correo”:”[email protected]”,
“contacto_telefono”:”7777779”,
“contacto_celular”:”999999998”,
“contacto_sexo”:1,
“sucursal_nombre”:”Dirección 2”,
“sucursal_telefono”:”7777779”,
“sucursal_direccion”:”Av. Precursores 1”,
“sucursal_distrito”:1253,
“sucursal_provincia”:127,
“sucursal_departamento”:15,
“sucursal_pais”:179
}
""",
    "cliente-editar": """\
{
"action":"cliente-editar",
"cliente_id":11,
"cliente_nombre":"empresa SAC",
"cliente_num_doc": 20550117968,
"contacto_nombre": “Juan”,
“contacto_apellido”:”Perez”,
“contacto_dni”:”10000001”,
“contacto_correo”:”[email protected]”,
“contacto_telefono”:”7777777”,
“contacto_celular”:”999999999”,
“contacto_sexo”:1,
“sucursal_nombre”:”Dirección 1”,
“sucursal_telefono”:”7777778”,
“sucursal_direccion”:”Av. Primavera 201”,
“sucursal_distrito”:1253,
“sucursal_provincia”:127,
“sucursal_departamento”:15,
“sucursal_pais”:179
}
""",
    "proveedor-editar": """\
{
"action":"proveedor-editar",
"proveedor_id":12,
"proveedor_nombre":"Andess SAC",
"proveedor_num_doc": 20550117969,
"contacto_nombre": “camila”,
“contacto_apellido”:”Gomez”,
“contacto_dni”:”10000002”,
“contacto_correo”:”[email protected]”,
“contacto_telefono”:”7777779”,
“contacto_celular”:”999999998”,
“contacto_sexo”:2,
“sucursal_nombre”:”Dirección 2”,
“sucursal_telefono”:”7777779”,
“sucursal_direccion”:”Av. Precursores 1”,
“sucursal_distrito”:1253,
“sucursal_provincia”:127,
“sucursal_departamento”:15,
“sucursal_pais”:179
}
""",
    "cliente-eliminar": """\
{
"action":"cliente-eliminar",
"cliente_id":11
}
""",
    "proveedor-eliminar": """\
{
"action":"proveedor-eliminar",
"proveedor_id":12
}
""",
    "factura-nuevo": """\
{
"action":"factura-nuevo",
"factura_estado":1,
"factura_cliente":2,
"factura_idmoneda":1,
"factura_fecha":"2021-09-10",
"factura_fechapago":"2021-09-11",
"factura_observaciones":"Este es un contenido de prueba",
"factura_idcontacto":1,
"factura_tipooperacion":1,
"factura_detraccion":0,
"factura_porcentaje_detraccion":0,
"factura_idpago":1,
"factura_hora_creacion":"14:25:32",
"factura_formapago_cpe":"1",
"detalle":[
{
"cod_num":43677910,
"cantidad":1,
"precio_unit":20.5,
"num_serie":"ABC132",
"descuento":10,
"descripcion":"Este es un producto de prueba añadido a la factura"
}
]
}
""",
    "factura-editar": """\
{
"action":"factura-editar",
"factura_id":21,
"factura_estado":1,
"factura_cliente":5,
"factura_idmoneda":1,
"factura_fecha":"2021-09-10",
"factura_fechapago":"2021-09-11",
"factura_observaciones":"Este contenido fue editado333",
"factura_idcontacto":2,
"factura_tipooperacion":1,
"factura_detraccion":0,
"factura_porcentaje_detraccion":0,
"factura_idpago":1,
"factura_hora_creacion":"14:25:32",
"factura_formapago_cpe":"1",
"detalle":[
{
"cod_num":35363770,
"cantidad":1,
"precio_unit":200,
"num_serie":"ABC132",
"descuento":50,
"descripcion":"Este es un producto de prueba añadido a la factura"
}
]
}
""",
    "factura-eliminar": """\
{
"action":"factura-eliminar",
"factura_id":21
}
""",
    "boleta-nuevo": """\
{
"action":"boleta-nuevo",
"factura_estado":1,
"factura_cliente":2,
"factura_idmoneda":1,
"factura_fecha":"2021-09-10",
"factura_fechapago":"2021-09-11",
"factura_observaciones":"Este es un contenido de prueba",
"factura_idcontacto":1,
"factura_tipooperacion":1,
"factura_detraccion":0,
"factura_porcentaje_detraccion":0,
"factura_idpago":1,
"factura_hora_creacion":"14:25:32",
"factura_formapago_cpe":"1",
"detalle":[
{
"cod_num":43677910,
"cantidad":1,
"precio_unit":20.5,
"num_serie":"ABC132",
"descuento":10,
"descripcion":"Este es un producto de prueba añadido a la factura"
}
]
}
""",
    "boleta-editar": """\
{
"action":"boleta-editar",
"factura_id":22,
"factura_estado":1,
"factura_cliente":5,
"factura_idmoneda":1,
"factura_fecha":"2021-09-10",
"factura_fechapago":"2021-09-11",
"factura_observaciones":"Este contenido fue editado333",
"factura_idcontacto":2,
"factura_tipooperacion":1,
"factura_detraccion":0,
"factura_porcentaje_detraccion":0,
"factura_idpago":1,
"factura_hora_creacion":"14:25:32",
"factura_formapago_cpe":"1",
"detalle":[
{
"cod_num":35363770,
"cantidad":1,
"precio_unit":200,
"num_serie":"ABC132",
"descuento":50,
"descripcion":"Este es un producto de prueba añadido a la factura"
}
]
}
""",
    "boleta-eliminar": """\
{
"action":"boleta-eliminar",
"factura_id":22
}
""",
    "nota-nuevo": """\
{
"action":"nota-nuevo",
"factura_estado":1,
"factura_cliente":2,
"factura_idmoneda":1,
"factura_fecha":"2021-09-10",
"factura_fechapago":"2021-09-11",
"factura_observaciones":"Este es un contenido de prueba",
"factura_idcontacto":1,
"factura_tipooperacion":1,
"factura_detraccion":0,
"factura_porcentaje_detraccion":0,
"factura_idpago":1,
"factura_hora_creacion":"14:25:32",
"factura_formapago_cpe":"1",
"detalle":[
{
"cod_num":43677910,
"cantidad":1,
"precio_unit":20.5,
"num_serie":"ABC132",
"descuento":10,
"descripcion":"Este es un producto de prueba añadido a la factura"
}
]
}
""",
    "nota-editar": """\
{
"action":"nota-editar",
"factura_id":23,
"factura_estado":1,
"factura_cliente":5,
"factura_idmoneda":1,
"factura_fecha":"2021-09-10",
"factura_fechapago":"2021-09-11",
"factura_observaciones":"Este contenido fue editado333",
"factura_idcontacto":2,
"factura_tipooperacion":1,
"factura_detraccion":0,
"factura_porcentaje_detraccion":0,
"factura_idpago":1,
"factura_hora_creacion":"14:25:32",
"factura_formapago_cpe":"1",
"detalle":[
{
"cod_num":35363770,
"cantidad":1,
"precio_unit":200,
"num_serie":"ABC132",
"descuento":50,
"descripcion":"Este es un producto de prueba añadido a la factura"
}
]
}
""",
    "nota-eliminar": """\
{
"action":"nota-eliminar",
"factura_id":23
}
""",
    "fesunat-enviar": """\
{
"action":"fesunat-enviar",
"id":20,
"tipodoc":2
}
""",
}


def cuerpo(accion: str, **cambios) -> str:
    """The example of `accion` as JSON text; `cambios` replace ids that an earlier example created."""
    texto = EJEMPLOS[accion].replace("“", '"').replace("”", '"').replace("[email protected]", CORREO)
    if not cambios:
        return texto
    datos = json.loads(texto)
    for campo, valor in cambios.items():
        assert campo in datos, campo
        datos[campo] = valor
    return json.dumps(datos)
