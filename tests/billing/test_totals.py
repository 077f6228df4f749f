"""The totals engine against the production checklist, worked out by hand to the cent."""

from decimal import Decimal

import pytest

from billing.totals import (
    Ajuste,
    Anticipo,
    DatosInvalidos,
    Detraccion,
    Documento,
    Isc,
    Linea,
    Percepcion,
    Tasas,
    TotalesNoCuadran,
    calcular,
    diferencias,
    valores_en_nota,
    verificar,
)
from tests.billing import casos
from tests.billing.casos import TASAS

D = Decimal


def test_factura_en_soles():
    t = calcular(casos.SOLES, TASAS)
    # Line 1: 1 × 500.00 = 500.00; IGV 500.00 × 18 % = 90.00; total 590.00.
    # Line 2: price 23.60 with IGV -> value 23.60 / 1.18 = 20.00; 5 × 20.00 = 100.00;
    #         IGV = 5 × 23.60 − 100.00 = 18.00.
    l1, l2 = t.lineas
    assert (l1.valor_venta, l1.igv, l1.total, l1.precio_unitario) == (D("500.00"), D("90.00"), D("590.00"), D("590"))
    assert (l2.valor_unitario, l2.valor_venta, l2.igv, l2.total) == (D("20"), D("100.00"), D("18.00"), D("118.00"))
    assert t.gravadas == D("600.00")  # 500 + 100
    assert t.igv == D("108.00")  # 90 + 18
    assert t.total_impuestos == D("108.00")
    assert t.valor_venta == D("600.00")
    assert t.precio_venta == t.importe_total == D("708.00")  # 600 + 108
    assert t.importe_en_letras == "SETECIENTOS OCHO CON 00/100 SOLES"


def test_factura_en_dolares():
    t = calcular(casos.DOLARES, TASAS)
    # 3 × 150.75 = 452.25; IGV 452.25 × 18 % = 81.405 -> 81.41 (half up); total 533.66.
    assert (t.gravadas, t.igv, t.importe_total) == (D("452.25"), D("81.41"), D("533.66"))
    assert t.moneda == "USD" and t.tipo_cambio == D("3.745")
    assert t.importe_en_letras == "QUINIENTOS TREINTA Y TRES CON 66/100 DÓLARES AMERICANOS"


def test_operacion_exonerada():
    t = calcular(casos.EXONERADA, TASAS)
    # 4 × 12.50 = 50.00 exonerado: no IGV.
    assert (t.exoneradas, t.gravadas, t.igv, t.importe_total) == (D("50.00"), 0, 0, D("50.00"))
    assert t.lineas[0].tasa == 0


def test_operacion_inafecta():
    t = calcular(casos.INAFECTA, TASAS)
    # 2 × 35.00 = 70.00 inafecto: no IGV.
    assert (t.inafectas, t.igv, t.importe_total) == (D("70.00"), 0, D("70.00"))


def test_exportacion():
    t = calcular(casos.EXPORTACION, TASAS)
    # 10 × 25.50 = 255.00 USD, exports carry no IGV.
    assert (t.exportacion, t.igv, t.importe_total) == (D("255.00"), 0, D("255.00"))
    assert t.importe_en_letras == "DOSCIENTOS CINCUENTA Y CINCO CON 00/100 DÓLARES AMERICANOS"


def test_combinada_gravada_exonerada_inafecta():
    t = calcular(casos.COMBINADA, TASAS)
    # Gravado 2 × 100 = 200.00, IGV 36.00; exonerado 1 × 50 = 50.00; inafecto 3 × 10 = 30.00.
    assert (t.gravadas, t.exoneradas, t.inafectas) == (D("200.00"), D("50.00"), D("30.00"))
    assert t.igv == D("36.00")
    assert t.valor_venta == D("280.00")  # 200 + 50 + 30
    assert t.importe_total == D("316.00")  # 280 + 36


def test_operacion_gratuita():
    t = calcular(casos.GRATUITA, TASAS)
    # Retiro (13): reference value 2 × 40.00 = 80.00; the issuer bears IGV 80 × 18 % = 14.40.
    (linea,) = t.lineas
    assert linea.gratuita
    assert (linea.valor_unitario, linea.valor_referencial, linea.precio_venta_unitario) == (0, D("40"), 0)
    assert (linea.valor_venta, linea.igv, linea.total) == (D("80.00"), D("14.40"), 0)
    assert (t.gratuitas, t.igv_gratuitas) == (D("80.00"), D("14.40"))
    # The customer pays nothing and no IGV is charged.
    assert (t.gravadas, t.igv, t.valor_venta, t.importe_total) == (0, 0, 0, 0)
    assert t.importe_en_letras == "CERO CON 00/100 SOLES"


