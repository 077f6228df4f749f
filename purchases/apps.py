from django.apps import AppConfig


class PurchasesConfig(AppConfig):
    name = "purchases"
    verbose_name = "Compras"
