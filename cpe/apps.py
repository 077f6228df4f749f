from django.apps import AppConfig


class CpeConfig(AppConfig):
    name = "cpe"
    verbose_name = "Facturación electrónica"

    def ready(self):
        from cpe import receptores  # noqa: F401  (connects the issue signal)
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
        )
        registrar_seccion(
            "Facturación electrónica",
            40,
            [
                Entrada("CPE pendientes", "cloud_upload", "admin:cpe_comprobanteelectronico_changelist", "cpe.view_comprobanteelectronico"),
                Entrada("Plataforma de control", "monitoring", "cpe:plataforma", "cpe.view_comprobanteelectronico"),
                Entrada("Configuración", "tune", "admin:cpe_configuracioncpe_changelist", "cpe.view_configuracioncpe"),
            ],
        )
