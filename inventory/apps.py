from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = "Inventario"

    def ready(self):
        from erp.demo import registrar_demo
        from inventory.demo import cargar_demo

        registrar_demo(cargar_demo, orden=20)
        from . import rest, signals  # noqa: F401  (REST viewsets on erp's router; stock signals)

        _registrar_modulos()
        _registrar_menu()


def _registrar_modulos():
    """The permission modules a profile grants (erp.modulos)."""
    from erp import modulos
    from erp.modulos import DefModulo

    catalogo = (
        "inventory.categoria",
        "inventory.subcategoria",
        "inventory.marca",
        "inventory.segmentacion",
        "inventory.familia",
        "inventory.clase",
        "inventory.tipoproducto",
        "inventory.tiposervicio",
    )
    consulta_stock = ("inventory.producto", "inventory.almacen", "inventory.stock", "inventory.numeroserie")
    modulos.registrar(
        DefModulo(
            "inventario.productos",
            "Productos y servicios",
            "Inventario",
            modelos=("inventory.producto", "inventory.servicio", "inventory.precioproducto", "inventory.stockminimo"),
            consulta=(*catalogo, "inventory.listaprecio", "inventory.stock", "inventory.almacen", "erp.unidadmedida"),
        ),
        DefModulo("inventario.catalogo", "Categorías, marcas y clasificación", "Inventario", modelos=catalogo),
        DefModulo(
            "inventario.precios",
            "Listas de precios",
            "Inventario",
            modelos=("inventory.listaprecio", "inventory.precioproducto"),
            consulta=("inventory.producto",),
        ),
        DefModulo(
            "inventario.almacenes",
            "Almacenes",
            "Inventario",
            modelos=("inventory.almacen", "inventory.configuracioninventario"),
            consulta=("erp.sucursal",),
        ),
        DefModulo(
            "inventario.kardex",
            "Stock y kardex",
            "Inventario",
            consulta=(*consulta_stock, "inventory.movimiento"),
        ),
        DefModulo(
            "inventario.transferencias",
            "Transferencias",
            "Inventario",
            modelos=("inventory.transferencia", "inventory.transferencialinea"),
            consulta=consulta_stock,
        ),
        DefModulo(
            "inventario.ajustes",
            "Ajustes y saldos iniciales",
            "Inventario",
            modelos=("inventory.ajuste", "inventory.ajustelinea"),
            consulta=consulta_stock,
        ),
        DefModulo(
            "inventario.mantenimientos",
            "Mantenimientos",
            "Inventario",
            modelos=("inventory.mantenimiento",),
            consulta=("inventory.producto", "erp.cliente"),
        ),
        DefModulo(
            "inventario.consultas",
            "Consultas del público",
            "Inventario",
            modelos=("inventory.consultaproducto",),
            consulta=("inventory.producto",),
        ),
    )


def _registrar_menu():
    from erp.navigation import Entrada, registrar_seccion

    registrar_seccion(
        "Inventario",
        20,
        [
            Entrada("Productos", "inventory_2", "admin:inventory_producto_changelist", "inventory.view_producto"),
            Entrada("Servicios", "design_services", "admin:inventory_servicio_changelist", "inventory.view_servicio"),
            Entrada("Categorías", "category", "admin:inventory_categoria_changelist", "inventory.view_categoria"),
            Entrada(
                "Subcategorías",
                "account_tree",
                "admin:inventory_subcategoria_changelist",
                "inventory.view_subcategoria",
            ),
            Entrada("Marcas", "sell", "admin:inventory_marca_changelist", "inventory.view_marca"),
            Entrada(
                "Segmentación", "segment", "admin:inventory_segmentacion_changelist", "inventory.view_segmentacion"
            ),
            Entrada("Familias", "lan", "admin:inventory_familia_changelist", "inventory.view_familia"),
            Entrada("Clases", "label", "admin:inventory_clase_changelist", "inventory.view_clase"),
            Entrada(
                "Tipos de producto", "widgets", "admin:inventory_tipoproducto_changelist", "inventory.view_tipoproducto"
            ),
            Entrada(
                "Tipos de servicio",
                "home_repair_service",
                "admin:inventory_tiposervicio_changelist",
                "inventory.view_tiposervicio",
            ),
            Entrada("Unidades de medida", "straighten", "admin:erp_unidadmedida_changelist", "erp.view_unidadmedida"),
            Entrada(
                "Listas de precios",
                "price_change",
                "admin:inventory_listaprecio_changelist",
                "inventory.view_listaprecio",
            ),
            Entrada("Almacenes", "warehouse", "admin:inventory_almacen_changelist", "inventory.view_almacen"),
            Entrada("Stock por almacén", "inventory", "admin:inventory_stock_changelist", "inventory.view_stock"),
            Entrada("Kardex", "receipt_long", "admin:inventory_movimiento_kardex", "inventory.view_movimiento"),
            Entrada("Movimientos", "swap_vert", "admin:inventory_movimiento_changelist", "inventory.view_movimiento"),
            Entrada(
                "Números de serie", "qr_code_2", "admin:inventory_numeroserie_changelist", "inventory.view_numeroserie"
            ),
            Entrada(
                "Transferencias",
                "move_down",
                "admin:inventory_transferencia_changelist",
                "inventory.view_transferencia",
            ),
            Entrada("Ajustes y saldos iniciales", "tune", "admin:inventory_ajuste_changelist", "inventory.view_ajuste"),
            Entrada(
                "Mantenimientos", "build", "admin:inventory_mantenimiento_changelist", "inventory.view_mantenimiento"
            ),
            Entrada(
                "Consultas del público",
                "contact_support",
                "admin:inventory_consultaproducto_changelist",
                "inventory.view_consultaproducto",
            ),
            Entrada(
                "Configuración",
                "settings",
                "admin:inventory_configuracioninventario_changelist",
                "inventory.view_configuracioninventario",
            ),
        ],
    )
