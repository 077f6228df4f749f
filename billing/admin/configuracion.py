from django.contrib import admin

from billing.models import CuentaBancaria, MetodoPago, TasaImpuesto
from erp.admin.base import ErpModelAdmin


@admin.register(TasaImpuesto)
class TasaImpuestoAdmin(ErpModelAdmin):
    list_display = ("tributo", "valor", "vigente_desde", "base_legal")
    list_filter = ("tributo",)
    search_fields = ("base_legal",)


@admin.register(MetodoPago)
class MetodoPagoAdmin(ErpModelAdmin):
    list_display = ("nombre", "medio_pago_sunat", "empresa", "activo")
    list_filter = ("activo", "medio_pago_sunat")
    search_fields = ("nombre",)


@admin.register(CuentaBancaria)
class CuentaBancariaAdmin(ErpModelAdmin):
    list_display = ("banco", "moneda", "numero", "cci", "es_detraccion", "empresa", "activo")
    list_filter = ("banco", "moneda", "es_detraccion", "activo")
    search_fields = ("banco", "numero", "cci")
