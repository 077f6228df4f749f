"""The reports' pages, under /admin/reportes/, each behind the admin's login."""

from django.contrib import admin
from django.urls import path

from . import ple_views, views
from .framework import reportes

app_name = "reports"


def _admin(vista):
    return admin.site.admin_view(vista)


urlpatterns = [
    path("", _admin(views.indice), name="indice"),
    path("tablero.json", _admin(views.tablero_json), name="tablero"),
    path("ple/", _admin(ple_views.ple), name="ple"),
    path("exportaciones/<int:pk>/", _admin(views.exportacion), name="exportacion"),
    path("exportaciones/<int:pk>/estado/", _admin(views.exportacion_estado), name="exportacion_estado"),
    path("exportaciones/<int:pk>/descargar/", _admin(views.descargar), name="descargar"),
    # One name per report too, for the menu (whose entries are URL names without arguments).
    *(path(f"{r.codigo}/", _admin(views.ver), {"codigo": r.codigo}, name=f"r_{r.codigo}") for r in reportes()),
    path("<slug:codigo>/", _admin(views.ver), name="ver"),
    path("<slug:codigo>/excel/", _admin(views.excel), name="excel"),
]
