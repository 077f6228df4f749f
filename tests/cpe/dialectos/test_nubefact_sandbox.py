"""The Nubefact-style API against the SUNAT sandbox of a live server: the accepted path, notes, boletas and voiding."""

import pytest

from billing.models import CuentaBancaria, DocumentoVenta
from cpe.models import ComprobanteElectronico, EstadoCpe
from erp.models import Moneda
from tests.cpe.dialectos.conftest import CUOTAS, HOY, ejemplo
from tests.cpe.kit import validar

pytestmark = [pytest.mark.sandbox, pytest.mark.django_db(transaction=True)]


def _valido(documento_numero: str):
    comprobante = ComprobanteElectronico.con_archivos.get(
        serie=documento_numero.split("-")[0], numero=int(documento_numero.split("-")[1]), tipo="01"
    )
    veredicto = validar(bytes(comprobante.xml), f"{comprobante.nombre}.xml")
    assert veredicto["status"] == "accepted", (veredicto["xsd_errors"], veredicto["rejections"])


def _nota(tipo: int, **cambios) -> dict:
    datos = ejemplo(
        "generar_comprobante",
        tipo_de_comprobante=tipo,
        numero="",
        documento_que_se_modifica_tipo=1,
        documento_que_se_modifica_serie="FFF1",
        documento_que_se_modifica_numero=1,
        venta_al_credito=[],
        guias=[],
        observaciones="DEVOLUCIÓN DEL SERVICIO",
    )
    datos.update(cambios)
    return datos


def test_el_ejemplo_del_manual_lo_acepta_sunat_y_sus_notas_tambien(api_nube, client):
    cuerpo = api_nube(ejemplo("generar_comprobante")).json()
    assert cuerpo["aceptada_por_sunat"] is True, cuerpo
    assert (
        cuerpo["sunat_responsecode"] == "0"
        and "FFF1-1" in cuerpo["sunat_description"]
        and "aceptada" in cuerpo["sunat_description"]
    )
    assert cuerpo["sunat_soap_error"] == "" and cuerpo["sunat_note"] is None
    assert client.get(cuerpo["enlace_del_cdr"])["Content-Type"] == "application/zip"
    _valido("FFF1-1")

    items = ejemplo("generar_comprobante")["items"][1:]
    credito = api_nube(
        _nota(3, tipo_de_nota_de_credito=7, items=items, total_gravada=100, total_igv=18, total=118)
    ).json()
    assert (credito["tipo_de_comprobante"], credito["serie"], credito["numero"], credito["aceptada_por_sunat"]) == (
        3,
        "FFF1",
        1,
        True,
    ), credito
    debito = api_nube(
        _nota(4, tipo_de_nota_de_debito=1, items=items, total_gravada=100, total_igv=18, total=118)
    ).json()
    assert (debito["tipo_de_comprobante"], debito["numero"], debito["aceptada_por_sunat"]) == (4, 1, True), debito
    nota = DocumentoVenta.objects.get(tipo="07")
    assert (nota.documento_referencia.numero, nota.motivo_nota, nota.importe_total) == (1, "07", 118)

    consulta = api_nube(ejemplo("consultar_comprobante")).json()
    assert consulta["aceptada_por_sunat"] is True and consulta["anulado"] is False


def test_factura_con_descuento_global_cuotas_y_detraccion(api_nube, nube):
    CuentaBancaria.objects.create(
        empresa=nube["empresa"],
        banco="Banco de la Nación",
        moneda=Moneda.objects.get(codigo="PEN"),
        numero="00-081-123456",
        es_detraccion=True,
    )
    item = {
        "unidad_de_medida": "ZZ",
        "codigo": "SRV",
        "descripcion": "MANTENIMIENTO DE EQUIPOS",
        "cantidad": 10,
        "valor_unitario": 100,
        "precio_unitario": 118,
        "descuento": "",
        "subtotal": 1000,
        "tipo_de_igv": 1,
        "igv": 180,
        "total": 1180,
    }
    datos = ejemplo(
        "generar_comprobante",
        sunat_transaction=30,
        descuento_global=50,
        total_descuento=50,
        total_gravada=950,
        total_igv=171,
        total=1121,
        detraccion=True,
        detraccion_tipo=35,
        detraccion_porcentaje=12,
        detraccion_total=135,
        medio_de_pago_detraccion=1,
        items=[item],
        guias=[],
    )
    datos["venta_al_credito"] = [
        {"cuota": 1, "fecha_de_pago": f"{CUOTAS[0]:%d-%m-%Y}", "importe": 500},
        {"cuota": 2, "fecha_de_pago": f"{CUOTAS[1]:%d-%m-%Y}", "importe": 486},
    ]
    cuerpo = api_nube(datos).json()
    assert cuerpo.get("aceptada_por_sunat") is True, cuerpo
    documento = DocumentoVenta.objects.get(numero=cuerpo["numero"], tipo="01")
    assert (documento.total_gravadas, documento.total_igv, documento.importe_total, documento.detraccion_monto) == (
        950,
        171,
        1121,
        135,
    )
    assert (documento.detraccion_codigo, documento.tipo_operacion) == ("037", "1001")
    assert [c.monto for c in documento.cuotas.order_by("numero")] == [500, 486]
    _valido(f"FFF1-{cuerpo['numero']}")


