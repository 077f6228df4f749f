from django.apps import AppConfig


class PurchasesConfig(AppConfig):
    name = "purchases"
    verbose_name = "Compras"

    def ready(self):
        from erp import modulos
        from erp.demo import registrar_demo
        from erp.modulos import DefModulo
        from erp.navigation import Entrada, registrar_seccion

        from . import paneles, rest  # noqa: F401  (the provider page's and the home page's panels; REST viewsets on erp's router)
        from .demo import cargar_demo

        registrar_demo(cargar_demo, orden=40)
        modulos.registrar(
            DefModulo(
                "compras.documentos",
                "Compras",
                "Compras",
                modelos=(
                    "purchases.ordencompra", "purchases.lineaordencompra", "purchases.recepcion", "purchases.facturacompra",
                    "purchases.lineafacturacompra", "purchases.pagocompra",
                    "purchases.solicitudcompra", "purchases.lineasolicitudcompra",
                    "purchases.solicitudcotizacion", "purchases.lineasolicitudcotizacion",
                ),
                consulta=("erp.socio", "inventory.producto", "inventory.almacen"),
            ),
            DefModulo(
                "compras.pagos",
                "Cuentas por pagar y pagos",
                "Compras",
                modelos=("purchases.cuentaporpagar", "purchases.pagocompra"),
                consulta=("purchases.facturacompra", "erp.socio", "billing.caja", "billing.cuentabancaria", "billing.metodopago"),
            ),
        )
        modulos.registrar(
            DefModulo(
                "compras.solicitudes", "Solicitudes de compra", "Compras",
                modelos=("purchases.solicitudcompra", "purchases.lineasolicitudcompra"), consulta=("inventory.producto",),
            ),
            DefModulo("compras.aprobar_solicitudes", "Aprobar solicitudes de compra", "Compras", permisos=("purchases.aprobar_solicitudcompra",)),
            DefModulo("compras.sobre_recepcion", "Recibir más de lo pedido", "Compras", permisos=("purchases.recibir_exceso",)),
        )
        registrar_seccion("Compras", 35, [
            Entrada("Solicitudes de compra", "assignment", "admin:purchases_solicitudcompra_changelist", "purchases.view_solicitudcompra"),
            Entrada("Solicitudes de cotización", "request_quote", "admin:purchases_solicitudcotizacion_changelist", "purchases.view_solicitudcotizacion"),
            Entrada("Órdenes de compra", "shopping_cart", "admin:purchases_ordencompra_changelist", "purchases.view_ordencompra"),
            Entrada("Recepciones", "inventory", "admin:purchases_recepcion_changelist", "purchases.view_recepcion"),
            Entrada("Facturas de compra", "receipt_long", "admin:purchases_facturacompra_changelist", "purchases.view_facturacompra"),
            Entrada("Cuentas por pagar", "request_page", "admin:purchases_cuentaporpagar_changelist", "purchases.view_cuentaporpagar"),
            Entrada("Pagos a proveedores", "payments", "admin:purchases_pagocompra_changelist", "purchases.view_pagocompra"),
        ])
