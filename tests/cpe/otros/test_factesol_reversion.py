"""The factesol-style reversal of an accepted retention and its status (seed 003's /reversiones and /api/reversion/status)."""

import json
import time

import pytest

from billing.models import ComprobanteOtro
from cpe.services import cpe_enviar
from erp.models import ApiKey
from purchases import services as compras

from .conftest import compra, hoy, proveedor

pytestmark = pytest.mark.django_db


def test_revertir_una_retencion_y_consultar_su_estado(agente, sandbox, client):
    usuario = agente["vendedor"]
    usuario.is_superuser = True
    usuario.save()
    clave = ApiKey.generar(usuario=usuario, nombre="POS factesol")[1]
    compras.pagos_registrar(facturas=[compra(agente, proveedor(agente["sucursal"]), 601, "1180.00")], monto="1180.00", usuario=usuario, origen=agente["caja"], fecha=hoy())
    retencion = ComprobanteOtro.objects.get()
    assert cpe_enviar(comprobante_id=retencion.cpe.pk).estado == "aceptado"
    ruc = agente["empresa"].ruc

    def post(ruta, cuerpo):
        return client.post(f"/factesol/api/{ruta}", json.dumps(cuerpo), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {clave}")

    estado = {"Ruc": ruc, "TipoDocumento": "20", "Serie": "R001", "Correlativo": "1"}
    assert post("reversion/status", estado).json()["Code"] == "24"  # no reversal yet
    cuerpo = post("v1/doc/reversiones", {"archivo": f"{ruc}-RR-{hoy():%Y%m%d}-1", "reversiones": [
        {"tipDocRever": "20", "numDocRever": "R001-1", "desMotivoRever": "RETENCION A UN BUEN CONTRIBUYENTE"}]}).json()  # fmt: skip
    assert (cuerpo["Success"], cuerpo["Code"]) == (True, "06"), cuerpo
    for _ in range(10):
        respuesta = post("reversion/status", estado).json()
        if respuesta["Code"] != "06":
            break
        time.sleep(0.5)
    assert respuesta == {"Success": True, "Code": "03", "Description": f"El Resumen de Reversion RR-{hoy():%Y%m%d}-1 ha sido aceptado"}
    retencion.refresh_from_db()
    assert retencion.estado == ComprobanteOtro.Estado.REVERTIDO
    # Reverting it again is refused, and says why.
    otra = post("v1/doc/reversiones", {"archivo": f"{ruc}-RR-{hoy():%Y%m%d}-2", "reversiones": [{"tipDocRever": "20", "numDocRever": "R001-1"}]}).json()
    assert (otra["Success"], otra["Code"]) == (False, "21") and "ya está revertido" in otra["Description"]
