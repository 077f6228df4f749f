from django.urls import path

from . import views

app_name = "hr"

urlpatterns = [
    path("asistencia/kiosko/", views.kiosko, name="kiosko"),
]
