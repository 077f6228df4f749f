"""One report framework: a report is a selector with filters plus its columns; the listing, the Excel file and the
chart all come from that one definition.

A report subclasses `Reporte`, names the filters it takes, its columns and its chart, and implements `filas(f)`:
a queryset of dicts (or a list of dicts) already limited to `f.sucursales`, the branches the user may see.
`resultado()` validates the filters, scopes by branch and returns rows, totals and chart data.
"""

import datetime
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Func, Q, Sum
from django.db.models.query import QuerySet
from django.utils import timezone
from unfold.widgets import UnfoldAdminDateWidget, UnfoldAdminSelectWidget, UnfoldAdminTextInputWidget

from erp.models import Moneda, Sucursal

CENTIMO = Decimal("0.01")
TIPOS_NUMERICOS = ("entero", "importe", "cantidad")


@dataclass(frozen=True)
class Columna:
    clave: str
    titulo: str
    tipo: str = "texto"  # texto, entero, importe (2 decimals), cantidad (up to 4), fecha
    total: bool = False
    ancho: int = 14

    @property
    def numerica(self) -> bool:
        return self.tipo in TIPOS_NUMERICOS


@dataclass(frozen=True)
class Grafico:
    etiqueta: str  # the column whose values label the bars
    valores: tuple[str, ...]  # the columns drawn
    tipo: str = "bar"  # bar or line
    maximo: int = 20  # bars drawn: the first rows in the listing's order
    apilado: bool = False  # the values stack into one bar (parts of a whole, as aging buckets)

    def opciones(self) -> str:
        return opciones_grafico(leyenda=len(self.valores) > 1, apilado=self.apilado)


def opciones_grafico(*, leyenda: bool = False, apilado: bool = False) -> str:
    """Chart.js options as JSON. Unfold's own draw 4 px bars overlapping, with no values on the axis and no legend:
    unreadable for a few categories and on paper."""
    ejes = {"stacked": apilado, "ticks": {"color": "#6b7280"}}
    return json.dumps({
        "animation": False, "responsive": True, "maintainAspectRatio": False,
        "datasets": {"bar": {"borderRadius": 4, "maxBarThickness": 56}, "line": {"borderWidth": 2, "pointRadius": 2}},
        "plugins": {"legend": {"display": leyenda, "position": "top", "align": "end"}, "tooltip": {"enabled": True}},
        "scales": {"x": {**ejes, "grid": {"display": False}}, "y": {**ejes, "beginAtZero": True, "grid": {"color": "#e5e7eb"}}},
    })  # fmt: skip


@dataclass
class Filtros:
    """The validated filters, as the report's selector reads them."""

    usuario: object
    sucursales: list[int]
    desde: datetime.date | None = None
    hasta: datetime.date | None = None
    sucursal: Sucursal | None = None
    moneda: Moneda | None = None
    datos: dict = field(default_factory=dict)  # every other filter by name (None when left empty)

    def descripcion(self) -> str:
        """The filters in words, for the Excel title row."""
        partes = []
        if self.desde and self.hasta:
            partes.append(f"Del {self.desde:%d/%m/%Y} al {self.hasta:%d/%m/%Y}")
        elif self.hasta:
            partes.append(f"Al {self.hasta:%d/%m/%Y}")
        partes.append(f"Sucursal: {self.sucursal.nombre}" if self.sucursal else "Todas sus sucursales")
        if self.moneda:
            partes.append(f"Moneda: {self.moneda.codigo}")
        for nombre, valor in self.datos.items():
            if valor not in (None, ""):
                partes.append(f"{nombre.capitalize()}: {getattr(valor, 'nombre', None) or valor}")
        return " · ".join(partes)


class Binario(Func):
    """A text grouping key compared byte by byte on PostgreSQL: the same groups as the database's collation gives
    (equality is bytewise either way), without its locale comparisons, which made grouping 1,000,000 sales lines
    by code and description take 0.3 to 0.6 s longer (bench/reports.py). Other databases get the column as is."""

    template = "%(expressions)s"
    arity = 1

    def __init__(self, campo: str):
        super().__init__(F(campo))

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template='%(expressions)s COLLATE "C"', **extra)


