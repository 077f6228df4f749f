"""Admin page helpers: the header named as the menu, and the form's errors listed with their tabs."""

from django import template

from erp.navigation import lugar_en_el_menu
from erp.textos import es_femenino

register = template.Library()


def _errores(form, lugar) -> list[str]:
    """ "Tab — Field: message" for each error of `form`; `lugar(nombre)` names the tab of a field."""
    errores = []
    for nombre, mensajes in form.errors.items():
        campo = form.fields.get(nombre)
        etiqueta = f" — {campo.label}" if campo is not None and campo.label else ""
        errores += [f"{lugar(nombre)}{etiqueta}: {mensaje}" for mensaje in mensajes]
    return errores


@register.inclusion_tag("erp/errores_formulario.html")
def errores_formulario(adminform, inline_admin_formsets):
    errores = []
    if adminform is not None and adminform.form.errors:
        pestanas = {campo.field.name: fieldset.name for fieldset in adminform for linea in fieldset for campo in linea if not campo.is_readonly}
        errores += _errores(adminform.form, lambda nombre: pestanas.get(nombre) or "General")
    for inline in inline_admin_formsets or ():
        titulo = str(inline.opts.verbose_name_plural).capitalize()
        errores += [f"{titulo}: {mensaje}" for mensaje in inline.formset.non_form_errors()]
        for numero, form in enumerate(inline.formset.forms, 1):
            errores += _errores(form, lambda nombre, numero=numero: f"{titulo}, línea {numero}")
    return {"errores": errores}


@register.filter
def como_el_menu(partes):
    """The theme's header "app › list › object" with the menu's section and entry names (a client is under Directorio)."""
    partes = [dict(parte) for parte in partes]
    if len(partes) >= 2 and (lugar := lugar_en_el_menu(str(partes[1]["link"]))):
        # A section is not a page of its own: shown without a link.
        partes[0] = {"title": lugar[0], "link": None}
        partes[1]["title"] = lugar[1]
    return partes


@register.filter
def agregar_otro(nombre) -> str:
    return f"Agregar {'otra' if es_femenino(nombre) else 'otro'} {nombre}"
