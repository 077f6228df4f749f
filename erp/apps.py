from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules


class ErpConfig(AppConfig):
    name = "erp"
    verbose_name = "Sistema"

    def ready(self):
        from erp import modulos
        from erp.modulos import DefModulo
        from erp.navigation import Entrada, registrar_seccion

        socio = ("erp.contacto", "erp.direccion")
        modulos.registrar(
            DefModulo("sistema.empresas", "Empresas", "Sistema", modelos=("erp.empresa",)),
            DefModulo("sistema.sucursales", "Sucursales y series", "Sistema", modelos=("erp.sucursal", "erp.serie")),
            DefModulo("sistema.usuarios", "Usuarios", "Sistema", modelos=("erp.usuario", "erp.apikey"), consulta=("erp.perfilpermiso",)),
            DefModulo("sistema.permisos", "Permisos", "Sistema", modelos=("erp.perfilpermiso",)),
            DefModulo("sistema.accesos", "Intentos de acceso", "Sistema", modelos=("erp.intentoacceso",)),
            DefModulo(
                "sistema.tareas",
                "Tareas programadas",
                "Sistema",
                modelos=(
                    "django_celery_beat.periodictask",
                    "django_celery_beat.crontabschedule",
                    "django_celery_beat.intervalschedule",
                ),
            ),
            DefModulo("directorio.clientes", "Clientes", "Directorio", modelos=("erp.cliente", *socio)),
            DefModulo("directorio.proveedores", "Proveedores", "Directorio", modelos=("erp.proveedor", *socio)),
        )
        registrar_seccion(
            "Directorio",
            10,
            [
                Entrada("Clientes", "groups", "admin:erp_cliente_changelist", "erp.view_cliente"),
                Entrada("Proveedores", "local_shipping", "admin:erp_proveedor_changelist", "erp.view_proveedor"),
            ],
        )
        registrar_seccion(
            "Sistema",
            90,
            [
                Entrada("Empresas", "apartment", "admin:erp_empresa_changelist", "erp.view_empresa"),
                Entrada("Sucursales", "store", "admin:erp_sucursal_changelist", "erp.view_sucursal"),
                Entrada("Series", "format_list_numbered", "admin:erp_serie_changelist", "erp.view_serie"),
                Entrada("Usuarios", "person", "admin:erp_usuario_changelist", "erp.view_usuario"),
                Entrada("Permisos", "admin_panel_settings", "admin:erp_perfilpermiso_changelist", "erp.view_perfilpermiso"),
                Entrada("API keys", "key", "admin:erp_apikey_changelist", "erp.view_apikey"),
                Entrada("Intentos de acceso", "lock_person", "admin:erp_intentoacceso_changelist", "erp.view_intentoacceso"),
                Entrada(
                    "Tareas programadas",
                    "schedule",
                    "admin:django_celery_beat_periodictask_changelist",
                    "django_celery_beat.view_periodictask",
                ),
            ],
        )
        post_migrate.connect(modulos.sincronizar, sender=self)
        # Each app's JSON API actions live in its acciones.py.
        autodiscover_modules("acciones")
