from django.apps import AppConfig


class CpeConfig(AppConfig):
    name = "cpe"
    verbose_name = "Facturación electrónica"
