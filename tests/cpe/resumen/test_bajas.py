"""Voiding accepted documents: facturas by RA, boletas by the summary with state 3; SUNAT's deadline and bad requests."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from billing.models import DocumentoVenta
from billing.services import documento_anular
from cpe import bajas
from cpe import resumen as servicio
from cpe.empaquetado import leer_zip
from cpe.models import ComprobanteElectronico, Condicion, EstadoCpe, EstadoResumen, LineaResumen, Resumen
from cpe.sandbox.models import DocumentoRecibido
from inventory.models import Movimiento, Stock
from tests.cpe.kit import validar
from tests.cpe.resumen.conftest import ayer, emitir

pytestmark = pytest.mark.django_db


def _aceptado(comprobante):
    """As if SUNAT had accepted it (facturas go by sendBill, another part of the ERP)."""
    ComprobanteElectronico.objects.filter(pk=comprobante.pk).update(estado=EstadoCpe.ACEPTADO, codigo_respuesta="0")
    return comprobante


def _stock(tienda, producto):
    return Stock.objects.get(producto=producto, almacen=tienda["almacen"]).cantidad


def _veredicto(resumen):
    for _ in range(10):
        resumen = servicio.resumen_avanzar(resumen_id=resumen.pk)
        if resumen.finalizado:
            break
    return resumen


def test_baja_de_factura_por_ra_anula_y_devuelve_el_stock_una_sola_vez(emisor, sandbox, tareas_encoladas):
    laptop = emisor["laptop"]
    antes = _stock(emisor, laptop)
    factura = _aceptado(emitir(emisor, "01", cliente=emisor["con_ruc"], lineas=[(laptop, 2, "2360")]))
    assert _stock(emisor, laptop) == antes - 2

    baja = bajas.baja_comunicar(
        documento_id=factura.documento_id, motivo="  Error en el RUC\n del cliente ", usuario=emisor["vendedor"]
    )
    assert tareas_encoladas == [
        ("cpe.tasks.consultar_resumen", (baja.pk,), {})
    ]  # its verdict, polled in the background

    hoy = timezone.localdate()
    assert isinstance(baja, Resumen) and baja.identificador == f"RA-{hoy:%Y%m%d}-1"
    assert baja.estado == EstadoResumen.EN_PROCESO and baja.ticket
    nombre, xml = leer_zip(bytes(Resumen.con_archivos.get(pk=baja.pk).zip))
    assert validar(xml, nombre)["status"] == "accepted"
    assert b"<sac:VoidReasonDescription>Error en el RUC del cliente</sac:VoidReasonDescription>" in xml
    assert DocumentoRecibido.objects.get(tipo="RA").nombre == f"{emisor['empresa'].ruc}-RA-{hoy:%Y%m%d}-1"
    factura.refresh_from_db()
    assert factura.estado == EstadoCpe.ACEPTADO  # until SUNAT says so
    assert "Baja en RA-" in bajas.situacion_sunat(factura.documento) and "en proceso" in bajas.situacion_sunat(
        factura.documento
    )

    baja = _veredicto(baja)

    assert baja.estado == EstadoResumen.ACEPTADO
    assert baja.descripcion == f"La Comunicacion de baja RA-{hoy:%Y%m%d}-1, ha sido aceptada"
    factura.refresh_from_db()
    assert factura.estado == EstadoCpe.ANULADO
    assert factura.documento.estado == DocumentoVenta.Estado.ANULADO
    assert _stock(emisor, laptop) == antes
    assert Movimiento.objects.filter(es_reversion=True).count() == 1
    assert bajas.situacion_sunat(factura.documento).endswith("Anulado en SUNAT")
    # Again: nothing more is undone.
    documento_anular(documento_id=factura.documento_id, fecha=hoy)
    servicio.resumen_consultar(resumen_id=baja.pk)
    assert _stock(emisor, laptop) == antes and Movimiento.objects.filter(es_reversion=True).count() == 1

    with pytest.raises(ValidationError, match="ya fue anulado en SUNAT"):
        bajas.baja_solicitar(documento_id=factura.documento_id, motivo="Otra vez")


def test_baja_de_boleta_va_en_el_resumen_con_estado_3(emisor, sandbox, tareas_encoladas):
    mouse = emisor["mouse"]
    antes = _stock(emisor, mouse)
    boleta = emitir(emisor, lineas=[(mouse, 3, "59")])
    (alta,) = servicio.resumen_diario_ejecutar(empresa_id=emisor["empresa"].pk)
    _veredicto(alta)

    linea = bajas.baja_comunicar(documento_id=boleta.documento_id, motivo="Venta anulada", usuario=emisor["vendedor"])

    assert isinstance(linea, LineaResumen) and linea.resumen is None and linea.condicion == Condicion.ANULAR
    assert tareas_encoladas[-1] == (
        "cpe.tasks.resumen_diario",
        (),
        {"empresa_id": emisor["empresa"].pk, "fecha": ayer().isoformat()},
    )
    assert "en espera del próximo resumen diario" in bajas.situacion_sunat(boleta.documento)
    with pytest.raises(ValidationError, match="ya tiene una baja en curso"):
        bajas.baja_solicitar(documento_id=boleta.documento_id, motivo="Venta anulada")

    (anulacion,) = servicio.resumen_diario_ejecutar(empresa_id=emisor["empresa"].pk, fecha=ayer())
    _, xml = leer_zip(bytes(Resumen.con_archivos.get(pk=anulacion.pk).zip))
    assert b"<cbc:ConditionCode>3</cbc:ConditionCode>" in xml and anulacion.correlativo == 2
    anulacion = _veredicto(anulacion)

    assert anulacion.estado == EstadoResumen.ACEPTADO
    boleta.refresh_from_db()
    assert boleta.estado == EstadoCpe.ANULADO and boleta.documento.estado == DocumentoVenta.Estado.ANULADO
    assert _stock(emisor, mouse) == antes
    with pytest.raises(ValidationError, match="ya fue anulado en SUNAT"):
        bajas.baja_solicitar(documento_id=boleta.documento_id, motivo="Otra vez")


def test_baja_rechazada_deja_el_documento_vigente_y_se_puede_pedir_de_nuevo(emisor, sandbox):
    factura = _aceptado(emitir(emisor, "01", cliente=emisor["con_ruc"]))
    empresa = emisor["empresa"]
    huella, empresa.certificado_huella = empresa.certificado_huella, "0" * 64  # SUNAT knows another certificate: 2325
    empresa.save()

    baja = _veredicto(bajas.baja_comunicar(documento_id=factura.documento_id, motivo="Error de digitación"))

    assert (baja.estado, baja.codigo_respuesta) == (EstadoResumen.RECHAZADO, "2325")
    factura.refresh_from_db()
    assert factura.estado == EstadoCpe.ACEPTADO and factura.documento.estado == DocumentoVenta.Estado.EMITIDO
    empresa.certificado_huella = huella
    empresa.save()
    assert (
        _veredicto(bajas.baja_comunicar(documento_id=factura.documento_id, motivo="Error de digitación")).estado
        == EstadoResumen.ACEPTADO
    )


def test_baja_fuera_del_plazo_de_sunat(emisor):
    hace_ocho = timezone.localdate() - datetime.timedelta(days=8)
    factura = _aceptado(emitir(emisor, "01", cliente=emisor["con_ruc"], fecha=hace_ocho))

    with pytest.raises(ValidationError) as exc:
        bajas.baja_solicitar(documento_id=factura.documento_id, motivo="Error en el monto")

    limite = hace_ocho + datetime.timedelta(days=7)
    assert exc.value.messages == [
        f"El plazo de SUNAT para dar de baja Factura {factura.documento.numero_completo} venció el {limite:%d/%m/%Y} "
        "(7 días desde su emisión): anúlelo con una nota de crédito."
    ]
    assert not Resumen.objects.exists() and not LineaResumen.objects.exists()
    # On the seventh day it still may.
    hace_siete = _aceptado(
        emitir(emisor, "01", cliente=emisor["con_ruc"], fecha=timezone.localdate() - datetime.timedelta(days=7))
    )
    assert bajas.baja_solicitar(documento_id=hace_siete.documento_id, motivo="Error en el monto").tipo == "RA"


@pytest.mark.parametrize(
    ("motivo", "mensaje"),
    [
        ("", "Escriba el motivo de la baja (al menos 3 caracteres)."),
        ("x" * 101, "El motivo de la baja admite hasta 100 caracteres."),
    ],
)
def test_motivo_obligatorio(emisor, motivo, mensaje):
    factura = _aceptado(emitir(emisor, "01", cliente=emisor["con_ruc"]))
    with pytest.raises(ValidationError) as exc:
        bajas.baja_solicitar(documento_id=factura.documento_id, motivo=motivo)
    assert exc.value.messages == [mensaje]


def test_solo_se_da_de_baja_lo_aceptado(emisor):
    boleta = emitir(emisor)  # still waiting for its summary
    with pytest.raises(ValidationError) as exc:
        bajas.baja_solicitar(documento_id=boleta.documento_id, motivo="Venta anulada")
    assert exc.value.messages == [
        f"Solo se puede dar de baja un comprobante aceptado por SUNAT; Boleta de venta {boleta.documento.numero_completo} "
        "está «pendiente de envío»."
    ]


def test_volver_a_informar_una_boleta_con_estado_2(emisor, sandbox):
    boleta = emitir(emisor, lineas=[(emisor["soporte"], 2, "59")])
    (alta,) = servicio.resumen_diario_ejecutar(empresa_id=emisor["empresa"].pk)
    _veredicto(alta)

    bajas.boleta_reinformar(documento_id=boleta.documento_id)
    with pytest.raises(ValidationError, match="ya espera el próximo resumen"):
        bajas.boleta_reinformar(documento_id=boleta.documento_id)
    (modificacion,) = servicio.resumen_diario_ejecutar(empresa_id=emisor["empresa"].pk, fecha=ayer())

    _, xml = leer_zip(bytes(Resumen.con_archivos.get(pk=modificacion.pk).zip))
    assert b"<cbc:ConditionCode>2</cbc:ConditionCode>" in xml
    assert b'<sac:TotalAmount currencyID="PEN">118.00</sac:TotalAmount>' in xml
    assert _veredicto(modificacion).estado == EstadoResumen.ACEPTADO
    boleta.refresh_from_db()
    assert boleta.estado == EstadoCpe.ACEPTADO
    assert Decimal(boleta.documento.importe_total) == Decimal("118.00")
