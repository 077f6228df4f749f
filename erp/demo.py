"""The demo company and its data; `python manage.py demo` loads it, idempotently."""

from collections.abc import Callable

from django.db import transaction

from erp.certificados import generar_autofirmado
from erp.models import (
    ApiKey,
    Contacto,
    Direccion,
    Distrito,
    Empresa,
    Modulo,
    Pais,
    PerfilPermiso,
    Serie,
    Socio,
    Sucursal,
    TipoDocumentoIdentidad,
    Usuario,
)
from erp.services import empresa_cargar_certificado

RUC_DEMO = "20601234565"
# The key of the manual's examples, so they run against the demo as written.
API_KEY_DEMO = "6507c11d131abcb728652224fccfde8e"

# The apps above erp add their demo data in their AppConfig.ready(): (layer order, loader).
_CARGADORES: list[tuple[int, Callable[[dict], list[str] | None]]] = []


def registrar_demo(cargador: Callable[[dict], list[str] | None], *, orden: int) -> None:
    """`cargador(contexto)` loads an app's demo data after the company, branches and users (lower `orden` first).

    `contexto` holds empresa, sucursales and usuarios; the lines it returns are
    printed by `manage.py demo` after the users.
    """
    _CARGADORES.append((orden, cargador))
    _CARGADORES.sort(key=lambda par: par[0])


def cargar_modulos(contexto: dict) -> list[str]:
    """Every registered app's demo data, in layer order; the lines they want printed."""
    lineas = []
    for _orden, cargador in _CARGADORES:
        lineas += cargador(contexto) or []
    return lineas

SERIES = {
    "0000": [("01", "F001"), ("03", "B001"), ("07", "FC01"), ("07", "BC01"), ("08", "FD01"), ("08", "BD01"),
             ("09", "T001"), ("NV", "NV01"), ("CT", "CT01"), ("PV", "PV01"), ("OT", "OT01")],
    "0001": [("01", "F002"), ("03", "B002"), ("07", "FC02"), ("07", "BC02"), ("08", "FD02"), ("08", "BD02"),
             ("09", "T002"), ("NV", "NV02"), ("CT", "CT02"), ("PV", "PV02"), ("OT", "OT02")],
}

USUARIOS = [
    # username, password, names, profile, branches (None: all)
    ("admin", "admin123", ("Ana", "Administradora"), "Administrador", None),
    ("vendedor", "vendedor123", ("Víctor", "Vendedor"), "Ventas", ["0000"]),
    ("arequipa", "arequipa123", ("Rosa", "Arequipeña"), "Ventas", ["0001"]),
    ("contador", "contador123", ("Carlos", "Contador"), "Contabilidad", None),
]

# Sections of the modules each profile gets; None means every module.
PERFILES = {
    "Administrador": (None, True),
    "Ventas": (("Directorio", "Ventas", "Facturación electrónica", "Inventario"), False),
    "Contabilidad": (("Directorio", "Ventas", "Compras", "Reportes", "Facturación electrónica"), True),
    "Almacén": (("Inventario",), False),
}


# In this order a fresh database gives them the ids the manual's API examples use:
# client 2 (with a RUC) and contact 1 in factura-nuevo, client 5 (with a RUC) and
# contact 2 in the -editar examples, provider 4 as in proveedor-listar.
SOCIOS = [
    # branch, document type, number, name, client, provider, address ubigeo
    ("0000", "0", "-", "CLIENTES VARIOS", True, False, None),
    ("0000", "6", "20512345671", "INVERSIONES SAN MARTÍN S.A.C.", True, False, "150131"),
    ("0000", "1", "45678912", "JORGE LUIS QUISPE MAMANI", True, False, "150132"),
    ("0000", "6", "20557198882", "SUMINISTROS INDUSTRIALES LIMA S.A.", False, True, "150103"),
    ("0000", "6", "20543210987", "FERRETERÍA EL CONSTRUCTOR S.A.C.", True, False, "150103"),
    ("0001", "6", "20498765433", "DISTRIBUIDORA MISTI E.I.R.L.", True, False, "040101"),
]
CONTACTOS = [
    # partner, names, surnames (created in this order)
    ("INVERSIONES SAN MARTÍN S.A.C.", "Lucía", "Paredes"),
    ("FERRETERÍA EL CONSTRUCTOR S.A.C.", "Gerardo", "Espinoza"),
    ("JORGE LUIS QUISPE MAMANI", "Jorge", "Quispe"),
    ("SUMINISTROS INDUSTRIALES LIMA S.A.", "Marta", "Salazar"),
    ("DISTRIBUIDORA MISTI E.I.R.L.", "Pedro", "Flores"),
]


def _tipo(codigo):
    return TipoDocumentoIdentidad.objects.get(codigo=codigo)


