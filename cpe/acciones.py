"""fesunat-enviar, the action API's "send to SUNAT now" of a factura, boleta or note.

tipodoc 3 sends a credit or debit note; a nota de venta is not an electronic
document and is not sent.
"""

from billing.models import MODELO_DE_TIPO, DocumentoVenta, TipoDocumentoVenta
from cpe.models import EstadoCpe
from cpe.services import NoEnviable, cpe_enviar_sincrono, mensaje_resultado
from erp import api
from erp.api import ErrorApi, accion
from erp.selectors import filtrar_por_sucursal

# tipodoc: 1 factura, 2 boleta, 3 nota (of credit or debit; a nota de venta is refused with a clear message).
TIPODOC = {
    1: ("la Factura", (TipoDocumentoVenta.FACTURA,)),
    2: ("la Boleta", (TipoDocumentoVenta.BOLETA,)),
    3: ("la Nota", (TipoDocumentoVenta.NOTA_CREDITO, TipoDocumentoVenta.NOTA_DEBITO, TipoDocumentoVenta.NOTA_VENTA)),
}


# Not atomic: SUNAT's answer is kept even if something fails after it.
@accion("fesunat-enviar", permiso="cpe.enviar_comprobanteelectronico", atomica=False)
def fesunat_enviar(datos, usuario):
    id_ = api.entero(datos, "id")
    nombre, tipos = TIPODOC[api.entero(datos, "tipodoc", opciones=set(TIPODOC))]
    documento = filtrar_por_sucursal(DocumentoVenta.objects.filter(tipo__in=tipos), usuario).select_related("serie").filter(pk=id_).first()
    if documento is None or not usuario.has_perm(f"billing.view_{MODELO_DE_TIPO[documento.tipo]}"):
        raise ErrorApi(12, f"No se encontró {nombre} con el id {id_}")
    if not documento.es_electronico:
        raise ErrorApi(11, f"{documento} es un documento interno: no se envía a SUNAT (tipodoc 3 envía notas de crédito y débito).")
    if documento.estado == DocumentoVenta.Estado.BORRADOR:
        raise ErrorApi(11, f"{documento} es un borrador: emítalo antes de enviarlo a SUNAT.")
    try:
        comprobante = cpe_enviar_sincrono(documento=documento)
    except NoEnviable as exc:
        raise ErrorApi(11, str(exc)) from exc
    # Still pending after "send now": a boleta that waits for the daily summary, as the answer says.
    if comprobante.estado in (EstadoCpe.ACEPTADO, EstadoCpe.OBSERVADO, EstadoCpe.PENDIENTE):
        return {"respuesta": mensaje_resultado(comprobante), "id": documento.pk}, 200
    if comprobante.estado == EstadoCpe.ANULADO:
        raise ErrorApi(11, f"{documento} fue dado de baja ante SUNAT.")
    if comprobante.estado == EstadoCpe.RECHAZADO:
        raise ErrorApi(11, mensaje_resultado(comprobante))
    raise ErrorApi(40, mensaje_resultado(comprobante), http=500)
