"""SUNAT's paths, under /sunat-sandbox/ (settings.SUNAT_SANDBOX_URL points here)."""

from django.urls import path

from cpe.sandbox import gre, views

app_name = "sunat_sandbox"

urlpatterns = [
    path("ol-ti-itcpfegem-beta/billService", views.bill_service, name="facturas"),
    path("ol-ti-itemision-otroscpe-gem-beta/billService", views.bill_service, name="otros"),
    path("ol-it-wsconscpegem/billConsultService", views.bill_consult_service, name="consulta"),
    path("ol-ti-itcpfegem-beta/<str:archivo>", views.archivo_wsdl),
    path("ol-ti-itemision-otroscpe-gem-beta/<str:archivo>", views.archivo_wsdl),
    path("ol-it-wsconscpegem/<str:archivo>", views.archivo_wsdl),
    # The REST API of the guías de remisión (cpe/sandbox/gre.py).
    path("api-seguridad/v1/clientessol/<str:client_id>/oauth2/token/", gre.token, name="gre_token"),
    path("api-cpe/v1/contribuyente/gem/comprobantes/envios/<str:ticket>", gre.consulta_ticket, name="gre_ticket"),
    path("api-cpe/v1/contribuyente/gem/comprobantes/<str:nombre>", gre.envio, name="gre_envio"),
]
