"""A company reached through the Nubefact-style route, with the seed's series and a key of a billing user."""

import copy
import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone

from cpe.models import ConfiguracionCpe, RutaDialecto
from erp.certificados import generar_autofirmado
from erp.models import ApiKey
from erp.services import empresa_cargar_certificado
from tests import factories
from tests.cpe.dialectos.servlet import api_servlet, servlet  # noqa: F401  (fixtures: the CpeServlet-style API)

EJEMPLOS = json.loads((Path(__file__).parent / "ejemplos_nubefact.json").read_text(encoding="utf-8"))
SERIES = [("01", "FFF1"), ("03", "BBB1"), ("07", "FFF1"), ("07", "BBB1"), ("08", "FFF1"), ("08", "BBB1")]


HOY = timezone.localdate()
CUOTAS = [HOY + datetime.timedelta(days=30 * n) for n in (1, 2, 3)]


def ejemplo(nombre: str, **cambios) -> dict:
    """A copy of one of the seed's example requests, with `cambios` over it.

    Its 2017 issue date predates the tax rates on record (ICBPER exists since
    2019), so it is issued today and its instalments fall 30, 60 and 90 days later.
    """
    datos = copy.deepcopy(EJEMPLOS[nombre])
    if "fecha_de_emision" in datos:
        datos["fecha_de_emision"] = f"{HOY:%d-%m-%Y}"
        for cuota, fecha in zip(datos["venta_al_credito"], CUOTAS, strict=True):
            cuota["fecha_de_pago"] = f"{fecha:%d-%m-%Y}"
    datos.update(cambios)
    return datos


class ClienteNubefact:
    """Posts to the company's route with `Authorization: Token token="…"`, as the provider's integrations do."""

    def __init__(self, client, ruta, token):
        self.client, self.ruta, self.token = client, ruta, token

    def __call__(self, cuerpo, *, token=None, autorizacion=None, ruta=None):
        cabecera = autorizacion if autorizacion is not None else f'Token token="{token or self.token}"'
        return self.client.post(
            f"/nubefact/api/v1/{ruta or self.ruta}",
            cuerpo if isinstance(cuerpo, (str, bytes)) else json.dumps(cuerpo),
            content_type="application/json",
            HTTP_AUTHORIZATION=cabecera,
        )


@pytest.fixture
def nube(empresa_tienda):
    """The seed's series in a branch; SUNAT is only reached by the tests marked sandbox (the company sends nothing by itself)."""
    empresa = empresa_tienda
    if not empresa.certificado_huella:
        empresa_cargar_certificado(
            empresa=empresa,
            contenido=generar_autofirmado(ruc=empresa.ruc, razon_social=empresa.razon_social, clave="c"),
            clave="c",
        )
    ConfiguracionCpe.objects.update_or_create(
        empresa=empresa, defaults={"envio_automatico": False, "boletas_por_resumen": False}
    )
    sucursal = factories.sucursal(empresa, series=SERIES)
    perfil = factories.perfil(
        "Integración Nubefact",
        modulos=[
            "ventas.facturas",
            "ventas.boletas",
            "ventas.notas_credito",
            "ventas.notas_debito",
            "facturacion.cpe",
            "facturacion.resumenes",
        ],
    )
    usuario = factories.usuario("pos", sucursales=[sucursal], perfiles=[perfil], email="pos@example.com")
    _, token = ApiKey.generar(usuario=usuario, nombre="POS Nubefact")
    return {
        "empresa": empresa,
        "sucursal": sucursal,
        "usuario": usuario,
        "token": token,
        "ruta": str(RutaDialecto.de(empresa).ruta),
    }


@pytest.fixture
def api_nube(client, nube):
    return ClienteNubefact(client, nube["ruta"], nube["token"])
