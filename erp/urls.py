from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.static import serve

from erp import views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/password_reset/", views.RestablecerClaveView.as_view(), name="admin_password_reset"),
    path("admin/password_reset/done/", views.RestablecerClaveEnviadoView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.RestablecerClaveConfirmarView.as_view(), name="password_reset_confirm"),
    path("reset/done/", views.RestablecerClaveListoView.as_view(), name="password_reset_complete"),
    path("admin/", admin.site.urls),
    path("sunat-sandbox/", include("cpe.sandbox.urls")),
    # Uploaded logos and photos; production serves MEDIA_ROOT from the web server.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
]
