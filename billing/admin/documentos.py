"""The manual's sales screens: facturas, boletas, notes and notas de venta."""

import re
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from unfold.contrib.filters.admin import RangeDateFilter
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminSelectWidget

from billing import calculo, services
from billing import guias as servicio_guias
from billing.admin.base import CorreoMixin, avisar_percepcion
from billing.forms import LineaForm, PagoForm, SerieSelect
from billing.models import (
    MODELO_DE_TIPO,
    AnticipoAplicado,
    Boleta,
    Cuota,
    Devolucion,
    DocumentoVenta,
    Factura,
    LineaDocumento,
    MotivoNotaCredito,
    MotivoNotaDebito,
    NotaCredito,
    NotaDebito,
    NotaVenta,
    Pago,
    TipoDocumentoVenta,
)
from billing.tesoreria.forms import DevolucionForm
from erp.admin.base import (
    REGISTRO_FIELDSET,
    EditableSegunMixin,
    ErpTabularInline,
    PorSucursalAdmin,
    SoloConsultaMixin,
    SucursalFilter,
    dialogo,
    ejecutar,
    redirigir,
)
from erp.models import Contacto, Serie
from erp.selectors import filtrar_por_sucursal
from inventory.models import Producto, Stock
from inventory.selectors import almacen_principal, filtrar_por_empresa, precio_de

ESTADO_COLORES = {"Borrador": "warning", "Emitido": "success", "Anulado": "danger"}
PAGO_COLORES = {"Pendiente de pago": "danger", "Pagado parcialmente": "warning", "Pagado": "success"}


# ISC and the bag tax of a line; choosing the product fills them from its sheet.
COLUMNAS_TRIBUTOS = ("isc_sistema", "isc_tasa", "icbper")


