"""The treasury's office screens: registers and their sessions, movements, bank operations, concepts, exchange rates."""

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from unfold.contrib.filters.admin import RangeDateFilter
from unfold.decorators import action, display

from billing import services as ventas
from billing.admin.base import avisar_percepcion
from billing.models.documentos import DocumentoVenta
from billing.models.tesoreria import CuentaBancaria, MetodoPago
from erp.admin.base import (
    ErpModelAdmin,
    PorSucursalAdmin,
    SoloConsultaMixin,
    SucursalFilter,
    dialogo,
    ejecutar,
    redirigir,
)
from erp.models import Moneda, Socio
from erp.selectors import filtrar_por_sucursal
from inventory.admin.base import ExportarExcelMixin
from inventory.excel import respuesta_xlsx

from . import cartera, selectors, services
from .forms import AbrirTurnoForm, CerrarTurnoForm, ImportarTiposCambioForm, MovimientoForm, TransferenciaForm
from .impresos import arqueo_pdf, estado_cuenta_pdf, estado_cuenta_xlsx
from .models import Caja, ConceptoCaja, CuentaPorCobrar, MovimientoCaja, OperacionBancaria, TipoCambio, TurnoCaja


@admin.register(Caja)
class CajaAdmin(PorSucursalAdmin):
    list_display = ("nombre", "sucursal", "moneda", "saldo", "predeterminada", "activo")
    list_filter = (SucursalFilter, "moneda", "activo")
    list_select_related = ("sucursal", "moneda", "turno_abierto")
    search_fields = ("nombre",)
    filter_horizontal = ("usuarios",)
    readonly_fields = ("saldo",)
    fields = ("sucursal", "nombre", "moneda", "predeterminada", "usuarios", "saldo", "activo")
    actions_detail = ["abrir_turno", "cerrar_turno", "registrar_movimiento", "depositar"]

    @display(description="Turno")
    def turno(self, obj):
        abierto = selectors.turno_abierto(obj)
        return f"Abierto desde {abierto.fecha:%d/%m/%Y}" if abierto else "Cerrada"

    def get_list_display(self, request):
        return (*self.list_display[:4], "turno", *self.list_display[4:])

    def has_operar_permission(self, request, object_id=None):
        # The services check the assignment to the register; this is the module's permission.
        return request.user.has_perm("billing.add_movimientocaja")

    def _caja(self, request, object_id) -> Caja:
        return get_object_or_404(self.get_queryset(request), pk=object_id)

    def _volver(self, request, object_id):
        return redirigir(request, reverse("admin:billing_caja_change", args=[object_id]))

    @action(description="Abrir turno", icon="lock_open", url_path="abrir", permissions=["operar"],
            dialog=dialogo("Abrir turno", "Cuente el efectivo con que empieza el turno.", AbrirTurnoForm, "Abrir"))  # fmt: skip
    def abrir_turno(self, request, form, object_id):
        caja = self._caja(request, object_id)
        ejecutar(request, services.turno_abrir, f"Se abrió el turno de {caja}.", caja=caja, usuario=request.user, monto_apertura=form.cleaned_data["monto_apertura"])
        return self._volver(request, object_id)

    @action(description="Cerrar turno", icon="lock", url_path="cerrar", permissions=["operar"],
            dialog=dialogo("Cerrar turno (arqueo)", "Cuente los billetes y monedas; explique cualquier diferencia.", CerrarTurnoForm, "Cerrar"))  # fmt: skip
    def cerrar_turno(self, request, form, object_id):
        caja = self._caja(request, object_id)
        turno = selectors.turno_abierto(caja)
        if turno is None:
            messages.error(request, f"La caja {caja} no tiene un turno abierto.")
            return self._volver(request, object_id)
        cerrado = ejecutar(
            request, services.turno_cerrar, f"Se cerró el turno de {caja}.", turno=turno, usuario=request.user,
            conteo=form.conteo(), explicacion=form.cleaned_data["explicacion"],
        )  # fmt: skip
        if cerrado is not None:
            return redirigir(request, reverse("admin:billing_turnocaja_change", args=[cerrado.pk]))
        return self._volver(request, object_id)

    @action(description="Registrar ingreso o egreso", icon="swap_vert", url_path="movimiento", permissions=["operar"],
            dialog=dialogo("Movimiento de caja", "Un ingreso o egreso del turno abierto.", MovimientoForm, "Registrar"))  # fmt: skip
    def registrar_movimiento(self, request, form, object_id):
        datos = form.cleaned_data
        ejecutar(
            request, services.movimiento_registrar, "Movimiento registrado.", caja=self._caja(request, object_id), usuario=request.user,
            sentido=datos["sentido"], monto=datos["monto"], concepto=datos["concepto"], referencia=datos["referencia"], descripcion=datos["descripcion"],
        )  # fmt: skip
        return self._volver(request, object_id)

    @action(description="Depositar o transferir", icon="account_balance", url_path="depositar", permissions=["operar"],
            dialog=dialogo("Depósito o transferencia", "El efectivo sale de la caja y entra a la cuenta o caja elegida.", TransferenciaForm, "Registrar"))  # fmt: skip
    def depositar(self, request, form, object_id):
        datos = form.cleaned_data
        ejecutar(
            request, services.transferencia_registrar, "Transferencia registrada.", origen=self._caja(request, object_id), destino=datos["destino"],
            monto=datos["monto"], usuario=request.user, numero_operacion=datos["numero_operacion"],
        )  # fmt: skip
        return self._volver(request, object_id)


