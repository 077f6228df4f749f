"""Guías de remisión of a purchase (motivo 02, from the purchase screens) and of an import or export (08, 09, by hand):
the office's screens, the service's checks and SUNAT's rules on the signed DespatchAdvice."""

from decimal import Decimal

import pytest
from django.utils import timezone

from billing import guias as servicio
from billing.models import GuiaRemision
from cpe.models import ComprobanteElectronico, ConfiguracionCpe
from erp.models import Direccion, Distrito, Pais, Serie, Socio, TipoDocumentoIdentidad
from purchases import services as compras
from tests import factories
from tests.cpe.kit import validar

pytestmark = pytest.mark.django_db
CALLAO, PAITA, MIRAFLORES = "070101", "200501", "150122"


@pytest.fixture
def empresa_tienda():
    """The shop's company with its certificate: issued guides carry their signed XML."""
    empresa = factories.empresa(con_certificado=True)
    ConfiguracionCpe.objects.create(empresa=empresa, envio_automatico=False)
    return empresa


@pytest.fixture
def oficina(client, tienda):
    Serie.objects.create(sucursal=tienda["sucursal"], tipo_documento="09", serie="T001")
    perfil = factories.perfil("Compras y despacho", modulos=["compras.documentos", "ventas.guias"])
    tienda["vendedor"].perfiles.add(perfil)
    client.force_login(tienda["vendedor"])
    return client


def _transporte(guia: GuiaRemision, **campos) -> GuiaRemision:
    """What the office completes before issuing: weight, packages, a private vehicle and its driver."""
    guia.peso_bruto, guia.bultos = Decimal("48.000"), 3
    for campo, valor in campos.items():
        setattr(guia, campo, valor)
    guia.save()
    guia.vehiculos.create(placa="BXL724")
    guia.conductores.create(numero_documento="41234567", nombres="Luis Alberto", apellidos="Ramos Huamán", licencia="Q41234567")
    return guia


def _xml_aceptado(guia: GuiaRemision) -> dict:
    comprobante = ComprobanteElectronico.con_archivos.get(guia=guia)
    resultado = validar(bytes(comprobante.xml), f"{comprobante.nombre}.xml")
    assert resultado["accepted"], resultado["xsd_errors"] or resultado["rejections"]
    assert not resultado["observations"], resultado["observations"]
    return resultado


def _proveedor(tienda) -> Socio:
    proveedor = Socio.objects.create(
        sucursal=tienda["sucursal"], tipo_documento=TipoDocumentoIdentidad.objects.get(codigo="6"),
        numero_documento=factories.ruc_valido(), razon_social="DISTRIBUIDORA ANDINA S.A.C.", es_proveedor=True,
    )  # fmt: skip
    Direccion.objects.create(socio=proveedor, nombre="Almacén", direccion="Av. Argentina 2450", pais=Pais.objects.get(codigo="PE"), distrito=Distrito.objects.get(ubigeo=CALLAO), principal=True)
    return proveedor


def test_guia_de_una_factura_de_compra(oficina, tienda):
    """The purchase screen's button: a motivo-02 draft from the provider's address to the warehouse, citing its factura."""
    proveedor = _proveedor(tienda)
    factura = compras.factura_registrar(
        cabecera={"sucursal": tienda["sucursal"], "almacen": tienda["almacen"], "proveedor": proveedor, "tipo": "01", "serie": "F001", "numero": "00000311", "fecha_emision": timezone.localdate()},
        lineas=[
            {"producto": tienda["laptop"], "cantidad": Decimal("4"), "valor_unitario": Decimal("1500")},
            {"producto": tienda["soporte"], "cantidad": Decimal("1"), "valor_unitario": Decimal("100")},
        ],
        usuario=tienda["vendedor"],
    )  # fmt: skip
    pagina = oficina.get(f"/admin/purchases/facturacompra/{factura.pk}/change/").content.decode()
    assert f"/admin/purchases/facturacompra/{factura.pk}/guia-remision/" in pagina
    respuesta = oficina.get(f"/admin/purchases/facturacompra/{factura.pk}/guia-remision/", follow=True)
    guia = GuiaRemision.objects.get()
    assert respuesta.redirect_chain[-1][0] == f"/admin/billing/guiaremision/{guia.pk}/change/"
    assert (guia.motivo, guia.proveedor, guia.destinatario, guia.partida_distrito.ubigeo, guia.partida_direccion) == ("02", proveedor, None, CALLAO, "Av. Argentina 2450")
    assert (guia.llegada_distrito, guia.llegada_direccion) == (tienda["sucursal"].distrito, tienda["sucursal"].direccion)
    assert [(ln.producto, ln.cantidad) for ln in guia.lineas.all()] == [(tienda["laptop"], 4)]  # not the service
    assert [(d.tipo, d.numero, d.ruc_emisor) for d in guia.documentos.all()] == [("01", "F001-311", proveedor.numero_documento)]

    guia = servicio.guia_emitir(guia_id=_transporte(guia).pk, usuario=tienda["vendedor"])
    assert guia.numero == 1 and guia.destinatario_numero_documento == tienda["empresa"].ruc
    _xml_aceptado(guia)


