"""Admin bases of the inventory: data of the user's companies, choices limited the same way."""

import datetime
from decimal import Decimal

from django.contrib.admin.utils import label_for_field, lookup_field
from django.utils import timezone
from unfold.contrib.filters.admin import RelatedDropdownFilter
from unfold.decorators import action

from erp.admin.base import ErpModelAdmin, PorSucursalAdmin
from erp.models import Empresa

from ..excel import lista_xlsx, respuesta_xlsx
from ..selectors import empresas_de, filtrar_por_empresa


class ExportarExcelMixin:
    """"Exportar a Excel" on a list: its columns for the rows its search and filters show."""

    actions_list = ["exportar_excel"]

    @action(description="Exportar a Excel", icon="download", url_path="exportar-excel", permissions=["view"])
    def exportar_excel(self, request):
        lista = self.get_changelist_instance(request)
        campos = [c for c in lista.list_display if c != "action_checkbox"]
        columnas = [str(label_for_field(c, self.model, self)).capitalize() for c in campos]

        def valor(obj, campo):
            _, _, dato = lookup_field(campo, obj, self)
            if isinstance(dato, datetime.datetime):
                return timezone.localtime(dato).replace(tzinfo=None)  # Excel has no time zones: Lima's clock
            return dato if isinstance(dato, int | float | Decimal | datetime.date | str) or dato is None else str(dato)

        filas = ([valor(obj, c) for c in campos] for obj in lista.get_queryset(request).iterator(chunk_size=2000))
        nombre = str(self.model._meta.verbose_name_plural)
        return respuesta_xlsx(lista_xlsx(nombre.capitalize(), columnas, filas), f"{nombre.replace(' ', '-')}.xlsx")

    def changelist_view(self, request, extra_context=None):
        respuesta = super().changelist_view(request, extra_context)
        # The export takes the list's search and filters with it.
        consulta = request.GET.urlencode()
        if consulta and hasattr(respuesta, "context_data"):
            for accion in respuesta.context_data.get("actions_list", []):
                if "path" in accion:
                    accion["path"] = f"{accion['path']}?{consulta}"
        return respuesta


def es_autocompletado(request) -> bool:
    """Whether the admin is answering an autocomplete of another screen's field."""
    match = request.resolver_match
    return match is not None and match.url_name == "autocomplete"


class EmpresaScopeMixin:
    """Choices of related catalogue rows and companies limited to the user's companies."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        modelo = db_field.related_model
        if modelo is Empresa:
            empresas = empresas_de(request.user)
            kwargs["queryset"] = empresas
            predeterminada = request.user.sucursal_predeterminada
            kwargs.setdefault("initial", predeterminada.empresa_id if predeterminada else empresas.values_list("pk", flat=True).first())
        elif "queryset" not in kwargs and getattr(modelo, "ruta_empresa", None):
            kwargs["queryset"] = filtrar_por_empresa(modelo._default_manager.all(), request.user, modelo.ruta_empresa)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PorEmpresaAdmin(EmpresaScopeMixin, ErpModelAdmin):
    """Admin of data owned by a company: users see their branches' companies' rows."""

    def get_queryset(self, request):
        return filtrar_por_empresa(super().get_queryset(request), request.user, self.model.ruta_empresa)


class PorSucursalInventarioAdmin(EmpresaScopeMixin, PorSucursalAdmin):
    pass


class RelacionadoFilter(RelatedDropdownFilter):
    """A dropdown of the related rows that the listed rows use (like RelatedOnlyFieldListFilter)."""

    def field_choices(self, field, request, model_admin):
        pk_qs = model_admin.get_queryset(request).distinct().values_list(f"{self.field_path}__pk", flat=True)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, limit_choices_to={"pk__in": pk_qs}, ordering=ordering)
