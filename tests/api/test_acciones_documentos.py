"""factura-*, boleta-*, nota-* and fesunat-enviar beyond the manual's examples: rules, errors, SUNAT."""

import datetime
import json
from decimal import Decimal

import pytest

from billing import services
from billing.models import CuentaBancaria, DocumentoVenta
from cpe.models import ComprobanteElectronico, ConfiguracionCpe, EstadoCpe
from cpe.sandbox.models import Falla, TipoFalla
from erp.models import ApiKey, Empresa, Serie
from inventory.models import Producto
from tests import factories
from tests.api.conftest import ClienteApi, venta
from tests.ventas import HOY

pytestmark = pytest.mark.django_db

def _error(resp, codigo=11, http=400):
    assert resp.status_code == http, resp.content
    assert set(resp.json()) == {"error", "codigo"} and resp.json()["codigo"] == codigo
    return resp.json()["error"]


def test_factura_con_fecha_dd_mm_aaaa_pagada_en_efectivo(caja, tienda):
    resp = caja(venta(tienda))
    assert resp.status_code == 201
    documento = DocumentoVenta.objects.get(pk=int(resp.json()["id"]))
    assert (documento.numero_completo, documento.fecha_emision, documento.importe_total) == ("F001-00000001", HOY, Decimal("118.00"))
    assert documento.total_igv == Decimal("18.00") and documento.estado_pago == "pagado"
    pago = documento.pagos.get()
    assert (pago.monto, pago.metodo_pago, pago.fecha) == (Decimal("118.00"), tienda["efectivo"], HOY)


def test_venta_al_credito_con_el_precio_del_producto(caja, tienda):
    vence = HOY + datetime.timedelta(days=30)
    detalle = [{"cod_num": tienda["laptop"].cod_num}]
    resp = caja(venta(tienda, factura_estado=2, factura_formapago_cpe="2", factura_fechapago=vence.isoformat(), factura_idpago=None, detalle=detalle))
    assert resp.status_code == 201, resp.content
    documento = DocumentoVenta.objects.get(pk=int(resp.json()["id"]))
    assert documento.forma_pago == "credito" and documento.importe_total == Decimal("2360.00")
    assert [(c.fecha_pago, c.monto) for c in documento.cuotas.all()] == [(vence, Decimal("2360.00"))]
    assert documento.estado_pago == "pendiente" and not documento.pagos.exists()


def test_dolares_con_tipo_de_cambio_y_totales_declarados(caja, tienda):
    resp = caja(venta(tienda, factura_idmoneda=2, factura_tipocambio="3.745", factura_total="118.00", factura_igv="18.00", factura_subtotal="100.00"))
    assert resp.status_code == 201, resp.content
    documento = DocumentoVenta.objects.get(pk=int(resp.json()["id"]))
    assert (documento.moneda.codigo, documento.tipo_cambio) == ("USD", Decimal("3.745"))


def test_detraccion(caja, tienda):
    CuentaBancaria.objects.create(empresa=tienda["empresa"], banco="Banco de la Nación", moneda_id=1, numero="00-081-123456", es_detraccion=True)
    detalle = [{"cod_num": tienda["soporte"].cod_num, "cantidad": 10, "precio_unit": 118}]
    resp = caja(venta(tienda, factura_detraccion=1, factura_porcentaje_detraccion=12, factura_codigo_detraccion="037", detalle=detalle))
    assert resp.status_code == 201, resp.content
    documento = DocumentoVenta.objects.get(pk=int(resp.json()["id"]))
    assert (documento.tipo_operacion, documento.detraccion_monto) == ("1001", Decimal("142.00"))


