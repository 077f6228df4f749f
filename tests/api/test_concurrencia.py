"""Many integrations issuing at once through the action API: one number each, none repeated or skipped."""

import threading

import pytest
from django.db import connection
from django.test import Client

from billing.models import DocumentoVenta
from cpe.models import ComprobanteElectronico, ConfiguracionCpe
from erp.models import Serie
from tests.api.conftest import ClienteApi, venta

CONCURRENTES = 20


@pytest.mark.django_db(transaction=True)
def test_facturas_concurrentes_con_numeros_consecutivos(caja, tienda, firma):
    if connection.vendor != "postgresql":
        pytest.skip("the series row lock is what is under test: PostgreSQL only")
    ConfiguracionCpe.objects.update_or_create(empresa=tienda["empresa"], defaults={"envio_automatico": False})
    cuerpo = venta(tienda, detalle=[{"cod_num": tienda["mouse"].cod_num, "cantidad": 1, "precio_unit": 59}])
    respuestas, barrera = [], threading.Barrier(CONCURRENTES)

    def emitir():
        try:
            barrera.wait()
            respuestas.append(ClienteApi(Client(), caja.clave)(cuerpo))
        finally:
            connection.close()

    hilos = [threading.Thread(target=emitir) for _ in range(CONCURRENTES)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()

    assert [r.status_code for r in respuestas] == [201] * CONCURRENTES, [r.content for r in respuestas if r.status_code != 201]
    ids = {int(r.json()["id"]) for r in respuestas}
    assert sorted(DocumentoVenta.objects.filter(pk__in=ids).values_list("numero", flat=True)) == list(range(1, CONCURRENTES + 1))
    assert Serie.objects.get(serie="F001").ultimo_numero == CONCURRENTES
    assert ComprobanteElectronico.objects.filter(documento_id__in=ids).count() == CONCURRENTES
    assert tienda["mouse"].stocks.get().cantidad == 100 - CONCURRENTES