def _empresa() -> Empresa:
    empresa, _ = Empresa.objects.update_or_create(
        ruc=RUC_DEMO,
        defaults={
            "razon_social": "COMERCIAL ANDINA DEMO S.A.C.",
            "nombre_comercial": "Andina Demo",
            "direccion": "Av. José Larco 1232, Of. 501",
            "distrito": Distrito.objects.get(ubigeo="150122"),
            "telefono": "01 444 5566",
            "email": "facturacion@andinademo.pe",
            "sol_usuario": "MODDATOS",
        },
    )
    if not empresa.sol_clave:
        empresa.sol_clave = "moddatos"
        empresa.save(update_fields=["sol_clave"])
    if not empresa.tiene_certificado:
        pfx = generar_autofirmado(ruc=empresa.ruc, razon_social=empresa.razon_social, clave="demo")
        empresa_cargar_certificado(empresa=empresa, contenido=pfx, clave="demo")
    return empresa


def _sucursales(empresa: Empresa) -> dict[str, Sucursal]:
    sucursales = {}
    for codigo, nombre, direccion, ubigeo in [
        ("0000", "Principal - Miraflores", "Av. José Larco 1232", "150122"),
        ("0001", "Arequipa", "Calle Mercaderes 210", "040101"),
    ]:
        sucursales[codigo], _ = Sucursal.objects.update_or_create(
            empresa=empresa,
            codigo_establecimiento=codigo,
            defaults={"nombre": nombre, "direccion": direccion, "distrito": Distrito.objects.get(ubigeo=ubigeo)},
        )
        for tipo, serie in SERIES[codigo]:
            Serie.objects.get_or_create(
                empresa=empresa, tipo_documento=tipo, serie=serie, defaults={"sucursal": sucursales[codigo]}
            )
    return sucursales


def _usuarios(sucursales: dict[str, Sucursal]) -> dict[str, Usuario]:
    perfiles = {}
    for nombre, (secciones, todas) in PERFILES.items():
        perfil, _ = PerfilPermiso.objects.update_or_create(nombre=nombre, defaults={"todas_sucursales": todas})
        modulos = Modulo.objects.all() if secciones is None else Modulo.objects.filter(seccion__in=secciones)
        perfil.modulos.set(modulos)
        perfiles[nombre] = perfil

    usuarios = {}
    for username, password, (nombre, apellido), perfil, codigos in USUARIOS:
        user, creado = Usuario.objects.get_or_create(
            username=username,
            defaults={"first_name": nombre, "last_name": apellido, "email": f"{username}@andinademo.pe", "is_staff": True},
        )
        if creado:
            user.set_password(password)
            user.is_superuser = username == "admin"
            user.save()
        mias = [sucursales[c] for c in (codigos or sucursales)]
        user.sucursales.set(mias)
        user.sucursal_predeterminada = mias[0]
        user.save(update_fields=["sucursal_predeterminada"])
        user.perfiles.set([perfiles[perfil]])
        usuarios[username] = user
    if not ApiKey.objects.filter(prefijo=API_KEY_DEMO[:8], usuario=usuarios["admin"]).exists():
        ApiKey.generar(usuario=usuarios["admin"], nombre="Demo (clave del manual)", clave=API_KEY_DEMO)
    return usuarios


def _socios(empresa: Empresa, sucursales: dict[str, Sucursal]) -> None:
    peru = Pais.objects.get(codigo="PE")
    socios = {}
    for codigo, tipo, numero, nombre, cliente, proveedor, ubigeo in SOCIOS:
        socio, creado = Socio.objects.get_or_create(
            empresa=empresa,
            razon_social=nombre,
            defaults={
                "sucursal": sucursales[codigo],
                "tipo_documento": _tipo(tipo),
                "numero_documento": numero,
                "es_cliente": cliente,
                "es_proveedor": proveedor,
            },
        )
        socios[nombre] = socio
        if creado and ubigeo:
            distrito = Distrito.objects.select_related("provincia").get(ubigeo=ubigeo)
            Direccion.objects.create(
                socio=socio,
                nombre="Oficina principal",
                direccion="Av. Principal 100",
                pais=peru,
                distrito=distrito,
                provincia=distrito.provincia,
                departamento_id=distrito.provincia.departamento_id,
                principal=True,
            )
    for nombre, nombres, apellidos in CONTACTOS:
        if not socios[nombre].contactos.exists():
            Contacto.objects.create(
                socio=socios[nombre],
                nombres=nombres,
                apellidos=apellidos,
                email=f"{nombres.lower()}@example.pe",
                celular="987654321",
                principal=True,
            )


@transaction.atomic
def cargar_demo() -> dict:
    empresa = _empresa()
    sucursales = _sucursales(empresa)
    usuarios = _usuarios(sucursales)
    _socios(empresa, sucursales)
    return {"empresa": empresa, "sucursales": sucursales, "usuarios": usuarios}
