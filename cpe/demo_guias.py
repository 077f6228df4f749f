"""Demo guías de remisión, accepted by the ERP's sandbox: one of a sale, one of a transfer to Arequipa, one transportista.

`manage.py demo` runs with no web server, so the guides reach the sandbox's
own services in process (the same checks, rules and CDR as over HTTP).
"""

import base64
import datetime
import hashlib
from decimal import Decimal

from django.utils import timezone

from billing import guias, services
from billing.models import DocumentoVenta, GuiaRemision, LineaDocumento, TipoDocumentoVenta
from cpe.gre import EstadoEnvioGre
from cpe.models import ComprobanteElectronico, EstadoCpe
from cpe.sandbox.gre import sandbox_recibir_guia
from cpe.sandbox.services import sandbox_consultar_ticket
from cpe.services_guia import cpe_guia_consultar, cpe_guia_enviar
from erp.models import Distrito, Serie, Socio
from inventory.models import Stock, Transferencia, TransferenciaLinea
from inventory.selectors import almacen_principal

CLIENT_ID, CLIENT_SECRET = "demo-gre-client", "demo-gre-secret"
MTC_DEMO = "1534567CNG"


class SandboxEnProceso:
    """ClienteGre's two operations answered by the sandbox's services, without HTTP."""

    def __init__(self, empresa):
        self.empresa = empresa

    def enviar(self, nombre: str, contenido: bytes) -> tuple[str, str]:
        archivo = {"nomArchivo": f"{nombre}.zip", "arcGreZip": base64.b64encode(contenido).decode(), "hashZip": hashlib.sha256(contenido).hexdigest()}
        return sandbox_recibir_guia(empresa=self.empresa, nombre=nombre, archivo=archivo).numero, ""

    def consultar(self, ticket: str) -> EstadoEnvioGre:
        codigo, cdr = sandbox_consultar_ticket(empresa=self.empresa, ticket=ticket)
        return EstadoEnvioGre(codigo, bytes(cdr) if cdr else None)


def _transporte(guia: GuiaRemision, *, privado: bool) -> GuiaRemision:
    guia.peso_bruto, guia.bultos = Decimal("18.400"), 2
    if privado:
        guia.modalidad = "02"
        guia.vehiculos.create(placa="BXL724")
        guia.conductores.create(numero_documento="41234567", nombres="Luis Alberto", apellidos="Ramos Huamán", licencia="Q41234567")
    else:
        guia.modalidad = "01"
        guia.transportista_ruc, guia.transportista_razon_social, guia.transportista_mtc = "20100070970", "TRANSPORTES CRUZ DEL SUR S.A.C.", MTC_DEMO
    guia.save()
    return guia


def _aceptar(guia: GuiaRemision) -> None:
    cliente = SandboxEnProceso(guia.empresa)
    comprobante = ComprobanteElectronico.objects.get(guia=guia)
    cpe_guia_enviar(comprobante_id=comprobante.pk, cliente=cliente)
    for _ in range(10):  # the sandbox answers 98 SUNAT_SANDBOX_CONSULTAS_EN_PROCESO times
        if cpe_guia_consultar(comprobante_id=comprobante.pk, cliente=cliente).estado != EstadoCpe.ENVIANDO:
            return


def cargar_demo(contexto: dict) -> list[str]:
    empresa, sucursales, admin = contexto["empresa"], contexto["sucursales"], contexto["usuarios"]["admin"]
    if not empresa.tiene_credenciales_gre:
        empresa.gre_client_id, empresa.gre_client_secret = CLIENT_ID, CLIENT_SECRET
        empresa.save(update_fields=["gre_client_id", "gre_client_secret"])
    lineas = [f"API de guías de remisión (sandbox): client id {CLIENT_ID} / client secret {CLIENT_SECRET}"]
    if GuiaRemision.objects.filter(empresa=empresa).exists():
        return lineas
    lima, arequipa = sucursales["0000"], sucursales["0001"]
    # Paper (P0004), sold and moved in Arequipa's series: the manual's API examples keep F001-1 and their products.
    stock = Stock.objects.filter(almacen=almacen_principal(arequipa), producto__codigo="P0004", cantidad__gte=1).select_related("producto").first()
    cliente = Socio.objects.filter(empresa=empresa, numero_documento="20498765433").first()
    if stock is None or cliente is None:
        return lineas
    producto = stock.producto
    hoy = timezone.localdate()

    factura = DocumentoVenta.objects.create(
        tipo=TipoDocumentoVenta.FACTURA, sucursal=arequipa, serie=Serie.objects.get(empresa=empresa, serie="F002"), cliente=cliente,
        fecha_emision=hoy, creado_por=admin,
    )  # fmt: skip
    LineaDocumento.objects.create(
        documento=factura, producto=producto, codigo=producto.codigo, descripcion=producto.nombre, unidad=producto.unidad,
        cantidad=Decimal(1), precio_unitario=producto.precio_venta, afectacion_igv=producto.afectacion_igv,
    )  # fmt: skip
    factura = services.documento_emitir(documento_id=factura.pk, usuario=admin)
    venta = guias.guia_desde_documento(documento_id=factura.pk, usuario=admin)
    if not venta.llegada_distrito_id:
        venta.llegada_distrito, venta.llegada_direccion = Distrito.objects.get(ubigeo="040101"), "Calle Mercaderes 410, Arequipa"
    _aceptar(guias.guia_emitir(guia_id=_transporte(venta, privado=True).pk, usuario=admin))

    transferencia = Transferencia.objects.create(
        almacen_origen=almacen_principal(lima), almacen_destino=almacen_principal(arequipa), fecha=hoy,
        observaciones="Reposición de la tienda de Arequipa", creado_por=admin,
    )  # fmt: skip
    TransferenciaLinea.objects.create(transferencia=transferencia, producto=producto, cantidad=Decimal(2))
    traslado = guias.guia_desde_transferencia(transferencia_id=transferencia.pk, usuario=admin)
    traslado.fecha_inicio = hoy + datetime.timedelta(days=1)
    _aceptar(guias.guia_emitir(guia_id=_transporte(traslado, privado=False).pk, usuario=admin))

    serie_31, _ = Serie.objects.get_or_create(empresa=empresa, tipo_documento="31", serie="V001", defaults={"sucursal": lima})
    remitente = Socio.objects.filter(empresa=empresa, numero_documento="20512345671").first() or cliente
    destinatario = Socio.objects.filter(empresa=empresa, numero_documento="20543210987").first() or cliente
    carga = GuiaRemision.objects.create(
        tipo="31", sucursal=lima, serie=serie_31, fecha_emision=hoy, fecha_inicio=hoy, destinatario=destinatario, remitente=remitente,
        partida_distrito=lima.distrito, partida_direccion="Av. Argentina 2020, Cercado de Lima", transportista_mtc=MTC_DEMO,
        llegada_distrito=Distrito.objects.get(ubigeo="150103"), llegada_direccion="Av. Nicolás Ayllón 2450, Ate", creado_por=admin,
    )  # fmt: skip
    carga.lineas.create(descripcion="Cajas de útiles de oficina", unidad_id="NIU", cantidad=12)
    carga.documentos.create(tipo="09", numero="T001-150", ruc_emisor=remitente.numero_documento)
    _aceptar(guias.guia_emitir(guia_id=_transporte(carga, privado=True).pk, usuario=admin))
    return lineas + ["Guías de remisión aceptadas por el sandbox: T002-1 (venta en Arequipa), T001-1 (traslado a Arequipa), V001-1 (transportista)."]

