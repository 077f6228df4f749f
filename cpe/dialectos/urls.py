"""The compatible dialects' addresses: each under the prefix a customer puts in place of the provider's host."""

from django.urls import path

from cpe.dialectos import comun, cpeservlet, nubefact

app_name = "dialectos"
urlpatterns = [
    path("nubefact/api/v1/<str:ruta>", nubefact.api_view, name="nubefact"),
    path("cpesunat/CpeServlet", cpeservlet.cpe_servlet, name="cpeservlet"),
    path("cpesunat/Cpe_Resumen_BoletaServlet", cpeservlet.resumen_servlet, name="cpeservlet_resumen"),
    path("dialectos/resumen/<str:token>/<str:archivo>", comun.resumen_archivo, name="resumen_archivo"),
]