@admin.register(TurnoCaja)
class TurnoCajaAdmin(SoloConsultaMixin, PorSucursalAdmin):
    sucursal_lookup = "caja__sucursal"
    list_display = ("caja", "fecha", "estado", "monto_apertura", "monto_esperado", "monto_contado", "diferencia", "abierto_por", "cerrado_por")
    list_filter = ("estado", ("fecha", RangeDateFilter), "caja")
    search_fields = ("caja__nombre", "explicacion")
    list_select_related = ("caja__moneda", "abierto_por", "cerrado_por")
    actions_detail = ["descargar_arqueo"]

    @action(description="Arqueo (PDF)", icon="picture_as_pdf", url_path="arqueo", permissions=["view"])
    def descargar_arqueo(self, request, object_id):
        turno = get_object_or_404(self.get_queryset(request).select_related("caja__sucursal", "caja__empresa", "caja__moneda"), pk=object_id)
        respuesta = HttpResponse(arqueo_pdf(turno), content_type="application/pdf")
        respuesta["Content-Disposition"] = f'inline; filename="arqueo-{turno.caja.pk}-{turno.fecha:%Y%m%d}-{turno.pk}.pdf"'
        return respuesta


class _MovimientoAdmin(ExportarExcelMixin, SoloConsultaMixin, PorSucursalAdmin):
    list_filter_submit = True
    date_hierarchy = "fecha"

    @display(description="Importe", ordering="monto")
    def importe_con_signo(self, obj):
        return obj.importe


@admin.register(MovimientoCaja)
class MovimientoCajaAdmin(_MovimientoAdmin):
    sucursal_lookup = "caja__sucursal"
    list_display = ("fecha", "caja", "sentido", "concepto", "importe_con_signo", "saldo_resultante", "tipo_cambio", "monto_pen", "referencia", "usuario", "creado")
    list_filter = ("sentido", ("fecha", RangeDateFilter), "caja", "concepto")
    search_fields = ("referencia", "descripcion")
    list_select_related = ("caja__moneda", "concepto", "usuario")


@admin.register(OperacionBancaria)
class OperacionBancariaAdmin(_MovimientoAdmin):
    sucursal_lookup = "cuenta__empresa__sucursales"
    list_display = ("fecha", "cuenta", "tipo", "numero_operacion", "importe_con_signo", "saldo_resultante", "tipo_cambio", "monto_pen", "conciliado", "referencia")
    list_filter = ("tipo", "conciliado", ("fecha", RangeDateFilter), "cuenta")
    search_fields = ("numero_operacion", "referencia", "descripcion")
    list_select_related = ("cuenta__moneda",)

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    actions_list = ["exportar_excel", "conciliar"]

    def has_conciliar_permission(self, request):
        return request.user.has_perm("billing.add_operacionbancaria")

    @action(description="Conciliar con el extracto", icon="fact_check", url_path="conciliar", permissions=["conciliar"])
    def conciliar(self, request):
        empresas = request.user.sucursales_permitidas().values("empresa")
        cuentas = CuentaBancaria.objects.filter(empresa__in=empresas, activo=True).select_related("moneda")
        datos = request.POST if request.method == "POST" else request.GET
        cuenta = cuentas.filter(pk=datos.get("cuenta") or 0).first() or cuentas.first()
        try:
            fecha = datetime.date.fromisoformat(datos.get("fecha", ""))
        except ValueError:
            fecha = timezone.localdate()
        try:
            extracto = Decimal(datos.get("extracto", "").replace(",", "")) if datos.get("extracto") else None
        except InvalidOperation:
            messages.error(request, f"El saldo del extracto «{datos['extracto']}» no es un número.")
            extracto = None
        if request.method == "POST" and cuenta is not None:
            hechas = ejecutar(request, services.conciliar, "Conciliación guardada.", cuenta=cuenta, marcadas=request.POST.getlist("operaciones"), fecha=fecha)
            if hechas is not None:
                return redirect(f"{request.path}?{urlencode({'cuenta': cuenta.pk, 'fecha': fecha.isoformat(), 'extracto': datos.get('extracto', '')})}")
        contexto = {
            **self.admin_site.each_context(request),
            "title": "Conciliación bancaria",
            "opts": self.model._meta,
            "cuentas": cuentas,
            "cuenta": cuenta,
            "fecha": fecha,
            "extracto": datos.get("extracto", ""),
            "c": selectors.conciliacion(cuenta, fecha=fecha, saldo_extracto=extracto) if cuenta else None,
        }
        return TemplateResponse(request, "billing/tesoreria/conciliacion.html", contexto)


