from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from erp.demo import API_KEY_DEMO, USUARIOS, cargar_demo, cargar_modulos


class Command(BaseCommand):
    help = "Crea (o completa) la empresa demo con sus sucursales, usuarios, clientes, proveedores, productos y stock."

    def handle(self, *args, **options):
        with transaction.atomic():
            datos = cargar_demo()
            lineas = cargar_modulos(datos)
        empresa = datos["empresa"]
        self.stdout.write(self.style.SUCCESS(f"Empresa demo: {empresa.razon_social} — RUC {empresa.ruc}"))
        self.stdout.write(f"Entorno SUNAT: {empresa.get_entorno_sunat_display()}")
        # The address the server answers on: scripts/start sets ERP_BASE_URL from its HOST and PORT.
        self.stdout.write(f"Ingrese en {settings.URL_PUBLICA}/admin/ con:")
        for username, password, _, perfil, codigos in USUARIOS:
            alcance = "todas las sucursales" if codigos is None else "sucursal " + ", ".join(codigos)
            self.stdout.write(f"  {username} / {password}  ({perfil}, {alcance})")
        self.stdout.write(f"API Key del administrador (cabecera Key): {API_KEY_DEMO}")
        for linea in lineas:
            self.stdout.write(linea)
        self.stdout.write(self.style.WARNING("Son datos de demostración: no use estas claves en producción."))
