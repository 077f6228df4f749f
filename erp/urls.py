from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from erp import views
from erp.api import api_view
from erp.rest import router

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/password_reset/", views.RestablecerClaveView.as_view(), name="admin_password_reset"),
    path("admin/password_reset/done/", views.RestablecerClaveEnviadoView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.RestablecerClaveConfirmarView.as_view(), name="password_reset_confirm"),
    path("reset/done/", views.RestablecerClaveListoView.as_view(), name="password_reset_complete"),
    # The reports' pages (listings, Excel, PLE, the dashboard's JSON), inside the admin's look and login.
    path("admin/reportes/", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("api/", api_view, name="api"),
    path("api/rest/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/rest/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/rest/", include(router.urls)),
    path("sunat-sandbox/", include("cpe.sandbox.urls")),
    path("cpe/", include("cpe.urls")),
    # Public pages of the CPE: the consultation by the document's data, and the client portal.
    path("consulta/", include("cpe.consulta")),
    path("portal/", include("cpe.portal")),
    # The compatible JSON dialects of the e-invoicing services customers migrate from.
    path("", include("cpe.dialectos.urls")),
    # Public pages of the products (QR link), no login.
    path("", include("inventory.urls")),
    # The attendance kiosk, open on the office's device.
    path("", include("hr.urls")),
    # Uploaded logos and photos; production serves MEDIA_ROOT from the web server.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
]
