"""Actions of the JSON API on clients and providers (cliente-*, proveedor-*)."""

import hashlib

from django.db.models import ProtectedError
from django.utils import timezone

from erp import api
from erp.api import ErrorApi, accion
from erp.models import Contacto, Direccion, Distrito, Pais, Socio, TipoDocumentoIdentidad
from erp.selectors import filtrar_por_sucursal

ROLES = {
    # action prefix (also the proxy model's name): role field and idtipo_cliente of the manual's listing
    "cliente": ("es_cliente", 1),
    "proveedor": ("es_proveedor", 2),
}
# The API's identity document types: ids 1-6 of TipoDocumentoIdentidad.
TIPOS_DOCUMENTO = set(range(1, 7))


def _fecha(valor):
    return timezone.localdate(valor).isoformat() if valor else None


def _fila_listado(socio: Socio, idtipo: int) -> dict:
    """A partner in the manual's listing format; templates and images the ERP doesn't have are null."""
    direccion = socio.direcciones.order_by("-principal", "id").first()
    contacto = socio.contactos.order_by("-principal", "id").first()
    fila = {
        "idempresa": socio.pk,
        "idtipo_cliente": idtipo,
        "empresa": socio.razon_social,
        "nombre_comercial": socio.nombre_comercial,
        "ruc": socio.numero_documento,
        "idestado": 1 if socio.activo else 0,
        "fecha_creacion": _fecha(socio.creado),
        "fecha_modificacion": _fecha(socio.modificado),
        "logo_empresa": None,
        "icono_empresa": None,
        "bg_empresa": None,
    }
    for plantilla in ("cotizacion", "boleta", "factura", "guiaremision", "barcode", "barcode_lista", "cheque", "pedido", "oc", "cotizacion_pdf", "boleta_pdf", "factura_pdf"):
        fila[f"tpl_{plantilla}"] = None
    fila.update(
        {
            "codigo": hashlib.md5(f"{socio.empresa_id}-{socio.pk}".encode()).hexdigest(),
            "sis_empresa": socio.empresa_id,
            "idusuario": socio.creado_por_id or 0,
            "idforma": 0,
            "idpersonal": contacto.pk if contacto else 0,
            "idsucursal": direccion.pk if direccion else 0,
            "idasesor": 0,
            "idtipo_documento": socio.tipo_documento_id,
            "descripcion": socio.descripcion,
            "notas_privadas": socio.notas_privadas,
        }
    )
    return fila


def _listar(rol: str):
    campo, idtipo = ROLES[rol]

    def listar(datos, usuario):
        socios = filtrar_por_sucursal(Socio.objects.filter(**{campo: True}), usuario).order_by("pk")
        socios = socios.prefetch_related("direcciones", "contactos")
        return [_fila_listado(s, idtipo) for s in socios], 200

    return listar


def _ubicacion(datos) -> dict:
    """The address's place. For Peru the district decides its province and department.

    The legacy ERP's tables linked some districts to the wrong province, so
    integrators may send a province that disagrees; the district id is the
    reliable one (the ids are the legacy ones, see erp/data/ubigeo.json).
    """
    ids = {campo: api.entero(datos, f"sucursal_{campo}") for campo in ("pais", "departamento", "provincia", "distrito")}
    pais = Pais.objects.filter(pk=ids["pais"]).first()
    if pais is None:
        raise ErrorApi(11, f"El campo «sucursal_pais» no corresponde a un país: {ids['pais']}.")
    if pais.codigo != "PE":
        return {"pais": pais, "departamento": None, "provincia": None, "distrito": None}
    distrito = Distrito.objects.select_related("provincia__departamento").filter(pk=ids["distrito"]).first()
    if distrito is None:
        raise ErrorApi(11, f"El campo «sucursal_distrito» no corresponde a un distrito: {ids['distrito']}.")
    return {"pais": pais, "departamento": distrito.provincia.departamento, "provincia": distrito.provincia, "distrito": distrito}