def test_gratuita_con_gravada():
    t = calcular(casos.GRATUITA_CON_GRAVADA, TASAS)
    # Gravado 100.00 + IGV 18.00 = 118.00.
    # Bonificación (15): 1 × 20.00, IGV borne by the issuer 3.60.
    # Inafecto retiro (31): 5 × 1.50 = 7.50, no IGV.
    assert (t.gravadas, t.igv, t.importe_total) == (D("100.00"), D("18.00"), D("118.00"))
    assert t.gratuitas == D("27.50")  # 20.00 + 7.50
    assert t.igv_gratuitas == D("3.60")


def test_descuento_global():
    t = calcular(casos.DESCUENTO_GLOBAL, TASAS)
    # Lines: 2 × 100 = 200.00 (IGV 36.00) and 50.00 (IGV 9.00): base 250.00.
    # Discount 02 (affects the base), 10 % of 250.00 = 25.00.
    (descuento,) = t.ajustes
    assert (descuento.codigo, descuento.base, descuento.monto) == ("02", D("250.00"), D("25.00"))
    assert not descuento.es_cargo and descuento.afecta_base
    assert t.gravadas == D("225.00")  # 250 − 25
    assert t.igv == D("40.50")  # 45.00 − 25.00 × 18 % (4.50) = 225 × 18 %
    assert t.valor_venta == D("225.00")
    assert t.importe_total == D("265.50")  # 225 + 40.50
    assert t.descuentos == D("25.00")
    # It changed the base, so SUNAT's AllowanceTotalAmount (non-base discounts) stays at zero.
    assert t.descuentos_no_afectos == 0


def test_descuento_por_item():
    t = calcular(casos.DESCUENTO_LINEA, TASAS)
    # 2 × 100.00 = 200.00 gross, discount 00 of 20.00 -> 180.00; IGV 32.40; total 212.40.
    (linea,) = t.lineas
    assert (linea.valor_venta, linea.igv, linea.total, linea.descuentos) == (
        D("180.00"), D("32.40"), D("212.40"), D("20.00")
    )
    # SUNAT's unit price is what the customer pays per unit: 212.40 / 2 = 106.20;
    # the list price stays 100 × 1.18 = 118.
    assert (linea.precio_venta_unitario, linea.precio_unitario) == (D("106.20"), D("118"))
    assert (t.gravadas, t.igv, t.importe_total, t.descuentos) == (D("180.00"), D("32.40"), D("212.40"), D("20.00"))


def test_descuento_global_y_por_item():
    t = calcular(casos.DESCUENTO_GLOBAL_Y_LINEA, TASAS)
    # Line 1: 2 × 100 = 200.00, discount 00 of 5 % = 10.00 -> 190.00, IGV 34.20.
    # Line 2: 50.00, IGV 9.00.
    # Global 02 of 15.00: gravadas 190 + 50 − 15 = 225.00; IGV 43.20 − 15 × 18 % (2.70) = 40.50.
    l1, l2 = t.lineas
    assert (l1.valor_venta, l1.igv, l1.ajustes[0].monto) == (D("190.00"), D("34.20"), D("10.00"))
    assert (t.gravadas, t.igv, t.importe_total) == (D("225.00"), D("40.50"), D("265.50"))
    assert t.descuentos == D("25.00")  # 10 + 15


def test_otros_cargos():
    t = calcular(casos.OTROS_CARGOS, TASAS)
    # 200.00 + IGV 36.00 = 236.00; charge 50 (outside the base) 10 % of 236.00 = 23.60.
    assert t.precio_venta == D("236.00")
    assert (t.otros_cargos, t.importe_total) == (D("23.60"), D("259.60"))
    assert t.igv == D("36.00")  # the charge pays no IGV


