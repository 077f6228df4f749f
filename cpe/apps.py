from django.apps import AppConfig


class CpeConfig(AppConfig):
    name = "cpe"
    verbose_name = "Facturación electrónica"

    def ready(self):
        from cpe.demo import cargar_demo
        from erp.demo import registrar_demo

        registrar_demo(cargar_demo, orden=50)
        from cpe.demo_guias import cargar_demo as demo_guias
        from cpe.demo_otros import cargar_demo as demo_otros

        registrar_demo(demo_guias, orden=55)
        registrar_demo(demo_otros, orden=56)  # after purchases and sales: it pays and collects their documents
        from cpe import (  # noqa: F401  (home panel; signals; REST viewsets; the guías de remisión's and the retentions' screens, signals, REST and tasks)
            admin_otros,
            admin_ventas,
            paneles,
            programacion,
            receptores,
            receptores_guia,
            rest,
            rest_guia,
            tasks_guia,
        )

        admin_ventas.registrar()  # the sales screens' CPE column and actions
        from cpe import admin_guias

        admin_guias.registrar()  # the guide screens' CPE column and "Enviar a SUNAT"
        from erp import modulos
        from erp.modulos import DefModulo
        from erp.navigation import Entrada, registrar_seccion

        modulos.registrar(
            DefModulo(
                "facturacion.cpe",
                "Comprobantes electrónicos (envío a SUNAT)",
                "Facturación electrónica",
                modelos=("cpe.comprobanteelectronico", "cpe.intentoenvio"),
                permisos=("cpe.enviar_comprobanteelectronico",),
            ),
            DefModulo(
                "facturacion.otros",
                "Retenciones y percepciones (comprobantes 20 y 40, reversiones)",
                "Facturación electrónica",
                modelos=("billing.comprobanteotro", "billing.lineacomprobanteotro", "billing.tributoporpagar", "cpe.resumenreversion"),
                consulta=("billing.regimenotro", "billing.agentedesignacion"),
                permisos=("billing.revertir_comprobanteotro",),
            ),
            DefModulo("facturacion.configuracion", "Configuración de facturación electrónica", "Facturación electrónica", modelos=("cpe.configuracioncpe",)),
            DefModulo(
                "facturacion.resumenes",
                "Resumen diario y comunicaciones de baja",
                "Facturación electrónica",
                modelos=("cpe.resumendiario", "cpe.comunicacionbaja", "cpe.resumen", "cpe.linearesumen", "cpe.intentoresumen"),
                consulta=("cpe.plazosunat",),
                permisos=("cpe.enviar_resumen",),
            ),
        )
        registrar_seccion(
            "Facturación electrónica",
            40,
            [
                Entrada("CPE pendientes", "cloud_upload", "admin:cpe_comprobanteelectronico_changelist", "cpe.view_comprobanteelectronico"),
                Entrada("Plataforma de control", "monitoring", "cpe:plataforma", "cpe.view_comprobanteelectronico"),
                Entrada("Configuración", "tune", "admin:cpe_configuracioncpe_changelist", "cpe.view_configuracioncpe"),
                Entrada("Resumen diario", "summarize", "admin:cpe_resumendiario_changelist", "cpe.view_resumendiario"),
                Entrada("Comunicaciones de baja", "block", "admin:cpe_comunicacionbaja_changelist", "cpe.view_comunicacionbaja"),
                Entrada("Plazos SUNAT", "event", "admin:cpe_plazosunat_changelist", "cpe.view_plazosunat"),
                Entrada("Retenciones y percepciones", "percent", "admin:billing_comprobanteotro_changelist", "billing.view_comprobanteotro"),
                Entrada("Reversiones (RR)", "undo", "admin:cpe_resumenreversion_changelist", "cpe.view_resumenreversion"),
                Entrada("Retenciones y percepciones por pagar", "account_balance", "admin:billing_tributoporpagar_changelist", "billing.view_tributoporpagar"),
                Entrada("Agente de retención o percepción", "badge", "admin:billing_agentedesignacion_changelist", "billing.view_agentedesignacion"),
            ],
        )
