"""The compatible dialects' addresses: each under the prefix a customer puts in place of the provider's host."""

from django.urls import path

from cpe.dialectos import comun, nubefact

app_name = "dialectos"
urlpatterns = [
    path("nubefact/api/v1/<str:ruta>", nubefact.api_view, name="nubefact"),
    path("dialectos/resumen/<str:token>/<str:archivo>", comun.resumen_archivo, name="resumen_archivo"),
]
