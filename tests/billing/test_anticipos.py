"""Advances deducted in a later factura: the office's inline, and what is refused at issue."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from billing import services
from billing.models import AnticipoAplicado, DocumentoVenta
from tests.ventas import borrador


@pytest.fixture
def anticipo(tienda):
    """An advance of S/ 1,180.00 (1,000.00 + IGV) from the client with RUC."""
    return services.documento_emitir(documento_id=borrador(tienda, lineas=[(tienda["soporte"], 1, "1180")], es_anticipo=True).pk, usuario=tienda["vendedor"])


def test_la_factura_final_deduce_el_anticipo(tienda, anticipo):
    final = borrador(tienda, lineas=[(tienda["soporte"], 1, "3540")])
    AnticipoAplicado.objects.create(documento=final, anticipo=anticipo, monto=Decimal("1000"))
    final = services.documento_emitir(documento_id=final.pk, usuario=tienda["vendedor"])
    # 3,000.00 + 540.00 IGV, minus the advance 1,000.00 + 180.00: 2,360.00 to pay.
    assert (final.total_gravadas, final.total_anticipos, final.importe_total) == (Decimal("2000.00"), Decimal("1180.00"), Decimal("2360.00"))


@pytest.mark.parametrize(
    ("otro_cliente", "monto", "mensaje"),
    [(True, "1000", "es de otro cliente o en otra moneda"), (False, "1000.01", r"quedan 1000.00 por deducir \(sin IGV\), no 1000.01")],
)
def test_un_anticipo_ajeno_o_excedido_no_se_emite(tienda, anticipo, otro_cliente, monto, mensaje):
    final = borrador(tienda, cliente=tienda["con_dni"] if otro_cliente else None, tipo="03" if otro_cliente else "01", lineas=[(tienda["soporte"], 1, "3540")])
    AnticipoAplicado.objects.create(documento=final, anticipo=anticipo, monto=Decimal(monto))
    with pytest.raises(ValidationError, match=mensaje):
        services.documento_emitir(documento_id=final.pk, usuario=tienda["vendedor"])
    final.refresh_from_db()
    assert (final.estado, final.numero) == (DocumentoVenta.Estado.BORRADOR, None)


def test_el_borrador_ofrece_los_anticipos_emitidos(tienda, anticipo, client):
    client.force_login(tienda["vendedor"])
    final = borrador(tienda, lineas=[(tienda["soporte"], 1, "3540")])
    pagina = client.get(reverse("admin:billing_factura_change", args=[final.pk])).content.decode()
    assert "Anticipos que se deducen" in pagina
    assert f'value="{anticipo.pk}"' in pagina
