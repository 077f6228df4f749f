"""The compatible dialects' addresses: each under the prefix a customer puts in place of the provider's host."""

from django.urls import path

from cpe.dialectos import comun, cpeservlet, factesol, nubefact

app_name = "dialectos"
urlpatterns = [
    path("nubefact/api/v1/<str:ruta>", nubefact.api_view, name="nubefact"),
    path("cpesunat/CpeServlet", cpeservlet.cpe_servlet, name="cpeservlet"),
    path("cpesunat/Cpe_Resumen_BoletaServlet", cpeservlet.resumen_servlet, name="cpeservlet_resumen"),
    path("factesol/api/v1/doc/<str:ruta>", factesol.documento, name="factesol_doc"),
    path("factesol/api/resumen/create/<str:fecha>", factesol.resumen_create, name="factesol_resumen_crear"),
    path("factesol/api/resumen/send/<int:pk>", factesol.resumen_send, name="factesol_resumen_enviar"),
    path("factesol/api/resumen/status/<int:pk>", factesol.resumen_status, name="factesol_resumen_estado"),
    path("factesol/api/reversion/status", factesol.reversion_status, name="factesol_reversion_estado"),
    path("dialectos/resumen/<str:token>/<str:archivo>", comun.resumen_archivo, name="resumen_archivo"),
]
