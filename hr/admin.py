"""The personnel screens: staff records, attendance, legal parameters and the planillas."""

import datetime
from decimal import Decimal

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
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
from inventory.admin.base import ExportarExcelMixin
from inventory.excel import respuesta_xlsx

from . import plame, selectors, services
from .forms import LiquidacionForm, PeriodoForm, PlanillaForm
from .impresos import asistencia_xlsx, boleta_pdf, cts_pdf, liquidacion_pdf, planilla_xlsx
from .models import (
    REMUNERACION,
    Adelanto,
    DepositoCts,
    Empleado,
    Horario,
    Licencia,
    LineaPlanilla,
    Liquidacion,
    Marcacion,
    ParametroLegal,
    Planilla,
    TasaAfp,
    TipoLicencia,
    TramoQuinta,
)


def formulario(admin_, request, form, titulo: str, descripcion: str, boton: str):
    """The page of a list action that asks for a few fields before calling its service."""
    contexto = {**admin_.admin_site.each_context(request), "title": titulo, "opts": admin_.model._meta, "form": form,
                "descripcion": descripcion, "boton": boton}
    return TemplateResponse(request, "hr/formulario.html", contexto)


def _fecha(texto, defecto: datetime.date) -> datetime.date:
    try:
        return parse_date(texto or "") or defecto
    except ValueError:  # well formed but not a date (31 February)
        return defecto


