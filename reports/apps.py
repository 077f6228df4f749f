from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reportes"

    def ready(self):
        # The report definitions register themselves; the dashboard panel registers in erp's home page.
        from . import compras, cpe, inventario, rrhh, tablero, tesoreria, ventas  # noqa: F401

        _registrar_modulos()
        _registrar_menu()


# (module code, name, permission): what a permission profile switches on.
MODULOS = (
    ("reportes.ventas", "Reportes de ventas", "ver_ventas"),
    ("reportes.compras", "Reportes de compras", "ver_compras"),
    ("reportes.inventario", "Reportes de inventario", "ver_inventario"),
    ("reportes.tesoreria", "Reportes de caja, bancos y cartera", "ver_tesoreria"),
    ("reportes.asistencia", "Reporte de asistencia", "ver_asistencia"),
    ("reportes.planilla", "Reportes de planilla", "ver_planilla"),
    ("reportes.margenes", "Reportes de márgenes", "ver_margenes"),
    ("reportes.cpe", "Reporte de comprobantes electrónicos", "ver_cpe"),
    ("reportes.ple", "Libros electrónicos (PLE)", "ver_ple"),
)


def _registrar_modulos():
    from erp import modulos
    from erp.modulos import DefModulo

    modulos.registrar(*(DefModulo(codigo, nombre, "Reportes", permisos=(f"reports.{permiso}", "reports.view_exportacion")) for codigo, nombre, permiso in MODULOS))


def _registrar_menu():
    from erp.navigation import Entrada, registrar_seccion

    from .framework import reportes

    registrar_seccion(
        "Reportes",
        90,
        [
            Entrada("Todos los reportes", "analytics", "reports:indice", "reports.view_exportacion"),
            *(Entrada(r.titulo, "bar_chart", f"reports:r_{r.codigo}", r.permiso) for r in reportes()),
            Entrada("Libros electrónicos (PLE)", "menu_book", "reports:ple", "reports.ver_ple"),
            Entrada("Mis exportaciones", "download", "admin:reports_exportacion_changelist", "reports.view_exportacion"),
        ],
    )
