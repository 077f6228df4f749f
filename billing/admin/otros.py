"""Settings of the company as retention or perception agent (dated rows), and what it owes SUNAT for them."""

from django.contrib import admin
from unfold.contrib.filters.admin import ChoicesDropdownFilter

from billing.models import AgenteDesignacion, RegimenOtro, TributoPorPagar
from erp.admin.base import ErpModelAdmin, SoloConsultaMixin
from inventory.admin.base import ExportarExcelMixin


@admin.register(RegimenOtro)
class RegimenOtroAdmin(ErpModelAdmin):
    list_display = ("tipo", "codigo", "descripcion", "tasa", "monto_minimo", "vigente_desde", "base_legal")
    list_filter = ("tipo",)
    search_fields = ("descripcion", "base_legal")


@admin.register(AgenteDesignacion)
class AgenteDesignacionAdmin(ErpModelAdmin):
    list_display = ("empresa", "tipo", "regimen", "desde", "hasta", "resolucion")
    list_filter = ("tipo",)


@admin.register(TributoPorPagar)
class TributoPorPagarAdmin(ExportarExcelMixin, SoloConsultaMixin, ErpModelAdmin):
    list_display = ("periodo", "fecha", "comprobante", "monto", "estado")
    list_filter = ("periodo", ("estado", ChoicesDropdownFilter))
    search_fields = ("comprobante__receptor_razon_social", "comprobante__receptor_numero_documento")