def test_otros_cargos_por_item():
    t = calcular(casos.OTROS_CARGOS_LINEA, TASAS)
    # 200.00 + IGV 36.00 + charge 48 (outside the base) 5.00 = 241.00.
    (linea,) = t.lineas
    assert (linea.valor_venta, linea.igv, linea.cargos, linea.total) == (
        D("200.00"), D("36.00"), D("5.00"), D("241.00")
    )
    assert (t.otros_cargos, t.importe_total) == (D("5.00"), D("241.00"))


def test_isc_en_sus_tres_sistemas():
    t = calcular(casos.ISC, TASAS)
    l1, l2, l3 = t.lineas
    # 01 al valor: 10 × 10 = 100.00; ISC 30 % = 30.00; IGV on 130.00 = 23.40; total 153.40.
    assert (l1.valor_venta, l1.isc, l1.base, l1.igv, l1.total) == (
        D("100.00"), D("30.00"), D("130.00"), D("23.40"), D("153.40")
    )
    # 02 monto fijo: 2 × 20 = 40.00; ISC 2 × 1.50 = 3.00 (7.5 % of 40); IGV on 43.00 = 7.74.
    assert (l2.isc, l2.tasa_isc, l2.igv, l2.total) == (D("3.00"), D("7.5"), D("7.74"), D("50.74"))
    # 03 precio público: 11.80 / 1.18 = 10.00 × 5 = 50.00 × 10 % = 5.00 (12.5 % of 40); IGV on 45.00 = 8.10.
    assert (l3.isc, l3.tasa_isc, l3.igv, l3.total) == (D("5.00"), D("12.5"), D("8.10"), D("53.10"))
    assert t.gravadas == D("180.00")  # 100 + 40 + 40: SUNAT's gravadas exclude the ISC
    assert (t.isc, t.base_isc) == (D("38.00"), D("180.00"))
    assert t.igv == D("39.24")  # 23.40 + 7.74 + 8.10
    assert t.importe_total == D("257.24")  # 180 + 38 + 39.24


def test_percepcion():
    t = calcular(casos.PERCEPCION, TASAS)
    # 1000.00 + IGV 180.00 = 1180.00; percepción 2 % of 1180.00 = 23.60, collected on top.
    assert t.importe_total == D("1180.00")
    p = t.percepcion
    assert (p.codigo, p.porcentaje, p.base, p.monto, p.total) == ("51", 2, D("1180.00"), D("23.60"), D("1203.60"))


def test_percepcion_en_dolares_se_expresa_en_soles():
    t = calcular(casos.PERCEPCION_DOLARES, TASAS)
    # 500.00 + IGV 90.00 = 590.00 USD × 3.750 = 2212.50 soles; 2 % = 44.25; total 2256.75 soles.
    assert t.importe_total == D("590.00")
    assert (t.percepcion.base, t.percepcion.monto, t.percepcion.total) == (D("2212.50"), D("44.25"), D("2256.75"))


def test_primer_anticipo():
    t = calcular(casos.PRIMER_ANTICIPO, TASAS)
    # The advance is invoiced like any sale: 1000.00 + IGV 180.00 = 1180.00.
    assert (t.gravadas, t.igv, t.importe_total) == (D("1000.00"), D("180.00"), D("1180.00"))


def test_anticipo_regularizacion():
    t = calcular(casos.ANTICIPO_REGULARIZACION, TASAS)
    # Sale 3000.00 (IGV 540.00). Advance F001-10 paid 1180.00 = value 1180 / 1.18 = 1000.00 + IGV 180.00.
    (anticipo,) = t.anticipos_aplicados
    assert (anticipo.codigo, anticipo.valor, anticipo.igv) == ("04", D("1000.00"), D("180.00"))
    assert t.gravadas == D("2000.00")  # 3000 − 1000
    assert t.igv == D("360.00")  # 540 − 180 = 2000 × 18 %
    # SUNAT's sale value and price keep the whole sale; the advance is deducted from the payable.
    assert (t.valor_venta, t.precio_venta) == (D("3000.00"), D("3540.00"))
    assert t.anticipos == D("1180.00")
    assert t.importe_total == D("2360.00")  # 3540 − 1180 = 2000 × 1.18
    assert [(a.codigo, a.base, a.monto) for a in t.ajustes] == [("04", D("3000.00"), D("1000.00"))]


