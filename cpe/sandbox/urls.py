"""SUNAT's paths, under /sunat-sandbox/ (settings.SUNAT_SANDBOX_URL points here)."""

from django.urls import path

from cpe.sandbox import views

app_name = "sunat_sandbox"

urlpatterns = [
    path("ol-ti-itcpfegem-beta/billService", views.bill_service, name="facturas"),
    path("ol-ti-itemision-otroscpe-gem-beta/billService", views.bill_service, name="otros"),
    path("ol-it-wsconscpegem/billConsultService", views.bill_consult_service, name="consulta"),
    path("ol-ti-itcpfegem-beta/<str:archivo>", views.archivo_wsdl),
    path("ol-ti-itemision-otroscpe-gem-beta/<str:archivo>", views.archivo_wsdl),
    path("ol-it-wsconscpegem/<str:archivo>", views.archivo_wsdl),
]
