"""SUNAT's electronic books for November 2026 of the known data, line by line against lines built by hand."""

import pytest
from django.urls import reverse

from billing.models import DocumentoVenta
from purchases import services as compras
from reports.ple import libro, nombre_archivo
from tests.purchases.conftest import cabecera, linea, proveedor
from tests.ventas import HOY

pytestmark = pytest.mark.django_db
P = "20261100"
CERO = "0.00"


def test_nombre_de_archivo_de_sunat():
    # LE + RUC + AAAAMM + 00 + libro + 00 + operaciones 1 + contenido 1/0 + moneda 1 + generado por el PLE 1.
    assert nombre_archivo("20100070970", 2026, 11, "140100", True) == "LE2010007097020261100140100001111.txt"
    assert nombre_archivo("20100070970", 2026, 11, "080200", False) == "LE2010007097020261100080200001011.txt"


def test_registro_de_ventas_14_1_con_la_nota_y_su_referencia_y_la_anulada_en_estado_2(ventas):
    t = ventas
    ruc, dni = t["con_ruc"].numero_documento, "45678912"
    r = libro("140100", t["empresa"], 2026, 11)
    assert r.nombre_archivo == f"LE{t['empresa'].ruc}20261100140100001111.txt"
    sin_ref = ["", "", "", ""]
    cola = ["", "", ""]

    def esperada(cuo, n, tipo, serie, numero, doc, num, nombre, base, igv, total, ref=sin_ref, estado="1"):
        campos = [P, cuo, f"M{n}", "20/11/2026", "", tipo, serie, numero, "", doc, num, nombre,
                  CERO, base, CERO, igv, CERO, CERO, CERO, CERO, CERO, CERO, CERO, CERO, total, "PEN", "1.000", *ref, *cola, estado]  # fmt: skip
        assert len(campos) == 35
        return "|".join(campos) + "|"

    assert r.lineas == [
        esperada("F001-1", 1, "01", "F001", "1", "6", ruc, "CLIENTE CON RUC S.A.C.", "2150.00", "387.00", "2537.00"),
        # Trujillo is a branch of the same company: its sales are in the company's register.
        esperada("F003-1", 2, "01", "F003", "1", "6", ruc, "CLIENTE CON RUC S.A.C.", "2000.00", "360.00", "2360.00"),
        esperada("B001-1", 3, "03", "B001", "1", "1", dni, "JUAN PÉREZ", "100.00", "18.00", "118.00"),
        esperada("B001-2", 4, "03", "B001", "2", "1", dni, "JUAN PÉREZ", CERO, CERO, CERO, estado="2"),
        esperada("FC01-1", 5, "07", "FC01", "1", "6", ruc, "CLIENTE CON RUC S.A.C.", "-50.00", "-9.00", "-59.00", ref=["20/11/2026", "01", "F001", "1"]),
    ]
    assert r.inconsistencias == []
    assert r.contenido.endswith("|1|\r\n") and r.contenido.count("\r\n") == 5


def test_registro_de_compras_8_1_el_8_2_vacio_y_un_mes_sin_datos(ventas):
    t = ventas
    vacio = libro("080100", t["empresa"], 2026, 11)
    assert (vacio.nombre_archivo, vacio.lineas, vacio.contenido) == (f"LE{t['empresa'].ruc}20261100080100001011.txt", [], "")
    prov = proveedor(t["sucursal"], "DISTRIBUIDORA S.A.C.")
    factura = compras.factura_registrar(cabecera=cabecera(t["sucursal"], t["almacen"], prov, 10, HOY), lineas=[linea(t["mouse"], 10, "20")], usuario=t["vendedor"])
    r = libro("080100", t["empresa"], 2026, 11)
    assert r.nombre_archivo == f"LE{t['empresa'].ruc}20261100080100001111.txt"
    campos = [P, f"C{factura.pk}", "M1", "20/11/2026", "", "01", "F001", "", "10", "", "6", prov.numero_documento, "DISTRIBUIDORA S.A.C.",
              "200.00", "36.00", CERO, CERO, CERO, CERO, CERO, CERO, CERO, CERO, "236.00", "PEN", "1.000",
              "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "1"]  # fmt: skip
    assert len(campos) == 42
    assert r.lineas == ["|".join(campos) + "|"]
    assert libro("080200", t["empresa"], 2026, 11).nombre_archivo == f"LE{t['empresa'].ruc}20261100080200001011.txt"
    octubre = libro("140100", t["empresa"], 2026, 10)
    assert octubre.lineas == [] and octubre.nombre_archivo.endswith("140100001011.txt")


def test_inventario_permanente_valorizado_13_1_abre_con_el_saldo_del_mes_anterior(ventas):
    t = ventas
    r = libro("130100", t["empresa"], 2026, 11)
    laptop = t["laptop"]
    comunes = ["0000", "9", "01", "LAP-01", "", ""]
    descripcion = ["Laptop 14 pulgadas", "NIU", "1"]
    apertura = [P, f"K{t['almacen'].pk}-{laptop.pk}-0", "A1", *comunes, "01/11/2026", "00", "0", "0", "16", *descripcion,
                "10.00", "1500.00", "15000.00", CERO, CERO, CERO, "10.00", "1500.00", "15000.00", "1"]  # fmt: skip
    assert len(apertura) == 27
    assert r.lineas[0] == "|".join(apertura) + "|"
    salida = r.lineas[1].split("|")
    # The factura's laptop goes out: negative quantity and total, the unit cost positive, the balance after it.
    assert salida[9:14] == ["20/11/2026", "01", "F001", salida[12], "01"] and salida[12].lstrip("0") == "1"
    assert salida[17:27] == [CERO, CERO, CERO, "-1.00", "1500.00", "-1500.00", "9.00", "1500.00", "13500.00", "1"]
    # Lima: laptop (opening + 1 out), mouse (opening + 3 moves); Trujillo: laptop (2 moves, no earlier balance).
    assert len(r.lineas) == 8


def test_pagina_del_ple_revisa_y_descarga(ventas, client, admin_user):
    t = ventas
    DocumentoVenta.objects.filter(pk=t["factura"].pk).update(cliente_tipo_documento="1")
    client.force_login(t["gerente"])
    datos = {"empresa": t["empresa"].pk, "libro": "140100", "anio": 2026, "mes": 11}
    pagina = client.get(reverse("reports:ple"), datos).content.decode()
    assert "Revise antes de presentar" in pagina and "una factura debe tener un cliente con RUC" in pagina
    descarga = client.get(reverse("reports:ple"), {**datos, "descargar": 1})
    assert descarga["Content-Disposition"] == f'attachment; filename="LE{t["empresa"].ruc}20261100140100001111.txt"'
    assert descarga.content.decode().count("\r\n") == 5
    futuro = client.get(reverse("reports:ple"), {**datos, "anio": 2030})
    assert futuro.status_code == 400 and "El período aún no empieza." in futuro.content.decode()
    client.force_login(t["analista"])
    assert client.get(reverse("reports:ple"), datos).status_code == 403
