"""A purchase order from its form: drafted with lines, issued, received in part from its dialog into the warehouse."""

from decimal import Decimal

import pytest

from inventory.models import Stock
from purchases.models import OrdenCompra

from .conftest import dia

pytestmark = pytest.mark.django_db


def test_la_orden_se_redacta_emite_y_recibe_en_parte(client, sucursal, almacen, prov, articulo, usuario):
    client.force_login(usuario)
    datos = {
        "sucursal": sucursal.pk, "almacen": almacen.pk, "proveedor": prov.pk, "fecha_emision": dia(3).strftime("%d/%m/%Y"),
        "moneda": 1, "tipo_cambio": "1.000", "condiciones_pago": "Crédito a 30 días",
        "lineas-TOTAL_FORMS": "1", "lineas-INITIAL_FORMS": "0", "lineas-MIN_NUM_FORMS": "0", "lineas-MAX_NUM_FORMS": "1000",
        "lineas-0-producto": articulo.pk, "lineas-0-cantidad": "10", "lineas-0-valor_unitario": "12.50", "lineas-0-afectacion_igv": "10",
    }  # fmt: skip
    respuesta = client.post("/admin/purchases/ordencompra/add/", datos)
    assert respuesta.status_code == 302, [str(e) for e in respuesta.context["errors"]] if respuesta.context else ""
    orden = OrdenCompra.objects.get()
    # 10 x 12.50 = 125.00 + IGV 22.50.
    assert (orden.numero_completo, orden.estado, orden.importe_total) == ("OC-000001", "borrador", Decimal("147.50"))

    client.post(f"/admin/purchases/ordencompra/{orden.pk}/emitir/")
    orden.refresh_from_db()
    assert orden.estado == "emitida"
    linea = orden.lineas.get()
    recibir = f"/admin/purchases/ordencompra/{orden.pk}/recibir/"
    client.post(recibir, {"_form_submitted": "1", "fecha": dia(5).strftime("%d/%m/%Y"), "guia_remision": "T001-88", f"l_{linea.pk}": "6"}, HTTP_HX_REQUEST="true")
    orden.refresh_from_db()
    assert orden.estado == "parcial"
    assert Stock.objects.get(producto=articulo, almacen=almacen).cantidad == Decimal("6")
    # The dialog now offers the 4 still pending; receiving 5 is more than pending and is refused.
    assert "pendiente 4" in client.get(recibir, HTTP_HX_REQUEST="true").content.decode()
    client.post(recibir, {"_form_submitted": "1", "fecha": dia(6).strftime("%d/%m/%Y"), f"l_{linea.pk}": "5"}, HTTP_HX_REQUEST="true")
    assert Stock.objects.get(producto=articulo, almacen=almacen).cantidad == Decimal("6")