@pytest.mark.parametrize(
    "cambios,mensaje",
    [
        ({"factura_estado": 3}, "factura_estado 3 (anulada) no se registra por el API"),
        ({"detalle": []}, "No se recibió uno o más campos: falta «detalle»."),
        ({"detalle": [{"cod_num": 99}]}, "Ítem 1 del detalle: no existe un producto activo con cod_num 99."),
        ({"detalle": [{"cod_num": 1, "cantidad": "dos"}]}, "Ítem 1 del detalle: El campo «cantidad» debe ser un número"),
        ({"detalle": [{"cod_num": 1, "precio_unit": 20.555}]}, "Ítem 1 del detalle: El campo «precio_unit» admite hasta 2 decimales."),
        ({"detalle": [{"cod_num": 1, "descuento": 100}]}, "Ítem 1 del detalle: El campo «descuento» es un porcentaje"),
        ({"detalle": [{"cod_num": 123456789}]}, "Ítem 1 del detalle: El campo «cod_num» debe tener de 1 a 8 dígitos."),
        ({"detalle": {"cod_num": 1}}, "El campo «detalle» debe ser una lista de objetos."),
        ({"factura_idmoneda": 2}, "Un documento en dólar americano necesita su tipo de cambio"),
        ({"factura_idmoneda": 9}, "El campo «factura_idmoneda» no corresponde a una moneda: 9"),
        ({"factura_fecha": "2026-13-01"}, "El campo «factura_fecha» debe ser una fecha DD-MM-AAAA o AAAA-MM-DD."),
        ({"factura_fechapago": "01-01-2020"}, "La fecha de pago (factura_fechapago) no puede ser anterior"),
        ({"factura_hora_creacion": "25:00:00"}, "El campo «factura_hora_creacion» debe ser una hora HH:mm:ss."),
        ({"factura_formapago_cpe": "3"}, "El campo «factura_formapago_cpe» debe ser 1 (contado) o 2 (crédito)."),
        ({"factura_formapago_cpe": None}, "falta «factura_formapago_cpe»"),
        ({"factura_formapago_cpe": "2"}, "Una venta al crédito (forma de pago 2) no puede registrarse pagada"),
        ({"factura_idpago": 999}, "El campo «factura_idpago» no corresponde a un método de pago activo: 999."),
        ({"factura_observaciones": "x" * 251}, "El campo «factura_observaciones» admite hasta 250 caracteres."),
        ({"factura_observaciones": "nulo\x00"}, "El campo «factura_observaciones» contiene caracteres no permitidos."),
        ({"factura_detraccion": 1, "factura_porcentaje_detraccion": 12, "factura_codigo_detraccion": "999"}, "no es un código del catálogo 54"),
        ({"factura_total": "100.00"}, "Los totales no cuadran con las líneas: importe_total: declarado 100.00, calculado 118.00."),
        ({"factura_cliente": "con_dni"}, "La factura solo se emite a clientes con RUC; para este cliente emita una boleta."),
        ({"factura_idcontacto": 999999}, "El contacto 999999 no es del cliente"),
        ({"detalle": [{"cod_num": "mouse", "cantidad": 1000}]}, "Stock insuficiente de Mouse inalámbrico"),
        ({"detalle": [{"cod_num": 1, "cantidad": "1E+1"}]}, "Ítem 1 del detalle: El campo «cantidad» debe ser un número con punto decimal y sin exponente"),
        ({"detalle": [{"cod_num": 1, "precio_unit": "5.9e1"}]}, "El campo «precio_unit» debe ser un número con punto decimal y sin exponente"),
        ({"detalle": [{"cod_num": 1, "cantidad": "2.00001"}]}, "Ítem 1 del detalle: El campo «cantidad» admite hasta 4 decimales."),
        ({"factura_total": "1.18E+2"}, "El campo «factura_total» debe ser un número con punto decimal y sin exponente"),
    ],
)
def test_datos_invalidos_codigo_11_sin_guardar_nada(caja, tienda, cambios, mensaje):
    if cambios.get("factura_cliente") == "con_dni":
        cambios.update(factura_cliente=tienda["con_dni"].pk, factura_idcontacto=0)
    for item in cambios.get("detalle") if isinstance(cambios.get("detalle"), list) else []:
        if item.get("cod_num") == 1 or item.get("cod_num") == "mouse":
            item["cod_num"] = tienda["mouse"].cod_num
    assert mensaje in _error(caja(venta(tienda, **cambios)))
    assert not DocumentoVenta.objects.exists()
    assert Serie.objects.get(serie="F001").ultimo_numero == 0


