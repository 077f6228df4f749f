from django.urls import path

from cpe import plataforma, views

app_name = "cpe"
urlpatterns = [
    path("plataforma/", plataforma.plataforma, name="plataforma"),
    path("impreso/<str:clase>/<int:pk>.pdf", views.impreso, name="impreso"),
    path("<str:archivo>", views.descargar, name="descargar"),
]
