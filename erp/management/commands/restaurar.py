from django.core.management.base import BaseCommand, CommandError

from erp.respaldo import ErrorRespaldo, respaldo_restaurar


class Command(BaseCommand):
    help = (
        "Restaura un respaldo creado con «respaldo» en la base de datos (DATABASE_URL) y el almacenamiento de "
        "archivos configurados. Ambos deben estar vacíos: una base recién creada, sin migrar. Antes de escribir "
        "nada comprueba cada parte contra el manifiesto."
    )

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="El archivo respaldo-AAAAMMDD-HHMMSS.tar.gz.")
        parser.add_argument(
            "--forzar",
            action="store_true",
            help="Reemplaza lo que ya tengan la base de datos y el almacenamiento (se pierde).",
        )

    def handle(self, *args, archivo, forzar, **options):
        try:
            resumen = respaldo_restaurar(archivo=archivo, forzar=forzar)
        except ErrorRespaldo as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Respaldo restaurado: la base de datos y {resumen.archivos} archivos, verificados con su manifiesto.\n"
            "Si el respaldo es de una versión anterior del ERP, ejecute «manage.py migrate»."
        )
