"""Quotations and sales orders."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from unfold.decorators import action, display
from unfold.forms import BaseDialogForm
from unfold.widgets import UnfoldAdminSelectWidget

from billing import calculo, services
from billing.admin.base import CorreoMixin, NumeradoAlGuardarMixin
from billing.admin.documentos import COLUMNAS_TRIBUTOS, InfoProductoMixin
from billing.forms import LineaForm
from billing.models import MODELO_DE_TIPO, Cotizacion, LineaCotizacion, LineaPedido, Pedido
from erp.admin.base import REGISTRO_FIELDSET, ErpTabularInline, PorSucursalAdmin, SucursalFilter, redirigir
from erp.models import Contacto, Serie
from erp.selectors import filtrar_por_sucursal


class ConvertirForm(BaseDialogForm):
    """Which document the quotation or order becomes, and in which series."""

    serie = forms.ModelChoiceField(label="Serie", queryset=Serie.objects.none(), widget=UnfoldAdminSelectWidget)

    def __init__(self, *args, request=None, object_id=None, **kwargs):
        super().__init__(*args, request=request, object_id=object_id, **kwargs)
        self.fields["serie"].queryset = filtrar_por_sucursal(
            Serie.objects.filter(tipo_documento__in=["01", "03", "NV"], activo=True), request.user
        ).select_related("sucursal")
        self.fields["serie"].label_from_instance = lambda s: f"{s.get_tipo_documento_display()} {s.serie} ({s.sucursal})"


class LineaPrevioInline(ErpTabularInline):
    form = LineaForm
    fields = ("producto", "descripcion", "unidad", "cantidad", "precio_unitario", "descuento_porcentaje", "afectacion_igv", *COLUMNAS_TRIBUTOS, "total")
    readonly_fields = ("total",)
    autocomplete_fields = ("producto", "unidad")
    verbose_name_plural = "Detalle"
    extra = 1


class LineaCotizacionInline(LineaPrevioInline):
    model = LineaCotizacion


class LineaPedidoInline(LineaPrevioInline):
    model = LineaPedido


class PrevioAdmin(NumeradoAlGuardarMixin, CorreoMixin, InfoProductoMixin, PorSucursalAdmin):
    list_display = ("numero_txt", "cliente", "fecha_emision", "monto", "estado", "generado", "creado_por")
    list_filter = ("estado", SucursalFilter, "fecha_emision")
    search_fields = ("numero", "cliente__razon_social", "cliente__numero_documento", "observaciones", "lineas__descripcion")
    list_select_related = ("serie", "cliente", "moneda", "creado_por")
    autocomplete_fields = ("cliente",)
    actions_detail = ["convertir", "enviar_correo"]
    change_form_after_template = "billing/totales.html"
    campos_propios = ()

    def get_fieldsets(self, request, obj=None):
        return (
            ("Resumen", {"classes": ["tab"], "fields": (("sucursal", "serie"), ("fecha_emision", "estado"), "cliente", "contacto", ("moneda", "tipo_cambio"), *self.campos_propios, ("descuento_global", "otros_cargos"))}),
            ("Observaciones", {"classes": ["tab"], "fields": ("observaciones",)}),
            ("Notas privadas", {"classes": ["tab"], "fields": ("notas_privadas",)}),
            ("Métodos de pago", {"classes": ["tab"], "fields": ("metodos_pago", "formato_impresion")}),
            REGISTRO_FIELDSET,
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "contacto" in form.base_fields:
            form.base_fields["contacto"].queryset = Contacto.objects.filter(socio=obj.cliente_id) if obj else Contacto.objects.none()
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        try:
            calculo.recalcular(form.instance)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            form.instance.save()

    @display(description="número", ordering="numero")
    def numero_txt(self, obj):
        return str(obj)

    @display(description="monto", ordering="importe_total")
    def monto(self, obj):
        return f"{obj.moneda.simbolo} {obj.importe_total:,.2f}"

    @display(description="comprobante")
    def generado(self, obj):
        return obj.documento_generado or ""

    def has_notificar_permission(self, request, object_id=None):
        return self.has_view_permission(request)

    def has_convertir_permission(self, request, object_id=None):
        return request.user.has_perm("billing.add_factura") or request.user.has_perm("billing.add_boleta")

    @action(
        description="Convertir en factura o boleta",
        permissions=["convertir"],
        icon="receipt_long",
        url_path="convertir",
        dialog={"title": "Convertir en comprobante", "description": "Se crea un borrador con las mismas líneas; revíselo y emítalo.", "form_class": ConvertirForm, "form_submit_text": "Convertir"},
    )
    def convertir(self, request, form, object_id):
        previo = self.get_queryset(request).get(pk=object_id)
        serie = form.cleaned_data["serie"]
        try:
            documento = services.convertir_previo(previo=previo, tipo=serie.tipo_documento, serie=serie, usuario=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirigir(request, reverse(f"admin:billing_{self.model._meta.model_name}_change", args=[object_id]))
        modelo = MODELO_DE_TIPO[serie.tipo_documento]
        messages.success(request, f"Se creó el borrador {documento}; revíselo y emítalo.")
        return redirigir(request, reverse(f"admin:billing_{modelo}_change", args=[documento.pk]))


@admin.register(Cotizacion)
class CotizacionAdmin(PrevioAdmin):
    tipo_serie = "CT"
    inlines = [LineaCotizacionInline]
    campos_propios = (("valido_hasta", "condiciones"),)


@admin.register(Pedido)
class PedidoAdmin(PrevioAdmin):
    tipo_serie = "PV"
    inlines = [LineaPedidoInline]
    campos_propios = (("fecha_entrega", "direccion_entrega"),)
