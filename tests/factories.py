"""Small builders of test data; reference data comes from the migrations."""

import itertools

from stdnum.pe import ruc as stdnum_ruc

from erp.certificados import generar_autofirmado
from erp.models import (
    Distrito,
    Empresa,
    Modulo,
    PerfilPermiso,
    Serie,
    Socio,
    Sucursal,
    TipoDocumentoIdentidad,
    Usuario,
)
from erp.services import empresa_cargar_certificado

_seq = itertools.count(1)


def ruc_valido(base: str | None = None) -> str:
    """An 11-digit RUC with the right check digit."""
    base = base or f"20{next(_seq):08d}"
    return base + stdnum_ruc.calc_check_digit(base)


def empresa(*, ruc=None, con_certificado=False, **kwargs) -> Empresa:
    datos = {
        "ruc": ruc or ruc_valido(),
        "razon_social": "EMPRESA DE PRUEBA S.A.C.",
        "direccion": "Av. Arequipa 100",
        "distrito": Distrito.objects.get(ubigeo="150101"),
        "sol_usuario": "PRUEBA01",
    }
    datos.update(kwargs)
    obj = Empresa.objects.create(**datos)
    if con_certificado:
        pfx = generar_autofirmado(ruc=obj.ruc, razon_social=obj.razon_social, clave="clave")
        empresa_cargar_certificado(empresa=obj, contenido=pfx, clave="clave")
    return obj


def sucursal(emp: Empresa, *, codigo="0000", nombre=None, series=()) -> Sucursal:
    obj = Sucursal.objects.create(
        empresa=emp,
        nombre=nombre or f"Sucursal {codigo}",
        direccion="Jr. de la Unión 500",
        distrito=Distrito.objects.get(ubigeo="150101"),
        codigo_establecimiento=codigo,
    )
    for tipo, serie in series:
        Serie.objects.create(sucursal=obj, tipo_documento=tipo, serie=serie)
    return obj


def perfil(nombre, *, modulos=(), todas_sucursales=False) -> PerfilPermiso:
    obj = PerfilPermiso.objects.create(nombre=nombre, todas_sucursales=todas_sucursales)
    obj.modulos.set(Modulo.objects.filter(codigo__in=modulos))
    return obj


def usuario(username, *, sucursales=(), perfiles=(), password="clave-segura-123", **kwargs) -> Usuario:
    obj = Usuario.objects.create_user(username=username, password=password, is_staff=True, **kwargs)
    obj.sucursales.set(sucursales)
    obj.perfiles.set(perfiles)
    if sucursales:
        obj.sucursal_predeterminada = sucursales[0]
        obj.save()
    return obj


def cliente(suc: Sucursal, *, numero=None, nombre="CLIENTE S.A.C.", tipo="6", **kwargs) -> Socio:
    return Socio.objects.create(
        sucursal=suc,
        tipo_documento=TipoDocumentoIdentidad.objects.get(codigo=tipo),
        numero_documento=numero or (ruc_valido() if tipo == "6" else f"{next(_seq):08d}"),
        razon_social=nombre,
        es_cliente=True,
        **kwargs,
    )