def en_periodo(f: Filtros, fecha: str, moneda: str = "") -> Q:
    """The filters' date range as a condition on the field `fecha`, and their currency on `moneda` if given."""
    q = Q()
    if f.desde:
        q &= Q(**{f"{fecha}__gte": f.desde})
    if f.hasta:
        q &= Q(**{f"{fecha}__lte": f.hasta})
    if moneda and f.moneda:
        q &= Q(**{moneda: f.moneda})
    return q


class Reporte:
    codigo = ""
    titulo = ""
    grupo = ""  # the menu's heading: Ventas, Compras, Inventario...
    descripcion = ""
    permiso = ""  # "reports.ver_ventas"
    filtros: tuple[str, ...] = ("desde", "hasta", "sucursal", "moneda")
    columnas: tuple[Columna, ...] = ()
    orden = ""  # default sort: a column's key, "-" for descending
    grafico: Grafico | None = None
    max_dias = 366  # the longest date range one listing covers
    opciones_tipo: tuple = ()
    opciones_estado: tuple = ()
    opciones_agrupar: tuple = ()

    def filas(self, f: Filtros):
        raise NotImplementedError

    def columnas_para(self, f: Filtros) -> tuple[Columna, ...]:
        """The columns; a report whose columns depend on the data (one per branch) overrides it."""
        return self.columnas

    def permitido(self, user) -> bool:
        return user.has_perm(self.permiso)


_REGISTRO: dict[str, Reporte] = {}


def registrar(clase):
    _REGISTRO[clase.codigo] = clase()
    return clase


def reportes() -> list[Reporte]:
    return list(_REGISTRO.values())


def reporte(codigo: str) -> Reporte | None:
    return _REGISTRO.get(codigo)


# -- filters -----------------------------------------------------------------------------------------------------

FECHA = {"widget": UnfoldAdminDateWidget, "input_formats": ["%d/%m/%Y", "%Y-%m-%d"]}
SELECCION = {"widget": UnfoldAdminSelectWidget}
TEXTO = {"widget": UnfoldAdminTextInputWidget}