def test_numero_json_con_exponente_es_codigo_11(caja, tienda):
    cuerpo = json.dumps(venta(tienda, detalle=[{"cod_num": tienda["mouse"].cod_num, "cantidad": "CANTIDAD"}]))
    mensaje = _error(caja(cuerpo.replace('"CANTIDAD"', "1E+1")))
    assert mensaje == "Ítem 1 del detalle: El campo «cantidad» debe ser un número con punto decimal y sin exponente, por ejemplo 2034.56."
    assert _error(caja(cuerpo.replace('"CANTIDAD"', "2.0e0"))).endswith("«cantidad» debe ser un número con punto decimal y sin exponente, por ejemplo 2034.56.")
    assert not DocumentoVenta.objects.exists()
    assert caja(cuerpo.replace('"CANTIDAD"', "2.50")).status_code == 201


def test_cliente_que_no_existe_o_de_otra_sucursal_es_codigo_12(caja, tienda):
    assert _error(caja(venta(tienda, factura_cliente=987654)), codigo=12) == "No se encontró el cliente con el id 987654"
    otra = factories.sucursal(tienda["empresa"], codigo="0009", nombre="Trujillo")
    ajeno = factories.cliente(otra)
    assert _error(caja(venta(tienda, factura_cliente=ajeno.pk)), codigo=12) == f"No se encontró el cliente con el id {ajeno.pk}"
    assert _error(caja({**venta(tienda), "action": "factura-editar", "factura_id": 55}), codigo=12) == "No se encontró la Factura de venta con el id 55"
    assert _error(caja({"action": "boleta-eliminar", "factura_id": 1}), codigo=12) == "No se encontró la Boleta de venta con el id 1"


def test_producto_con_series_exige_la_serie(caja, tienda):
    disco = Producto.objects.create(empresa=tienda["empresa"], codigo="HD-1", nombre="Disco", precio_venta=100, valor_venta=Decimal("84.745763"), maneja_series=True)
    mensaje = _error(caja(venta(tienda, detalle=[{"cod_num": disco.cod_num, "precio_unit": 100}])))
    assert mensaje == "Disco controla números de serie: indique 1 (se indicaron 0)."


def _factura(caja, tienda, **campos):
    resp = caja(venta(tienda, **campos))
    assert resp.status_code == 201, resp.content
    return DocumentoVenta.objects.get(pk=int(resp.json()["id"]))


@pytest.mark.parametrize("estado", [EstadoCpe.ACEPTADO, EstadoCpe.OBSERVADO, EstadoCpe.RECHAZADO, EstadoCpe.ANULADO, EstadoCpe.ENVIANDO])
def test_no_se_edita_ni_elimina_lo_que_sunat_recibio(caja, tienda, estado):
    documento = _factura(caja, tienda)
    ComprobanteElectronico.objects.filter(documento=documento).update(estado=estado, codigo_respuesta="2800", descripcion="Dato no válido")
    esperado = {
        EstadoCpe.ACEPTADO: "SUNAT ya aceptó Factura F001-00000001: no se puede editar ni eliminar. Corríjalo con una nota de crédito",
        EstadoCpe.OBSERVADO: "SUNAT ya aceptó Factura F001-00000001",
        EstadoCpe.RECHAZADO: "SUNAT rechazó Factura F001-00000001 (2800 Dato no válido): ese número ya no se modifica",
        EstadoCpe.ANULADO: "Factura F001-00000001 está anulado ante SUNAT",
        EstadoCpe.ENVIANDO: "Factura F001-00000001 se está enviando a SUNAT en este momento",
    }[estado]
    editar = {**venta(tienda, detalle=[{"cod_num": tienda["mouse"].cod_num, "cantidad": 5, "precio_unit": 59}]), "action": "factura-editar", "factura_id": documento.pk}
    assert esperado in _error(caja(editar))
    assert esperado in _error(caja({"action": "factura-eliminar", "factura_id": documento.pk}))
    documento.refresh_from_db()
    assert documento.importe_total == Decimal("118.00") and documento.lineas.get().cantidad == 2


