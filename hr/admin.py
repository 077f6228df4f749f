"""The personnel screens: staff records, attendance, legal parameters and the planillas."""

from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from unfold.decorators import action, display

from billing.tesoreria.forms import MedioDePagoForm
from erp.admin.base import (
    ErpModelAdmin,
    ErpTabularInline,
    PorSucursalAdmin,
    SoloConsultaMixin,
    dialogo,
    ejecutar,
    ejecutar_por_fila,
    redirigir,
)
from inventory.excel import respuesta_xlsx

from . import services
from .impresos import boleta_pdf, planilla_xlsx
from .models import (
    REMUNERACION,
    Adelanto,
    Empleado,
    Horario,
    Licencia,
    LineaPlanilla,
    Marcacion,
    ParametroLegal,
    Planilla,
    TasaAfp,
    TramoQuinta,
)


@admin.register(ParametroLegal)
class ParametroLegalAdmin(ErpModelAdmin):
    list_display = ("concepto", "valor", "vigente_desde", "norma")
    list_filter = ("concepto",)


@admin.register(TasaAfp)
class TasaAfpAdmin(ErpModelAdmin):
    list_display = ("__str__", "vigente_desde")
    list_filter = ("afp",)


@admin.register(TramoQuinta)
class TramoQuintaAdmin(ErpModelAdmin):
    list_display = ("__str__",)


@admin.register(Horario)
class HorarioAdmin(ErpModelAdmin):
    list_display = ("__str__",)


@admin.register(Empleado)
class EmpleadoAdmin(PorSucursalAdmin):
    list_display = ("__str__", "numero_documento", "cargo", "sucursal", "regimen", "sistema_pension", "sueldo_basico", "fecha_ingreso", "fecha_cese")
    list_filter = ("sucursal", "regimen", "sistema_pension", "afp")
    search_fields = ("apellidos", "nombres", "numero_documento", "cargo")

    def _ve_remuneraciones(self, request) -> bool:
        return request.user.has_perm("hr.ver_remuneraciones")

    def get_list_display(self, request):
        return self.list_display if self._ve_remuneraciones(request) else [c for c in self.list_display if c not in REMUNERACION]

    def get_list_filter(self, request):
        return self.list_filter if self._ve_remuneraciones(request) else [c for c in self.list_filter if c not in REMUNERACION]

    def get_exclude(self, request, obj=None):
        # Salaries and pension data stay out of the form (and of the page) for profiles without the payroll permission.
        return () if self._ve_remuneraciones(request) else REMUNERACION

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self._ve_remuneraciones(request)  # a new worker needs a salary

    def save_model(self, request, obj, form, change):
        obj.tomar_empresa_de_sucursal()
        services.empleado_guardar(empleado=obj, usuario=request.user)


@admin.register(Marcacion)
class MarcacionAdmin(SoloConsultaMixin, PorSucursalAdmin):
    sucursal_lookup = "empleado__sucursal"
    list_display = ("empleado", "fecha_hora", "tipo", "origen")
    list_filter = ("tipo", "origen", "fecha_hora")
    search_fields = ("empleado__apellidos", "empleado__nombres", "empleado__numero_documento")
    date_hierarchy = "fecha_hora"


@admin.register(Licencia)
class LicenciaAdmin(PorSucursalAdmin):
    sucursal_lookup = "empleado__sucursal"
    list_display = ("__str__", "tipo", "desde", "hasta")
    list_filter = ("tipo",)
    search_fields = ("empleado__apellidos", "empleado__nombres")


@admin.register(Adelanto)
class AdelantoAdmin(PorSucursalAdmin):
    sucursal_lookup = "empleado__sucursal"
    list_display = ("empleado", "fecha", "monto", "concepto")
    search_fields = ("empleado__apellidos", "empleado__nombres")


class LineaPlanillaInline(SoloConsultaMixin, ErpTabularInline):
    model = LineaPlanilla
    fields = ("empleado", "dias_laborados", "dias_falta", "total_ingresos", "total_descuentos", "neto", "essalud", "boleta")
    readonly_fields = fields

    @display(description="boleta de pago")
    def boleta(self, obj):
        url = reverse("admin:hr_planilla_boleta", args=[obj.planilla_id, obj.pk])
        return format_html('<a class="text-primary-600" href="{}" target="_blank">PDF</a>', url)


@admin.register(Planilla)
class PlanillaAdmin(SoloConsultaMixin, PorSucursalAdmin):
    list_display = ("__str__", "sucursal", "periodo", "estado", "total_ingresos", "total_descuentos", "total_neto", "total_aportes")
    list_filter = ("estado", "sucursal")
    inlines = [LineaPlanillaInline]
    actions = ["cerrar", "exportar_excel"]
    actions_detail = ["pagar"]

    @admin.action(description="Cerrar las planillas seleccionadas")
    def cerrar(self, request, queryset):
        ejecutar_por_fila(request, queryset, lambda p: services.planilla_cerrar(planilla=p), "cerrada")

    def get_urls(self):
        vista = self.admin_site.admin_view(self.boleta_pdf)
        return [path("<int:planilla_id>/boleta/<int:linea_id>/", vista, name="hr_planilla_boleta"), *super().get_urls()]

    def boleta_pdf(self, request, planilla_id, linea_id):
        """An employee's payslip; the planilla must be one of the user's branches."""
        planilla = get_object_or_404(self.get_queryset(request), pk=planilla_id)
        linea = get_object_or_404(planilla.lineas.select_related("empleado", "planilla__empresa"), pk=linea_id)
        respuesta = HttpResponse(boleta_pdf(linea), content_type="application/pdf")
        respuesta["Content-Disposition"] = f'inline; filename="boleta-{planilla.periodo:%Y-%m}-{linea.empleado.numero_documento}.pdf"'
        return respuesta

    def has_pagar_permission(self, request, object_id=None):
        return request.user.has_perm("hr.change_planilla")

    @action(description="Pagar planilla", icon="payments", url_path="pagar", permissions=["pagar"],
            dialog=dialogo("Pagar planilla", "Los netos salen de la caja o cuenta elegida.", MedioDePagoForm, "Pagar"))  # fmt: skip
    def pagar(self, request, form, object_id):
        planilla = get_object_or_404(self.get_queryset(request), pk=object_id)
        ejecutar(
            request, services.planilla_registrar_pago, f"{planilla}: pagada.", planilla=planilla, usuario=request.user,
            origen=form.cleaned_data["medio"], fecha=form.cleaned_data["fecha"], numero_operacion=form.cleaned_data["numero_operacion"],
        )  # fmt: skip
        return redirigir(request, reverse("admin:hr_planilla_change", args=[object_id]))

    @admin.action(description="Exportar a Excel")
    def exportar_excel(self, request, queryset):
        planilla = queryset.first()
        return respuesta_xlsx(planilla_xlsx(planilla), f"planilla-{planilla.periodo:%Y-%m}.xlsx")