def test_boleta_en_dolares_aceptada(api_nube):
    datos = ejemplo(
        "generar_comprobante",
        tipo_de_comprobante=2,
        serie="BBB1",
        cliente_tipo_de_documento=1,
        cliente_numero_de_documento="45678912",
        cliente_denominacion="JUAN PÉREZ",
        cliente_direccion="",
        moneda=2,
        tipo_de_cambio=3.745,
        venta_al_credito=[],
        guias=[],
    )
    cuerpo = api_nube(datos).json()
    assert (cuerpo.get("tipo_de_comprobante"), cuerpo.get("serie"), cuerpo.get("aceptada_por_sunat")) == (
        2,
        "BBB1",
        True,
    ), cuerpo
    assert DocumentoVenta.objects.get(tipo="03").moneda.codigo == "USD"


def test_anulacion_de_una_factura_aceptada(api_nube):
    assert api_nube(ejemplo("generar_comprobante", venta_al_credito=[])).json()["aceptada_por_sunat"] is True
    anulacion = api_nube(ejemplo("generar_anulacion"))
    assert anulacion.status_code == 200, anulacion.content
    cuerpo = anulacion.json()
    assert list(cuerpo) == list(ejemplo("generar_anulacion_respuesta"))
    assert cuerpo["numero"] == 1 and cuerpo["sunat_ticket_numero"]
    for _ in range(5):
        cuerpo = api_nube(ejemplo("consultar_anulacion")).json()
        if cuerpo["aceptada_por_sunat"]:
            break
    assert cuerpo["aceptada_por_sunat"] is True and f"RA-{HOY:%Y%m%d}-1" in cuerpo["sunat_description"], cuerpo
    assert cuerpo["sunat_responsecode"] == "0" and cuerpo["enlace_del_cdr"]
    assert ComprobanteElectronico.objects.get(tipo="01").estado == EstadoCpe.ANULADO
    assert api_nube(ejemplo("consultar_comprobante")).json()["anulado"] is True
    assert api_nube(ejemplo("generar_anulacion")).json()["codigo"] == 23


def test_factura_con_descuento_global_cuotas_detraccion_y_anticipo(api_nube, nube):
    """The issue's case: an advance of S/ 500.00 + IGV, then the final factura that deducts it, with the rest on credit."""
    CuentaBancaria.objects.create(
        empresa=nube["empresa"], banco="Banco de la Nación", moneda=Moneda.objects.get(codigo="PEN"), numero="00-081-123456", es_detraccion=True
    )  # fmt: skip
    servicio = {
        "unidad_de_medida": "ZZ", "codigo": "SRV", "descripcion": "MANTENIMIENTO DE EQUIPOS", "cantidad": 10, "valor_unitario": 100,
        "precio_unitario": 118, "descuento": "", "subtotal": 1000, "tipo_de_igv": 1, "igv": 180, "total": 1180,
    }  # fmt: skip
    adelanto = dict(servicio, descripcion="ANTICIPO DEL MANTENIMIENTO", cantidad=1, valor_unitario=500, precio_unitario=590, subtotal=500, igv=90, total=590)
    anticipo = api_nube(
        ejemplo("generar_comprobante", sunat_transaction=4, total_gravada=500, total_igv=90, total=590, items=[adelanto], guias=[], venta_al_credito=[])
    ).json()
    assert anticipo.get("aceptada_por_sunat") is True, anticipo

    # 10 × 100.00 = 1,000.00 − 50.00 global discount − 500.00 advance = 450.00 taxable; IGV 81.00; total 531.00.
    # Detracción 12 % of 531.00 = 63.72, paid as 64; the credit is 531.00 − 64.00 = 467.00 in two instalments.
    deduccion = dict(adelanto, anticipo_regularizacion=True, anticipo_documento_serie="FFF1", anticipo_documento_numero=anticipo["numero"])
    datos = ejemplo(
        "generar_comprobante", numero="", sunat_transaction=30, descuento_global=50, total_descuento=50, total_anticipo=590,
        total_gravada=450, total_igv=81, total=531, detraccion=True, detraccion_tipo=35, detraccion_porcentaje=12, detraccion_total=64,
        medio_de_pago_detraccion=1, items=[servicio, deduccion], guias=[],
    )  # fmt: skip
    datos["venta_al_credito"] = [
        {"cuota": 1, "fecha_de_pago": f"{CUOTAS[0]:%d-%m-%Y}", "importe": 300},
        {"cuota": 2, "fecha_de_pago": f"{CUOTAS[1]:%d-%m-%Y}", "importe": 167},
    ]
    cuerpo = api_nube(datos).json()
    assert cuerpo.get("aceptada_por_sunat") is True, cuerpo
    final = DocumentoVenta.objects.get(numero=cuerpo["numero"], tipo="01")
    assert (final.total_gravadas, final.total_igv, final.total_anticipos, final.importe_total, final.detraccion_monto) == (450, 81, 590, 531, 64)
    assert [(a.anticipo.numero, a.monto) for a in final.anticipos_aplicados.all()] == [(anticipo["numero"], 500)]
    _valido(f"FFF1-{cuerpo['numero']}")

    # The advance is used up: deducting it again is refused and nothing is written.
    datos["numero"] = ""
    otra = api_nube(datos)
    assert otra.json()["codigo"] == 21 and "quedan 0.00 por deducir" in otra.json()["errors"], otra.json()
    assert DocumentoVenta.objects.filter(tipo="01").count() == 2
