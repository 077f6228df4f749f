"""The sales lists: the full series-number, and SUNAT's verdict as a labelled badge with its code on hover."""

import lxml.html
import pytest
from django.urls import reverse

from cpe import resumen as servicio
from cpe.models import ComprobanteElectronico, ConfiguracionCpe, EstadoCpe
from tests.cpe.emitidos import emitir

pytestmark = pytest.mark.django_db


def _filas(client, modelo) -> dict[str, tuple[str, str]]:
    """Each row of the list: number -> (the CPE column's visible text, its hover text)."""
    html = lxml.html.fromstring(client.get(reverse(f"admin:billing_{modelo}_changelist")).content.decode())
    filas = {}
    for fila in html.xpath('//table[@id="result_list"]/tbody/tr'):
        (insignia,) = fila.xpath('.//td[contains(@class, "field-cpe_estado")]//span[@title]')
        (numero,) = fila.xpath('.//*[contains(@class, "field-numero_txt")]')
        filas[numero.text_content().strip()] = (" ".join(insignia.text_content().split()), insignia.get("title"))
    return filas


def test_la_lista_de_facturas_dice_el_numero_y_el_veredicto(client, tienda_cpe):
    t = tienda_cpe
    t["sucursal"].series.create(tipo_documento="01", serie="F002")
    aceptada, _ = emitir(t, lineas=[(t["laptop"], 1, "2360")])
    observada, _ = emitir(t, serie="F002", lineas=[(t["laptop"], 1, "2360")])
    rechazada, _ = emitir(t, lineas=[(t["mouse"], 1, "59")])
    pendiente, _ = emitir(t, lineas=[(t["mouse"], 1, "59")])
    ComprobanteElectronico.objects.filter(documento=aceptada).update(estado=EstadoCpe.ACEPTADO, codigo_respuesta="0", descripcion="La Factura numero F001-1, ha sido aceptada")
    ComprobanteElectronico.objects.filter(documento=observada).update(estado=EstadoCpe.OBSERVADO, codigo_respuesta="4287", descripcion="El precio unitario no corresponde")
    ComprobanteElectronico.objects.filter(documento=rechazada).update(estado=EstadoCpe.RECHAZADO, codigo_respuesta="2800", descripcion="El dato ingresado en el tipo de documento de identidad del receptor no esta permitido")
    client.force_login(t["contador"])

    filas = _filas(client, "factura")

    assert filas["F001-00000001"] == ("Aceptado", "SUNAT 0: La Factura numero F001-1, ha sido aceptada")
    assert filas["F002-00000001"] == ("Aceptado con observaciones", "SUNAT 4287: El precio unitario no corresponde")
    assert filas["F001-00000002"][0] == "Rechazado" and filas["F001-00000002"][1].startswith("SUNAT 2800: El dato ingresado")
    assert filas["F001-00000003"] == ("Pendiente", "Pendiente")


def test_la_boleta_espera_el_resumen_diario_con_su_fecha(client, tienda_cpe):
    t = tienda_cpe
    ConfiguracionCpe.objects.filter(empresa=t["empresa"]).update(boletas_por_resumen=True)
    primera, _ = emitir(t, tipo="03", cliente=t["con_dni"], lineas=[(t["mouse"], 1, "59")])
    (resumen,) = servicio.resumenes_generar(empresa_id=t["empresa"].pk)
    segunda, _ = emitir(t, tipo="03", cliente=t["con_dni"], lineas=[(t["mouse"], 1, "59")])
    client.force_login(t["contador"])

    filas = _filas(client, "boleta")

    generado = f"{resumen.fecha_generacion:%d/%m/%Y}"
    assert filas["B001-00000001"] == (f"En resumen diario del {generado}", f"{resumen.identificador}: por enviar")
    assert filas["B001-00000002"] == ("En resumen diario del 20/11/2026", "Se informa en el resumen diario de su fecha de emisión")


def test_la_lista_de_cpe_pendientes_dice_el_numero_completo(client, tienda_cpe):
    emitir(tienda_cpe, lineas=[(tienda_cpe["mouse"], 1, "59")])
    client.force_login(tienda_cpe["contador"])
    html = lxml.html.fromstring(client.get(reverse("admin:cpe_comprobanteelectronico_changelist")).content.decode())
    assert [n.text_content().strip() for n in html.xpath('//td[contains(@class, "field-numeracion_txt")]')] == ["F001-00000001"]
