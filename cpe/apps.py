from django.apps import AppConfig


class CpeConfig(AppConfig):
    name = "cpe"
    verbose_name = "Facturación electrónica"

    def ready(self):
        from cpe.demo import cargar_demo
        from erp.demo import registrar_demo

        registrar_demo(cargar_demo, orden=50)
        from cpe.demo_guias import cargar_demo as demo_guias

        registrar_demo(demo_guias, orden=55)
        from cpe import (  # noqa: F401  (home panel; signals; REST viewsets; the guías de remisión's signals, REST and tasks)
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
            ],
        )
