from django.apps import AppConfig


class HrConfig(AppConfig):
    name = "hr"
    verbose_name = "Personal"

    def ready(self):
        from erp import modulos
        from erp.demo import registrar_demo
        from erp.modulos import DefModulo
        from erp.navigation import Entrada, registrar_seccion

        from . import rest  # noqa: F401  (REST viewsets on erp's router)
        from .demo import cargar_demo

        registrar_demo(cargar_demo, orden=42)
        modulos.registrar(
            DefModulo(
                "personal.empleados",
                "Personal y asistencia",
                "Personal",
                modelos=("hr.empleado", "hr.horario", "hr.marcacion", "hr.licencia"),
            ),
            DefModulo(
                "personal.planilla",
                "Remuneraciones y planilla",
                "Personal",
                modelos=("hr.planilla", "hr.depositocts", "hr.liquidacion", "hr.adelanto", "hr.parametrolegal", "hr.tasaafp", "hr.tramoquinta"),
                consulta=("hr.empleado",),
                permisos=("hr.ver_remuneraciones",),
            ),
        )
        registrar_seccion("Personal", 38, [
            Entrada("Empleados", "badge", "admin:hr_empleado_changelist", "hr.view_empleado"),
            Entrada("Asistencia", "schedule", "admin:hr_marcacion_changelist", "hr.view_marcacion"),
            Entrada("Licencias", "event_busy", "admin:hr_licencia_changelist", "hr.view_licencia"),
            Entrada("Adelantos", "request_page", "admin:hr_adelanto_changelist", "hr.view_adelanto"),
            Entrada("Planillas", "payments", "admin:hr_planilla_changelist", "hr.view_planilla"),
            Entrada("CTS", "savings", "admin:hr_depositocts_changelist", "hr.view_depositocts"),
            Entrada("Liquidaciones", "logout", "admin:hr_liquidacion_changelist", "hr.view_liquidacion"),
            Entrada("Parámetros legales", "gavel", "admin:hr_parametrolegal_changelist", "hr.view_parametrolegal"),
        ])
