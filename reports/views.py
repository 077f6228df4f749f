"""The report pages in the admin: the catalogue, one listing per report (filters in the URL, sorting, pages,
totals, chart), its Excel export (direct, or queued when large), the export's progress, the dashboard's figures."""

import json
from itertools import groupby

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from inventory.excel import respuesta_xlsx

from . import tablero
from .excel import libro
from .framework import FiltrosForm, FiltrosInvalidos, datos_iniciales, reporte, reportes, resultado
from .models import Exportacion
from .services import exportacion_solicitar

POR_PAGINA = 50
# Larger exports are built by a task: the page would time out, and memory is the worker's, not the web's.
LIMITE_DIRECTO = 5000


def _contexto(request, titulo: str, **extra) -> dict:
    return {**admin.site.each_context(request), "title": titulo, **extra}


def _reporte_o_404(request, codigo: str):
    definicion = reporte(codigo)
    if definicion is None:
        raise Http404("No existe ese reporte.")
    if not definicion.permitido(request.user):
        raise PermissionDenied
    return definicion


def _parametros(request) -> dict:
    return {k: v for k, v in request.GET.items() if k not in ("p",)}


def indice(request):
    visibles = [r for r in reportes() if r.permitido(request.user)]
    grupos = [(grupo, list(lista)) for grupo, lista in groupby(sorted(visibles, key=lambda r: r.grupo), key=lambda r: r.grupo)]
    return TemplateResponse(request, "reports/indice.html", _contexto(request, "Reportes", grupos=grupos))


def ver(request, codigo: str):
    definicion = _reporte_o_404(request, codigo)
    parametros = _parametros(request)
    orden = parametros.pop("o", "")
    contexto = _contexto(request, definicion.titulo, reporte=definicion, orden=orden)
    try:
        res = resultado(definicion, request.user, parametros, orden)
    except FiltrosInvalidos as exc:
        form = exc.form
        contexto.update(form=form, errores=[e for errores in form.errors.values() for e in errores])
        return TemplateResponse(request, "reports/reporte.html", contexto, status=400)
    form = FiltrosForm(datos_iniciales(definicion, parametros), reporte=definicion, user=request.user)
    form.is_valid()
    pagina = res.pagina(request.GET.get("p"), POR_PAGINA)
    consulta = request.GET.copy()
    consulta.pop("p", None)
    sin_orden = consulta.copy()
    sin_orden.pop("o", None)
    columnas = []
    for c in res.columnas:
        siguiente = f"-{c.clave}" if res.orden == c.clave else c.clave
        marca = "▲" if res.orden == c.clave else "▼" if res.orden == f"-{c.clave}" else ""
        columnas.append({"col": c, "orden": siguiente, "marca": marca})
    filas = [[(fila.get(c.clave), c) for c in res.columnas] for fila in pagina]
    sumas = res.totales()
    g = definicion.grafico
    # The first page is the chart's first bars when it holds them all: no second query.
    grafico = res.grafico(list(pagina)[: g.maximo] if g and pagina.number == 1 and g.maximo <= POR_PAGINA else None)
    contexto.update(
        form=form, listado=True, pagina=pagina, filas=filas, columnas=columnas, totales=[(sumas.get(c.clave), c) for c in res.columnas],
        hay_totales=any(c.total for c in res.columnas), consulta=consulta.urlencode(), sin_orden=sin_orden.urlencode(),
        grafico=json.dumps(grafico) if grafico and grafico["labels"] else "", grafico_tipo=g.tipo if g else "", grafico_opciones=g.opciones() if g else "",
    )  # fmt: skip
    return TemplateResponse(request, "reports/reporte.html", contexto)


def excel(request, codigo: str):
    definicion = _reporte_o_404(request, codigo)
    parametros = _parametros(request)
    try:
        res = resultado(definicion, request.user, parametros, parametros.get("o", ""))
    except FiltrosInvalidos as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('reports:ver', args=[codigo])}?{request.GET.urlencode()}")
    if res.cuantas() > LIMITE_DIRECTO:
        exportacion, nueva = exportacion_solicitar(usuario=request.user, reporte=codigo, parametros=parametros)
        if not nueva:
            messages.info(request, "Esa exportación ya se está generando: espere a que termine.")
        return redirect("reports:exportacion", pk=exportacion.pk)
    return respuesta_xlsx(libro(res), f"{codigo}.xlsx")


def _exportacion_de(request, pk: int) -> Exportacion:
    return get_object_or_404(Exportacion, pk=pk, usuario=request.user)


def exportacion(request, pk: int):
    exp = _exportacion_de(request, pk)
    definicion = reporte(exp.reporte)
    return TemplateResponse(request, "reports/exportacion.html", _contexto(request, f"Exportación: {definicion.titulo}", exportacion=exp))


def exportacion_estado(request, pk: int):
    exp = _exportacion_de(request, pk)
    descarga = reverse("reports:descargar", args=[exp.pk]) if exp.estado == Exportacion.Estado.LISTA else ""
    return JsonResponse({"estado": exp.estado, "estado_texto": exp.get_estado_display(), "progreso": exp.progreso,
                         "filas": exp.filas_total, "escritas": exp.filas_hechas, "descarga": descarga, "error": exp.error})  # fmt: skip


def descargar(request, pk: int):
    exp = _exportacion_de(request, pk)
    if exp.estado != Exportacion.Estado.LISTA or not exp.archivo:
        raise Http404("La exportación aún no está lista.")
    return FileResponse(exp.archivo.open("rb"), as_attachment=True, filename=exp.archivo.name.rsplit("/", 1)[-1])


def tablero_json(request):
    """The dashboard's figures as JSON, for the user's branches."""
    return JsonResponse(tablero.cifras(request.user), json_dumps_params={"ensure_ascii": False})
