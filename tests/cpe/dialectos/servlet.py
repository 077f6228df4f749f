"""The seed's CpeServlet requests and a company that takes them: its series, an API key as CONTRA, the seed's RUC replaced."""

import copy
import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone

from billing.models import AgenteDesignacion, TipoOtro
from cpe.models import ConfiguracionCpe
from erp.models import ApiKey, Modulo, Serie
from tests import factories

EJEMPLOS = json.loads((Path(__file__).parent / "ejemplos_cpeservlet.json").read_text(encoding="utf-8"))
# The seed's series: F020 and F001 facturas (and their notes), BB03 boletas; B001 for the docs' examples.
SERIES = [("01", "F020"), ("01", "F001"), ("07", "F020"), ("08", "F020"), ("03", "BB03"), ("07", "BB03"), ("03", "B001")]
HOY = timezone.localdate()
RUTA = {"ws_resumen_boleta": "/cpesunat/Cpe_Resumen_BoletaServlet"}


def ejemplo(nombre: str, servlet: dict, **cambios) -> dict:
    """A copy of one of the seed's requests with this company's RUC and key; dates are today's (the rates on record)."""
    datos = copy.deepcopy(EJEMPLOS[nombre])
    campo = "RUC" if "RUC" in datos else "NRO_DOCUMENTO_EMPRESA"
    datos[campo] = servlet["empresa"].ruc
    datos["CONTRA"] = servlet["clave"]
    for fecha in ("FECHA_DOCUMENTO", "FECHA_REFERENCIA"):
        if fecha in datos:
            datos[fecha] = HOY.isoformat()
    datos.update(cambios)
    return datos


def respuesta_del_manual(nombre: str) -> dict:
    return EJEMPLOS[f"{nombre}_respuesta"]


def ultimo_numero(serie: str, tipo: str, numero: int) -> None:
    """The series has issued up to `numero`: the seed's examples number their documents after it."""
    Serie.objects.filter(serie=serie, tipo_documento=tipo).update(ultimo_numero=numero)


class ClienteServlet:
    """POSTs the JSON to /cpesunat/CpeServlet?accion=…, as the provider's integrations do."""

    def __init__(self, client):
        self.client = client

    def __call__(self, accion: str, cuerpo, *, metodo="post", ruta=None):
        ruta = ruta or RUTA.get(accion, "/cpesunat/CpeServlet")
        contenido = cuerpo if isinstance(cuerpo, (str, bytes)) else json.dumps(cuerpo)
        if metodo == "get":
            return self.client.get(f"{ruta}?accion={accion}")
        return self.client.post(f"{ruta}?accion={accion}", contenido, content_type="application/json")


@pytest.fixture
def servlet(empresa_tienda):
    """The seed's series in a branch and a key of a user who issues, sends, voids and deletes."""
    empresa = empresa_tienda
    ConfiguracionCpe.objects.update_or_create(
        empresa=empresa, defaults={"envio_automatico": False, "boletas_por_resumen": False}
    )
    sucursal = factories.sucursal(empresa, series=SERIES)
    perfil = factories.perfil(
        "Integración CpeServlet",
        modulos=[
            "ventas.facturas",
            "ventas.boletas",
            "ventas.notas_credito",
            "ventas.notas_debito",
            "facturacion.cpe",
            "facturacion.resumenes",
        ],
    )
    usuario = factories.usuario("sis-integrado", sucursales=[sucursal], perfiles=[perfil])
    _, clave = ApiKey.generar(usuario=usuario, nombre="Sistema integrado")
    return {"empresa": empresa, "sucursal": sucursal, "usuario": usuario, "clave": clave}


@pytest.fixture
def api_servlet(client, servlet):
    return ClienteServlet(client)


def hacer_agente(servlet: dict) -> dict:
    """The company as retention and perception agent (régimen 01) since 2020, R001 and P001 in its branch, its key's user allowed to issue them."""
    empresa, sucursal = servlet["empresa"], servlet["sucursal"]
    for tipo in (TipoOtro.RETENCION, TipoOtro.PERCEPCION):
        AgenteDesignacion.objects.create(empresa=empresa, tipo=tipo, regimen="01", desde=datetime.date(2020, 1, 1))
    Serie.objects.create(sucursal=sucursal, tipo_documento="20", serie="R001")
    Serie.objects.create(sucursal=sucursal, tipo_documento="40", serie="P001")
    servlet["usuario"].perfiles.get().modulos.add(Modulo.objects.get(codigo="facturacion.otros"))
    return servlet