def test_editar_cambia_lineas_stock_pago_y_xml(caja, tienda, firma):
    documento = _factura(caja, tienda)
    stock = tienda["mouse"].stocks.get().cantidad
    xml_antes = bytes(ComprobanteElectronico.con_archivos.get(documento=documento).xml)
    editar = {**venta(tienda, factura_estado=2, detalle=[{"cod_num": tienda["mouse"].cod_num, "cantidad": 3, "precio_unit": 59}]), "action": "factura-editar", "factura_id": documento.pk}
    assert caja(editar).status_code == 200
    documento.refresh_from_db()
    assert (documento.importe_total, documento.estado_pago, documento.pagos.count()) == (Decimal("177.00"), "pendiente", 0)
    assert tienda["mouse"].stocks.get().cantidad == stock - 1
    comprobante = ComprobanteElectronico.con_archivos.get(documento=documento)
    assert bytes(comprobante.xml) != xml_antes and b"177.00" in bytes(comprobante.xml)
    assert comprobante.nombre.endswith("-01-F001-1") and comprobante.estado == EstadoCpe.PENDIENTE


def test_editar_respeta_los_pagos_registrados_en_la_oficina(caja, tienda):
    documento = _factura(caja, tienda, factura_estado=2)
    services.pago_registrar(documento=documento, fecha=HOY, monto=Decimal(100), metodo_pago=tienda["efectivo"], usuario=tienda["vendedor"])
    editar = {**venta(tienda, detalle=[{"cod_num": tienda["mouse"].cod_num, "cantidad": 1, "precio_unit": 59}]), "action": "factura-editar", "factura_id": documento.pk}
    assert "Los pagos registrados (100.00) superan el total de Factura F001-00000001 (59.00)" in _error(caja(editar))
    editar["detalle"][0]["cantidad"] = 3
    assert caja(editar).status_code == 200
    # The office's 100 stay; the API pays the rest.
    assert sorted(p.monto for p in documento.pagos.all()) == [Decimal("77.00"), Decimal("100.00")]


def test_eliminar_devuelve_stock_y_quita_el_cpe(caja, tienda):
    stock = tienda["mouse"].stocks.get().cantidad
    documento = _factura(caja, tienda)
    resp = caja({"action": "factura-eliminar", "factura_id": documento.pk})
    assert resp.json() == {"respuesta": "Se eliminó la Factura de venta con éxito", "id": documento.pk}
    assert not DocumentoVenta.objects.exists() and not ComprobanteElectronico.objects.exists()
    assert tienda["mouse"].stocks.get().cantidad == stock
    # The next one takes the next number: a number SUNAT never saw is not reused.
    assert _factura(caja, tienda).numero == 2


def _nota_de_credito(tienda, documento):
    """A credit note that voids `documento`, issued in the office."""
    nota = DocumentoVenta.objects.create(
        tipo="07", sucursal=tienda["sucursal"], serie=Serie.objects.get(serie="FC01"), cliente=tienda["con_ruc"], fecha_emision=HOY,
        documento_referencia=documento, motivo_nota="01", sustento="Anulación",
    )
    services.nota_importar_lineas(nota=nota, referencia=documento)
    return services.documento_emitir(documento_id=nota.pk, usuario=tienda["vendedor"])


def test_no_se_elimina_con_notas(caja, tienda):
    documento = _factura(caja, tienda)
    _nota_de_credito(tienda, documento)
    assert "tiene notas de crédito o débito" in _error(caja({"action": "factura-eliminar", "factura_id": documento.pk}))


def test_sin_permiso_del_modulo(client, tienda):
    solo_clientes = factories.usuario("miron", sucursales=[tienda["sucursal"]], perfiles=[factories.perfil("Clientes", modulos=["directorio.clientes"])])
    _, clave = ApiKey.generar(usuario=solo_clientes, nombre="x")
    assert _error(ClienteApi(client, clave)(venta(tienda)), codigo=10, http=401)


def test_fesunat_enviar_nota_de_venta_y_borrador(caja, tienda):
    nota = caja(venta(tienda, "nota-nuevo", factura_cliente=tienda["con_dni"].pk, factura_idcontacto=0)).json()["id"]
    assert "es un documento interno: no se envía a SUNAT" in _error(caja({"action": "fesunat-enviar", "id": int(nota), "tipodoc": 3}))
    assert _error(caja({"action": "fesunat-enviar", "id": int(nota), "tipodoc": 1}), codigo=12) == f"No se encontró la Factura con el id {nota}"
    assert "debe ser uno de 1, 2, 3" in _error(caja({"action": "fesunat-enviar", "id": 1, "tipodoc": 4}))


