from django.core.management.base import BaseCommand, CommandError

from erp.respaldo import ErrorRespaldo, respaldo_crear


def _tamano(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


class Command(BaseCommand):
    help = (
        "Respalda la base de datos (pg_dump en formato personalizado; en SQLite, una copia) y todos los "
        "archivos guardados (XML, CDR, PDF, logos, fotos) en un solo archivo respaldo-AAAAMMDD-HHMMSS.tar.gz "
        "dentro de CARPETA, con un manifiesto que lleva el sha256 de cada parte. Se restaura con «restaurar»."
    )

    def add_arguments(self, parser):
        parser.add_argument("carpeta", help="Carpeta donde dejar el respaldo (se crea si no existe).")

    def handle(self, *args, carpeta, **options):
        try:
            resumen = respaldo_crear(carpeta=carpeta)
        except ErrorRespaldo as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Respaldo creado: {resumen.archivo}\n"
            f"  base de datos: {_tamano(resumen.base_bytes)}; archivos: {resumen.archivos} ({_tamano(resumen.archivos_bytes)})."
        )
