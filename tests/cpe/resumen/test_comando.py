"""`manage.py resumen_diario`: builds and sends a day's summaries, waits for their tickets and prints them."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cpe.models import ComprobanteElectronico, EstadoCpe, Resumen
from tests.cpe.resumen.conftest import ayer, emitir


def _correr(*argumentos) -> str:
    salida = io.StringIO()
    call_command("resumen_diario", *argumentos, stdout=salida)
    return salida.getvalue()


@pytest.mark.django_db(transaction=True)
def test_resumen_de_un_dia_con_su_ticket_y_respuesta(emisor, sandbox):
    boletas = [emitir(emisor) for _ in range(3)]
    emitir(emisor, fecha=ayer() - datetime.timedelta(days=1))  # another day: not in this run

    salida = _correr("--fecha", ayer().isoformat(), "--espera", "30")

    (resumen,) = Resumen.objects.all()
    hoy = timezone.localdate()
    assert salida == (
        f"RC-{hoy:%Y%m%d}-1  ticket {resumen.ticket}  3 comprobantes  Aceptado: El Resumen diario RC-{hoy:%Y%m%d}-1, ha sido aceptado\n"
    )
    assert set(
        ComprobanteElectronico.objects.filter(pk__in=[b.pk for b in boletas]).values_list("estado", flat=True)
    ) == {EstadoCpe.ACEPTADO}
    assert _correr("--fecha", ayer().isoformat()) == salida  # run again: the same summary, nothing new


@pytest.mark.django_db
def test_sin_boletas_y_fechas_invalidas(emisor):
    assert _correr("--fecha", "2020-01-01") == "No hay boletas emitidas el 01/01/2020 por informar a SUNAT.\n"
    with pytest.raises(CommandError, match="Fecha inválida «31-12-2020»: use el formato AAAA-MM-DD."):
        _correr("--fecha", "31-12-2020")
    manana = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(CommandError, match="aún no llega"):
        _correr("--fecha", manana.isoformat())
    with pytest.raises(CommandError, match="No existe la empresa con RUC 20999999999"):
        _correr("--ruc", "20999999999")
