from django.apps import AppConfig


class SandboxConfig(AppConfig):
    """The ERP's own SUNAT: speaks SUNAT's SOAP contract so nothing leaves the machine in tests and demos."""

    name = "cpe.sandbox"
    label = "sunat_sandbox"
    verbose_name = "Sandbox SUNAT"

    def ready(self):
        from erp import modulos
        from erp.modulos import DefModulo
        from erp.navigation import Entrada, registrar_seccion

        modelos = ("sunat_sandbox.documentorecibido", "sunat_sandbox.ticket", "sunat_sandbox.falla")
        modulos.registrar(DefModulo("facturacion.sandbox", "Sandbox SUNAT", "Facturación electrónica", modelos=modelos))
        registrar_seccion(
            "Facturación electrónica",
            40,
            [
                Entrada(
                    "Sandbox: recibidos",
                    "inbox",
                    "admin:sunat_sandbox_documentorecibido_changelist",
                    "sunat_sandbox.view_documentorecibido",
                ),
                Entrada(
                    "Sandbox: tickets",
                    "confirmation_number",
                    "admin:sunat_sandbox_ticket_changelist",
                    "sunat_sandbox.view_ticket",
                ),
                Entrada(
                    "Sandbox: fallas simuladas",
                    "bug_report",
                    "admin:sunat_sandbox_falla_changelist",
                    "sunat_sandbox.view_falla",
                ),
            ],
        )
