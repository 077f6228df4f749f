"""The demo company's catalogue, warehouses, opening stock and minimums; loaded by `python manage.py demo`, idempotently."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import (
    Ajuste,
    AjusteLinea,
    Almacen,
    Categoria,
    Clase,
    ConfiguracionInventario,
    Familia,
    ListaPrecio,
    Mantenimiento,
    Marca,
    PrecioProducto,
    Producto,
    Segmentacion,
    StockMinimo,
    Subcategoria,
    TipoItem,
    TipoProducto,
    Transferencia,
    TransferenciaLinea,
)
from .precios import precios_consistentes
from .services import ajuste_registrar, almacen_principal_crear, transferencia_registrar
from .tablas import TipoOperacion

# The manual's API examples sell cod_num 43677910 and 35363770 (this one with serial "ABC132").
PRODUCTOS = [
    # tipo, code, cod_num, name, category, subcategory, brand, unit, price with IGV, cost, serials, ICBPER
    ("P", "P0001", 43677910, "MOUSE INALÁMBRICO USB", "Tecnología", "Accesorios", "Logitech", "NIU", "20.50", "9.80", None, False),
    ("P", "P0002", 35363770, "DISCO DURO EXTERNO 1 TB", "Tecnología", "Almacenamiento", "Seagate", "NIU", "200.00", "125.00",
     ["ABC130", "ABC131", "ABC132", "ABC133", "ABC134"], False),
    ("P", "P0003", None, "LAPTOP 15.6\" CORE I5 16 GB", "Tecnología", "Computadoras", "Lenovo", "NIU", "2899.00", "2150.00", None, False),
    ("P", "P0004", None, "PAPEL BOND A4 75 G (PAQUETE X 500)", "Oficina", "Papelería", "Report", "PK", "18.90", "12.40", None, False),
    ("P", "P0005", None, "BOLSA PLÁSTICA CON ASA", "Oficina", "Empaques", None, "NIU", "0.10", "0.03", None, True),
    ("S", "S0001", None, "SOPORTE TÉCNICO (POR HORA)", "Servicios", "Soporte", None, "HUR", "80.00", None, None, False),
    ("S", "S0002", None, "INSTALACIÓN Y CONFIGURACIÓN DE SOFTWARE", "Servicios", "Soporte", None, "ZZ", "150.00", None, None, False),
]

# Before the manual's API examples (dated 2021-09-10), so they sell from this stock as written.
FECHA_SALDO_INICIAL = datetime.date(2021, 1, 1)
STOCK_INICIAL = {"0000": {"P0001": 60, "P0002": 5, "P0003": 8, "P0004": 120, "P0005": 1000}, "0001": {"P0001": 20, "P0004": 40}}
MOTIVO_SALDO = "Saldo inicial de la demo"
# Minimums per branch's main warehouse: the main branch's hard drives (5) and Arequipa's mice (20) are below theirs.
STOCK_MINIMO = {"0000": {"P0001": 20, "P0002": 10, "P0003": 3}, "0001": {"P0001": 30, "P0004": 10}}


def _clasificacion(empresa):
    segmento, _ = Segmentacion.objects.get_or_create(empresa=empresa, concepto="Tecnología de la información")
    familia, _ = Familia.objects.get_or_create(segmentacion=segmento, concepto="Equipos informáticos y accesorios")
    clase, _ = Clase.objects.get_or_create(familia=familia, concepto="Computadoras y periféricos")
    tipo_p, _ = TipoProducto.objects.get_or_create(clase=clase, concepto="Periféricos", defaults={"tipo": TipoItem.PRODUCTO})
    servicios, _ = Segmentacion.objects.get_or_create(empresa=empresa, concepto="Servicios técnicos")
    familia_s, _ = Familia.objects.get_or_create(segmentacion=servicios, concepto="Servicios informáticos")
    clase_s, _ = Clase.objects.get_or_create(familia=familia_s, concepto="Soporte y mantenimiento")
    tipo_s, _ = TipoProducto.objects.get_or_create(clase=clase_s, concepto="Soporte técnico", defaults={"tipo": TipoItem.SERVICIO})
    return {TipoItem.PRODUCTO: tipo_p, TipoItem.SERVICIO: tipo_s}


def _productos(empresa, admin) -> dict[str, Producto]:
    clasificacion = _clasificacion(empresa)
    productos = {}
    for tipo, codigo, cod_num, nombre, cat, sub, marca, unidad, precio, _, series, icbper in PRODUCTOS:
        categoria, _ = Categoria.objects.get_or_create(
            empresa=empresa, nombre=cat, defaults={"descripcion": f"<p>Productos de <strong>{cat.lower()}</strong>.</p>"}
        )
        subcategoria, _ = Subcategoria.objects.get_or_create(categoria=categoria, nombre=sub)
        precio_venta, valor_venta = precios_consistentes(afectacion="10", precio_venta=Decimal(precio))
        datos = {
            "tipo": tipo,
            "nombre": nombre,
            "descripcion": f"{nombre.capitalize()}. Garantía de 12 meses." if tipo == "P" else f"{nombre.capitalize()}.",
            "categoria": categoria,
            "subcategoria": subcategoria,
            "marca": Marca.objects.get_or_create(empresa=empresa, nombre=marca)[0] if marca else None,
            "clasificacion": clasificacion[tipo] if cat == "Tecnología" or tipo == "S" else None,
            "unidad_id": unidad,
            "precio_venta": precio_venta,
            "valor_venta": valor_venta,
            "maneja_series": bool(series),
            "icbper": icbper,
        }
        if cod_num:
            datos["cod_num"] = cod_num
        productos[codigo], creado = Producto.objects.get_or_create(empresa=empresa, codigo=codigo, defaults=datos)
        if creado:
            productos[codigo].creado_por = admin
            productos[codigo].save(update_fields=["creado_por"])
    return productos


def _precios(empresa, productos):
    general, _ = ListaPrecio.objects.get_or_create(empresa=empresa, nombre="Lista general", defaults={"predeterminada": True})
    mayorista, _ = ListaPrecio.objects.get_or_create(empresa=empresa, nombre="Mayorista")
    mouse, papel = productos["P0001"], productos["P0004"]
    for lista, producto, cantidad, precio in [
        (general, mouse, 1, "20.50"),
        (mayorista, mouse, 10, "17.90"),
        (mayorista, papel, 10, "16.50"),
    ]:
        PrecioProducto.objects.get_or_create(
            producto=producto, lista=lista, moneda_id=1, cantidad_minima=cantidad, defaults={"precio": Decimal(precio)}
        )
    PrecioProducto.objects.get_or_create(
        producto=mouse, lista=general, moneda_id=2, cantidad_minima=1, defaults={"precio": Decimal("5.90")}
    )


def _saldos_iniciales(sucursales, productos, admin):
    costos = {p[1]: Decimal(p[9]) for p in PRODUCTOS if p[9]}
    series = {p[1]: p[10] for p in PRODUCTOS if p[10]}
    for codigo_suc, cantidades in STOCK_INICIAL.items():
        almacen = almacen_principal_crear(sucursal=sucursales[codigo_suc])
        if Ajuste.objects.filter(almacen=almacen, motivo=MOTIVO_SALDO).exists():
            continue
        ajuste = Ajuste.objects.create(
            almacen=almacen, fecha=FECHA_SALDO_INICIAL, tipo_operacion=TipoOperacion.SALDO_INICIAL, motivo=MOTIVO_SALDO, creado_por=admin
        )
        for codigo, cantidad in cantidades.items():
            AjusteLinea.objects.create(
                ajuste=ajuste,
                producto=productos[codigo],
                cantidad=cantidad,
                costo_unitario=costos[codigo],
                series="\n".join(series.get(codigo, [])),
            )
        ajuste_registrar(ajuste=ajuste, usuario=admin)


@transaction.atomic
def cargar_demo(contexto: dict) -> list[str]:
    empresa, sucursales, admin = contexto["empresa"], contexto["sucursales"], contexto["usuarios"]["admin"]
    ConfiguracionInventario.objects.get_or_create(empresa=empresa)
    secundario, _ = Almacen.objects.get_or_create(
        sucursal=sucursales["0000"], nombre="Depósito Callao", defaults={"direccion": "Av. Argentina 2450, Callao"}
    )
    productos = _productos(empresa, admin)
    _precios(empresa, productos)
    _saldos_iniciales(sucursales, productos, admin)
    for codigo_suc, minimos in STOCK_MINIMO.items():
        almacen = almacen_principal_crear(sucursal=sucursales[codigo_suc])
        for codigo, cantidad in minimos.items():
            StockMinimo.objects.get_or_create(producto=productos[codigo], almacen=almacen, defaults={"cantidad": cantidad})

    if not Transferencia.objects.filter(empresa=empresa).exists():
        transferencia = Transferencia.objects.create(
            almacen_origen=almacen_principal_crear(sucursal=sucursales["0000"]),
            almacen_destino=secundario,
            fecha=datetime.date(timezone.localdate().year, 1, 2),
            observaciones="Reposición del depósito",
            creado_por=admin,
        )
        TransferenciaLinea.objects.create(transferencia=transferencia, producto=productos["P0004"], cantidad=30)
        transferencia_registrar(transferencia=transferencia, usuario=admin)

    if not Mantenimiento.objects.filter(empresa=empresa).exists():
        cliente = empresa.socios.filter(es_cliente=True, tipo_documento__codigo="6").order_by("id").first()
        Mantenimiento.objects.create(
            sucursal=sucursales["0000"],
            producto=productos["P0003"],
            numero_serie="PF3XK21",
            cliente_id=cliente.pk if cliente else None,
            descripcion="El equipo no enciende. Revisar fuente de poder y batería.",
            responsable=admin,
            creado_por=admin,
        )
    return ["Productos de los ejemplos de la API (cod_num): 43677910 y 35363770 (con series ABC130 a ABC134)."]
