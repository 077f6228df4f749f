"""The PLAME import files of a month (SUNAT's PDT 0601): .rem (income, taxes, deductions per worker and concept),
.jor (ordinary and overtime hours) and .snl (days not worked: absences, leaves, vacations).

Named 0601 + year + month + the employer's RUC; one line per fact, fields separated and ended by "|". The
codes are SUNAT's: document types of table 3, concepts of table 22, suspensions of table 21.
"""

import datetime
import io
import zipfile
from collections import Counter

from django.core.exceptions import ValidationError

from .models import Licencia, LineaPlanilla, TipoLicencia

# Table 3: only DNI, carné de extranjería and pasaporte are accepted (catalogue 06 codes 1, 4, 7).
TIPO_DOCUMENTO = {"1": "01", "4": "04", "7": "07"}

# Table 22: (code, LineaPlanilla amount); overtime at 25 % (0105) is the total minus the 35 % part.
CONCEPTOS = [
    ("0106", "monto_horas_extra_35"), ("0118", "vacaciones"), ("0121", "basico"), ("0201", "asignacion_familiar"),
    ("0406", "gratificacion"), ("0312", "bonificacion"), ("0601", "afp_comision"), ("0605", "quinta"),
    ("0606", "afp_prima"), ("0607", "onp"), ("0608", "afp_aporte"), ("0701", "adelantos"),
    ("0703", "retencion_judicial"), ("0704", "descuento_tardanzas"), ("0705", "descuento_faltas"), ("0804", "essalud"),
]  # fmt: skip

# Table 21: unjustified absence, and each kind of justified one.
FALTA = "07"
SUSPENSION = {TipoLicencia.SIN_GOCE: "05", TipoLicencia.DESCANSO_MEDICO: "20", TipoLicencia.VACACIONES: "23",
              TipoLicencia.LICENCIA: "26"}  # fmt: skip


def _monto(valor) -> str:
    return f"{valor:.2f}"


def _documento(empleado) -> tuple[str, str]:
    tipo = TIPO_DOCUMENTO.get(empleado.tipo_documento.codigo)
    if tipo is None:
        raise ValidationError(f"{empleado}: la PLAME solo admite DNI, carné de extranjería o pasaporte.")
    return tipo, empleado.numero_documento


def _por_trabajador(lineas) -> list[LineaPlanilla]:
    """One line per worker: a quincenal worker's two fortnights are declared as their sum (in memory, not saved)."""
    sumables = ["monto_horas_extra", "horas_extra", "dias_laborados", "dias_falta", *(campo for _, campo in CONCEPTOS)]
    unicas = {}
    for x in lineas:
        if (y := unicas.get(x.empleado_id)) is None:
            unicas[x.empleado_id] = x
        else:
            for campo in sumables:
                setattr(y, campo, getattr(y, campo) + getattr(x, campo))
    return list(unicas.values())


def archivos(lineas, *, ruc: str, periodo: datetime.date) -> dict[str, str]:
    """{file name: content} of the month's .rem, .jor and .snl, from the planilla lines (with empleado)."""
    lineas = _por_trabajador(lineas)
    fin = (periodo.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    dias_licencia = Counter()
    for lic in Licencia.objects.filter(empleado__in=[x.empleado_id for x in lineas], desde__lte=fin, hasta__gte=periodo):
        dias_licencia[(lic.empleado_id, lic.tipo)] += (min(lic.hasta, fin) - max(lic.desde, periodo)).days + 1
    rem, jor, snl = [], [], []
    for x in lineas:
        doc = "|".join(_documento(x.empleado))
        extra_25 = x.monto_horas_extra - x.monto_horas_extra_35
        for codigo, monto in [("0105", extra_25), *((c, getattr(x, campo)) for c, campo in CONCEPTOS)]:
            if monto:
                rem.append(f"{doc}|{codigo}|{_monto(monto)}|{_monto(monto)}|")
        minutos_extra = int(round(x.horas_extra * 60))
        jor.append(f"{doc}|{x.dias_laborados * 8}|0|{minutos_extra // 60}|{minutos_extra % 60}|")
        if x.dias_falta:
            snl.append(f"{doc}|{FALTA}|{x.dias_falta}|")
        for tipo, codigo in SUSPENSION.items():
            if dias := dias_licencia[(x.empleado_id, tipo)]:
                snl.append(f"{doc}|{codigo}|{dias}|")
    nombre = f"0601{periodo:%Y%m}{ruc}"
    return {f"{nombre}.{ext}": "".join(f"{fila}\r\n" for fila in filas) for ext, filas in (("rem", rem), ("jor", jor), ("snl", snl))}


def zip_plame(planillas) -> tuple[str, bytes]:
    """The PLAME files of planillas of one company and month, zipped: (zip name, bytes)."""
    planillas = list(planillas)
    if not planillas or len({(p.empresa_id, p.periodo) for p in planillas}) != 1:
        raise ValidationError("Elija las planillas de una sola empresa y un solo mes: la PLAME es una por RUC y periodo.")
    periodo, ruc = planillas[0].periodo, planillas[0].empresa.ruc
    lineas = LineaPlanilla.objects.filter(planilla__in=planillas).select_related("empleado__tipo_documento")
    contenido = archivos(lineas, ruc=ruc, periodo=periodo)
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z:
        for nombre, texto in contenido.items():
            z.writestr(nombre, texto.encode("ascii"))
    return f"plame-{periodo:%Y-%m}-{ruc}.zip", salida.getvalue()
