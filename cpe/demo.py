from django.conf import settings

from cpe.models import ConfiguracionCpe, RutaDialecto
from erp.demo import API_KEY_DEMO
from erp.models import Socio, Usuario
from erp.services import acceso_web_guardar

# The demo client's web access to the portal (/portal/).
PORTAL_USUARIO, PORTAL_CLAVE = "cliente", "Portal-Demo-2026"


def cargar_demo(contexto: dict) -> list[str]:
    # The demo company sends at once to the ERP's own sandbox; boletas go in the daily summary.
    empresa = contexto["empresa"]
    ConfiguracionCpe.de(empresa)
    cliente = Socio.objects.filter(empresa=empresa, numero_documento="20512345676").first()
    if cliente and not Usuario.objects.filter(username=PORTAL_USUARIO).exists():
        acceso_web_guardar(cliente=cliente, usuario=PORTAL_USUARIO, clave=PORTAL_CLAVE)
    return [
        f"Portal de clientes {settings.URL_PUBLICA}/portal/ (INVERSIONES SAN MARTÍN): {PORTAL_USUARIO} / {PORTAL_CLAVE}",
        f"API compatible con Nubefact: POST {settings.URL_PUBLICA}{ruta_nubefact(empresa)} "
        f'con Authorization: Token token="{API_KEY_DEMO}"',
        (
            f"API compatible con CpeServlet: POST {settings.URL_PUBLICA}/cpesunat/CpeServlet?accion=… "
            f'con "NRO_DOCUMENTO_EMPRESA": "{empresa.ruc}" y "CONTRA": "{API_KEY_DEMO}"'
        ),
        f"API compatible con factesol: POST {settings.URL_PUBLICA}/factesol/api/v1/doc/ventas con Authorization: Bearer {API_KEY_DEMO}",
    ]


def ruta_nubefact(empresa) -> str:
    """The demo company's path in the Nubefact-style API (its token is the administrator's API key)."""
    return f"/nubefact/api/v1/{RutaDialecto.de(empresa).ruta}"
