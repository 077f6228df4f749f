"""The printed documents: read back (text and QR) from the PDFs the ERP serves."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from billing import calculo, services
from billing.models import Cotizacion, CuentaBancaria, Cuota, DocumentoVenta, LineaCotizacion
from cpe.models import ComprobanteElectronico
from erp.models import Moneda, Serie
from tests import factories
from tests.cpe.emitidos import HOY, borrador, emitir, paginas_pdf, qr_pdf, texto_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def oficina(client, tienda_cpe):
    client.force_login(tienda_cpe["contador"])
    return client


def _pdf(client, url):
    respuesta = client.get(url)
    assert respuesta.status_code == 200, respuesta.content[:200]
    assert respuesta["Content-Type"] == "application/pdf"
    return respuesta.content


def _factura(tienda, **campos):
    lineas = [(tienda["laptop"], 2, "2360.00"), (tienda["mouse"], 3, "59.00"), (tienda["soporte"], 1, "118.00")]
    return emitir(tienda, lineas=lineas, **campos)


def test_factura_a4_con_sus_datos_y_el_qr_de_sunat(oficina, tienda_cpe):
    t = tienda_cpe
    factura, cpe = _factura(t, observaciones="Entrega en el almacén de Ñaña, 2º piso")

    contenido = _pdf(oficina, f"/cpe/{cpe.nombre}.pdf")

    assert paginas_pdf(contenido) == [(210, 297)]
    texto = texto_pdf(contenido)
    for esperado in (
        "EMPRESA DE PRUEBA S.A.C.",
        f"R.U.C. N.º {t['empresa'].ruc}",
        "FACTURA ELECTRÓNICA",
        "F001-00000001",
        "CLIENTE CON RUC S.A.C.",
        t["con_ruc"].numero_documento,
        "LAP-01",
        "Laptop 14 pulgadas",
        "2,360.00",
        "4,720.00",
        "Mouse inalámbrico",
        "Soporte técnico",
        "Op. gravadas",
        "S/ 4,250.00",
        "IGV 18%",
        "S/ 765.00",
        "S/ 5,015.00",
        "SON: CINCO MIL QUINCE CON 00/100 SOLES",
        "Entrega en el almacén de Ñaña, 2º piso",
        f"Código hash: {cpe.hash}",
        "Representación impresa de la FACTURA ELECTRÓNICA",
        "/consulta/",
    ):
        assert esperado in texto, esperado
    assert qr_pdf(contenido) == [
        f"{t['empresa'].ruc}|01|F001|00000001|765.00|5015.00|2026-11-20|6|{t['con_ruc'].numero_documento}|{cpe.hash}|"
    ]


def test_boleta_en_ticket_y_en_a5(oficina, tienda_cpe):
    t = tienda_cpe
    boleta, cpe = emitir(t, tipo="03", cliente=t["con_dni"], lineas=[(t["mouse"], "1.5", "59.00")])

    ticket = _pdf(oficina, f"/cpe/{cpe.nombre}.pdf?formato=ticket")
    a5 = _pdf(oficina, f"/cpe/{cpe.nombre}.pdf?formato=a5")

    [(ancho, alto)] = paginas_pdf(ticket)  # one strip of paper, as long as its content
    assert ancho == 80 and 120 < alto < 250
    assert paginas_pdf(a5) == [(148, 210)]
    qr = f"{t['empresa'].ruc}|03|B001|00000001|13.50|88.50|2026-11-20|1|45678912|{cpe.hash}|"
    for contenido in (ticket, a5):
        texto = texto_pdf(contenido)
        assert "BOLETA DE VENTA ELECTRÓNICA" in texto and "B001-00000001" in texto
        assert "JUAN PÉREZ" in texto and "DNI" in texto and "45678912" in texto
        assert "1.50" in texto and "88.50" in texto and "SON: OCHENTA Y OCHO CON 50/100 SOLES" in texto
        assert "Representación impresa de la BOLETA DE VENTA ELECTRÓNICA" in texto
        assert qr_pdf(contenido) == [qr]


def test_formato_de_la_sucursal_o_del_documento(oficina, tienda_cpe):
    t = tienda_cpe
    t["sucursal"].formato_impresion = "ticket"
    t["sucursal"].save()
    _, del_local = _factura(t)
    _, con_su_formato = _factura(t, formato_impresion="a5")

    assert paginas_pdf(_pdf(oficina, f"/cpe/{del_local.nombre}.pdf"))[0][0] == 80
    assert paginas_pdf(_pdf(oficina, f"/cpe/{con_su_formato.nombre}.pdf")) == [(148, 210)]
    assert paginas_pdf(_pdf(oficina, f"/cpe/{con_su_formato.nombre}.pdf?formato=a4")) == [(210, 297)]
    respuesta = oficina.get(f"/cpe/{del_local.nombre}.pdf?formato=carta")
    assert respuesta.status_code == 400 and "use a4, a5 o ticket" in respuesta.content.decode()


def test_imprimir_de_nuevo_no_toca_el_xml_firmado_ni_su_hash(oficina, tienda_cpe):
    t = tienda_cpe
    factura, cpe = _factura(t)
    antes = (bytes(cpe.xml), bytes(cpe.zip), cpe.hash)

    primero = _pdf(oficina, f"/cpe/{cpe.nombre}.pdf")
    segundo = _pdf(oficina, f"/cpe/{cpe.nombre}.pdf")
    services.documento_enviar_correo(
        documento=factura, destinatarios=["lucia@example.com"], mensaje="", usuario=t["vendedor"]
    )

    despues = ComprobanteElectronico.con_archivos.get(pk=cpe.pk)
    assert (bytes(despues.xml), bytes(despues.zip), despues.hash) == antes
    assert texto_pdf(primero) == texto_pdf(segundo)
    assert qr_pdf(primero) == qr_pdf(segundo)


def test_30_lineas_y_una_segunda_pagina(oficina, tienda_cpe):
    t = tienda_cpe
    _, cpe = emitir(t, tipo="03", cliente=t["con_dni"], lineas=[(t["soporte"], 1, "118.00")] * 70)

    contenido = _pdf(oficina, f"/cpe/{cpe.nombre}.pdf?formato=a4")

    assert len(paginas_pdf(contenido)) == 2
    texto = texto_pdf(contenido)
    assert texto.count("Soporte técnico") == 70 and texto.count("Descripción") == 2  # the header repeats
    assert "Página 2" in texto and "S/ 8,260.00" in texto
    assert len(qr_pdf(contenido)) == 1


def test_nota_de_credito_dice_que_modifica(oficina, tienda_cpe):
    t = tienda_cpe
    factura, _ = _factura(t)
    nota = borrador(
        t, tipo="07", motivo_nota="01", sustento="Anulación por error en el pedido", documento_referencia=factura
    )
    services.nota_importar_lineas(nota=nota, referencia=factura)
    nota = services.documento_emitir(documento_id=nota.pk, usuario=t["vendedor"])
    cpe = nota.cpe

    contenido = _pdf(oficina, f"/cpe/{cpe.nombre}.pdf")

    texto = texto_pdf(contenido)
    assert "NOTA DE CRÉDITO ELECTRÓNICA" in texto and "FC01-00000001" in texto
    assert "Factura F001-00000001" in texto and "01 Anulación de la operación" in texto
    assert "Anulación por error en el pedido" in texto
    assert qr_pdf(contenido)[0].startswith(f"{t['empresa'].ruc}|07|FC01|00000001|765.00|5015.00|")


def test_credito_detraccion_y_cuentas_bancarias(oficina, tienda_cpe):
    t = tienda_cpe
    empresa = t["empresa"]
    soles = Moneda.objects.get(codigo="PEN")
    CuentaBancaria.objects.create(
        empresa=empresa, banco="Banco de la Nación", moneda=soles, numero="00-081-123456", es_detraccion=True
    )
    bcp = CuentaBancaria.objects.create(
        empresa=empresa, banco="BCP", moneda=soles, numero="193-2345678-0-12", cci="00219300234567801215"
    )
    documento = borrador(
        t,
        lineas=[(t["soporte"], 10, "118.00")],
        tipo_operacion="1001",
        detraccion_codigo="037",
        detraccion_porcentaje=Decimal("12"),
        forma_pago="credito",
    )
    documento.cuentas_bancarias.add(bcp)
    # 1,180.00 less the 12 % detracción (142) leaves 1,038.00 to pay in two installments.
    Cuota.objects.create(
        documento=documento, numero=1, fecha_pago=HOY + datetime.timedelta(days=30), monto=Decimal("519.00")
    )
    Cuota.objects.create(
        documento=documento, numero=2, fecha_pago=HOY + datetime.timedelta(days=60), monto=Decimal("519.00")
    )
    documento = services.documento_emitir(documento_id=documento.pk, usuario=t["vendedor"])
    services.pago_registrar(
        documento=documento, fecha=HOY, monto=Decimal("100.00"), metodo_pago=t["efectivo"], usuario=t["vendedor"]
    )

    texto = texto_pdf(_pdf(oficina, f"/cpe/{documento.cpe.nombre}.pdf"))

    assert "OPERACIÓN SUJETA AL SISTEMA DE PAGO DE OBLIGACIONES TRIBUTARIAS CON EL GOBIERNO CENTRAL" in texto
    assert "00-081-123456" in texto and "142.00" in texto and "12%" in texto
    assert "Crédito" in texto and "20/12/2026" in texto and "19/01/2027" in texto and "519.00" in texto
    assert "Monto neto pendiente de pago: S/ 1,038.00" in texto
    assert "BCP" in texto and "00219300234567801215" in texto
    assert "Pagos a cuenta" in texto and "Efectivo" in texto and "100.00" in texto


def test_nota_de_venta_y_borrador_sin_qr(oficina, tienda_cpe):
    t = tienda_cpe
    nota_venta = services.documento_emitir(
        documento_id=borrador(t, tipo="NV", lineas=[(t["mouse"], 1, "59.00")]).pk, usuario=t["vendedor"]
    )
    en_borrador = borrador(t, lineas=[(t["mouse"], 2, "59.00")])
    calculo.recalcular(en_borrador)
    en_borrador.save()

    nv = _pdf(oficina, f"/cpe/impreso/venta/{nota_venta.pk}.pdf")
    nb = _pdf(oficina, f"/cpe/impreso/venta/{en_borrador.pk}.pdf")

    assert "NOTA DE VENTA" in texto_pdf(nv) and "Documento interno: no es un comprobante de pago." in texto_pdf(nv)
    assert "BORRADOR — SIN VALOR LEGAL" in texto_pdf(nb) and "S/ 118.00" in texto_pdf(nb)
    assert qr_pdf(nv) == [] and qr_pdf(nb) == []
    assert "Representación impresa" not in texto_pdf(nv) + texto_pdf(nb)


def test_cotizacion_con_el_mismo_formato(oficina, tienda_cpe):
    t = tienda_cpe
    serie = Serie.objects.get(serie="CT01")
    cotizacion = Cotizacion.objects.create(
        sucursal=t["sucursal"],
        serie=serie,
        numero=7,
        cliente=t["con_ruc"],
        fecha_emision=HOY,
        valido_hasta=HOY + datetime.timedelta(days=15),
        condiciones="Entrega en 48 horas",
        creado_por=t["vendedor"],
    )
    LineaCotizacion.objects.create(
        documento=cotizacion,
        codigo="LAP-01",
        descripcion="Laptop 14 pulgadas",
        cantidad=1,
        precio_unitario=Decimal("2360"),
    )
    calculo.recalcular(cotizacion)
    cotizacion.save()

    contenido = _pdf(oficina, f"/cpe/impreso/cotizacion/{cotizacion.pk}.pdf?formato=a5")

    texto = texto_pdf(contenido)
    assert (
        "COTIZACIÓN" in texto and "CT01-00000007" in texto and "05/12/2026" in texto and "Entrega en 48 horas" in texto
    )
    assert "S/ 2,360.00" in texto and "SON: DOS MIL TRESCIENTOS SESENTA CON 00/100 SOLES" in texto
    assert qr_pdf(contenido) == []


def test_solo_quien_puede_ver_el_documento(client, tienda_cpe):
    t = tienda_cpe
    _, cpe = _factura(t)
    otra = factories.sucursal(t["empresa"], codigo="0002")
    ajeno = factories.usuario("ajeno", sucursales=[otra], perfiles=list(t["contador"].perfiles.all()))
    sin_permiso = factories.usuario("almacenero", sucursales=[t["sucursal"]])

    assert client.get(f"/cpe/{cpe.nombre}.pdf").status_code == 404
    for usuario in (ajeno, sin_permiso):
        client.force_login(usuario)
        assert client.get(f"/cpe/{cpe.nombre}.pdf").status_code == 404
        assert client.get(f"/cpe/impreso/venta/{cpe.documento_id}.pdf").status_code == 404


def test_el_correo_lleva_el_pdf_y_el_xml(tienda_cpe):
    t = tienda_cpe
    factura, cpe = _factura(t)

    services.documento_enviar_correo(
        documento=factura, destinatarios=["lucia@example.com"], mensaje="Gracias", usuario=t["vendedor"]
    )

    adjuntos = {nombre: (contenido, tipo) for nombre, contenido, tipo in mail.outbox[0].attachments}
    assert set(adjuntos) == {f"{cpe.nombre}.pdf", f"{cpe.nombre}.xml"}  # no CDR before SUNAT answers
    assert adjuntos[f"{cpe.nombre}.xml"] == (bytes(cpe.xml), "application/xml")
    assert "F001-00000001" in texto_pdf(adjuntos[f"{cpe.nombre}.pdf"][0])
    cpe.cdr = b"PK-cdr"
    cpe.save(update_fields=["cdr"])
    services.documento_enviar_correo(
        documento=factura, destinatarios=["lucia@example.com"], mensaje="", usuario=t["vendedor"]
    )
    assert f"R-{cpe.nombre}.zip" in [nombre for nombre, _, _ in mail.outbox[1].attachments]


def test_la_pagina_del_documento_enlaza_sus_pdf(oficina, tienda_cpe):
    t = tienda_cpe
    factura, cpe = _factura(t)

    pagina = oficina.get(f"/admin/billing/factura/{factura.pk}/change/").content.decode()

    assert f'href="/cpe/impreso/venta/{factura.pk}.pdf?formato=a4"' in pagina
    assert f'href="/cpe/impreso/venta/{factura.pk}.pdf?formato=ticket"' in pagina
    lista = oficina.get("/admin/billing/factura/").content.decode()
    assert f'href="/cpe/{cpe.nombre}.pdf"' in lista


def test_dolares_retencion_percepcion_y_logo(oficina, tienda_cpe, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    t = tienda_cpe
    logo = io.BytesIO()
    Image.new("RGB", (300, 100), "navy").save(logo, format="PNG")
    t["empresa"].logo = SimpleUploadedFile("logo.png", logo.getvalue(), content_type="image/png")
    t["empresa"].save()
    dolares = {"moneda": Moneda.objects.get(codigo="USD"), "tipo_cambio": Decimal("3.750")}
    _, con_retencion = emitir(t, lineas=[(t["soporte"], 10, "118.00")], retencion_porcentaje=Decimal("3"), **dolares)
    _, con_percepcion = emitir(t, lineas=[(t["soporte"], 10, "118.00")], **dolares)
    # As a percepción document stores it (1,180.00 dollars are 4,425.00 soles; 2 % stated in soles).
    DocumentoVenta.objects.filter(pk=con_percepcion.documento_id).update(
        percepcion_regimen="01", percepcion_base=Decimal("4425.00"), percepcion_monto=Decimal("88.50")
    )

    retencion = _pdf(oficina, f"/cpe/{con_retencion.nombre}.pdf")
    percepcion = texto_pdf(_pdf(oficina, f"/cpe/{con_percepcion.nombre}.pdf"))

    texto = texto_pdf(retencion)
    assert "DÓLARES AMERICANOS" in texto and "Tipo de cambio: 3.750" in texto
    assert "US$ 1,000.00" in texto and "US$ 180.00" in texto and "US$ 1,180.00" in texto
    assert "Retención 3% US$ 35.40" in texto
    assert qr_pdf(retencion)[0].split("|")[4:6] == ["180.00", "1180.00"]
    assert len(PdfReader(io.BytesIO(retencion)).pages[0].images) == 2  # the logo and the QR
    assert "Percepción S/ 88.50" in percepcion and "Total con percepción S/ 4,513.50" in percepcion