class HojaPdfMixin:
    """A PDF the worker gets for each row (`hoja`: the row → bytes), linked from the list."""

    hoja = None
    prefijo_pdf = ""

    def get_urls(self):
        nombre = f"{self.model._meta.app_label}_{self.model._meta.model_name}_pdf"
        return [path("<int:pk>/pdf/", self.admin_site.admin_view(self.pdf), name=nombre), *super().get_urls()]

    def pdf(self, request, pk):
        obj = get_object_or_404(self.get_queryset(request).select_related("empleado__empresa", "empleado__tipo_documento"), pk=pk)
        respuesta = HttpResponse(type(self).hoja(obj), content_type="application/pdf")  # the plain function, not a method
        respuesta["Content-Disposition"] = f'inline; filename="{self.prefijo_pdf}-{obj.pk}-{obj.empleado.numero_documento}.pdf"'
        return respuesta

    @display(description="PDF")
    def enlace_pdf(self, obj):
        url = reverse(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_pdf", args=[obj.pk])
        return format_html('<a class="text-primary-600" href="{}" target="_blank">PDF</a>', url)


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

    readonly_fields = ("vacaciones",)

    @display(description="vacaciones")
    def vacaciones(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        saldo = selectors.vacaciones_saldo(obj, obj.fecha_cese or timezone.localdate())
        return (f"{saldo.ganados} días ganados, {saldo.gozados} gozados, {saldo.pendientes} pendientes; "
                f"año en curso: {saldo.meses_truncos} meses y {saldo.dias_truncos} días")

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
    actions_list = ["reporte"]
    MAXIMO_DIAS = 92

    def has_reporte_permission(self, request):
        return request.user.has_perm("hr.view_marcacion")

    @action(description="Reporte de asistencia", icon="fact_check", url_path="reporte", permissions=["reporte"])
    def reporte(self, request):
        """Each worker's days: marks, tardiness, overtime, absences and justified ones; the same rows in Excel."""
        datos, hoy = request.GET, timezone.localdate()
        desde = _fecha(datos.get("desde"), hoy.replace(day=1))
        hasta = _fecha(datos.get("hasta"), hoy)
        if (hasta - desde).days > self.MAXIMO_DIAS:
            messages.warning(request, f"El reporte abarca hasta {self.MAXIMO_DIAS} días: se muestra desde el {desde:%d/%m/%Y}.")
            hasta = desde + datetime.timedelta(days=self.MAXIMO_DIAS)
        sucursales = request.user.sucursales_permitidas()
        empleados = Empleado.objects.filter(sucursal__in=sucursales, activo=True).select_related("horario")
        sucursal = int(datos["sucursal"]) if datos.get("sucursal", "").isdigit() else None
        if sucursal:
            empleados = empleados.filter(sucursal_id=sucursal)
        area, q, estado = datos.get("area", "").strip(), datos.get("q", "").strip(), datos.get("estado", "")
        if area:
            empleados = empleados.filter(area__icontains=area)
        if q:
            empleados = empleados.filter(Q(apellidos__icontains=q) | Q(nombres__icontains=q) | Q(codigo=q))
        filas = selectors.reporte_asistencia(empleados, desde, hasta, estado=estado)
        if datos.get("formato") == "xlsx":
            return respuesta_xlsx(asistencia_xlsx(filas), f"asistencia-{desde:%Y%m%d}-{hasta:%Y%m%d}.xlsx")
        contexto = {
            **self.admin_site.each_context(request), "title": "Reporte de asistencia", "opts": self.model._meta,
            "filas": filas, "desde": desde, "hasta": hasta, "sucursales": sucursales, "sucursal": sucursal, "area": area,
            "q": q, "estado": estado, "estados": ["Asistió", "Falta", *TipoLicencia.labels],
            "faltas": sum(1 for _, d in filas if d.estado == "Falta"), "tardanzas": sum(d.tardanza for _, d in filas),
            "horas_extra": sum((d.horas_extra for _, d in filas), Decimal(0)),
        }  # fmt: skip
        return TemplateResponse(request, "hr/asistencia.html", contexto)


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
    list_display = ("__str__", "sucursal", "periodo", "tipo_periodo", "estado", "total_ingresos", "total_descuentos", "total_neto", "total_aportes")
    list_filter = ("estado", "tipo_periodo", "sucursal")
    inlines = [LineaPlanillaInline]
    actions = ["cerrar", "exportar_excel", "archivos_plame"]
    actions_list = ["calcular"]
    actions_detail = ["pagar"]

    def has_calcular_permission(self, request):
        return request.user.has_perm("hr.add_planilla")

    @action(description="Calcular planilla", icon="calculate", url_path="calcular", permissions=["calcular"])
    def calcular(self, request):
        form = PlanillaForm(request.POST or None, request=request)
        if request.method == "POST" and form.is_valid():
            planilla = ejecutar(request, services.planilla_calcular, "Planilla calculada.", sucursal=form.cleaned_data["sucursal"],
                                periodo=form.periodo, tipo_periodo=form.cleaned_data["tipo_periodo"], usuario=request.user)
            if planilla is not None:
                return redirect("admin:hr_planilla_change", planilla.pk)
        return formulario(self, request, form, "Calcular planilla", "Calcula la planilla del mes (o de una quincena, para "
                          "quien cobra por quincena) con la asistencia y los parámetros vigentes del periodo; la segunda "
                          "quincena completa el mes y requiere cerrada la primera. Una planilla abierta se vuelve a calcular, "
                          "una cerrada no.", "Calcular")

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
        respuesta["Content-Disposition"] = f'inline; filename="boleta-{planilla.nombre_archivo}-{linea.empleado.numero_documento}.pdf"'
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

    @admin.action(description="Archivos PLAME (.rem, .jor, .snl)")
    def archivos_plame(self, request, queryset):
        try:
            nombre, contenido = plame.zip_plame(queryset.select_related("empresa"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return None
        respuesta = HttpResponse(contenido, content_type="application/zip")
        respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
        return respuesta

    @admin.action(description="Exportar a Excel")
    def exportar_excel(self, request, queryset):
        planilla = queryset.first()
        return respuesta_xlsx(planilla_xlsx(planilla), f"planilla-{planilla.nombre_archivo}.xlsx")


@admin.register(DepositoCts)
class DepositoCtsAdmin(HojaPdfMixin, ExportarExcelMixin, SoloConsultaMixin, PorSucursalAdmin):
    sucursal_lookup = "empleado__sucursal"
    hoja = cts_pdf
    prefijo_pdf = "cts"
    list_display = ("empleado", "periodo", "desde", "hasta", "meses", "dias", "dias_falta", "sueldo", "asignacion_familiar",
                    "sexto_gratificacion", "computable", "monto", "estado", "enlace_pdf")  # fmt: skip
    list_filter = ("estado", "periodo", "empleado__sucursal")
    search_fields = ("empleado__apellidos", "empleado__nombres", "empleado__numero_documento")
    list_select_related = ("empleado",)
    actions = ["cerrar"]
    actions_list = ["exportar_excel", "generar"]

    def has_generar_permission(self, request):
        return request.user.has_perm("hr.add_depositocts")

    @action(description="Calcular CTS", icon="savings", url_path="generar", permissions=["generar"])
    def generar(self, request):
        form = PeriodoForm(request.POST or None, request=request, meses=(5, 11))
        if request.method == "POST" and form.is_valid():
            hechos = ejecutar(request, services.cts_calcular, "CTS calculada.", sucursal=form.cleaned_data["sucursal"],
                              periodo=form.periodo, usuario=request.user)
            if hechos is not None:
                return redirect(f"{reverse('admin:hr_depositocts_changelist')}?periodo={form.periodo:%Y-%m-%d}")
        return formulario(self, request, form, "Calcular CTS", "La CTS de mayo computa noviembre a abril; la de "
                          "noviembre, mayo a octubre. Mientras está abierta se vuelve a calcular; cerrada, no.", "Calcular")

    @admin.action(description="Cerrar las CTS seleccionadas")
    def cerrar(self, request, queryset):
        ejecutar_por_fila(request, queryset, lambda d: services.cts_cerrar(deposito=d), "cerrada")


@admin.register(Liquidacion)
class LiquidacionAdmin(HojaPdfMixin, ExportarExcelMixin, SoloConsultaMixin, PorSucursalAdmin):
    sucursal_lookup = "empleado__sucursal"
    hoja = liquidacion_pdf
    prefijo_pdf = "liquidacion"
    list_display = ("empleado", "fecha_cese", "motivo", "cts_trunca", "gratificacion_trunca", "bonificacion",
                    "vacaciones_truncas", "vacaciones_pendientes", "quinta", "total", "estado", "enlace_pdf")  # fmt: skip
    list_filter = ("estado", "motivo", "empleado__sucursal")
    search_fields = ("empleado__apellidos", "empleado__nombres", "empleado__numero_documento")
    list_select_related = ("empleado",)
    actions = ["cerrar"]
    actions_list = ["exportar_excel", "calcular"]

    def has_calcular_permission(self, request):
        return request.user.has_perm("hr.add_liquidacion")

    @action(description="Liquidar a un trabajador", icon="logout", url_path="calcular", permissions=["calcular"])
    def calcular(self, request):
        form = LiquidacionForm(request.POST or None, request=request)
        if request.method == "POST" and form.is_valid():
            hecha = ejecutar(request, services.liquidacion_calcular, "Liquidación calculada.", usuario=request.user, **form.cleaned_data)
            if hecha is not None:
                return redirect("admin:hr_liquidacion_changelist")
        return formulario(self, request, form, "Liquidar a un trabajador", "Registra el cese y calcula la CTS trunca, la "
                          "gratificación trunca, las vacaciones y la regularización de quinta del año; mientras está abierta se vuelve a calcular.", "Liquidar")

    @admin.action(description="Cerrar las liquidaciones seleccionadas")
    def cerrar(self, request, queryset):
        ejecutar_por_fila(request, queryset, lambda liq: services.liquidacion_cerrar(liquidacion=liq), "cerrada")
