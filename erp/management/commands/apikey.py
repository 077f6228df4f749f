from django.core.management.base import BaseCommand, CommandError

from erp.models import ApiKey, Usuario


class Command(BaseCommand):
    help = "Crea una API Key para USERNAME y la muestra una sola vez (se guarda solo su hash)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--nombre", default="Integración", help="Para qué sistema es la clave.")

    def handle(self, *args, username, nombre, **options):
        usuario = Usuario.objects.filter(username=username, is_active=True).first()
        if usuario is None:
            raise CommandError(f"No existe un usuario activo «{username}».")
        _, clave = ApiKey.generar(usuario=usuario, nombre=nombre)
        self.stdout.write(clave)
        self.stderr.write("Guárdela ahora: por seguridad no se volverá a mostrar.")