@admin.register(ConceptoCaja)
class ConceptoCajaAdmin(ErpModelAdmin):
    list_display = ("nombre", "sentido", "empresa", "activo")
    list_filter = ("sentido", "activo")
    search_fields = ("nombre",)


@admin.register(TipoCambio)
class TipoCambioAdmin(ErpModelAdmin):
    list_display = ("fecha", "moneda", "compra", "venta")
    list_filter = ("moneda", ("fecha", RangeDateFilter))
    search_fields = ("fecha",)
    date_hierarchy = "fecha"
    actions_list = ["importar"]

    def has_importar_permission(self, request):
        return request.user.has_perm("billing.add_tipocambio")

    @action(description="Importar archivo", icon="upload_file", url_path="importar", permissions=["importar"])
    def importar(self, request):
        form = ImportarTiposCambioForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            archivo = form.cleaned_data["archivo"]
            hecho = ejecutar(
                request, services.tipos_cambio_importar, "Tipos de cambio importados.", contenido=archivo.read(), nombre=archivo.name,
                moneda=form.cleaned_data["moneda"],
            )  # fmt: skip
            if hecho is not None:
                messages.info(request, f"{hecho[0]} días nuevos, {hecho[1]} actualizados.")
                return redirect("admin:billing_tipocambio_changelist")
        contexto = {**self.admin_site.each_context(request), "title": "Importar tipos de cambio", "opts": self.model._meta, "form": form}
        return TemplateResponse(request, "billing/tesoreria/importar_tipos_cambio.html", contexto)


class CarteraAdmin(SoloConsultaMixin, ErpModelAdmin):
    """A receivables or payables screen: the open parts aged at a cut-off date, and settling the chosen ones in one step.

    A subclass says what it ages (`resumen`, `partes`), how the chosen
    documents are settled (`liquidar`) and the words of the screen (`textos`).
    """

    POR_PAGINA = 50
    permiso_liquidar = ""
    textos: dict = {}

    def resumen(self, **consulta) -> dict:
        raise NotImplementedError

    def partes(self, *, desde: int, cuantas: int, **consulta) -> list:
        raise NotImplementedError

    def liquidar(self, request, f, *, ids: list, medio, metodo_pago, fecha, monto, referencia):
        raise NotImplementedError

    def descarga(self, request, f):
        """A file the screen offers for the chosen partner (the client's statement), or None."""
        return None

    def _filtros(self, request):
        sucursales = request.user.sucursales_permitidas().select_related("empresa")
        elegida = sucursales.filter(pk=request.GET.get("sucursal") or 0).first()
        empresa = (elegida or request.user.sucursal_predeterminada or sucursales.first()).empresa
        ids = [elegida.pk] if elegida else [s.pk for s in sucursales if s.empresa_id == empresa.pk]
        moneda = Moneda.objects.filter(pk=request.GET.get("moneda") or 0).first() or Moneda.objects.get(codigo="PEN")
        try:
            corte = datetime.date.fromisoformat(request.GET.get("corte", ""))
        except ValueError:
            corte = timezone.localdate()
        numero = (request.GET.get("socio") or "").strip()
        socio = Socio.objects.filter(empresa=empresa, numero_documento=numero).first() if numero else None
        return {"empresa": empresa, "sucursales": ids, "moneda": moneda, "corte": corte, "socio": socio, "numero": numero,
                "todas": sucursales, "elegida": elegida}  # fmt: skip

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self._liquidar(request)
        f = self._filtros(request)
        descarga = self.descarga(request, f)
        if descarga is not None:
            return descarga
        consulta = {"empresa": f["empresa"], "moneda": f["moneda"], "corte": f["corte"], "sucursales": f["sucursales"], "socio": f["socio"]}
        total = self.resumen(**consulta)
        pagina = Paginator(range(total["partes"]), self.POR_PAGINA).get_page(request.GET.get("p"))
        filas = self.partes(**consulta, desde=pagina.start_index() - 1 if total["partes"] else 0, cuantas=self.POR_PAGINA)
        parametros = request.GET.copy()
        parametros.pop("p", None)
        contexto = {
            **self.admin_site.each_context(request),
            "title": self.model._meta.verbose_name_plural.capitalize(),
            "opts": self.model._meta,
            "t": self.textos,
            "f": f,
            "tramos": [(codigo, etiqueta, total["tramos"][codigo]) for codigo, etiqueta, *_ in cartera.TRAMOS],
            "total": total,
            "filas": filas,
            "pagina": pagina,
            "consulta": parametros.urlencode(),
            "monedas": Moneda.objects.filter(codigo__in=("PEN", "USD")),
            "medios": selectors.medios_para(request.user, f["empresa"], f["moneda"]),
            "metodos": MetodoPago.objects.filter(empresa=f["empresa"], activo=True),
            "puede_liquidar": request.user.has_perm(self.permiso_liquidar),
        }
        return TemplateResponse(request, "billing/tesoreria/cartera.html", contexto)

    def _liquidar(self, request):
        volver = request.get_full_path()
        if not request.user.has_perm(self.permiso_liquidar):
            raise PermissionDenied
        f = self._filtros(request)
        medio = selectors.medio_de_clave(request.POST.get("medio", ""), request.user, f["empresa"])
        try:
            fecha = datetime.date.fromisoformat(request.POST.get("fecha") or timezone.localdate().isoformat())
        except ValueError:
            messages.error(request, "La fecha no es válida.")
            return redirect(volver)
        metodo = MetodoPago.objects.filter(empresa=f["empresa"], pk=request.POST.get("metodo_pago") or 0).first()
        if medio is None or metodo is None:
            messages.error(request, f"Elija la caja o cuenta y el método de pago de la {self.textos['operacion']}.")
            return redirect(volver)
        self.liquidar(
            request, f, ids=request.POST.getlist("documentos"), medio=medio, metodo_pago=metodo, fecha=fecha,
            monto=request.POST.get("monto", ""), referencia=request.POST.get("referencia", "")[:100],
        )  # fmt: skip
        return redirect(volver)