def _contacto_y_direccion(datos) -> tuple[dict, dict]:
    contacto = {
        "nombres": api.texto(datos, "contacto_nombre"),
        "apellidos": api.texto(datos, "contacto_apellido"),
        "dni": api.texto(datos, "contacto_dni", exacto=8),
        "email": api.correo(datos, "contacto_correo"),
        "telefono": api.texto(datos, "contacto_telefono", requerido=False),
        "celular": api.texto(datos, "contacto_celular", requerido=False),
        "sexo": api.entero(datos, "contacto_sexo", requerido=False, opciones={1, 2}),
    }
    if not contacto["dni"].isdigit():
        raise ErrorApi(11, "El campo «contacto_dni» debe tener 8 dígitos.")
    direccion = {
        "nombre": api.texto(datos, "sucursal_nombre"),
        "telefono": api.texto(datos, "sucursal_telefono", requerido=False),
        "direccion": api.texto(datos, "sucursal_direccion"),
        **_ubicacion(datos),
    }
    return contacto, direccion


def _guardar(socio: Socio, contacto: dict, direccion: dict) -> None:
    socio.full_clean()
    socio.save()
    principal = socio.contactos.order_by("-principal", "id").first() or Contacto(socio=socio, principal=True)
    for campo, valor in contacto.items():
        setattr(principal, campo, valor)
    principal.full_clean()
    principal.save()
    lugar = socio.direcciones.order_by("-principal", "id").first() or Direccion(socio=socio, principal=True)
    for campo, valor in direccion.items():
        setattr(lugar, campo, valor)
    lugar.full_clean()
    lugar.save()


def _nuevo(rol: str):
    campo, _ = ROLES[rol]

    def nuevo(datos, usuario):
        sucursal = api.sucursal_de(usuario)
        socio = Socio(
            sucursal=sucursal,
            razon_social=api.texto(datos, f"{rol}_nombre"),
            numero_documento=api.texto(datos, f"{rol}_num_doc", maximo=15),
            tipo_documento=TipoDocumentoIdentidad.objects.get(pk=api.entero(datos, f"{rol}_idtipo_documento", opciones=TIPOS_DOCUMENTO)),
            creado_por=usuario,
            **{campo: True},
        )
        contacto, direccion = _contacto_y_direccion(datos)
        _guardar(socio, contacto, direccion)
        return {"respuesta": "Se registró con éxito", "id": socio.pk}, 201

    return nuevo


def _buscar(rol: str, datos, usuario) -> Socio:
    campo, _ = ROLES[rol]
    id_ = api.entero(datos, f"{rol}_id")
    socio = filtrar_por_sucursal(Socio.objects.filter(**{campo: True}), usuario).filter(pk=id_).first()
    if socio is None:
        raise api.no_encontrado(rol, id_)
    return socio


def _editar(rol: str):
    def editar(datos, usuario):
        socio = _buscar(rol, datos, usuario)
        socio.razon_social = api.texto(datos, f"{rol}_nombre")
        socio.numero_documento = api.texto(datos, f"{rol}_num_doc", maximo=15)
        tipo = api.entero(datos, f"{rol}_idtipo_documento", requerido=False, opciones=TIPOS_DOCUMENTO)
        if tipo:
            socio.tipo_documento_id = tipo
        contacto, direccion = _contacto_y_direccion(datos)
        _guardar(socio, contacto, direccion)
        return {"respuesta": f"Se editó el {rol} con éxito", "id": socio.pk}, 200

    return editar


def _eliminar(rol: str):
    campo, _ = ROLES[rol]
    otro = "es_proveedor" if campo == "es_cliente" else "es_cliente"

    def eliminar(datos, usuario):
        socio = _buscar(rol, datos, usuario)
        id_ = socio.pk
        if getattr(socio, otro):
            # Also the other kind of partner: it only stops being this one.
            setattr(socio, campo, False)
            socio.save(update_fields=[campo, "modificado"])
        else:
            try:
                socio.delete()
            except ProtectedError as exc:
                raise ErrorApi(
                    11, f"No se puede eliminar el {rol} {id_}: tiene documentos registrados. Desactívelo en su lugar."
                ) from exc
        return {"respuesta": f"Se eliminó el {rol} con éxito", "id": id_}, 200

    return eliminar


for _rol in ROLES:
    accion(f"{_rol}-listar", permiso=f"erp.view_{_rol}")(_listar(_rol))
    accion(f"{_rol}-nuevo", permiso=f"erp.add_{_rol}")(_nuevo(_rol))
    accion(f"{_rol}-editar", permiso=f"erp.change_{_rol}")(_editar(_rol))
    accion(f"{_rol}-eliminar", permiso=f"erp.delete_{_rol}")(_eliminar(_rol))