@pytest.mark.django_db(transaction=True)
def test_fesunat_enviar_falla_y_rechazo_de_sunat(sandbox, caja, tienda, firma):
    empresa = tienda["empresa"]
    id_ = _factura(caja, tienda).pk

    Falla.objects.create(ruc=empresa.ruc, tipo=TipoFalla.FALLA_SOAP, codigo="0130")
    mensaje = _error(caja({"action": "fesunat-enviar", "id": id_, "tipodoc": 1}), codigo=40, http=500)
    assert mensaje.startswith("La Factura numero F001-1 no se pudo enviar: 0130")

    # SUNAT only accepts the certificate the company registered: a rejection, with its code.
    Empresa.objects.filter(pk=empresa.pk).update(certificado_huella="0" * 64)
    mensaje = _error(caja({"action": "fesunat-enviar", "id": id_, "tipodoc": 1}))
    assert mensaje.startswith("La Factura numero F001-1 fue rechazada por SUNAT: 2325")
    assert ComprobanteElectronico.objects.get(documento_id=id_).estado == EstadoCpe.RECHAZADO


def test_fesunat_enviar_boleta_sigue_la_configuracion_del_resumen(caja, tienda, firma, monkeypatch):
    from cpe import services as cpe_services

    enviados = []

    def aceptar(*, comprobante_id):
        enviados.append(comprobante_id)
        comprobante = ComprobanteElectronico.objects.get(pk=comprobante_id)
        comprobante.estado, comprobante.descripcion = EstadoCpe.ACEPTADO, f"La Boleta numero {comprobante.numeracion}, ha sido aceptada"
        comprobante.save()
        return comprobante

    monkeypatch.setattr(cpe_services, "cpe_enviar", aceptar)
    boleta = _factura(caja, tienda, accion="boleta-nuevo", factura_cliente=tienda["con_dni"].pk, factura_idcontacto=0)
    assert ConfiguracionCpe.de(tienda["empresa"]).boletas_por_resumen

    resp = caja({"action": "fesunat-enviar", "id": boleta.pk, "tipodoc": 2})
    assert resp.status_code == 200, resp.content
    assert resp.json() == {"respuesta": "La Boleta de venta B001-1 se informará en el resumen diario del 20/11/2026.", "id": boleta.pk}
    assert enviados == [] and ComprobanteElectronico.objects.get(documento=boleta).estado == EstadoCpe.PENDIENTE

    ConfiguracionCpe.objects.filter(empresa=tienda["empresa"]).update(boletas_por_resumen=False)
    resp = caja({"action": "fesunat-enviar", "id": boleta.pk, "tipodoc": 2})
    assert resp.json() == {"respuesta": "La Boleta numero B001-1, ha sido aceptada", "id": boleta.pk}
    assert enviados == [boleta.cpe.pk]


def test_fesunat_enviar_tipodoc_3_envia_notas_de_credito(caja, tienda, firma, monkeypatch):
    from cpe import acciones

    factura = _factura(caja, tienda)
    nota = _nota_de_credito(tienda, factura)

    def aceptar(*, documento):
        comprobante = ComprobanteElectronico.objects.get(documento=documento)
        comprobante.estado, comprobante.descripcion = EstadoCpe.ACEPTADO, f"La Nota de Credito numero {comprobante.numeracion}, ha sido aceptada"
        comprobante.save()
        return comprobante

    monkeypatch.setattr(acciones, "cpe_enviar_sincrono", aceptar)
    resp = caja({"action": "fesunat-enviar", "id": nota.pk, "tipodoc": 3})
    assert resp.json() == {"respuesta": "La Nota de Credito numero FC01-1, ha sido aceptada", "id": nota.pk}
    assert _error(caja({"action": "fesunat-enviar", "id": factura.pk, "tipodoc": 3}), codigo=12) == f"No se encontró la Nota con el id {factura.pk}"
