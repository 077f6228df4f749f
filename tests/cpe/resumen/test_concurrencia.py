"""Two workers running the daily job at once: one summary per boleta, one sendSummary per summary."""

import threading

import pytest
from django.db import connection

from cpe import resumen as servicio
from cpe.models import EstadoResumen, LineaResumen, Resumen
from cpe.sandbox.models import DocumentoRecibido
from tests.cpe.resumen.conftest import emitir

pytestmark = pytest.mark.django_db(transaction=True)


def _a_la_vez(funcion, veces=2):
    resultados, errores, barrera = [], [], threading.Barrier(veces)

    def correr():
        try:
            barrera.wait()
            resultados.append(funcion())
        except Exception as exc:  # reported by the assertion below
            errores.append(exc)
        finally:
            connection.close()

    hilos = [threading.Thread(target=correr) for _ in range(veces)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    assert errores == []
    return resultados


def test_dos_trabajos_diarios_a_la_vez_no_duplican_resumenes(emisor, sandbox):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what is under test: PostgreSQL only")
    boletas = [emitir(emisor) for _ in range(3)]

    _a_la_vez(lambda: servicio.resumen_diario_ejecutar(empresa_id=emisor["empresa"].pk), veces=3)

    (resumen,) = Resumen.objects.all()
    assert sorted(LineaResumen.objects.values_list("comprobante_id", flat=True)) == sorted(b.pk for b in boletas)
    assert resumen.estado == EstadoResumen.EN_PROCESO and resumen.intentos == 1
    assert DocumentoRecibido.objects.filter(tipo="RC").count() == 1


def test_dos_envios_del_mismo_resumen_a_la_vez_envian_una_vez(emisor, sandbox):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what is under test: PostgreSQL only")
    emitir(emisor)
    (resumen,) = servicio.resumenes_generar(empresa_id=emisor["empresa"].pk)

    _a_la_vez(lambda: servicio.resumen_enviar(resumen_id=resumen.pk), veces=4)
    _a_la_vez(lambda: servicio.resumen_consultar(resumen_id=resumen.pk), veces=4)

    resumen.refresh_from_db()
    assert resumen.intentos == 1 and DocumentoRecibido.objects.filter(tipo="RC").count() == 1
    assert resumen.intentos_envio.filter(operacion="getStatus").count() >= 1
