from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = "Ventas"

    def ready(self):
        from billing.demo import cargar_demo
        from erp.demo import registrar_demo

        registrar_demo(cargar_demo, orden=30)
        from billing.tesoreria.demo import cargar_demo as demo_tesoreria

        registrar_demo(demo_tesoreria, orden=32)
        from billing import (  # noqa: F401  (a later factura takes its guides; the client page's sales panels)
            guias,
            paneles,
        )
        from billing.tesoreria import (
            paneles as paneles_tesoreria,  # noqa: F401  (registers and accounts on the home page)
        )
        from billing.tesoreria import registro

        registro.registrar()
        from billing.admin import guias as admin_guias

        admin_guias.registrar()  # «Guía de remisión» on inventory's transfer screen
        from billing.tesoreria import rest  # noqa: F401  (REST viewsets on erp's router)
        from erp import modulos
        from erp.modulos import DefModulo
        from erp.navigation import Entrada, registrar_seccion

        consulta = ("erp.cliente", "erp.socio", "inventory.producto", "erp.unidadmedida", "billing.metodopago")
        detalle = ("billing.lineadocumento", "billing.cuota", "billing.pago", "billing.anticipoaplicado")
        modulos.registrar(
            DefModulo("ventas.cotizaciones", "Cotizaciones", "Ventas", modelos=("billing.cotizacion", "billing.lineacotizacion"), consulta=consulta),
            DefModulo("ventas.pedidos", "Pedidos de venta", "Ventas", modelos=("billing.pedido", "billing.lineapedido"), consulta=consulta),
            DefModulo(
                "ventas.ordenes_trabajo",
                "Órdenes de trabajo",
                "Ventas",
                modelos=("billing.ordentrabajo", "billing.actividadorden", "billing.costofabricacion", "billing.actividad"),
                consulta=consulta,
            ),
            DefModulo("ventas.aprobar_ordenes", "Aprobar órdenes de trabajo", "Ventas", permisos=("billing.aprobar_ordentrabajo",)),
            DefModulo("ventas.facturas", "Facturas", "Ventas", modelos=("billing.factura", *detalle), consulta=consulta),
            DefModulo("ventas.boletas", "Boletas de venta", "Ventas", modelos=("billing.boleta", *detalle), consulta=consulta),
            DefModulo(
                "ventas.notas_credito", "Notas de crédito", "Ventas", modelos=("billing.notacredito", *detalle), consulta=(*consulta, "billing.documentoventa")
            ),
            DefModulo(
                "ventas.notas_debito", "Notas de débito", "Ventas", modelos=("billing.notadebito", *detalle), consulta=(*consulta, "billing.documentoventa")
            ),
            DefModulo("ventas.notas_venta", "Notas de venta", "Ventas", modelos=("billing.notaventa", *detalle), consulta=consulta),
            DefModulo(
                "ventas.guias",
                "Guías de remisión",
                "Ventas",
                modelos=("billing.guiaremision", "billing.lineaguia", "billing.vehiculoguia", "billing.conductorguia", "billing.documentorelacionadoguia"),
                consulta=(*consulta, "billing.documentoventa", "inventory.transferencia", "erp.distrito"),
            ),
            DefModulo(
                "ventas.configuracion",
                "Métodos de pago, cuentas y tasas",
                "Ventas",
                modelos=("billing.metodopago", "billing.cuentabancaria", "billing.tasaimpuesto"),
            ),
        )
        registrar_seccion(
            "Ventas",
            30,
            [
                Entrada("Cotizaciones", "request_quote", "admin:billing_cotizacion_changelist", "billing.view_cotizacion"),
                Entrada("Pedidos de venta", "shopping_cart", "admin:billing_pedido_changelist", "billing.view_pedido"),
                Entrada("Órdenes de trabajo", "engineering", "admin:billing_ordentrabajo_changelist", "billing.view_ordentrabajo"),
                Entrada("Facturas", "receipt_long", "admin:billing_factura_changelist", "billing.view_factura"),
                Entrada("Boletas de venta", "receipt", "admin:billing_boleta_changelist", "billing.view_boleta"),
                Entrada("Notas de crédito", "assignment_return", "admin:billing_notacredito_changelist", "billing.view_notacredito"),
                Entrada("Notas de débito", "note_add", "admin:billing_notadebito_changelist", "billing.view_notadebito"),
                Entrada("Notas de venta", "sticky_note_2", "admin:billing_notaventa_changelist", "billing.view_notaventa"),
                Entrada("Guías de remisión", "local_shipping", "admin:billing_guiaremision_changelist", "billing.view_guiaremision"),
                Entrada("Actividades", "checklist", "admin:billing_actividad_changelist", "billing.view_actividad"),
                Entrada("Métodos de pago", "payments", "admin:billing_metodopago_changelist", "billing.view_metodopago"),
                Entrada("Cuentas bancarias", "account_balance", "admin:billing_cuentabancaria_changelist", "billing.view_cuentabancaria"),
                Entrada("Tasas de impuestos", "percent", "admin:billing_tasaimpuesto_changelist", "billing.view_tasaimpuesto"),
            ],
        )