class FiltrosForm(forms.Form):
    """Every filter a report may take; the form keeps only the report's. GET data, so a report's URL is its filters."""

    desde = forms.DateField(label="Desde", required=False, **FECHA)
    hasta = forms.DateField(label="Hasta", required=False, **FECHA)
    sucursal = forms.ModelChoiceField(
        label="Sucursal", queryset=Sucursal.objects.none(), required=False, empty_label="Todas mis sucursales", **SELECCION,
        error_messages={"invalid_choice": "No tiene acceso a esa sucursal."},
    )  # fmt: skip
    moneda = forms.ModelChoiceField(label="Moneda", queryset=Moneda.objects.all(), required=False, to_field_name="codigo", **SELECCION)
    tipo = forms.ChoiceField(label="Tipo de documento", required=False, **SELECCION)
    serie = forms.CharField(label="Serie", required=False, max_length=4, **TEXTO)
    socio = forms.CharField(label="Cliente o proveedor", required=False, max_length=100, help_text="RUC, DNI o nombre.", **TEXTO)
    producto = forms.CharField(label="Producto", required=False, max_length=100, help_text="Código o nombre.", **TEXTO)
    categoria = forms.CharField(label="Categoría", required=False, max_length=100, **TEXTO)
    vendedor = forms.ModelChoiceField(label="Vendedor", queryset=get_user_model().objects.none(), required=False, **SELECCION)
    estado = forms.ChoiceField(label="Estado", required=False, **SELECCION)
    agrupar = forms.ChoiceField(label="Agrupar por", required=False, **SELECCION)

    def __init__(self, *args, reporte: Reporte, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.reporte, self.user = reporte, user
        for nombre in list(self.fields):
            if nombre not in reporte.filtros:
                del self.fields[nombre]
        for nombre in ("desde", "hasta"):
            if nombre in self.fields:
                self.fields[nombre].required = True
                self.fields[nombre].error_messages["required"] = "Indique las fechas del período."
        if "sucursal" in self.fields:
            self.fields["sucursal"].queryset = user.sucursales_permitidas()
        if "vendedor" in self.fields:
            self.fields["vendedor"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        for nombre, opciones in (("tipo", reporte.opciones_tipo), ("estado", reporte.opciones_estado)):
            if nombre in self.fields:
                self.fields[nombre].choices = [("", "Todos"), *opciones]
        if "agrupar" in self.fields:
            self.fields["agrupar"].choices = list(reporte.opciones_agrupar)

    def clean(self):
        datos = super().clean()
        desde, hasta = datos.get("desde"), datos.get("hasta")
        if desde and hasta:
            if desde > hasta:
                raise forms.ValidationError("La fecha «desde» es posterior a la fecha «hasta».")
            if (hasta - desde).days >= self.reporte.max_dias:
                raise forms.ValidationError(f"El período no puede pasar de {self.reporte.max_dias} días: acórtelo.")
        return datos


def datos_iniciales(reporte: Reporte, datos) -> dict:
    """The GET data with the defaults a report opens with: this month to today, soles, the first grouping."""
    hoy = timezone.localdate()
    inicial = {"desde": f"{hoy.replace(day=1):%d/%m/%Y}", "hasta": f"{hoy:%d/%m/%Y}", "moneda": "PEN"}
    if reporte.opciones_agrupar:
        inicial["agrupar"] = reporte.opciones_agrupar[0][0]
    salida = {k: v for k, v in inicial.items() if k in reporte.filtros}
    salida.update({k: v for k, v in datos.items() if k in reporte.filtros})
    return salida


def filtros_de(form: FiltrosForm) -> Filtros:
    datos = dict(form.cleaned_data)
    sucursal = datos.pop("sucursal", None)
    user = form.user
    sucursales = [sucursal.pk] if sucursal else list(user.sucursales_permitidas().values_list("pk", flat=True))
    return Filtros(
        usuario=user, sucursales=sucursales, sucursal=sucursal,
        desde=datos.pop("desde", None), hasta=datos.pop("hasta", None), moneda=datos.pop("moneda", None), datos=datos,
    )  # fmt: skip


# -- results -----------------------------------------------------------------------------------------------------


class Resultado:
    """A report's rows for some filters, sorted: count, page, iterate, totals, chart."""

    def __init__(self, reporte: Reporte, f: Filtros, orden: str = ""):
        self.reporte, self.filtros = reporte, f
        self.columnas = reporte.columnas_para(f)
        claves = {c.clave for c in self.columnas}
        self.orden = orden if orden.lstrip("-") in claves else reporte.orden
        filas = reporte.filas(f)
        if self.orden:
            clave = self.orden.lstrip("-")
            descendente = self.orden.startswith("-")
            if isinstance(filas, QuerySet):
                filas = filas.order_by(f"-{clave}" if descendente else clave, *filas.query.order_by)
            else:
                filas = sorted(filas, key=lambda fila: _clave_orden(fila.get(clave)), reverse=descendente)
        self.filas = filas

    def cuantas(self) -> int:
        return self.filas.count() if isinstance(self.filas, QuerySet) else len(self.filas)

    def iterar(self, chunk: int = 5000):
        if isinstance(self.filas, QuerySet):
            return self.filas.iterator(chunk_size=chunk)
        return iter(self.filas)

    def pagina(self, numero, por_pagina: int):
        """One page of the listing. For a query, the page's rows, the number of rows and the totals come from one
        query (window functions over the report's query): a grouped report is computed once per page, not four times."""
        if not isinstance(self.filas, QuerySet):
            return Paginator(self.filas, por_pagina).get_page(numero)
        try:
            numero = max(int(numero), 1)
        except (TypeError, ValueError):
            numero = 1
        filas, cuantas = self._pagina_contada(numero, por_pagina)
        if not filas and numero > 1 and cuantas:
            numero = -(-cuantas // por_pagina)  # past the end: the last page, as Django's get_page does
            filas, cuantas = self._pagina_contada(numero, por_pagina)
        return Paginator(_Contadas(filas, cuantas), por_pagina).page(numero if cuantas else 1)

    def consulta_pagina(self, numero: int, por_pagina: int) -> tuple[str, list]:
        """The SQL of one page with the count and totals of all rows (the bench explains it)."""
        sql, params = self.filas.order_by().query.sql_with_params()
        ventanas = "".join(f', SUM(r."{c.clave}") OVER () AS "_t_{c.clave}"' for c in self.columnas if c.total)
        orden = ""
        if self.orden:
            clave = self.orden.lstrip("-")
            orden = f'ORDER BY r."{clave}" {"DESC NULLS LAST" if self.orden.startswith("-") else "ASC NULLS FIRST"}'
        texto = f"SELECT r.*, COUNT(*) OVER () AS _n{ventanas} FROM ({sql}) r {orden} LIMIT %s OFFSET %s"
        return texto, [*params, por_pagina, (numero - 1) * por_pagina]

    def _pagina_contada(self, numero: int, por_pagina: int) -> tuple[list[dict], int]:
        sumadas = [c for c in self.columnas if c.total]
        with connection.cursor() as cursor:
            cursor.execute(*self.consulta_pagina(numero, por_pagina))
            nombres = [d[0] for d in cursor.description]
            filas = [dict(zip(nombres, fila, strict=True)) for fila in cursor.fetchall()]
        if filas:
            self._totales = {c.clave: redondear(c, filas[0][f"_t_{c.clave}"]) for c in sumadas}
        return filas, (filas[0]["_n"] if filas else 0)

    def totales(self) -> dict:
        if getattr(self, "_totales", None) is not None:
            return self._totales
        sumadas = [c for c in self.columnas if c.total]
        if not sumadas:
            return {}
        if isinstance(self.filas, QuerySet):
            # Django sums a grouped query over a subquery: one round trip, whatever the number of rows.
            suma = self.filas.order_by().aggregate(**{f"t_{c.clave}": Sum(c.clave) for c in sumadas})
            return {c.clave: redondear(c, suma[f"t_{c.clave}"]) for c in sumadas}
        return {c.clave: redondear(c, sum((fila.get(c.clave) or 0 for fila in self.filas), Decimal(0))) for c in sumadas}

    def grafico(self, filas: list | None = None) -> dict | None:
        """The chart's data: the first rows in the listing's order (`filas` when the caller already has them)."""
        g = self.reporte.grafico
        if g is None:
            return None
        if filas is None:
            filas = list(self.filas[: g.maximo]) if isinstance(self.filas, QuerySet) else self.filas[: g.maximo]
        titulos = {c.clave: c.titulo for c in self.columnas}
        colores = ("#2563eb", "#16a34a", "#dc2626", "#d97706", "#7c3aed")
        return {
            "labels": [str(fila.get(g.etiqueta) or "—") for fila in filas],
            "datasets": [
                {"label": titulos.get(v, v), "data": [float(fila.get(v) or 0) for fila in filas], "backgroundColor": colores[i % len(colores)],
                 "borderColor": colores[i % len(colores)]}
                for i, v in enumerate(g.valores)
            ],
        }  # fmt: skip


class _Contadas:
    """A page's rows already fetched, with the count of all rows, for Django's Paginator."""

    def __init__(self, filas: list[dict], cuantas: int):
        self.filas, self.cuantas = filas, cuantas

    def count(self) -> int:
        return self.cuantas

    def __getitem__(self, _rebanada):
        return self.filas


def redondear(columna: Columna, valor):
    valor = Decimal(valor or 0)
    if columna.tipo == "entero":
        return int(valor)
    return valor.quantize(CENTIMO, rounding=ROUND_HALF_UP) if columna.tipo == "importe" else valor


def _clave_orden(valor):
    # None sorts first, and numbers, dates and text never meet in one column.
    return (valor is not None, valor if valor is not None else 0)


class FiltrosInvalidos(Exception):
    def __init__(self, form):
        super().__init__("; ".join(e for errores in form.errors.values() for e in errores))
        self.form = form


def resultado(reporte: Reporte, user, datos, orden: str = "") -> Resultado:
    """The report for `datos` (GET-like) as `user` may see it; bad filters raise FiltrosInvalidos with the form."""
    form = FiltrosForm(datos_iniciales(reporte, datos), reporte=reporte, user=user)
    if not form.is_valid():
        raise FiltrosInvalidos(form)
    return Resultado(reporte, filtros_de(form), orden)