def test_una_nota_lleva_en_sus_lineas_lo_deducido_en_el_documento():
    lineas = [
        Linea(cantidad=3, afectacion="10", valor_unitario="33.33"),
        Linea(cantidad=1, afectacion="10", valor_unitario="50"),
        Linea(cantidad=2, afectacion="20", valor_unitario="10"),
    ]
    documento = calcular(
        Documento(lineas, ajustes=[Ajuste("02", monto="10")], anticipos=[Anticipo("02", "F001-10", valor="40")]), TASAS
    )
    # Gravado lines 99.99 + 50.00, less the 10.00 discount and the 40.00 advance: 99.99.
    assert (documento.gravadas, documento.igv, documento.exoneradas) == (D("99.99"), D("18.00"), D("20.00"))

    valores = valores_en_nota(documento)

    # 99.99 × 99.99 / 149.99 = 66.66 over 3 units; the last line takes the rest, 33.33; the exonerated one is untouched.
    assert valores == (D("22.22"), D("33.33"), None)
    nota = calcular(
        Documento([Linea(li.cantidad, li.afectacion, valor_unitario=v or li.valor_unitario) for li, v in zip(lineas, valores)]),
        TASAS,
    )
    assert (nota.gravadas, nota.igv, nota.exoneradas) == (documento.gravadas, documento.igv, documento.exoneradas)
    assert nota.importe_total == documento.importe_total == D("137.99")


def test_detraccion():
    t = calcular(casos.DETRACCION, TASAS)
    # Service 1500.00 + IGV 270.00 = 1770.00; detracción 12 % = 212.40, deposited in whole soles: 212.00.
    d = t.detraccion
    assert (d.codigo, d.porcentaje, d.monto, d.cuenta, d.medio_pago) == ("037", 12, D("212.00"), "00-000-123456", "001")
    assert t.importe_total == D("1770.00")
    # A credit sale leaves to be paid what the customer does not deposit: 1770 − 212.
    assert t.neto_pendiente == D("1558.00")


def test_detraccion_en_dolares():
    t = calcular(casos.DETRACCION_DOLARES, TASAS)
    # 1000.00 + 180.00 = 1180.00 USD; in soles 1180 × 3.750 = 4425.00 × 12 % = 531.00.
    # In dollars 1180 × 12 % = 141.60, so 1180 − 141.60 = 1038.40 remains to be paid.
    assert (t.detraccion.monto, t.detraccion.monto_moneda, t.neto_pendiente) == (
        D("531.00"), D("141.60"), D("1038.40")
    )


def test_retencion():
    t = calcular(casos.RETENCION, TASAS)
    # 1180.00; the customer withholds 3 % = 35.40 and pays 1144.60.
    assert (t.retencion.base, t.retencion.monto, t.neto_pendiente) == (D("1180.00"), D("35.40"), D("1144.60"))
    assert t.importe_total == D("1180.00")


def test_ivap():
    t = calcular(casos.IVAP, TASAS)
    # Rice: 100 × 3.50 = 350.00; IVAP 4 % = 14.00; no IGV.
    assert (t.gravadas_ivap, t.ivap, t.igv, t.importe_total) == (D("350.00"), D("14.00"), 0, D("364.00"))


def test_icbper_por_bolsa():
    t = calcular(casos.ICBPER, TASAS)
    # 10.00 + IGV 1.80; bags 3 × 0.10 = 0.30 + IGV 0.054 -> 0.05 + ICBPER 3 × 0.50 = 1.50.
    _, bolsas = t.lineas
    assert (bolsas.bolsas, bolsas.icbper, bolsas.total) == (3, D("1.50"), D("1.85"))
    assert (t.gravadas, t.igv, t.icbper) == (D("10.30"), D("1.85"), D("1.50"))
    assert t.importe_total == D("13.65")  # 10.30 + 1.85 + 1.50


def test_icbper_en_dolares_se_convierte():
    doc = Documento(
        [Linea(cantidad=2, afectacion="10", valor_unitario="0.10", icbper=True)], moneda="USD", tipo_cambio="3.750"
    )
    # 0.50 soles / 3.750 = 0.13333 USD per bag; 2 bags = 0.27.
    (linea,) = calcular(doc, TASAS).lineas
    assert (linea.icbper_unitario, linea.icbper) == (D("0.13333"), D("0.27"))


