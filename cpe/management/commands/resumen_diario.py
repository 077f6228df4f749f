import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cpe.models import EstadoResumen, Resumen, TipoResumen
from cpe.resumen import resumen_avanzar, resumen_diario_ejecutar
from erp.models import Empresa


class Command(BaseCommand):
    help = (
        "Genera y envía a SUNAT los resúmenes diarios de boletas de una fecha de emisión (por defecto, ayer), "
        "espera sus tickets e imprime el identificador, el ticket y la respuesta de cada resumen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fecha", help="fecha de emisión de las boletas, AAAA-MM-DD (por defecto, ayer)")
        parser.add_argument("--ruc", help="solo esta empresa (por defecto, todas las activas)")
        parser.add_argument("--espera", type=float, default=300, help="segundos que espera las respuestas (300)")

    def handle(self, *args, fecha=None, ruc=None, espera=300, **options):
        hoy = timezone.localdate()
        try:
            dia = datetime.date.fromisoformat(fecha) if fecha else hoy - datetime.timedelta(days=1)
        except ValueError:
            raise CommandError(f"Fecha inválida «{fecha}»: use el formato AAAA-MM-DD.") from None
        if dia > hoy:
            raise CommandError(f"El {dia:%d/%m/%Y} aún no llega: no hay boletas que informar.")
        empresa_id = None
        if ruc:
            empresa_id = Empresa.objects.filter(ruc=ruc).values_list("pk", flat=True).first()
            if empresa_id is None:
                raise CommandError(f"No existe la empresa con RUC {ruc}.")
        abiertos = {r.pk for r in resumen_diario_ejecutar(empresa_id=empresa_id, fecha=dia)}
        resumenes = Resumen.objects.filter(tipo=TipoResumen.RESUMEN, fecha_emision=dia).order_by("empresa_id", "id")
        if empresa_id:
            resumenes = resumenes.filter(empresa_id=empresa_id)
        if not resumenes.exists():
            self.stdout.write(f"No hay boletas emitidas el {dia:%d/%m/%Y} por informar a SUNAT.")
            return
        limite = time.monotonic() + espera
        while abiertos and time.monotonic() < limite:
            for pk in sorted(abiertos):
                resumen = resumen_avanzar(resumen_id=pk)
                if resumen.finalizado or (resumen.estado == EstadoResumen.ERROR and not resumen.reintentable):
                    abiertos.discard(pk)
            if abiertos:
                time.sleep(1)
        for resumen in resumenes:
            self._imprimir(resumen)

    def _imprimir(self, resumen):
        ticket = f"ticket {resumen.ticket}" if resumen.ticket else "sin ticket"
        texto = (
            f"{resumen.identificador}  {ticket}  {resumen.lineas.count()} comprobantes  {resumen.get_estado_display()}"
        )
        if resumen.descripcion:
            texto += f": {resumen.codigo_respuesta + ' ' if resumen.estado == EstadoResumen.RECHAZADO else ''}{resumen.descripcion}"
        if resumen.estado in (EstadoResumen.EN_PROCESO, EstadoResumen.ENVIANDO, EstadoResumen.PENDIENTE):
            texto += " (se seguirá consultando en segundo plano)"
        estilo = {
            EstadoResumen.ACEPTADO: self.style.SUCCESS,
            EstadoResumen.OBSERVADO: self.style.WARNING,
            EstadoResumen.RECHAZADO: self.style.ERROR,
            EstadoResumen.ERROR: self.style.ERROR,
        }.get(resumen.estado, str)
        self.stdout.write(estilo(texto))