def test_guia_de_compra_sin_proveedor_no_se_emite(tienda):
    Serie.objects.create(sucursal=tienda["sucursal"], tipo_documento="09", serie="T001")
    guia = servicio.guia_desde_compra(proveedor=_proveedor(tienda), almacen=tienda["almacen"], bienes=[(tienda["mouse"], 5)], usuario=tienda["vendedor"])
    _transporte(guia, proveedor=None)
    with pytest.raises(Exception, match="indique al proveedor"):
        servicio.guia_emitir(guia_id=guia.pk, usuario=tienda["vendedor"])
    assert Serie.objects.get(serie="T001").ultimo_numero == 0


def _formulario(tienda, motivo: str, **campos) -> dict:
    """The guide's add form as the office fills it by hand: one good, private transport, one related document."""
    hoy = timezone.localdate().isoformat()
    datos = {
        "sucursal": tienda["sucursal"].pk, "tipo": "09", "serie": Serie.objects.get(serie="T001").pk, "fecha_emision": hoy,
        "fecha_inicio": hoy, "motivo": motivo, "peso_bruto": "1250.500", "unidad_peso": "KGM", "bultos": "12", "modalidad": "02",
        "partida_distrito": Distrito.objects.get(ubigeo="150101").pk, "partida_direccion": "Jr. de la Unión 500",
        "llegada_distrito": Distrito.objects.get(ubigeo="150101").pk, "llegada_direccion": "Jr. de la Unión 500",
        "lineas-TOTAL_FORMS": "1", "lineas-INITIAL_FORMS": "0", "lineas-0-producto": tienda["laptop"].pk, "lineas-0-codigo": "LAP-01",
        "lineas-0-descripcion": "Laptop 14 pulgadas", "lineas-0-unidad": "NIU", "lineas-0-cantidad": "40",
        "vehiculos-TOTAL_FORMS": "1", "vehiculos-INITIAL_FORMS": "0", "vehiculos-0-placa": "BXL724",
        "conductores-TOTAL_FORMS": "1", "conductores-INITIAL_FORMS": "0", "conductores-0-tipo_documento": "1",
        "conductores-0-numero_documento": "41234567", "conductores-0-nombres": "Luis Alberto", "conductores-0-apellidos": "Ramos Huamán",
        "conductores-0-licencia": "Q41234567",
        "documentos-TOTAL_FORMS": "1", "documentos-INITIAL_FORMS": "0", "_save": "Guardar",
    }  # fmt: skip
    datos.update(campos)
    return datos


@pytest.mark.parametrize(
    ("motivo", "campos"),
    [
        # Import: unloaded at the port of Callao (the departure's ubigeo), to the company's warehouse, citing the DAM (regime 10).
        ("08", {"partida_distrito": CALLAO, "partida_direccion": "Terminal Norte Multipropósito, Av. Contralmirante Raygada 111", "puerto": "1-CLL",
                "documentos-0-tipo": "50", "documentos-0-numero": "118-2026-10-004512"}),
        # Export: to the port of Paita (the arrival's ubigeo), for the foreign buyer, citing the DAM (regime 40).
        ("09", {"llegada_distrito": PAITA, "llegada_direccion": "Terminal Portuario de Paita, Av. Los Pescadores s/n", "puerto": "1-PAI",
                "destinatario": "extranjero", "documentos-0-tipo": "50", "documentos-0-numero": "046-2026-40-000871"}),
    ],
    ids=["importacion", "exportacion"],
)  # fmt: skip
def test_importacion_y_exportacion_a_mano(oficina, tienda, motivo, campos):
    extranjero = factories.cliente(tienda["sucursal"], nombre="GLOBAL FOODS IMPORT LLC", tipo="0", numero="EIN942761130")
    for campo in ("partida_distrito", "llegada_distrito"):
        if campo in campos:
            campos[campo] = Distrito.objects.get(ubigeo=campos[campo]).pk
    if campos.get("destinatario"):
        campos["destinatario"] = extranjero.pk
    respuesta = oficina.post("/admin/billing/guiaremision/add/", _formulario(tienda, motivo, **campos))
    assert respuesta.status_code == 302, respuesta.context["errors"] if respuesta.context else respuesta
    guia = GuiaRemision.objects.get()
    mensajes = [str(m) for m in oficina.get(f"/admin/billing/guiaremision/{guia.pk}/emitir/", follow=True).context["messages"]]
    guia.refresh_from_db()
    assert guia.numero == 1, mensajes
    _xml_aceptado(guia)
    assert guia.documentos.get().ruc_emisor == ""