def test_precio_con_igv_mantiene_el_total():
    t = calcular(casos.PRECIO_CON_IGV, TASAS)
    # Shelf price 100.00: value 100 / 1.18 = 84.7457... -> 84.75; IGV is what is left: 15.25.
    (linea,) = t.lineas
    assert linea.valor_unitario == D("84.7457627119")  # kept with 10 decimals
    assert (t.gravadas, t.igv, t.importe_total) == (D("84.75"), D("15.25"), D("100.00"))
    # Entering the value instead charges IGV on it: 84.75 × 18 % = 15.255 -> 15.26.
    por_valor = calcular(Documento([Linea(cantidad=1, afectacion="10", valor_unitario="84.75")]), TASAS)
    assert (por_valor.igv, por_valor.importe_total) == (D("15.26"), D("100.01"))


def test_anticipo_exonerado_y_valor_declarado():
    doc = Documento(
        [Linea(cantidad=1, afectacion="20", valor_unitario="500")],
        anticipos=[Anticipo("02", "F001-3", valor="200", afectacion="20")],
    )
    t = calcular(doc, TASAS)
    # Exonerated advance: total = value = 200.00, deducted with code 05.
    assert (t.exoneradas, t.anticipos, t.importe_total) == (D("300.00"), D("200.00"), D("300.00"))
    assert t.ajustes[0].codigo == "05"


def test_las_tasas_vienen_del_llamador():
    # An IGV of 10 % (the MYPE restaurant regime) changes the figures: nothing is hard-coded.
    # Gravado 200.00 × 10 % = 20.00; plus exonerado 50.00 and inafecto 30.00.
    t = calcular(casos.COMBINADA, Tasas(igv=D("10"), ivap=D("4"), icbper=D("0.50")))
    assert (t.igv, t.importe_total) == (D("20.00"), D("300.00"))


# ------------------------------------------------------------------ checking declared totals


def test_verificar_acepta_totales_que_cuadran():
    t = calcular(casos.SOLES, TASAS)
    verificar(t, {"gravadas": "600.00", "igv": "108", "importe_total": D("708.00"), "descuentos": None})


def test_verificar_rechaza_totales_que_no_cuadran():
    t = calcular(casos.SOLES, TASAS)
    declarados = {"gravadas": "600.00", "igv": "108.01", "importe_total": "708.01"}
    assert diferencias(t, declarados) == {
        "igv": (D("108.01"), D("108.00")),
        "importe_total": (D("708.01"), D("708.00")),
    }
    with pytest.raises(TotalesNoCuadran) as error:
        verificar(t, declarados)
    assert str(error.value) == (
        "Los totales no cuadran con las líneas: igv: declarado 108.01, calculado 108.00; "
        "importe_total: declarado 708.01, calculado 708.00."
    )
    # A dialect that sums rounded line IGVs may allow a cent.
    verificar(t, declarados, tolerancia=D("0.01"))


def test_verificar_rechaza_campos_desconocidos():
    with pytest.raises(DatosInvalidos, match="«total_general» no es un total"):
        verificar(calcular(casos.SOLES, TASAS), {"total_general": "708"})


# ------------------------------------------------------------------ bad input


def _una_linea(**kwargs):
    return Documento([Linea(**{"cantidad": 1, "afectacion": "10", "valor_unitario": "10", **kwargs})])


