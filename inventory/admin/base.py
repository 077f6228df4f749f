"""Admin bases of the inventory: data of the user's companies, choices limited the same way."""

from unfold.contrib.filters.admin import RelatedDropdownFilter

from erp.admin.base import ErpModelAdmin, PorSucursalAdmin
from erp.models import Empresa

from ..selectors import empresas_de, filtrar_por_empresa


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