@pytest.mark.parametrize(
    ("cambios", "mensaje"),
    [
        ({"documentos-0-tipo": "01", "documentos-0-numero": "F001-25", "documentos-0-ruc_emisor": "20100070970"}, "Cite la declaración aduanera"),
        ({"puerto": ""}, "Indique el puerto o aeropuerto de desembarque"),
        ({"puerto": "1-PAI"}, "Paita está en el ubigeo 200501"),
        ({"bultos": ""}, "número de bultos"),
    ],
    ids=["sin-dam", "sin-puerto", "puerto-de-otro-ubigeo", "sin-bultos"],
)
def test_importacion_incompleta_no_se_emite(oficina, tienda, cambios, mensaje):
    campos = {"partida_distrito": Distrito.objects.get(ubigeo=CALLAO).pk, "puerto": "1-CLL", "documentos-0-tipo": "50", "documentos-0-numero": "118-2026-10-004512"}
    assert oficina.post("/admin/billing/guiaremision/add/", _formulario(tienda, "08", **{**campos, **cambios})).status_code == 302
    guia = GuiaRemision.objects.get()
    texto = oficina.get(f"/admin/billing/guiaremision/{guia.pk}/emitir/", follow=True).content.decode()
    guia.refresh_from_db()
    assert guia.numero is None and mensaje in texto and Serie.objects.get(serie="T001").ultimo_numero == 0


def test_el_numero_de_la_dam_tiene_el_formato_de_aduanas(oficina, tienda):
    datos = _formulario(tienda, "08", **{"documentos-0-tipo": "50", "documentos-0-numero": "F001-25"})
    texto = oficina.post("/admin/billing/guiaremision/add/", datos).content.decode()
    assert "aduana-año-régimen-número" in texto and not GuiaRemision.objects.exists()


def test_una_dam_no_va_en_una_guia_de_venta(tienda):
    Serie.objects.create(sucursal=tienda["sucursal"], tipo_documento="09", serie="T001")
    guia = servicio.guia_desde_compra(proveedor=_proveedor(tienda), almacen=tienda["almacen"], bienes=[(tienda["mouse"], 5)], usuario=tienda["vendedor"])
    _transporte(guia, motivo="01", proveedor=None, destinatario=tienda["con_ruc"], llegada_distrito=Distrito.objects.get(ubigeo=MIRAFLORES))
    guia.documentos.all().delete()
    guia.documentos.create(tipo="50", numero="118-2026-10-004512")
    with pytest.raises(Exception, match="Una DAM o DS solo se cita"):
        servicio.guia_emitir(guia_id=guia.pk, usuario=tienda["vendedor"])


def test_guia_de_una_recepcion_de_orden(oficina, tienda):
    """A reception of an order: the guide for what arrived that day, from the order's provider."""
    from purchases.models import LineaOrdenCompra, OrdenCompra

    proveedor = _proveedor(tienda)
    orden = OrdenCompra.objects.create(sucursal=tienda["sucursal"], almacen=tienda["almacen"], proveedor=proveedor, fecha_emision=timezone.localdate(), numero=1, creado_por=tienda["vendedor"])
    linea = LineaOrdenCompra.objects.create(documento=orden, producto=tienda["mouse"], descripcion="Mouse inalámbrico", cantidad=Decimal("50"), valor_unitario=Decimal("20"))
    compras.orden_emitir(orden_id=orden.pk, usuario=tienda["vendedor"])
    recepcion = compras.recepcion_registrar(orden_id=orden.pk, fecha=timezone.localdate(), cantidades={linea.pk: Decimal("30")}, usuario=tienda["vendedor"])
    respuesta = oficina.get(f"/admin/purchases/recepcion/{recepcion.pk}/guia-remision/", follow=True)
    guia = GuiaRemision.objects.get()
    assert respuesta.redirect_chain[-1][0] == f"/admin/billing/guiaremision/{guia.pk}/change/"
    assert [(ln.producto, ln.cantidad) for ln in guia.lineas.all()] == [(tienda["mouse"], 30)] and guia.proveedor == proveedor
    guia = servicio.guia_emitir(guia_id=_transporte(guia).pk, usuario=tienda["vendedor"])
    _xml_aceptado(guia)