@admin.register(CuentaPorCobrar)
class CuentaPorCobrarAdmin(CarteraAdmin):
    """Cuentas por cobrar: the issued documents' open parts, their collection, the client's statement."""

    permiso_liquidar = "billing.add_pago"
    textos = {
        "socio": "Cliente", "url": "admin:billing_documentoventa_change", "total": "Total por cobrar", "vacio": "No hay documentos pendientes de cobro.",
        "monto": "Monto cobrado", "medio": "Entra a", "boton": "Cobrar los elegidos", "operacion": "cobranza", "estado_de_cuenta": True,
    }  # fmt: skip

    def resumen(self, *, socio, **consulta):
        return cartera.resumen(**consulta, cliente=socio)

    def partes(self, *, socio, **consulta):
        return cartera.partes(**consulta, cliente=socio)

    def liquidar(self, request, f, *, ids, medio, **datos):
        documentos = list(filtrar_por_sucursal(DocumentoVenta.objects.filter(pk__in=ids), request.user).filter(empresa=f["empresa"]))
        pagos = ejecutar(request, ventas.cobranza_registrar, "Cobranza registrada.", documentos=documentos, destino=medio, usuario=request.user, **datos)
        if pagos:
            messages.info(request, "Pagos: " + ", ".join(f"{p.documento.numero_completo} {p.monto}" for p in pagos))
            avisar_percepcion(request, pagos)

    def descarga(self, request, f):
        if request.GET.get("estado") not in ("pdf", "xlsx"):
            return None
        if f["socio"] is None:
            messages.error(request, "Indique el RUC o DNI del cliente para su estado de cuenta.")
            return redirect(request.path)
        try:
            desde = datetime.date.fromisoformat(request.GET.get("desde", ""))
        except ValueError:
            desde = f["corte"].replace(day=1)
        estado = cartera.estado_de_cuenta(cliente=f["socio"], moneda=f["moneda"], desde=desde, hasta=f["corte"])
        nombre = f"estado-cuenta-{f['socio'].numero_documento}-{f['corte']:%Y%m%d}"
        if request.GET["estado"] == "xlsx":
            return respuesta_xlsx(estado_cuenta_xlsx(estado), f"{nombre}.xlsx")
        respuesta = HttpResponse(estado_cuenta_pdf(estado), content_type="application/pdf")
        respuesta["Content-Disposition"] = f'inline; filename="{nombre}.pdf"'
        return respuesta
