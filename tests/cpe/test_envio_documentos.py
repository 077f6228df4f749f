"""Issued sales documents through the real client, over HTTP, to the sandbox: every case of the checklist."""

import datetime
from decimal import Decimal

import pytest

from billing import services
from billing.models import AnticipoAplicado, CuentaBancaria, Cuota
from cpe.models import ComprobanteElectronico, EstadoCpe
from cpe.sandbox.models import DocumentoRecibido
from cpe.services import cpe_enviar
from erp.models import Moneda
from inventory.models import Producto
from tests import factories
from tests.cpe.kit import validar
from tests.ventas import HOY, borrador

pytestmark = pytest.mark.django_db(transaction=True)



def _producto(tienda, codigo, afectacion="10", **campos):
    return Producto.objects.create(
        empresa=tienda["empresa"], codigo=codigo, nombre=f"Producto {codigo}", tipo="S", unidad_id="ZZ", afectacion_igv=afectacion, **campos
    )


def _emitir_y_enviar(tienda, documento) -> ComprobanteElectronico:
    documento = services.documento_emitir(documento_id=documento.pk, usuario=tienda["vendedor"])
    comprobante = ComprobanteElectronico.con_archivos.get(documento=documento)
    veredicto = validar(bytes(comprobante.xml), f"{comprobante.nombre}.xml")
    assert veredicto["status"] == "accepted", (veredicto["xsd_errors"], veredicto["rejections"], veredicto["observations"])
    return cpe_enviar(comprobante_id=comprobante.pk)


def _cliente_exterior(tienda):
    return factories.cliente(tienda["sucursal"], nombre="IMPORTADORA DEL NORTE LLC", tipo="0", numero="US-771234")


CASOS = {
    "soles": lambda t: dict(lineas=[(t["laptop"], 1, "2360"), (t["soporte"], 5, "23.60")]),
    "dolares": lambda t: dict(lineas=[(t["soporte"], 3, "177.89")], moneda=Moneda.objects.get(codigo="USD"), tipo_cambio=Decimal("3.745")),
    "exonerada": lambda t: dict(lineas=[(_producto(t, "EXO", "20"), 4, "12.50")]),
    "inafecta": lambda t: dict(lineas=[(_producto(t, "INA", "30"), 2, "35")]),
    "exportacion": lambda t: dict(
        lineas=[(_producto(t, "EXP", "40"), 10, "25.50")], cliente=_cliente_exterior(t), tipo_operacion="0200", moneda=Moneda.objects.get(codigo="USD"), tipo_cambio=Decimal("3.75")
    ),
    "combinada": lambda t: dict(lineas=[(t["soporte"], 2, "118"), (_producto(t, "EXO", "20"), 1, "50"), (_producto(t, "INA", "30"), 3, "10")]),
    "gratuita": lambda t: dict(lineas=[(_producto(t, "MUESTRA", "13"), 2, "40", {"ingreso_con_igv": False, "valor_unitario": Decimal("40")})]),
    "gratuita_con_gravada": lambda t: dict(
        lineas=[(t["soporte"], 1, "118"), (_producto(t, "BONO", "15"), 1, "20", {"ingreso_con_igv": False, "valor_unitario": Decimal("20")})]
    ),
    "descuento_global": lambda t: dict(lineas=[(t["soporte"], 2, "118"), (t["mouse"], 1, "59")], descuento_global=Decimal("25")),
    "descuento_linea": lambda t: dict(lineas=[(t["soporte"], 2, "118", {"descuento_porcentaje": Decimal("10")})]),
    "descuentos_global_y_linea": lambda t: dict(
        lineas=[(t["soporte"], 2, "118", {"descuento_porcentaje": Decimal("5")}), (t["mouse"], 1, "59")], descuento_global=Decimal("15")
    ),
    "otros_cargos": lambda t: dict(lineas=[(t["soporte"], 1, "236")], otros_cargos=Decimal("20")),
    "isc": lambda t: dict(
        lineas=[
            (t["soporte"], 10, "0", {"ingreso_con_igv": False, "valor_unitario": Decimal("10"), "isc_sistema": "01", "isc_tasa": Decimal("30")}),
            (t["soporte"], 2, "0", {"ingreso_con_igv": False, "valor_unitario": Decimal("20"), "isc_sistema": "02", "isc_tasa": Decimal("1.50")}),
        ]
    ),
    "percepcion": lambda t: dict(lineas=[(t["soporte"], 10, "118")], percepcion_regimen="01", tipo_operacion="2001"),
    "detraccion": lambda t: dict(
        lineas=[(t["soporte"], 10, "118")], detraccion_codigo="037", detraccion_porcentaje=Decimal("12"), tipo_operacion="1001"
    ),
    "credito_en_cuotas": lambda t: dict(lineas=[(t["soporte"], 10, "118")], forma_pago="credito"),
}


