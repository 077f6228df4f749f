import pytest
from django.core.management import call_command

from purchases.models import FacturaCompra, OrdenCompra, SolicitudCompra, SolicitudCotizacion

pytestmark = pytest.mark.django_db


def test_la_demo_puebla_compras_una_vez(capsys):
    call_command("demo")
    call_command("demo")
    # Two of the purchases demo and the one the retention demo pays.
    assert FacturaCompra.objects.count() == 3 and OrdenCompra.objects.filter(estado="parcial").count() == 1
    assert SolicitudCompra.objects.filter(estado="por_aprobar").count() == 1
    cotizacion = SolicitudCotizacion.objects.get()
    assert cotizacion.estado == "respondida" and cotizacion.respuestas.count() >= 1
    assert "por aprobar y la solicitud de cotización" in capsys.readouterr().out
