"""Work orders: the tabs "all" and "to approve", activities, approval and manufacturing costs."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.shortcuts import redirect
from django.urls import reverse
from unfold.decorators import action, display

from billing import services
from billing.admin.base import NumeradoAlGuardarMixin
from billing.models import Actividad, ActividadOrden, CostoFabricacion, OrdenTrabajo
from erp.admin.base import REGISTRO_FIELDSET, ErpModelAdmin, ErpTabularInline, PorSucursalAdmin, SucursalFilter


@admin.register(Actividad)
class ActividadAdmin(ErpModelAdmin):
    list_display = ("nombre", "activo")
    list_filter = ("activo",)
    search_fields = ("nombre",)


class ActividadOrdenInline(ErpTabularInline):
    model = ActividadOrden
    fields = ("orden", "actividad", "estado", "fecha_inicio", "fecha_termino", "fecha_extemporanea", "observacion")
    autocomplete_fields = ("actividad",)
    verbose_name_plural = "Actividades"


class CostoInline(ErpTabularInline):
    model = CostoFabricacion
    fields = ("concepto", "costo_unitario", "cantidad", "total_txt", "creado_por", "creado")
    readonly_fields = ("total_txt", "creado_por", "creado")
    verbose_name_plural = "Costos de fabricación"

    @display(description="subtotal")
    def total_txt(self, obj):
        return f"{obj.total:,.2f}" if obj.pk else ""


@admin.register(OrdenTrabajo)
class OrdenTrabajoAdmin(NumeradoAlGuardarMixin, PorSucursalAdmin):
    tipo_serie = "OT"
    campo_fecha = "fecha"
    list_display = ("numero_txt", "titulo", "cliente", "fecha", "fecha_entrega", "estado_txt", "costo", "creado_por")
    list_filter = ("estado", SucursalFilter, "fecha")
    search_fields = ("numero", "titulo", "cliente__razon_social", "descripcion", "actividades__actividad__nombre")
    list_select_related = ("serie", "cliente", "creado_por")
    autocomplete_fields = ("cliente",)
    inlines = [ActividadOrdenInline, CostoInline]
    actions_detail = ["aprobar"]
    list_before_template = "billing/pestanas.html"
    fieldsets = (
        ("Orden", {"classes": ["tab"], "fields": (("sucursal", "serie"), "titulo", "cliente", ("fecha", "fecha_entrega"), "estado", ("aprobado_por", "aprobado_en"))}),
        ("Descripción", {"classes": ["tab"], "fields": ("descripcion",)}),
        REGISTRO_FIELDSET,
    )
    readonly_fields = ("estado", "aprobado_por", "aprobado_en")

    def get_queryset(self, request):
        qs = super().get_queryset(request).annotate(
            _costo=Sum(ExpressionWrapper(F("costos__costo_unitario") * F("costos__cantidad"), output_field=DecimalField()))
        )
        if getattr(request, "pestana", None) == "por_aprobar":
            qs = qs.filter(estado=OrdenTrabajo.Estado.POR_APROBAR)
        return qs

    def changelist_view(self, request, extra_context=None):
        # The manual's two tabs: all orders, and orders waiting for approval.
        request.GET = request.GET.copy()
        pestana = request.GET.pop("pestana", ["todas"])[0]
        request.pestana = pestana
        extra_context = {
            **(extra_context or {}),
            "pestanas": [
                {"titulo": "Todas las órdenes", "url": "?", "activa": pestana != "por_aprobar"},
                {"titulo": "Órdenes por aprobar", "url": "?pestana=por_aprobar", "activa": pestana == "por_aprobar"},
            ],
        }
        return super().changelist_view(request, extra_context)


    def save_formset(self, request, form, formset, change):
        instancias = formset.save(commit=False)
        for instancia in instancias:
            if isinstance(instancia, CostoFabricacion) and not instancia.pk:
                instancia.creado_por = request.user
            instancia.save()
        for eliminado in formset.deleted_objects:
            eliminado.delete()
        formset.save_m2m()

    @display(description="número", ordering="numero")
    def numero_txt(self, obj):
        return f"{obj.serie.serie}-{obj.numero:08d}"

    @display(description="estado", label={"Por aprobar": "warning", "Aprobada": "info", "En proceso": "info", "Terminada": "success", "Anulada": "danger"})
    def estado_txt(self, obj):
        return obj.get_estado_display()

    @display(description="costo de fabricación", ordering="_costo")
    def costo(self, obj):
        return f"{obj._costo or 0:,.2f}"

    def has_aprobar_permission(self, request, object_id=None):
        if not request.user.has_perm("billing.aprobar_ordentrabajo"):
            return False
        return object_id is None or self.get_queryset(request).filter(pk=object_id, estado=OrdenTrabajo.Estado.POR_APROBAR).exists()

    @action(description="Aprobar", permissions=["aprobar"], icon="task_alt", url_path="aprobar")
    def aprobar(self, request, object_id):
        orden = self.get_queryset(request).get(pk=object_id)
        try:
            services.orden_aprobar(orden=orden, usuario=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Orden {orden.serie.serie}-{orden.numero:08d} aprobada.")
        return redirect(reverse("admin:billing_ordentrabajo_change", args=[object_id]))