class LineaInline(ErpTabularInline):
    model = LineaDocumento
    form = LineaForm
    fields = (
        "producto",
        "descripcion",
        "numero_serie",
        "unidad",
        "cantidad",
        "precio_unitario",
        "descuento_porcentaje",
        "afectacion_igv",
        *COLUMNAS_TRIBUTOS,
        "total",
    )
    readonly_fields = ("total",)
    autocomplete_fields = ("producto", "unidad")
    verbose_name_plural = "Detalle"
    extra = 1

    def _es_borrador(self, obj):
        return obj is None or obj.estado == DocumentoVenta.Estado.BORRADOR

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if self._es_borrador(obj) and not (obj and obj.lineas.exists()) else 0

    def has_add_permission(self, request, obj=None):
        return self._es_borrador(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._es_borrador(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._es_borrador(obj) and super().has_delete_permission(request, obj)


class CuotaInline(LineaInline):
    model = Cuota
    form = forms.ModelForm
    fields = ("numero", "fecha_pago", "monto")
    readonly_fields = ()
    autocomplete_fields = ()
    verbose_name_plural = "Cuotas"
    extra = 0

    def get_extra(self, request, obj=None, **kwargs):
        return 0


class PagoInline(SoloConsultaMixin, ErpTabularInline):
    model = Pago
    fields = ("fecha", "monto", "metodo_pago", "referencia", "creado_por", "creado")
    readonly_fields = fields
    verbose_name_plural = "Pago a cuenta"


class AnticipoInline(EditableSegunMixin, ErpTabularInline):
    """The advances a draft factura or boleta deducts: issued advances of the user's branches; the client is checked at issue."""

    model = AnticipoAplicado
    fk_name = "documento"
    fields = ("anticipo", "monto")
    verbose_name_plural = "Anticipos que se deducen"

    def editable(self, obj) -> bool:
        return obj is None or obj.estado == DocumentoVenta.Estado.BORRADOR

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "anticipo":
            kwargs["queryset"] = filtrar_por_sucursal(
                DocumentoVenta.objects.filter(es_anticipo=True, estado=DocumentoVenta.Estado.EMITIDO).select_related("serie"), request.user
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DocumentoForm(forms.ModelForm):
    class Meta:
        model = DocumentoVenta
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        serie = cleaned.get("serie")
        sucursal = cleaned.get("sucursal")
        if serie and sucursal and serie.sucursal_id != sucursal.pk:
            self.add_error("serie", f"La serie {serie} no es de la sucursal {sucursal}.")
        cliente, contacto = cleaned.get("cliente"), cleaned.get("contacto")
        if contacto and cliente and contacto.socio_id != cliente.pk:
            self.add_error("contacto", "El contacto no es del cliente elegido.")
        return cleaned


@admin.register(DocumentoVenta)
class DocumentoVentaAdmin(PorSucursalAdmin):
    """All sales documents: for the notes' "documento que modifica" search; the menu shows one list per type."""

    search_fields = ("serie__serie", "numero", "cliente__razon_social", "cliente__numero_documento")
    list_display = ("__str__", "cliente", "importe_total", "fecha_emision", "estado")

    def has_module_permission(self, request):
        return False

    def get_search_results(self, request, queryset, search_term):
        qs, duplicados = super().get_search_results(request, queryset, search_term)
        # Notes only modify issued facturas and boletas.
        if request.path.endswith("/autocomplete/"):
            qs = qs.filter(tipo__in=["01", "03"], estado=DocumentoVenta.Estado.EMITIDO)
        return qs, duplicados


class InfoProductoMixin:
    """The line entry's helper: a product's price, unit and stock in the document's warehouse (billing/lineas.js)."""

    class Media:
        js = ("admin/js/jquery.init.js", "billing/lineas.js")

    def get_urls(self):
        info = self.admin_site.admin_view(self.info_producto)
        nombre = f"{self.model._meta.app_label}_{self.model._meta.model_name}_info_producto"
        return [path("producto-info/<int:pk>/", info, name=nombre), *super().get_urls()]

    def info_producto(self, request, pk):
        producto = get_object_or_404(filtrar_por_empresa(Producto.objects.select_related("unidad"), request.user), pk=pk)
        # The branch chosen on the document (among the user's), else the user's own.
        elegida = request.GET.get("sucursal", "")
        sucursal = request.user.sucursales_permitidas().filter(pk=elegida).first() if elegida.isdigit() else None
        sucursal = sucursal or request.user.sucursal_predeterminada
        moneda = request.GET.get("moneda") or 1
        stock = almacen = None
        if not producto.es_servicio and sucursal is not None:
            try:
                almacen = almacen_principal(sucursal)  # the warehouse issuing takes the stock from
            except ValidationError:
                stock = Decimal(0)
            else:
                stock = Stock.objects.filter(producto=producto, almacen=almacen).values_list("cantidad", flat=True).first() or Decimal(0)
        precio = precio_de(producto, moneda_id=int(moneda) if str(moneda).isdigit() else 1)
        return JsonResponse(
            {
                "codigo": producto.codigo,
                "descripcion": producto.nombre,
                "unidad": producto.unidad_id,
                "unidad_texto": str(producto.unidad),
                "precio": "" if precio is None else f"{precio:.2f}" if precio == round(precio, 2) else f"{precio.normalize():f}",
                "afectacion": producto.afectacion_igv,
                "isc_sistema": producto.isc_sistema,
                "isc_tasa": f"{producto.isc_tasa.normalize():f}",
                "icbper": producto.icbper,
                "stock": None if stock is None else f"{stock.normalize():f}",
                "sucursal": str(almacen or sucursal or ""),
                "series": producto.maneja_series,
            }
        )


class ComprobanteAdmin(CorreoMixin, InfoProductoMixin, PorSucursalAdmin):
    tipo = ""
    form = DocumentoForm
    # The CPE app (cpe/admin_ventas.py) adds its column, its actions and SUNAT's situation to these screens.
    list_display = ("numero_txt", "cliente_txt", "monto", "fecha_emision", "fecha_pago", "estado_txt", "pago_txt", "autor")
    list_display_links = ("numero_txt",)
    list_filter = (
        "estado",
        "estado_pago",
        SucursalFilter,
        ("fecha_emision", RangeDateFilter),
        "moneda",
    )
    search_fields = (
        "serie__serie",
        "numero",
        "cliente__razon_social",
        "cliente__numero_documento",
        "cliente_razon_social",
        "observaciones",
        "orden_compra",
        "lineas__descripcion",
        "lineas__numero_serie",
    )
    list_select_related = ("serie", "cliente", "moneda", "creado_por", "documento_referencia__serie")
    date_hierarchy = "fecha_emision"
    autocomplete_fields = ("cliente", "documento_referencia")
    inlines = [LineaInline, CuotaInline, PagoInline]
    actions_detail = [
        "emitir", "registrar_pago", "emitir_nota_credito", "emitir_nota_debito",
        "enviar_correo", "importar_lineas", "emitir_guia",
    ]  # fmt: skip
    actions_submit_line = ["guardar_y_emitir"]
    change_form_after_template = "billing/totales.html"

    CABECERA = (
        ("sucursal", "serie"),
        ("fecha_emision", "hora_emision"),
        ("cliente", "contacto"),
        ("moneda", "tipo_cambio"),
        ("tipo_operacion", "forma_pago"),
        "fecha_vencimiento",
        ("orden_compra", "placa_vehiculo"),
        "guias",
        ("descuento_global", "otros_cargos"),
    )
    NOTA = (("documento_referencia", "motivo_nota"), "sustento")
    TRIBUTOS = (
        ("detraccion_codigo", "detraccion_porcentaje", "detraccion_medio_pago"),
        "percepcion_regimen",
        "retencion_porcentaje",
        "es_anticipo",
    )

    def get_fieldsets(self, request, obj=None):
        resumen = self.CABECERA + (self.NOTA if self.tipo in ("07", "08") else ())
        fieldsets = [
            ("Resumen", {"classes": ["tab"], "fields": resumen}),
            ("Descripción", {"classes": ["tab"], "fields": ("observaciones",)}),
            ("Métodos de pago", {"classes": ["tab"], "fields": ("metodo_pago", "cuentas_bancarias", "formato_impresion")}),
        ]
        if self.tipo in ("01", "03"):
            fieldsets.insert(1, ("Detracción y percepción", {"classes": ["tab"], "fields": self.TRIBUTOS}))
        return [*fieldsets, REGISTRO_FIELDSET]

    def get_search_results(self, request, queryset, search_term):
        # "F001-00000001" (or "F001-1"), as the list and the printed document show it.
        numero = re.fullmatch(r"\s*([A-Za-z0-9]{4})-0*(\d{1,8})\s*", search_term)
        if numero:
            return queryset.filter(serie__serie__iexact=numero[1], numero=int(numero[2])), False
        return super().get_search_results(request, queryset, search_term)

    def get_queryset(self, request):
        # Payments and notes make the balance.
        return super().get_queryset(request).filter(tipo=self.tipo).prefetch_related("pagos", "notas")

    def get_list_display(self, request):
        columnas = list(super().get_list_display(request))
        if self.tipo in (TipoDocumentoVenta.NOTA_CREDITO, TipoDocumentoVenta.NOTA_DEBITO):
            columnas.insert(columnas.index("cliente_txt"), "modifica")
        if self.tipo != TipoDocumentoVenta.NOTA_CREDITO:
            columnas.insert(columnas.index("pago_txt") + 1, "saldo_txt")
        return columnas

    def get_list_filter(self, request):
        filtros = super().get_list_filter(request)
        # A credit note is applied to its document or refunded, never "pending payment".
        return tuple(f for f in filtros if f != "estado_pago") if self.tipo == TipoDocumentoVenta.NOTA_CREDITO else filtros

    def change_view(self, request, object_id, form_url="", extra_context=None):
        documento = self.get_queryset(request).filter(pk=object_id).select_related("documento_referencia__serie").first()
        relacionados = []
        if documento is not None:
            referencia = documento.documento_referencia
            otros = [referencia] if referencia else []
            otros += [n for n in documento.notas.all() if n.estado != DocumentoVenta.Estado.BORRADOR or n.creado_por_id == request.user.pk]
            relacionados = [(otro, reverse(f"admin:billing_{MODELO_DE_TIPO[otro.tipo]}_change", args=[otro.pk])) for otro in otros]
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "relacionados": relacionados})

    def get_readonly_fields(self, request, obj=None):
        campos = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.estado != DocumentoVenta.Estado.BORRADOR:
            # Sent to SUNAT (or voided): corrected only by a note or voided, never edited.
            campos += [f.name for f in DocumentoVenta._meta.fields if f.editable] + ["cuentas_bancarias"]
        return campos

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "serie" in form.base_fields:
            series = filtrar_por_sucursal(Serie.objects.filter(tipo_documento=self.tipo, activo=True), request.user)
            form.base_fields["serie"].queryset = series.select_related("sucursal")
            # The first series of the user's default branch, as the office expects.
            propia = series.filter(sucursal=request.user.sucursal_predeterminada_id).first() or series.first()
            form.base_fields["serie"].initial = propia
        if "contacto" in form.base_fields:
            form.base_fields["contacto"].queryset = Contacto.objects.filter(socio=obj.cliente_id) if obj else Contacto.objects.none()
        if "motivo_nota" in form.base_fields:
            motivos = MotivoNotaCredito if self.tipo == "07" else MotivoNotaDebito
            # A note says what it modifies and why: marked required so the form asks before SUNAT does.
            form.base_fields["motivo_nota"] = forms.ChoiceField(
                label="Motivo", choices=[("", "---------"), *motivos.choices], widget=UnfoldAdminSelectWidget
            )
            for campo in ("documento_referencia", "sustento"):
                form.base_fields[campo].required = True
        return form

    def get_changeform_initial_data(self, request):
        return {"fecha_emision": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "serie":
            kwargs["widget"] = SerieSelect
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        obj.tipo = self.tipo
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        documento = form.instance
        if documento.estado == DocumentoVenta.Estado.BORRADOR:
            try:
                calculo.recalcular(documento)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                documento.save()

    # List columns ---------------------------------------------------------------------

    @display(description="número", ordering="numero")
    def numero_txt(self, obj):  # not "numero": the model's field would win and show 1
        return obj.numero_completo

    @display(description="empresa / persona natural", ordering="cliente__razon_social")
    def cliente_txt(self, obj):
        return obj.cliente_razon_social or obj.cliente.razon_social

    @display(description="monto", ordering="importe_total")
    def monto(self, obj):
        return f"{obj.moneda.simbolo} {obj.importe_total:,.2f}"

    @display(description="estado", label=ESTADO_COLORES)
    def estado_txt(self, obj):
        return obj.get_estado_display()

    @display(description="pago", label=PAGO_COLORES)
    def pago_txt(self, obj):
        if obj.estado != DocumentoVenta.Estado.EMITIDO:
            return ""
        if obj.tipo == TipoDocumentoVenta.NOTA_CREDITO:
            return f"Aplicada a {obj.documento_referencia.numero_completo}" if obj.documento_referencia_id else "Aplicada"
        return obj.get_estado_pago_display()

    @display(description="saldo")
    def saldo_txt(self, obj):
        return f"{obj.moneda.simbolo} {obj.saldo:,.2f}" if obj.estado == DocumentoVenta.Estado.EMITIDO else ""

    @display(description="modifica a", ordering="documento_referencia__numero")
    def modifica(self, obj):
        referencia = obj.documento_referencia
        if referencia is None:
            return "—"
        url = reverse(f"admin:billing_{MODELO_DE_TIPO[referencia.tipo]}_change", args=[referencia.pk])
        return format_html('<a href="{}">{}</a>', url, referencia)

    @display(description="autor", ordering="creado_por__username")
    def autor(self, obj):
        return obj.creado_por

    # Actions ---------------------------------------------------------------------------

    def _documento(self, request, object_id):
        return self.get_queryset(request).get(pk=object_id)

    def has_emitir_permission(self, request, object_id=None):
        if not self.has_change_permission(request):
            return False
        return object_id is None or self.get_queryset(request).filter(pk=object_id, estado=DocumentoVenta.Estado.BORRADOR).exists()

    def has_pagar_permission(self, request, object_id=None):
        if self.tipo == TipoDocumentoVenta.NOTA_CREDITO or not self.has_change_permission(request):
            return False
        return object_id is None or self.get_queryset(request).filter(
            pk=object_id, estado=DocumentoVenta.Estado.EMITIDO
        ).exclude(estado_pago=DocumentoVenta.EstadoPago.PAGADO).exists()

    def has_notificar_permission(self, request, object_id=None):
        return object_id is None or self.get_queryset(request).filter(pk=object_id).exclude(estado=DocumentoVenta.Estado.BORRADOR).exists()

    def _puede_emitir_nota(self, request, object_id, modelo):
        if self.tipo not in (TipoDocumentoVenta.FACTURA, TipoDocumentoVenta.BOLETA) or not request.user.has_perm(f"billing.add_{modelo}"):
            return False
        return object_id is None or self.get_queryset(request).filter(pk=object_id, estado=DocumentoVenta.Estado.EMITIDO).exists()

    def has_nota_credito_permission(self, request, object_id=None):
        return self._puede_emitir_nota(request, object_id, "notacredito")

    def has_nota_debito_permission(self, request, object_id=None):
        return self._puede_emitir_nota(request, object_id, "notadebito")

    def _nota_desde(self, request, object_id, tipo):
        try:
            nota = services.nota_desde_documento(referencia_id=self._documento(request, object_id).pk, tipo=tipo, usuario=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(reverse(f"admin:billing_{self.model._meta.model_name}_change", args=[object_id]))
        messages.info(request, "Se copiaron el cliente y las líneas: quite o cambie las líneas, elija el motivo y emita la nota.")
        return redirect(reverse(f"admin:billing_{MODELO_DE_TIPO[tipo]}_change", args=[nota.pk]))

    def has_guia_permission(self, request, object_id=None):
        if self.tipo not in (TipoDocumentoVenta.FACTURA, TipoDocumentoVenta.BOLETA) or not request.user.has_perm("billing.add_guiaremision"):
            return False
        return object_id is None or self.get_queryset(request).filter(pk=object_id, estado=DocumentoVenta.Estado.EMITIDO).exists()

    @action(description="Emitir guía de remisión", permissions=["guia"], icon="local_shipping", url_path="guia")
    def emitir_guia(self, request, object_id):
        guia = ejecutar(
            request, servicio_guias.guia_desde_documento,
            "Se copiaron el cliente y los bienes: complete el peso, la llegada y el transporte, y emita la guía.",
            documento_id=self._documento(request, object_id).pk, usuario=request.user,
        )  # fmt: skip
        if guia is None:
            return redirect(reverse(f"admin:billing_{self.model._meta.model_name}_change", args=[object_id]))
        return redirect(reverse("admin:billing_guiaremision_change", args=[guia.pk]))

    @action(description="Emitir nota de crédito", permissions=["nota_credito"], icon="remove_circle", url_path="nota-credito")
    def emitir_nota_credito(self, request, object_id):
        return self._nota_desde(request, object_id, TipoDocumentoVenta.NOTA_CREDITO)

    @action(description="Emitir nota de débito", permissions=["nota_debito"], icon="add_circle", url_path="nota-debito")
    def emitir_nota_debito(self, request, object_id):
        return self._nota_desde(request, object_id, TipoDocumentoVenta.NOTA_DEBITO)

    def has_importar_permission(self, request, object_id=None):
        return self.tipo in ("07", "08") and self.has_emitir_permission(request, object_id)

    def _emitir(self, request, documento):
        try:
            documento = services.documento_emitir(documento_id=documento.pk, usuario=request.user)
        except ValidationError as exc:
            for mensaje in exc.messages:
                messages.error(request, mensaje)
        else:
            messages.success(request, f"Se emitió {documento}.")

    @action(description="Emitir", permissions=["emitir"], icon="send", url_path="emitir")
    def emitir(self, request, object_id):
        self._emitir(request, self._documento(request, object_id))
        return redirect(reverse(f"admin:billing_{self.model._meta.model_name}_change", args=[object_id]))

    @action(description="Guardar y emitir", permissions=["emitir"])
    def guardar_y_emitir(self, request, obj):
        # Unfold calls this before the lines are saved: issue once the response is built.
        request.emitir_al_guardar = True

    def response_change(self, request, obj):
        if getattr(request, "emitir_al_guardar", False):
            self._emitir(request, obj)
            return redirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "emitir_al_guardar", False):
            self._emitir(request, obj)
            return redirect(reverse(f"admin:billing_{self.model._meta.model_name}_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    @action(
        description="Registrar pago",
        permissions=["pagar"],
        icon="payments",
        url_path="pagar",
        dialog={"title": "Pago a cuenta", "description": "Registre un pago o adelanto del cliente.", "form_class": PagoForm, "form_submit_text": "Registrar"},
    )
    def registrar_pago(self, request, form, object_id):
        documento = self._documento(request, object_id)
        try:
            datos = form.cleaned_data
            # As the receivables screen collects it: a good of the perception regime is perceived here too.
            pagos = services.cobranza_registrar(
                documentos=[documento], monto=datos["monto"], destino=None, metodo_pago=datos["metodo_pago"], fecha=datos["fecha"],
                referencia=datos["referencia"], usuario=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Pago registrado.")
            avisar_percepcion(request, pagos)
        return redirigir(request, reverse(f"admin:billing_{self.model._meta.model_name}_change", args=[object_id]))

    @action(description="Importar líneas del documento", permissions=["importar"], icon="download", url_path="importar")
    def importar_lineas(self, request, object_id):
        nota = self._documento(request, object_id)
        if nota.documento_referencia is None:
            messages.error(request, "Elija primero el documento que la nota modifica y guarde.")
        else:
            services.nota_importar_lineas(nota=nota, referencia=nota.documento_referencia)
            messages.success(request, f"Se importaron las líneas de {nota.documento_referencia}.")
        return redirect(reverse(f"admin:billing_{self.model._meta.model_name}_change", args=[object_id]))

    def has_delete_permission(self, request, obj=None):
        # Only drafts are deleted; an issued document is corrected by a note or voided.
        return super().has_delete_permission(request, obj) and (obj is None or obj.estado == DocumentoVenta.Estado.BORRADOR)

    def delete_queryset(self, request, queryset):
        borradores = queryset.filter(estado=DocumentoVenta.Estado.BORRADOR)
        if borradores.count() != queryset.count():
            messages.warning(request, "Los documentos emitidos no se eliminan: se corrigen con una nota o se anulan.")
        super().delete_queryset(request, borradores)


@admin.register(Factura)
class FacturaAdmin(ComprobanteAdmin):
    tipo = TipoDocumentoVenta.FACTURA
    inlines = [*ComprobanteAdmin.inlines, AnticipoInline]


@admin.register(Boleta)
class BoletaAdmin(ComprobanteAdmin):
    tipo = TipoDocumentoVenta.BOLETA
    inlines = [*ComprobanteAdmin.inlines, AnticipoInline]


class DevolucionInline(SoloConsultaMixin, ErpTabularInline):
    model = Devolucion
    fields = ("fecha", "monto", "referencia", "creado_por", "creado")
    readonly_fields = fields
    verbose_name_plural = "Devoluciones al cliente"


@admin.register(NotaCredito)
class NotaCreditoAdmin(ComprobanteAdmin):
    tipo = TipoDocumentoVenta.NOTA_CREDITO
    inlines = [*ComprobanteAdmin.inlines, DevolucionInline]
    actions_detail = [*ComprobanteAdmin.actions_detail, "devolver"]

    def has_devolver_permission(self, request, object_id=None):
        if not self.has_change_permission(request):
            return False
        nota = object_id and self.get_queryset(request).filter(pk=object_id, estado=DocumentoVenta.Estado.EMITIDO).first()
        return object_id is None or bool(nota and services.por_devolver(nota) > 0)

    @action(
        description="Devolver al cliente", icon="currency_exchange", url_path="devolver", permissions=["devolver"],
        dialog=dialogo("Devolver al cliente", "Lo que la nota deja a favor del cliente sale de la caja o cuenta elegida.", DevolucionForm, "Devolver"),
    )  # fmt: skip
    def devolver(self, request, form, object_id):
        nota = self._documento(request, object_id)
        datos = form.cleaned_data
        ejecutar(
            request, services.devolucion_registrar, f"Se devolvió {datos['monto']} al cliente por {nota}.", nota=nota, origen=datos["medio"],
            monto=datos["monto"], fecha=datos["fecha"], referencia=datos["numero_operacion"], usuario=request.user,
        )  # fmt: skip
        return redirigir(request, reverse("admin:billing_notacredito_change", args=[object_id]))


@admin.register(NotaDebito)
class NotaDebitoAdmin(ComprobanteAdmin):
    tipo = TipoDocumentoVenta.NOTA_DEBITO


@admin.register(NotaVenta)
class NotaVentaAdmin(ComprobanteAdmin):
    tipo = TipoDocumentoVenta.NOTA_VENTA
