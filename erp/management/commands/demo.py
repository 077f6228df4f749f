from django.core.management.base import BaseCommand
from django.db import transaction

from billing.demo import cargar_demo as cargar_demo_ventas
from cpe.demo import PORTAL_CLAVE, PORTAL_USUARIO, ruta_nubefact
from cpe.demo import cargar_demo as cargar_demo_cpe
from erp.demo import API_KEY_DEMO, USUARIOS, cargar_demo
from inventory.demo import cargar_demo as cargar_demo_inventario


class Command(BaseCommand):
    help = "Crea (o completa) la empresa demo con sus sucursales, usuarios, clientes, proveedores, productos y stock."

    def handle(self, *args, **options):
        with transaction.atomic():
            datos = cargar_demo()
            for cargar_modulo in (cargar_demo_inventario, cargar_demo_ventas, cargar_demo_cpe):
                cargar_modulo(datos)
        empresa = datos["empresa"]
        self.stdout.write(self.style.SUCCESS(f"Empresa demo: {empresa.razon_social} — RUC {empresa.ruc}"))
        self.stdout.write(f"Entorno SUNAT: {empresa.get_entorno_sunat_display()}")
        self.stdout.write("Ingrese en http://127.0.0.1:8000/admin/ con:")
        for username, password, _, perfil, codigos in USUARIOS:
            alcance = "todas las sucursales" if codigos is None else "sucursal " + ", ".join(codigos)
            self.stdout.write(f"  {username} / {password}  ({perfil}, {alcance})")
        self.stdout.write(f"API Key del administrador (cabecera Key): {API_KEY_DEMO}")
        self.stdout.write(f'API compatible con Nubefact: POST http://127.0.0.1:8000{ruta_nubefact(empresa)} con Authorization: Token token="{API_KEY_DEMO}"')
        self.stdout.write(f"Portal de clientes http://127.0.0.1:8000/portal/ (INVERSIONES SAN MARTÍN): {PORTAL_USUARIO} / {PORTAL_CLAVE}")
        self.stdout.write("Productos de los ejemplos de la API (cod_num): 43677910 y 35363770 (con series ABC130 a ABC134).")
        self.stdout.write(self.style.WARNING("Son datos de demostración: no use estas claves en producción."))
