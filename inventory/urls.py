from django.urls import path

from . import views

app_name = "inventory"

urlpatterns = [
    path("producto/<uuid:token>/", views.producto_publico, name="producto_publico"),
    path("producto/<uuid:token>/qr.svg", views.producto_qr, name="producto_qr"),
]