@pytest.mark.parametrize(
    ("documento", "mensaje"),
    [
        (_una_linea(cantidad=0), "Línea 1: la cantidad debe ser mayor que cero."),
        (_una_linea(cantidad="-2"), "Línea 1: la cantidad debe ser mayor que cero."),
        (_una_linea(cantidad="1.12345678901"), "Línea 1: la cantidad admite hasta 10 decimales"),
        (_una_linea(valor_unitario="-1"), "Línea 1: el valor unitario no puede ser negativo."),
        (_una_linea(valor_unitario="abc"), "Línea 1: el valor unitario: «abc» no es un número."),
        (_una_linea(valor_unitario=10.5), "no como float"),
        (_una_linea(valor_unitario="1234567890123"), "admite hasta 12 dígitos enteros"),
        (_una_linea(afectacion="99"), "Línea 1: el tipo de afectación del IGV «99» no existe (catálogo 07)."),
        (_una_linea(precio_unitario="11.80"), "indique el valor unitario (sin IGV) o el precio unitario (con IGV)"),
        (Documento([Linea(cantidad=1, afectacion="10")]), "uno de los dos"),
        (_una_linea(ajustes=[Ajuste("00", monto="11")]), "Línea 1: los descuentos superan el valor de la línea."),
        (_una_linea(ajustes=[Ajuste("02", monto="1")]), "Línea 1: el cargo o descuento «02» no aplica aquí"),
        (_una_linea(ajustes=[Ajuste("00", monto="1", porcentaje="5")]), "indique el monto o el porcentaje"),
        (_una_linea(ajustes=[Ajuste("00", monto="1.234")]), "admite hasta 2 decimales"),
        (_una_linea(ajustes=[Ajuste("00", porcentaje="120")]), "no puede superar el 100 %"),
        (_una_linea(afectacion="13", ajustes=[Ajuste("00", monto="1")]), "una línea gratuita no lleva descuentos"),
        (_una_linea(cantidad="1.5", icbper=True), "el ICBPER se cobra por bolsa: la cantidad debe ser entera"),
        (_una_linea(isc=Isc("04", tasa="10")), "el sistema de ISC «04» no existe"),
        (_una_linea(isc=Isc("01")), "el ISC del sistema 01 requiere tasa"),
        (_una_linea(afectacion="17", isc=Isc("01", tasa="10")), "el ISC no se aplica a operaciones con IVAP"),
        (Documento([]), "El documento no tiene líneas."),
        (Documento([Linea(1, "17", valor_unitario="1"), Linea(1, "10", valor_unitario="1")]), "IVAP no se mezclan"),
        (
            Documento([Linea(1, "20", valor_unitario="10")], ajustes=[Ajuste("02", monto="1")]),
            "solo se aplican a operaciones gravadas: use 03 o 50",
        ),
        (
            Documento([Linea(1, "10", valor_unitario="10")], ajustes=[Ajuste("02", monto="11")]),
            "Los descuentos globales superan el valor de las operaciones gravadas.",
        ),
        (
            Documento([Linea(1, "10", valor_unitario="10")], anticipos=[Anticipo("02", "F001-1", total="20")]),
            "Los anticipos (código 04) superan el valor",
        ),
        (
            Documento([Linea(1, "10", valor_unitario="10")], anticipos=[Anticipo("01", "F001-1", total="1")]),
            "el documento del anticipo debe ser 02 (factura) o 03 (boleta)",
        ),
        (
            Documento(
                [Linea(1, "10", valor_unitario="10")], anticipos=[Anticipo("02", "F001-1", total="1", valor="2")]
            ),
            "no son coherentes",
        ),
        (
            Documento(
                [Linea(1, "10", valor_unitario="10")],
                percepcion=Percepcion("51", "2"),
                detraccion=Detraccion("037", "12", "123"),
            ),
            "Detracción, percepción y retención se excluyen entre sí",
        ),
        (
            Documento([Linea(1, "10", valor_unitario="10")], moneda="USD", percepcion=Percepcion("51", "2")),
            "Indique el tipo de cambio: el documento en USD tiene importes que se expresan en soles.",
        ),
        (Documento([Linea(1, "10", valor_unitario="10")], moneda="JPY"), "La moneda «JPY» no está soportada"),
        (
            Documento([Linea(1, "10", valor_unitario="10")], tipo_cambio="3.7"),
            "Un documento en soles no lleva tipo de cambio.",
        ),
        (
            Documento([Linea(1, "10", valor_unitario="10")], moneda="USD", tipo_cambio="3.7456"),
            "El tipo de cambio admite hasta 3 decimales",
        ),
        (
            Documento([Linea(1, "10", valor_unitario="10")], detraccion=Detraccion("999", "12", "123")),
            "El bien o servicio sujeto a detracción «999» no existe (catálogo 54).",
        ),
        (
            Documento([Linea(1, "10", valor_unitario="10")], detraccion=Detraccion("037", "12", " ")),
            "Indique la cuenta del Banco de la Nación",
        ),
        (
            Documento([Linea(1, "10", valor_unitario="10")], percepcion=Percepcion("54", "2")),
            "El régimen de percepción «54» no existe",
        ),
    ],
)
def test_datos_invalidos(documento, mensaje):
    with pytest.raises(DatosInvalidos) as error:
        calcular(documento, TASAS)
    assert mensaje in str(error.value)
    assert isinstance(error.value, ValueError)
