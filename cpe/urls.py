from django.urls import path

from cpe import views

app_name = "cpe"
urlpatterns = [
    path("<str:archivo>", views.descargar, name="descargar"),
]
