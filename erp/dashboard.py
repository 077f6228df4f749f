from erp.models import Socio
from erp.selectors import filtrar_por_sucursal


def dashboard_callback(request, context):
    socios = filtrar_por_sucursal(Socio.objects.all(), request.user)
    context["indicadores"] = [
        {"titulo": "Clientes", "valor": socios.clientes().count()},
        {"titulo": "Proveedores", "valor": socios.proveedores().count()},
        {"titulo": "Sucursales", "valor": request.user.sucursales_permitidas().count()},
    ]
    return context
