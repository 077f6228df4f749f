"""The purchase screens: lists with filters and search; the documents are written by purchases.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from unfold.decorators import action, display

from billing.services import adjuntos_del_documento
from billing.tesoreria.admin import CarteraAdmin
from erp.admin.base import (
    EditableSegunMixin,
    ErpTabularInline,
    PorSucursalAdmin,
    SoloConsultaMixin,
    dialogo,
    ejecutar,
    ejecutar_por_fila,
    redirigir,
)
from erp.selectors import filtrar_por_sucursal
from inventory.admin.base import ExportarExcelMixin

from . import cartera, selectors, services
from .forms import (
    AprobacionForm,
    CorreoProveedorForm,
    EleccionForm,
    MensajeForm,
    RecepcionForm,
    RechazoForm,
    RespuestaForm,
)
from .models import (
    CuentaPorPagar,
    FacturaCompra,
    LineaFacturaCompra,
    LineaOrdenCompra,
    LineaSolicitudCompra,
    LineaSolicitudCotizacion,
    OrdenCompra,
    PagoCompra,
    Recepcion,
    SolicitudCompra,
    SolicitudCotizacion,
)


def _pdf(documento) -> HttpResponse:
    """The document's PDF, built by whoever fills billing's attachments signal (cpe.pdf)."""
    nombre, contenido, tipo = next(a for a in adjuntos_del_documento(documento) if a[2] == "application/pdf")
    return HttpResponse(contenido, content_type=tipo, headers={"Content-Disposition": f'inline; filename="{nombre}"'})


def _volver(request, obj):
    return redirigir(request, reverse(f"admin:purchases_{obj._meta.model_name}_change", args=[obj.pk]))


class GuiaDeCompraMixin:
    """«Guía de remisión» (motivo 02) on a purchase: a draft guide from the provider's address to the warehouse."""

    crear_guia = None  # the purchases service, called with the record's id and the user
    guia_posible = {}  # filter of the records that may have one

    def has_guia_remision_permission(self, request, object_id=None):
        if not request.user.has_perm("billing.add_guiaremision"):
            return False
        return object_id is None or self.get_queryset(request).filter(pk=object_id, **self.guia_posible).exists()

    @action(description="Guía de remisión", icon="local_shipping", url_path="guia-remision", permissions=["guia_remision"])
    def guia_remision(self, request, object_id):
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        guia = ejecutar(
            request, self.crear_guia, "Se copiaron el proveedor, su dirección y los bienes: complete el peso, el transporte y emita la guía.",
            obj.pk, usuario=request.user,
        )  # fmt: skip
        if guia is None:
            return _volver(request, obj)
        return redirect(reverse("admin:billing_guiaremision_change", args=[guia.pk]))


class LineasSoloConsulta(SoloConsultaMixin, ErpTabularInline):
    fields = ("producto", "descripcion", "cantidad", "valor_unitario", "afectacion_igv")
    readonly_fields = fields


class LineasEditables(EditableSegunMixin, ErpTabularInline):
    """Purchase lines typed in: the description may be left empty for the product's name."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        campo = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "descripcion":
            campo.required = False  # the product's name when left empty
        return campo


class LineaOrdenInline(LineasEditables):
    """The order's lines: edited while it is a draft, then only read (receptions count against them)."""

    model = LineaOrdenCompra
    fields = ("producto", "descripcion", "cantidad", "valor_unitario", "ingreso_con_igv", "afectacion_igv", "cantidad_recibida")
    readonly_fields = ("cantidad_recibida",)
    autocomplete_fields = ("producto",)
    extra = 3

    def editable(self, obj):
        return obj is None or obj.estado == OrdenCompra.Estado.BORRADOR


class LineaFacturaInline(LineasSoloConsulta):
    model = LineaFacturaCompra


class PagoInline(SoloConsultaMixin, ErpTabularInline):
    model = PagoCompra
    fields = ("fecha", "monto", "metodo_pago", "caja", "cuenta_bancaria", "referencia", "anulado")
    readonly_fields = fields