@pytest.mark.parametrize("caso", list(CASOS))
@pytest.mark.parametrize("tipo", ["01", "03"])
def test_sandbox_acepta_cada_caso(tienda, caso, tipo):
    if tipo == "03" and caso in ("detraccion", "credito_en_cuotas"):
        pytest.skip("caso de factura")
    datos = CASOS[caso](tienda)
    if tipo == "03" and "cliente" not in datos:
        datos["cliente"] = tienda["con_dni"]
    if caso == "detraccion":
        CuentaBancaria.objects.create(empresa=tienda["empresa"], banco="Banco de la Nación", moneda_id=1, numero="00-081-123456", es_detraccion=True)
    documento = borrador(tienda, tipo=tipo, **datos)
    if caso == "credito_en_cuotas":
        Cuota.objects.create(documento=documento, numero=1, fecha_pago=HOY + datetime.timedelta(days=30), monto=Decimal("600"))
        Cuota.objects.create(documento=documento, numero=2, fecha_pago=HOY + datetime.timedelta(days=60), monto=Decimal("580"))
    comprobante = _emitir_y_enviar(tienda, documento)
    assert comprobante.estado == EstadoCpe.ACEPTADO, (comprobante.codigo_respuesta, comprobante.descripcion, comprobante.observaciones)
    assert comprobante.codigo_respuesta == "0" and comprobante.cdr
    recibido = DocumentoRecibido.objects.get(ruc=tienda["empresa"].ruc, serie=comprobante.serie, numero=comprobante.numero)
    assert recibido.codigo == "0" and recibido.hash == comprobante.hash


def test_anticipo_y_regularizacion(tienda):
    anticipo = borrador(tienda, lineas=[(tienda["soporte"], 1, "1180")], es_anticipo=True)
    primero = _emitir_y_enviar(tienda, anticipo)
    assert primero.estado == EstadoCpe.ACEPTADO
    final = borrador(tienda, lineas=[(tienda["soporte"], 1, "3540")])
    AnticipoAplicado.objects.create(documento=final, anticipo=primero.documento, monto=Decimal("1000"))
    comprobante = _emitir_y_enviar(tienda, final)
    assert comprobante.estado == EstadoCpe.ACEPTADO
    # 3000 + 540 IGV, minus the advance 1000 + 180: 2360 to pay.
    assert comprobante.documento.importe_total == Decimal("2360.00")


@pytest.mark.parametrize("motivo", ["01", "07", "09"])
def test_nota_de_credito_aceptada(tienda, motivo):
    factura = _emitir_y_enviar(tienda, borrador(tienda, lineas=[(tienda["laptop"], 2, "2360")])).documento
    nota = borrador(tienda, tipo="07", motivo_nota=motivo, sustento="Ajuste acordado con el cliente")
    services.nota_importar_lineas(nota=nota, referencia=factura)
    if motivo != "01":
        nota.lineas.update(cantidad=1)
    comprobante = _emitir_y_enviar(tienda, nota)
    assert comprobante.estado == EstadoCpe.ACEPTADO
    assert comprobante.descripcion == f"La Nota de Credito numero FC01-{comprobante.numero}, ha sido aceptada"


def test_nota_de_debito_aceptada(tienda):
    factura = _emitir_y_enviar(tienda, borrador(tienda, lineas=[(tienda["soporte"], 1, "118")])).documento
    nota = borrador(tienda, tipo="08", motivo_nota="01", sustento="Intereses por mora", documento_referencia=factura, lineas=[(tienda["soporte"], 1, "11.80")])
    assert _emitir_y_enviar(tienda, nota).estado == EstadoCpe.ACEPTADO