@admin.register(OrdenCompra)
class OrdenCompraAdmin(ExportarExcelMixin, PorSucursalAdmin):
    list_display = ("numero_completo", "fecha_emision", "proveedor", "sucursal", "moneda", "importe_total", "estado")
    list_filter = ("estado", "sucursal", "moneda", "fecha_emision")
    search_fields = ("numero", "proveedor__razon_social", "proveedor__numero_documento")
    date_hierarchy = "fecha_emision"
    fields = ("sucursal", "almacen", "proveedor", "fecha_emision", "fecha_entrega", "moneda", "tipo_cambio", "condiciones_pago", "observaciones")
    autocomplete_fields = ("proveedor",)
    inlines = [LineaOrdenInline]
    actions = ["anular"]
    actions_detail = ["emitir", "recibir", "pdf", "enviar_correo"]
    change_form_after_template = "purchases/recepciones_orden.html"

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None and obj.estado != OrdenCompra.Estado.BORRADOR else ()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        orden = self.get_queryset(request).filter(pk=object_id).first()
        if orden is not None:
            extra_context = {**(extra_context or {}), "lineas_orden": orden.lineas.order_by("orden", "id"),
                             "recepciones": orden.recepciones.prefetch_related("lineas__linea_orden")}  # fmt: skip
        return super().change_view(request, object_id, form_url, extra_context)

    def has_delete_permission(self, request, obj=None):
        return False  # an order is voided, its number kept

    def get_changeform_initial_data(self, request):
        return {"fecha_emision": timezone.localdate(), "sucursal": request.user.sucursal_predeterminada_id, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if obj.pk is None:
            obj.creado_por = request.user
            services.orden_numerar(orden=obj)
        else:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        ejecutar(request, services.orden_calcular, "Totales calculados.", orden=form.instance)

    def has_emitir_permission(self, request, object_id=None):
        return request.user.has_perm("purchases.change_ordencompra")

    def has_recibir_permission(self, request, object_id=None):
        if not request.user.has_perm("purchases.add_recepcion"):
            return False
        recibibles = (OrdenCompra.Estado.EMITIDA, OrdenCompra.Estado.RECIBIDA_PARCIAL)
        return object_id is None or self.get_queryset(request).filter(pk=object_id, estado__in=recibibles).exists()

    def has_pdf_permission(self, request, object_id=None):
        return request.user.has_perm("purchases.view_ordencompra")

    @action(description="Emitir", icon="send", url_path="emitir", permissions=["emitir"])
    def emitir(self, request, object_id):
        orden = get_object_or_404(self.get_queryset(request), pk=object_id)
        ejecutar(request, services.orden_emitir, f"{orden} emitida.", orden_id=orden.pk, usuario=request.user)
        return _volver(request, orden)

    @action(description="PDF", icon="picture_as_pdf", url_path="pdf", permissions=["pdf"])
    def pdf(self, request, object_id):
        return _pdf(get_object_or_404(self.get_queryset(request), pk=object_id))

    @action(description="Enviar al proveedor", icon="mail", url_path="correo", permissions=["emitir"],
            dialog=dialogo("Enviar la orden al proveedor", "La orden va en PDF; usted recibe una copia oculta.", CorreoProveedorForm, "Enviar correo"))  # fmt: skip
    def enviar_correo(self, request, form, object_id):
        orden = get_object_or_404(self.get_queryset(request), pk=object_id)
        ejecutar(
            request, services.orden_enviar, f"{orden} enviada a {', '.join(form.cleaned_data['destinatarios'])}.", orden_id=orden.pk,
            usuario=request.user, destinatarios=form.cleaned_data["destinatarios"], mensaje=form.cleaned_data["mensaje"],
        )  # fmt: skip
        return _volver(request, orden)

    @action(description="Registrar recepción", icon="inventory", url_path="recibir", permissions=["recibir"],
            dialog=dialogo("Recepción de mercadería", "Lo que llegó de cada línea entra al almacén de la orden a su costo.", RecepcionForm, "Registrar"))  # fmt: skip
    def recibir(self, request, form, object_id):
        orden = get_object_or_404(self.get_queryset(request), pk=object_id)
        ejecutar(
            request, services.recepcion_registrar, f"Recepción de {orden} registrada.", orden_id=orden.pk, fecha=form.cleaned_data["fecha"],
            cantidades=form.cantidades(), usuario=request.user, guia_remision=form.cleaned_data["guia_remision"],
            exceso_confirmado=form.cleaned_data.get("exceso_confirmado", False),
        )  # fmt: skip
        return _volver(request, orden)

    @admin.action(description="Anular las órdenes seleccionadas")
    def anular(self, request, queryset):
        ejecutar_por_fila(request, queryset, lambda o: services.orden_anular(orden_id=o.pk, usuario=request.user), "anulada")


@admin.register(Recepcion)
class RecepcionAdmin(GuiaDeCompraMixin, SoloConsultaMixin, PorSucursalAdmin):
    sucursal_lookup = "orden__sucursal"
    actions_detail = ["guia_remision"]
    crear_guia = staticmethod(lambda pk, usuario: services.recepcion_guia_remision(recepcion_id=pk, usuario=usuario))
    list_display = ("__str__", "orden", "fecha")
    list_filter = ("fecha",)
    search_fields = ("orden__numero", "orden__proveedor__razon_social")


CABECERA_COMPRA = (
    "sucursal", "almacen", "proveedor", "tipo", "serie", "numero", "fecha_emision", "fecha_vencimiento", "moneda", "tipo_cambio",
    "orden", "documento_referencia", "motivo_nota", "detraccion_constancia", "detraccion_fecha", "detraccion_monto", "retencion_monto", "observaciones",
)  # fmt: skip
LINEA_COMPRA = ("producto", "descripcion", "cantidad", "valor_unitario", "ingreso_con_igv", "afectacion_igv")


class _Ensayo(Exception):
    """Rolls back a rehearsal of the registration that went well."""


def _registrar(factura: FacturaCompra, lineas: list[dict], usuario) -> FacturaCompra:
    cabecera = {campo: getattr(factura, campo) for campo in CABECERA_COMPRA}
    if factura.pk:
        return services.factura_corregir(factura_id=factura.pk, cabecera=cabecera, lineas=lineas, usuario=usuario)
    return services.factura_registrar(cabecera=cabecera, lineas=lineas, usuario=usuario)


class LineasCompraFormSet(BaseInlineFormSet):
    """The lines of a purchase: valid only if the whole document registers, which is rehearsed and rolled back here,
    so the form shows the service's refusal (a missing rate, a repeated number) and nothing is written."""

    usuario = None

    def lineas(self) -> list[dict]:
        return [
            {campo: f.cleaned_data.get(campo) for campo in LINEA_COMPRA}
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.lineas():
            raise forms.ValidationError("Agregue al menos una línea.")
        cabecera = self.instance
        if not (cabecera.sucursal_id and cabecera.almacen_id and cabecera.proveedor_id and cabecera.fecha_emision):
            return  # the header's own errors are shown; the rehearsal needs a whole header
        try:
            with transaction.atomic():
                _registrar(self.instance, self.lineas(), self.usuario)
                raise _Ensayo
        except _Ensayo:
            pass
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc


class LineaFacturaEditable(LineasEditables):
    model = LineaFacturaCompra
    formset = LineasCompraFormSet
    fields = LINEA_COMPRA
    autocomplete_fields = ("producto",)
    extra = 3

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.usuario = request.user
        return formset

    def editable(self, obj):
        return obj is None or obj.estado == FacturaCompra.Estado.REGISTRADA


@admin.register(FacturaCompra)
class FacturaCompraAdmin(GuiaDeCompraMixin, ExportarExcelMixin, PorSucursalAdmin):
    """Purchase documents are written through purchases.services: the form's save registers or corrects the whole
    document in one transaction (totals, kardex at cost, back-dated revaluation)."""

    list_display = ("__str__", "fecha_emision", "fecha_vencimiento", "proveedor", "moneda", "importe_total", "pagado", "estado")
    list_filter = ("tipo", "estado", "sucursal", "moneda", "fecha_emision")
    search_fields = ("serie", "numero", "proveedor__razon_social", "proveedor__numero_documento")
    date_hierarchy = "fecha_emision"
    fields = CABECERA_COMPRA
    autocomplete_fields = ("proveedor", "orden", "documento_referencia")
    inlines = [LineaFacturaEditable, PagoInline]
    actions = ["anular"]
    actions_detail = ["guia_remision"]
    crear_guia = staticmethod(lambda pk, usuario: services.factura_guia_remision(factura_id=pk, usuario=usuario))
    guia_posible = {"estado": FacturaCompra.Estado.REGISTRADA, "tipo__in": ["01", "03", "04"]}

    def get_readonly_fields(self, request, obj=None):
        return CABECERA_COMPRA if obj is not None and obj.estado != FacturaCompra.Estado.REGISTRADA else ()

    def has_delete_permission(self, request, obj=None):
        return False  # a registered document is voided (its kardex undone), never deleted

    def get_changeform_initial_data(self, request):
        return {"fecha_emision": timezone.localdate(), "sucursal": request.user.sucursal_predeterminada_id, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        pass  # written with its lines in save_related, by the service

    def save_related(self, request, form, formsets, change):
        lineas = next(f for f in formsets if isinstance(f, LineasCompraFormSet))
        factura = _registrar(form.instance, lineas.lineas(), request.user)
        form.instance.pk = factura.pk

    def construct_change_message(self, request, form, formsets, add=False):
        return [{"added" if add else "changed": {}}]

    @admin.action(description="Anular los documentos seleccionados")
    def anular(self, request, queryset):
        ejecutar_por_fila(request, queryset, lambda f: services.factura_anular(factura_id=f.pk, usuario=request.user), "anulado")


@admin.register(PagoCompra)
class PagoCompraAdmin(ExportarExcelMixin, SoloConsultaMixin, PorSucursalAdmin):
    sucursal_lookup = "factura__sucursal"
    list_display = ("fecha", "factura", "monto", "metodo_pago", "cuenta_bancaria", "referencia", "anulado")
    list_filter = ("anulado", "fecha")
    search_fields = ("referencia", "factura__serie", "factura__numero", "factura__proveedor__razon_social")
    date_hierarchy = "fecha"


class PestanasMixin:
    """The manual's tabs over the list: `pestanas` is (parameter, title, filter) with None for all; the first is the default."""

    list_before_template = "billing/pestanas.html"
    pestanas: tuple = ()

    def get_queryset(self, request):
        filtro = dict((codigo, filtro) for codigo, _, filtro in self.pestanas).get(getattr(request, "pestana", None))
        return super().get_queryset(request).filter(**(filtro or {}))

    def changelist_view(self, request, extra_context=None):
        request.GET = request.GET.copy()
        request.pestana = request.GET.pop("pestana", [self.pestanas[0][0]])[0]
        pestanas = [{"titulo": titulo, "url": f"?pestana={codigo}", "activa": request.pestana == codigo} for codigo, titulo, _ in self.pestanas]
        return super().changelist_view(request, {**(extra_context or {}), "pestanas": pestanas})


class LineasPedidasFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for f in self.forms:
            datos = getattr(f, "cleaned_data", None) or {}
            if datos and not datos.get("DELETE") and not (datos.get("producto") or datos.get("descripcion")):
                raise forms.ValidationError("Cada línea necesita un producto o una descripción.")


class LineaPedidaInline(LineasEditables):
    formset = LineasPedidasFormSet
    fields = ("producto", "descripcion", "unidad", "cantidad", "fecha_requerida")
    autocomplete_fields = ("producto",)
    extra = 3
    estado_editable = ""

    def editable(self, obj):
        return obj is None or obj.estado == self.estado_editable


class LineaSolicitudCompraInline(LineaPedidaInline):
    model = LineaSolicitudCompra
    estado_editable = SolicitudCompra.Estado.POR_APROBAR


class LineaSolicitudCotizacionInline(LineaPedidaInline):
    model = LineaSolicitudCotizacion
    estado_editable = SolicitudCotizacion.Estado.BORRADOR


class PedidoAdmin(PorSucursalAdmin):
    """Requests typed in by staff: the header and its lines; a line's description is its product's when left empty."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.estado == self.inlines[0].estado_editable)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def get_changeform_initial_data(self, request):
        return {self.campo_fecha: timezone.localdate(), "sucursal": request.user.sucursal_predeterminada_id, **super().get_changeform_initial_data(request)}

    def save_formset(self, request, form, formset, change):
        for linea in formset.save(commit=False):
            if linea.producto_id and not linea.descripcion:
                linea.descripcion = linea.producto.nombre
            linea.save()
        for eliminada in formset.deleted_objects:
            eliminada.delete()

    def _objeto(self, request, object_id):
        return get_object_or_404(self.get_queryset(request), pk=object_id)


@admin.register(SolicitudCompra)
class SolicitudCompraAdmin(PestanasMixin, PedidoAdmin):
    """Internal purchase requests: any user raises them for a branch; a user with the permission approves or rejects them."""

    campo_fecha = "fecha"
    list_display = ("__str__", "fecha", "sucursal", "motivo", "estado_txt", "creado_por", "revisado_por", "generado")
    list_filter = ("sucursal", "fecha")
    search_fields = ("motivo", "lineas__descripcion")
    fields = ("sucursal", "fecha", "motivo", "estado", "revisado_por", "revisado_en", "comentario_revision", "orden_generada", "cotizacion_generada")
    readonly_fields = ("estado", "revisado_por", "revisado_en", "comentario_revision", "orden_generada", "cotizacion_generada")
    inlines = [LineaSolicitudCompraInline]
    actions_detail = ["aprobar", "rechazar"]
    pestanas = (
        ("por_aprobar", "Por aprobar", {"estado": SolicitudCompra.Estado.POR_APROBAR}),
        ("aprobadas", "Aprobadas", {"estado": SolicitudCompra.Estado.APROBADA}),
        ("rechazadas", "Rechazadas", {"estado": SolicitudCompra.Estado.RECHAZADA}),
        ("todas", "Todas", None),
    )

    @display(description="estado", label={"Por aprobar": "warning", "Aprobada": "success", "Rechazada": "danger"})
    def estado_txt(self, obj):
        return obj.get_estado_display()

    @display(description="generó")
    def generado(self, obj):
        return obj.orden_generada or obj.cotizacion_generada or ""

    def has_aprobar_permission(self, request, object_id=None):
        if not request.user.has_perm("purchases.aprobar_solicitudcompra"):
            return False
        return object_id is None or self.get_queryset(request).filter(pk=object_id, estado=SolicitudCompra.Estado.POR_APROBAR).exists()

    def has_rechazar_permission(self, request, object_id=None):
        return self.has_aprobar_permission(request, object_id)

    @action(description="Aprobar", icon="task_alt", url_path="aprobar", permissions=["aprobar"],
            dialog=dialogo("Aprobar la solicitud", "Se convierte en una orden de compra o en una solicitud de cotización; el solicitante recibe un aviso.",
                           AprobacionForm, "Aprobar"))  # fmt: skip
    def aprobar(self, request, form, object_id):
        solicitud = self._objeto(request, object_id)
        generado = ejecutar(
            request, services.solicitud_aprobar, f"{solicitud} aprobada.", solicitud_id=solicitud.pk, usuario=request.user,
            almacen=form.cleaned_data["almacen"], proveedor=form.cleaned_data["proveedor"], proveedores=form.cleaned_data["proveedores"],
            comentario=form.cleaned_data["comentario"],
        )  # fmt: skip
        return _volver(request, generado or solicitud)

    @action(description="Rechazar", icon="block", url_path="rechazar", permissions=["rechazar"],
            dialog=dialogo("Rechazar la solicitud", "El solicitante recibe un aviso con el motivo.", RechazoForm, "Rechazar"))  # fmt: skip
    def rechazar(self, request, form, object_id):
        solicitud = self._objeto(request, object_id)
        ejecutar(request, services.solicitud_rechazar, f"{solicitud} rechazada.", solicitud_id=solicitud.pk, usuario=request.user,
                 comentario=form.cleaned_data["comentario"])  # fmt: skip
        return _volver(request, solicitud)


@admin.register(SolicitudCotizacion)
class SolicitudCotizacionAdmin(PedidoAdmin):
    """Requests for quotation: sent with their PDF to each provider, answered per line, compared, and the chosen answer ordered."""

    campo_fecha = "fecha_emision"
    list_display = ("__str__", "fecha_emision", "fecha_limite", "sucursal", "estado", "orden_generada")
    list_filter = ("estado", "sucursal", "fecha_emision")
    search_fields = ("proveedores__razon_social", "lineas__descripcion", "observaciones")
    fields = ("sucursal", "almacen", "fecha_emision", "fecha_limite", "proveedores", "observaciones", "estado", "orden_generada")
    readonly_fields = ("estado", "orden_generada")
    autocomplete_fields = ("proveedores",)
    inlines = [LineaSolicitudCotizacionInline]
    actions_detail = ["pdf", "enviar", "responder", "elegir"]
    change_form_after_template = "purchases/comparativo.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        solicitud = self.get_queryset(request).filter(pk=object_id).first()
        if solicitud is not None:
            extra_context = {**(extra_context or {}), "comparativo": selectors.comparar_respuestas(solicitud)}
        return super().change_view(request, object_id, form_url, extra_context)

    def has_pdf_permission(self, request, object_id=None):
        return request.user.has_perm("purchases.view_solicitudcotizacion")

    def has_cotizar_permission(self, request, object_id=None):
        if not super().has_change_permission(request):
            return False
        return object_id is None or self.get_queryset(request).filter(pk=object_id).exclude(estado=SolicitudCotizacion.Estado.CERRADA).exists()

    @action(description="PDF", icon="picture_as_pdf", url_path="pdf", permissions=["pdf"])
    def pdf(self, request, object_id):
        return _pdf(self._objeto(request, object_id))

    @action(description="Enviar a los proveedores", icon="mail", url_path="enviar", permissions=["cotizar"],
            dialog=dialogo("Enviar a los proveedores", "Cada proveedor recibe la solicitud en PDF en el correo de sus contactos.", MensajeForm, "Enviar"))  # fmt: skip
    def enviar(self, request, form, object_id):
        solicitud = self._objeto(request, object_id)
        correos = ejecutar(request, services.cotizacion_enviar, f"{solicitud} enviada.", solicitud_id=solicitud.pk, usuario=request.user,
                           mensaje=form.cleaned_data["mensaje"])  # fmt: skip
        if correos:
            messages.info(request, "Enviada a " + ", ".join(correos) + ".")
        return _volver(request, solicitud)

    @action(description="Registrar respuesta", icon="edit_note", url_path="responder", permissions=["cotizar"],
            dialog=dialogo("Respuesta de un proveedor", "Sus precios por línea; una nueva respuesta del mismo proveedor reemplaza la anterior.",
                           RespuestaForm, "Registrar"))  # fmt: skip
    def responder(self, request, form, object_id):
        solicitud = self._objeto(request, object_id)
        datos = form.cleaned_data
        ejecutar(
            request, services.cotizacion_responder, f"Respuesta de {datos['proveedor'].razon_social} registrada.", solicitud_id=solicitud.pk,
            proveedor=datos["proveedor"], fecha=datos["fecha"], precios=form.precios(), moneda=datos["moneda"], tipo_cambio=datos["tipo_cambio"],
            condiciones=datos["condiciones"],
        )  # fmt: skip
        return _volver(request, solicitud)

    @action(description="Elegir y generar la orden", icon="shopping_cart", url_path="elegir", permissions=["cotizar"],
            dialog=dialogo("Elegir una respuesta", "Se genera una orden de compra en borrador al proveedor elegido, a sus precios; la solicitud se cierra.",
                           EleccionForm, "Generar la orden"))  # fmt: skip
    def elegir(self, request, form, object_id):
        solicitud = self._objeto(request, object_id)
        respuesta = form.cleaned_data["respuesta"]
        orden = ejecutar(request, services.cotizacion_elegir, f"Orden generada a {respuesta.proveedor.razon_social}.", respuesta_id=respuesta.pk,
                         usuario=request.user)  # fmt: skip
        return _volver(request, orden or solicitud)


@admin.register(CuentaPorPagar)
class CuentaPorPagarAdmin(CarteraAdmin):
    """Cuentas por pagar: what is owed to providers, aged, and paid in one step from a register or account."""

    permiso_liquidar = "purchases.add_pagocompra"
    textos = {
        "socio": "Proveedor", "url": "admin:purchases_facturacompra_change", "total": "Total por pagar", "vacio": "No hay documentos pendientes de pago.",
        "monto": "Monto pagado", "medio": "Sale de", "boton": "Pagar los elegidos", "operacion": "pago",
    }  # fmt: skip

    def resumen(self, *, socio, **consulta):
        return cartera.resumen(**consulta, proveedor=socio)

    def partes(self, *, socio, **consulta):
        return cartera.partes(**consulta, proveedor=socio)

    def liquidar(self, request, f, *, ids, medio, **datos):
        facturas = list(filtrar_por_sucursal(FacturaCompra.objects.filter(pk__in=ids), request.user).filter(empresa=f["empresa"]))
        pagos = ejecutar(request, services.pagos_registrar, "Pago registrado.", facturas=facturas, origen=medio, usuario=request.user, **datos)
        if pagos:
            messages.info(request, "Pagos: " + ", ".join(f"{p.factura} {p.monto}" for p in pagos))
            if pagos[0].retencion_id:
                r = pagos[0].retencion
                messages.warning(request, f"{r}: S/ {r.total} retenido (por pagar a SUNAT); el proveedor recibe S/ {r.total_neto}.")
