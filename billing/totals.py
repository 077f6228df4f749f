"""Totals engine: sale lines in, every amount SUNAT checks out. Pure, Decimal only.

The admin form, the JSON APIs and the CPE builder all call `calcular`, so one
document has one set of numbers everywhere: what the screen shows is what the
XML carries and what SUNAT recomputes.

    totales = calcular(Documento(lineas=[Linea(cantidad=2, afectacion="10", valor_unitario="50")]),
                       Tasas(igv=Decimal("18"), ivap=Decimal("4"), icbper=Decimal("0.50")))
    totales.gravadas, totales.igv, totales.importe_total   # 100.00, 18.00, 118.00

Inputs (frozen dataclasses; amounts as Decimal, int or str, never float)
-------------------------------------------------------------------------
- `Tasas(igv, ivap, icbper)`: the rates in force on the issue date, read by the
  caller from the dated parameters: IGV and IVAP in percent (18, 4), ICBPER in
  soles per bag (0.50). Nothing here hard-codes them.
- `Linea(cantidad, afectacion, valor_unitario | precio_unitario, ajustes, isc, icbper)`:
  `afectacion` is the catálogo 07 code. Enter the unit value without taxes
  (`valor_unitario`) or the unit price with them (`precio_unitario`), not both.
  A price with taxes keeps the line total at cantidad × precio (a shelf price of
  100.00 bills 100.00) and the IGV is the difference; a value without taxes
  gets IGV = base × rate. For free lines (codes 11-16, 21, 31-37) the unit
  value is the reference value SUNAT asks for; the customer pays nothing.
  `ajustes` are line discounts and charges, `isc` the excise tax, `icbper`
  True charges the plastic-bag tax on each unit (cantidad must be whole).
- `Ajuste(codigo, monto | porcentaje)`: a catálogo 53 discount or charge. On
  a line: 00 discount and 47 charge change the taxable base; 01 discount and
  48 charge do not. On the document: 02 discount and 49 charge change the IGV
  (or IVAP) base; 03 discount and 45, 46, 50 charges do not. Amounts are
  without taxes for the base-changing codes; `porcentaje` applies to the
  line's gross value, the gravado base (02, 49) or the sale price (03, 45, 46, 50).
- `Isc(sistema, tasa | monto_unitario | precio_publico)`: catálogo 08. 01 al
  valor: tasa % of the line value. 02 monto fijo: monto_unitario per unit.
  03 precio de venta al público: tasa % of the suggested retail price net of IGV.
- `Anticipo(tipo_documento, numero, total | valor, afectacion)`: an advance
  already invoiced (document 02 factura or 03 boleta) deducted here. `total`
  is what was paid, `valor` its value without IGV; give either or both.
  `afectacion` 10/17 (deducted as catálogo 53 code 04), 20 (05) or 30 (06).
- `Detraccion(codigo, porcentaje, cuenta, medio_pago)`: catálogo 54 good or
  service, percentage, the supplier's Banco de la Nación account, catálogo 59
  payment method.
- `Percepcion(codigo, porcentaje)`: catálogo 53 regime 51 (venta interna, 2 %
  today), 52 (combustible, 1 %) or 53 (agente con tasa especial, 0.5 %).
- `Retencion(porcentaje)`: IGV withheld by a retention agent customer (3 %).
  Like the detracción's, these percentages are dated legal parameters: the
  caller passes the ones in force.
- `Documento(lineas, moneda, tipo_cambio, ajustes, anticipos, detraccion,
  percepcion, retencion)`: `tipo_cambio` is required in a foreign currency
  when an amount must be stated in soles (percepción, detracción, ICBPER).

Outputs
-------
- `LineaCalculada`: per line, the unit value and prices (up to 10 decimals)
  and the line amounts SUNAT wants with 2 decimals: valor_venta
  (LineExtensionAmount), base, igv (or IVAP), isc, icbper, impuestos, total.
- `Totales`: gravadas, gravadas_ivap, exoneradas, inafectas, exportacion,
  gratuitas, igv, ivap, isc, icbper, igv_gratuitas, descuentos (every discount,
  for display), descuentos_no_afectos and otros_cargos (SUNAT's
  AllowanceTotalAmount and ChargeTotalAmount: only what does not touch the
  base), anticipos, valor_venta, precio_venta, importe_total, neto_pendiente
  (what a credit sale leaves to be paid after detracción or retención),
  importe_en_letras, the document-level `ajustes` as SUNAT lists them
  (including the advances' 04/05/06 and the percepción/retención entries),
  and the calculated detracción, percepción and retención.

How the document totals follow from the lines (SUNAT's own rule set, see
ValidaExprRegFactura-2.0.1.xsl): gravadas = Σ gravado line values − 02 + 49 −
advances; IGV = Σ line IGV adjusted by the IGV of 02/49 and of the advances;
valor_venta = Σ onerous line values − 02 + 49; precio_venta = valor_venta +
every tax before advances; importe_total = precio_venta + otros_cargos −
descuentos_no_afectos − anticipos. Totals are exact to the cent (ROUND_HALF_UP).

Checking what a caller declares: `diferencias(totales, {"igv": "108.00", ...})`
returns the fields that do not match; `verificar(...)` raises `TotalesNoCuadran`.

Bad input raises `DatosInvalidos` (a ValueError) with a Spanish message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from cpe.letras import MONEDAS, monto_en_letras
from erp.catalogos import AfectacionIGV, SistemaISC

CERO = Decimal("0")
CIEN = Decimal("100")
_CENTIMO = Decimal("0.01")
_DIEZ_DECIMALES = Decimal("1E-10")
_CINCO_DECIMALES = Decimal("1E-5")

GRAVADO, IVAP, EXONERADO, INAFECTO, EXPORTACION, GRATUITO = (
    "gravado", "ivap", "exonerado", "inafecto", "exportacion", "gratuito"
)
# Catálogo 07 -> group; the free codes 11-16 carry IGV that the issuer pays.
GRUPOS = {
    AfectacionIGV.GRAVADO: GRAVADO,
    AfectacionIGV.IVAP: IVAP,
    AfectacionIGV.EXONERADO: EXONERADO,
    AfectacionIGV.INAFECTO: INAFECTO,
    AfectacionIGV.EXPORTACION: EXPORTACION,
    **dict.fromkeys(AfectacionIGV.gratuitas(), GRATUITO),
}
GRATUITAS_CON_IGV = frozenset({
    AfectacionIGV.GRAVADO_RETIRO_PREMIO,
    AfectacionIGV.GRAVADO_RETIRO_DONACION,
    AfectacionIGV.GRAVADO_RETIRO,
    AfectacionIGV.GRAVADO_RETIRO_PUBLICIDAD,
    AfectacionIGV.GRAVADO_BONIFICACION,
    AfectacionIGV.GRAVADO_RETIRO_TRABAJADORES,
})

AJUSTES_LINEA = {"00": False, "01": False, "47": True, "48": True}  # code -> is a charge
AJUSTES_DOCUMENTO = {"02": False, "03": False, "45": True, "46": True, "49": True, "50": True}
AFECTAN_BASE = frozenset({"00", "02", "04", "05", "06", "47", "49"})
ANTICIPO_CODIGO = {
    AfectacionIGV.GRAVADO: "04", AfectacionIGV.IVAP: "04", AfectacionIGV.EXONERADO: "05", AfectacionIGV.INAFECTO: "06"
}
PERCEPCION_CODIGOS = frozenset({"51", "52", "53"})
RETENCION_CODIGO = "62"
DETRACCION_CODIGOS = frozenset(
    "001 002 003 004 005 007 008 009 010 011 012 013 014 015 016 017 019 020 021 022 023 024 "
    "025 026 027 028 030 031 032 034 035 036 037 039 040 041 099".split()
)
MEDIOS_PAGO = frozenset(
    "001 002 003 004 005 006 007 008 009 010 011 012 013 101 102 103 104 105 106 107 108 999".split()
)


class DatosInvalidos(ValueError):
    """The document cannot be calculated; the message (Spanish) says why."""


class TotalesNoCuadran(DatosInvalidos):
    """Declared totals differ from the ones calculated from the lines."""


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class Tasas:
    igv: Decimal  # percent, e.g. 18
    ivap: Decimal  # percent, e.g. 4
    icbper: Decimal  # soles per bag, e.g. 0.50


@dataclass(frozen=True, slots=True)
class Ajuste:
    codigo: str
    monto: Decimal | None = None
    porcentaje: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Isc:
    sistema: str
    tasa: Decimal | None = None
    monto_unitario: Decimal | None = None
    precio_publico: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Linea:
    cantidad: Decimal
    afectacion: str
    valor_unitario: Decimal | None = None
    precio_unitario: Decimal | None = None
    ajustes: Sequence[Ajuste] = ()
    isc: Isc | None = None
    icbper: bool = False


@dataclass(frozen=True, slots=True)
class Anticipo:
    tipo_documento: str  # catálogo 12: 02 factura, 03 boleta
    numero: str  # "F001-25"
    total: Decimal | None = None
    valor: Decimal | None = None
    afectacion: str = "10"


@dataclass(frozen=True, slots=True)
class Detraccion:
    codigo: str  # catálogo 54
    porcentaje: Decimal
    cuenta: str  # Banco de la Nación account of the supplier
    medio_pago: str = "001"  # catálogo 59


@dataclass(frozen=True, slots=True)
class Percepcion:
    codigo: str  # catálogo 53: 51, 52, 53
    porcentaje: Decimal


@dataclass(frozen=True, slots=True)
class Retencion:
    porcentaje: Decimal


@dataclass(frozen=True, slots=True)
class Documento:
    lineas: Sequence[Linea]
    moneda: str = "PEN"
    tipo_cambio: Decimal | None = None
    ajustes: Sequence[Ajuste] = ()
    anticipos: Sequence[Anticipo] = ()
    detraccion: Detraccion | None = None
    percepcion: Percepcion | None = None
    retencion: Retencion | None = None


# --------------------------------------------------------------------------- outputs


@dataclass(frozen=True, slots=True)
class AjusteCalculado:
    codigo: str
    es_cargo: bool
    base: Decimal
    monto: Decimal
    porcentaje: Decimal | None  # None when the amount was entered

    @property
    def afecta_base(self) -> bool:
        return self.codigo in AFECTAN_BASE


@dataclass(frozen=True, slots=True)
class LineaCalculada:
    numero: int
    afectacion: str
    grupo: str
    cantidad: Decimal
    valor_unitario: Decimal  # without taxes, before line adjustments (0 on free lines)
    precio_unitario: Decimal  # with taxes, before line adjustments (reference price on free lines)
    precio_venta_unitario: Decimal  # total / cantidad: what SUNAT calls precio unitario (0 on free lines)
    valor_referencial: Decimal  # unit reference value of a free line (0 otherwise)
    ajustes: tuple[AjusteCalculado, ...]
    descuentos: Decimal
    cargos: Decimal
    valor_venta: Decimal
    base: Decimal  # taxable amount of the IGV/IVAP/EXO/INA/EXP/GRA subtotal: valor_venta + isc
    tasa: Decimal  # IGV or IVAP percent applied (0 if none)
    igv: Decimal  # IGV or IVAP; on free lines 11-16 the IGV the issuer bears
    sistema_isc: str | None
    tasa_isc: Decimal
    isc: Decimal
    bolsas: int
    icbper_unitario: Decimal
    icbper: Decimal
    impuestos: Decimal
    total: Decimal

    @property
    def gratuita(self) -> bool:
        return self.grupo == GRATUITO


@dataclass(frozen=True, slots=True)
class AnticipoAplicado:
    tipo_documento: str
    numero: str
    codigo: str  # catálogo 53: 04, 05 or 06
    valor: Decimal
    igv: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class DetraccionCalculada:
    codigo: str
    porcentaje: Decimal
    cuenta: str
    medio_pago: str
    base: Decimal  # importe total, document currency
    monto: Decimal  # soles, without cents
    monto_moneda: Decimal  # the same in the document currency


@dataclass(frozen=True, slots=True)
class PercepcionCalculada:
    codigo: str
    porcentaje: Decimal
    base: Decimal  # soles
    monto: Decimal  # soles
    total: Decimal  # importe total plus percepción, soles


@dataclass(frozen=True, slots=True)
class RetencionCalculada:
    porcentaje: Decimal
    base: Decimal
    monto: Decimal


@dataclass(frozen=True, slots=True)
class Totales:
    lineas: tuple[LineaCalculada, ...]
    moneda: str
    tipo_cambio: Decimal | None
    gravadas: Decimal
    gravadas_ivap: Decimal
    exoneradas: Decimal
    inafectas: Decimal
    exportacion: Decimal
    gratuitas: Decimal
    igv: Decimal
    ivap: Decimal
    isc: Decimal
    base_isc: Decimal
    icbper: Decimal
    igv_gratuitas: Decimal
    total_impuestos: Decimal
    descuentos: Decimal
    descuentos_no_afectos: Decimal
    otros_cargos: Decimal
    anticipos: Decimal
    valor_venta: Decimal
    precio_venta: Decimal
    importe_total: Decimal
    neto_pendiente: Decimal
    importe_en_letras: str
    ajustes: tuple[AjusteCalculado, ...]
    anticipos_aplicados: tuple[AnticipoAplicado, ...] = ()
    detraccion: DetraccionCalculada | None = None
    percepcion: PercepcionCalculada | None = None
    retencion: RetencionCalculada | None = None


# Totals a caller may declare and have checked (`diferencias`).
CAMPOS_VERIFICABLES = (
    "gravadas", "gravadas_ivap", "exoneradas", "inafectas", "exportacion", "gratuitas",
    "igv", "ivap", "isc", "icbper", "total_impuestos", "descuentos", "descuentos_no_afectos",
    "otros_cargos", "anticipos", "valor_venta", "precio_venta", "importe_total",
)


# --------------------------------------------------------------------------- helpers


def _r2(x: Decimal) -> Decimal:
    return x.quantize(_CENTIMO, ROUND_HALF_UP)


def _r10(x: Decimal) -> Decimal:
    return x.quantize(_DIEZ_DECIMALES, ROUND_HALF_UP)


def _numero(valor, campo: str, *, decimales: int, cero: bool = False, enteros: int = 12) -> Decimal:
    """A Decimal from Decimal/int/str, positive (or zero if allowed), within SUNAT's digits."""
    if isinstance(valor, float):
        raise DatosInvalidos(f"{campo}: los importes se indican como texto o Decimal, no como float.")
    try:
        d = valor if isinstance(valor, Decimal) else Decimal(str(valor).strip())
    except (InvalidOperation, ValueError):
        raise DatosInvalidos(f"{campo}: «{valor}» no es un número.") from None
    if not d.is_finite():
        raise DatosInvalidos(f"{campo}: «{valor}» no es un número.")
    if d < 0 or (d == 0 and not cero):
        raise DatosInvalidos(f"{campo} debe ser mayor que cero." if not cero else f"{campo} no puede ser negativo.")
    exponente = d.normalize().as_tuple().exponent
    if exponente < 0 and -exponente > decimales:
        raise DatosInvalidos(f"{campo} admite hasta {decimales} decimales: «{valor}».")
    if d >= Decimal(10) ** enteros:
        raise DatosInvalidos(f"{campo} admite hasta {enteros} dígitos enteros: «{valor}».")
    return d


def _porcentaje(valor, campo: str) -> Decimal:
    d = _numero(valor, campo, decimales=3, enteros=3)
    if d > CIEN:
        raise DatosInvalidos(f"{campo} no puede superar el 100 %.")
    return d


def _ajuste(ajuste: Ajuste, base: Decimal, codigos: Mapping[str, bool], donde: str) -> AjusteCalculado:
    if ajuste.codigo not in codigos:
        validos = ", ".join(sorted(codigos))
        raise DatosInvalidos(f"{donde}: el cargo o descuento «{ajuste.codigo}» no aplica aquí (use {validos}).")
    if (ajuste.monto is None) == (ajuste.porcentaje is None):
        raise DatosInvalidos(
            f"{donde}: indique el monto o el porcentaje del cargo/descuento {ajuste.codigo}, uno de los dos."
        )
    base = _r2(base)
    if ajuste.monto is not None:
        monto, porcentaje = _numero(ajuste.monto, f"{donde}: monto del código {ajuste.codigo}", decimales=2), None
    else:
        porcentaje = _porcentaje(ajuste.porcentaje, f"{donde}: porcentaje del código {ajuste.codigo}")
        monto = _r2(base * porcentaje / CIEN)
    return AjusteCalculado(ajuste.codigo, codigos[ajuste.codigo], base, monto, porcentaje)


def _sumar(ajustes, *codigos: str) -> Decimal:
    return sum((a.monto for a in ajustes if a.codigo in codigos), CERO)


# --------------------------------------------------------------------------- lines


def _isc_unitario(isc: Isc | None, valor_unitario: Decimal, tasa_igv: Decimal) -> Decimal:
    """ISC per unit for a given unit value (used to turn a price with taxes into a value)."""
    if isc is None:
        return CERO
    if isc.sistema == SistemaISC.AL_VALOR:
        return valor_unitario * isc.tasa / CIEN
    if isc.sistema == SistemaISC.MONTO_FIJO:
        return isc.monto_unitario
    return isc.precio_publico / (1 + tasa_igv / CIEN) * isc.tasa / CIEN


def _validar_isc(isc: Isc, donde: str) -> Isc:
    necesita = {
        SistemaISC.AL_VALOR: ("tasa",),
        SistemaISC.MONTO_FIJO: ("monto_unitario",),
        SistemaISC.PRECIO_PUBLICO: ("tasa", "precio_publico"),
    }.get(isc.sistema)
    if necesita is None:
        raise DatosInvalidos(f"{donde}: el sistema de ISC «{isc.sistema}» no existe (catálogo 08: 01, 02, 03).")
    valores = {}
    for campo in ("tasa", "monto_unitario", "precio_publico"):
        dado = getattr(isc, campo)
        if campo in necesita:
            if dado is None:
                raise DatosInvalidos(f"{donde}: el ISC del sistema {isc.sistema} requiere {campo.replace('_', ' ')}.")
            valores[campo] = (
                _porcentaje(dado, f"{donde}: tasa del ISC")
                if campo == "tasa"
                else _numero(dado, f"{donde}: {campo.replace('_', ' ')} del ISC", decimales=10)
            )
        elif dado is not None:
            raise DatosInvalidos(f"{donde}: el ISC del sistema {isc.sistema} no usa {campo.replace('_', ' ')}.")
    return Isc(isc.sistema, **valores)


def _validar_linea(linea: Linea, donde: str, tasas: Tasas) -> tuple[str, Decimal, Isc | None, Decimal]:
    """The line's checks: (group of its IGV affectation, quantity, validated ISC, IGV/IVAP rate)."""
    grupo = GRUPOS.get(linea.afectacion)
    if grupo is None:
        raise DatosInvalidos(f"{donde}: el tipo de afectación del IGV «{linea.afectacion}» no existe (catálogo 07).")
    cantidad = _numero(linea.cantidad, f"{donde}: la cantidad", decimales=10)
    if (linea.valor_unitario is None) == (linea.precio_unitario is None):
        raise DatosInvalidos(
            f"{donde}: indique el valor unitario (sin IGV) o el precio unitario (con IGV), uno de los dos."
        )
    if grupo == GRATUITO and (linea.ajustes or linea.isc or linea.icbper):
        raise DatosInvalidos(f"{donde}: una línea gratuita no lleva descuentos, cargos, ISC ni ICBPER.")
    if linea.isc and grupo == IVAP:
        raise DatosInvalidos(f"{donde}: el ISC no se aplica a operaciones con IVAP.")
    isc = _validar_isc(linea.isc, donde) if linea.isc else None
    if grupo in (GRAVADO, IVAP) or linea.afectacion in GRATUITAS_CON_IGV:
        tasa = tasas.ivap if grupo == IVAP else tasas.igv
    else:
        tasa = CERO
    return grupo, cantidad, isc, tasa


def _unitarios(linea: Linea, donde: str, isc: Isc | None, tasa: Decimal, tasas: Tasas) -> tuple[Decimal, Decimal]:
    """(value without taxes, price with taxes) of one unit, from whichever of the two the line gives."""
    if linea.precio_unitario is not None:
        precio_unitario = _numero(linea.precio_unitario, f"{donde}: el precio unitario", decimales=10, cero=True)
        sin_igv = precio_unitario / (1 + tasa / CIEN)
        # Undo the ISC on top of the value: al valor divides, the others subtract.
        if isc and isc.sistema == SistemaISC.AL_VALOR:
            valor_unitario = sin_igv / (1 + isc.tasa / CIEN)
        else:
            valor_unitario = sin_igv - _isc_unitario(isc, CERO, tasas.igv)
        if valor_unitario < 0:
            raise DatosInvalidos(f"{donde}: el precio unitario no cubre el ISC.")
        return valor_unitario, precio_unitario
    valor_unitario = _numero(linea.valor_unitario, f"{donde}: el valor unitario", decimales=10, cero=True)
    return valor_unitario, _r10((valor_unitario + _isc_unitario(isc, valor_unitario, tasas.igv)) * (1 + tasa / CIEN))


def _isc_de_linea(isc: Isc | None, cantidad: Decimal, valor_venta: Decimal, tasa_igv: Decimal) -> tuple[Decimal, Decimal]:
    """(ISC amount, the rate SUNAT reads on the line value)."""
    if isc is None:
        return CERO, CERO
    if isc.sistema == SistemaISC.AL_VALOR:
        return _r2(valor_venta * isc.tasa / CIEN), isc.tasa
    monto = _r2(cantidad * _isc_unitario(isc, CERO, tasa_igv))
    # SUNAT reads every ISC as a rate on the line value: state the effective one.
    return monto, (monto * CIEN / valor_venta).quantize(_CINCO_DECIMALES, ROUND_HALF_UP) if valor_venta else CERO


def _calcular_linea(numero: int, linea: Linea, tasas: Tasas, icbper_unitario: Decimal) -> LineaCalculada:
    donde = f"Línea {numero}"
    grupo, cantidad, isc, tasa = _validar_linea(linea, donde, tasas)
    gratuita = grupo == GRATUITO
    modo_precio = linea.precio_unitario is not None
    valor_unitario, precio_unitario = _unitarios(linea, donde, isc, tasa, tasas)

    bruto = cantidad * valor_unitario
    ajustes = tuple(_ajuste(a, bruto, AJUSTES_LINEA, donde) for a in linea.ajustes)
    por_codigo = dict.fromkeys(AJUSTES_LINEA, CERO)
    for a in ajustes:
        por_codigo[a.codigo] += a.monto
    venta_exacta = bruto - por_codigo["00"] + por_codigo["47"]
    if venta_exacta < 0:
        raise DatosInvalidos(f"{donde}: los descuentos superan el valor de la línea.")
    valor_venta = _r2(venta_exacta)

    isc_monto, tasa_isc = _isc_de_linea(isc, cantidad, valor_venta, tasas.igv)
    base = valor_venta + isc_monto
    if modo_precio and tasa:
        # Keep cantidad × precio: the IGV is what is left after the rounded base.
        igv = _r2((venta_exacta + isc_monto) * (1 + tasa / CIEN)) - base
    else:
        igv = _r2(base * tasa / CIEN)

    bolsas, icbper = 0, CERO
    if linea.icbper:
        if cantidad != cantidad.to_integral_value():
            raise DatosInvalidos(f"{donde}: el ICBPER se cobra por bolsa: la cantidad debe ser entera.")
        bolsas = int(cantidad)
        icbper = _r2(bolsas * icbper_unitario)

    impuestos = igv + isc_monto + icbper
    # The customer pays nothing for a free line: SUNAT wants its reference value instead of a price.
    total = CERO if gratuita else valor_venta + impuestos - por_codigo["01"] + por_codigo["48"]
    if total < 0:
        raise DatosInvalidos(f"{donde}: los descuentos superan el importe de la línea.")
    return LineaCalculada(
        numero=numero,
        afectacion=linea.afectacion,
        grupo=grupo,
        cantidad=cantidad,
        valor_unitario=CERO if gratuita else _r10(valor_unitario),
        precio_unitario=_r10(precio_unitario),
        precio_venta_unitario=_r10(total / cantidad),
        valor_referencial=_r10(valor_unitario) if gratuita else CERO,
        ajustes=ajustes,
        descuentos=por_codigo["00"] + por_codigo["01"],
        cargos=por_codigo["47"] + por_codigo["48"],
        valor_venta=valor_venta,
        base=base,
        tasa=tasa,
        igv=igv,
        sistema_isc=isc.sistema if isc else None,
        tasa_isc=tasa_isc,
        isc=isc_monto,
        bolsas=bolsas,
        icbper_unitario=icbper_unitario if linea.icbper else CERO,
        icbper=icbper,
        impuestos=impuestos,
        total=total,
    )


# --------------------------------------------------------------------------- document


def _validar_tasas(tasas: Tasas) -> None:
    for nombre in ("igv", "ivap"):
        _porcentaje(getattr(tasas, nombre), f"La tasa de {nombre.upper()}")
    _numero(tasas.icbper, "La tasa del ICBPER", decimales=5)


def _anticipo(anticipo: Anticipo, tasas: Tasas, numero: int) -> AnticipoAplicado:
    donde = f"Anticipo {numero}"
    if anticipo.tipo_documento not in ("02", "03"):
        raise DatosInvalidos(f"{donde}: el documento del anticipo debe ser 02 (factura) o 03 (boleta).")
    codigo = ANTICIPO_CODIGO.get(anticipo.afectacion)
    if codigo is None:
        raise DatosInvalidos(f"{donde}: solo se deducen anticipos gravados (10, 17), exonerados (20) o inafectos (30).")
    if not anticipo.numero:
        raise DatosInvalidos(f"{donde}: indique la serie y número del comprobante del anticipo.")
    if anticipo.total is None and anticipo.valor is None:
        raise DatosInvalidos(f"{donde}: indique el total pagado o el valor del anticipo.")
    tasa = {AfectacionIGV.GRAVADO: tasas.igv, AfectacionIGV.IVAP: tasas.ivap}.get(anticipo.afectacion, CERO)
    total = _numero(anticipo.total, f"{donde}: el total", decimales=2) if anticipo.total is not None else None
    valor = _numero(anticipo.valor, f"{donde}: el valor", decimales=2) if anticipo.valor is not None else None
    if valor is None:
        valor = _r2(total / (1 + tasa / CIEN))
    if total is None:
        total = valor + _r2(valor * tasa / CIEN)
    if total < valor or (not tasa and total != valor):
        raise DatosInvalidos(f"{donde}: el total ({total}) y el valor ({valor}) no son coherentes.")
    return AnticipoAplicado(anticipo.tipo_documento, anticipo.numero, codigo, valor, total - valor, total)


def _validar_cabecera(documento: Documento) -> Decimal | None:
    """The document-level checks; returns the exchange rate, if any."""
    moneda = documento.moneda
    if moneda not in MONEDAS:
        raise DatosInvalidos(f"La moneda «{moneda}» no está soportada ({', '.join(MONEDAS)}).")
    tipo_cambio = None
    if documento.tipo_cambio is not None:
        tipo_cambio = _numero(documento.tipo_cambio, "El tipo de cambio", decimales=3, enteros=4)
        if moneda == "PEN" and tipo_cambio != 1:
            raise DatosInvalidos("Un documento en soles no lleva tipo de cambio.")
    if not documento.lineas:
        raise DatosInvalidos("El documento no tiene líneas.")
    if len(documento.lineas) > 999:
        raise DatosInvalidos("SUNAT admite hasta 999 líneas por comprobante.")
    especiales = [d for d in (documento.detraccion, documento.percepcion, documento.retencion) if d]
    if len(especiales) > 1:
        raise DatosInvalidos("Detracción, percepción y retención se excluyen entre sí: indique solo una.")
    en_soles = (documento.percepcion or documento.detraccion
                or any(linea.icbper for linea in documento.lineas))
    if moneda != "PEN" and en_soles and not tipo_cambio:
        raise DatosInvalidos(
            f"Indique el tipo de cambio: el documento en {moneda} tiene importes que se expresan en soles."
        )
    return tipo_cambio


@dataclass
class _SumaLineas:
    """What the lines add up to: value and IGV per group, and what the header totals take from them."""

    venta: dict
    impuesto: dict
    isc: Decimal = CERO
    base_isc: Decimal = CERO
    icbper: Decimal = CERO
    descuentos: Decimal = CERO
    descuentos_01: Decimal = CERO
    cargos_48: Decimal = CERO


def _sumar_lineas(lineas: tuple[LineaCalculada, ...]) -> _SumaLineas:
    suma = _SumaLineas(dict.fromkeys(GRUPOS.values(), CERO), dict.fromkeys(GRUPOS.values(), CERO))
    for lc in lineas:
        suma.venta[lc.grupo] += lc.valor_venta
        suma.impuesto[lc.grupo] += lc.igv
        if lc.sistema_isc:
            suma.isc += lc.isc
            suma.base_isc += lc.valor_venta
        suma.icbper += lc.icbper
        for a in lc.ajustes:
            if a.codigo == "01":
                suma.descuentos_01 += a.monto
            elif a.codigo == "48":
                suma.cargos_48 += a.monto
        suma.descuentos += lc.descuentos
    return suma


def _ajustes_de_la_base(documento: Documento, gravable: Decimal) -> tuple[tuple[AjusteCalculado, ...], Decimal, Decimal]:
    """The global discount (02) and charge (49) that change the taxed base: (ajustes, d02, c49)."""
    afectos = tuple(
        _ajuste(a, gravable, AJUSTES_DOCUMENTO, "Documento") for a in documento.ajustes if a.codigo in ("02", "49")
    )
    if afectos and not gravable:
        raise DatosInvalidos(
            "Los cargos y descuentos globales que afectan la base (02, 49) solo se aplican a operaciones gravadas: "
            "use 03 o 50."
        )
    d02, c49 = _sumar(afectos, "02"), _sumar(afectos, "49")
    if gravable - d02 + c49 < 0:
        raise DatosInvalidos("Los descuentos globales superan el valor de las operaciones gravadas.")
    return afectos, d02, c49


def _deducir_anticipos(anticipos, bases: dict[str, Decimal]) -> list[AjusteCalculado]:
    """Each advance lowers the base of its code (04 taxed, 05 exempt, 06 unaffected); `bases` is updated."""
    ajustes = []
    for codigo, base in bases.items():
        deducido = sum((a.valor for a in anticipos if a.codigo == codigo), CERO)
        if deducido > base:
            raise DatosInvalidos(
                f"Los anticipos (código {codigo}) superan el valor de las operaciones a las que se aplican."
            )
        if deducido:
            ajustes.append(AjusteCalculado(codigo, False, base, deducido, None))
        bases[codigo] = base - deducido
    return ajustes


def _regimenes(documento: Documento, importe_total: Decimal, tipo_cambio, ajustes: list):
    """Detracción, percepción or retención on the total: (each or None, net pending); `ajustes` gets theirs."""
    moneda = documento.moneda
    detraccion = percepcion = retencion = None
    neto_pendiente = importe_total
    if documento.detraccion:
        detraccion = _detraccion(documento.detraccion, importe_total, moneda, tipo_cambio)
        neto_pendiente -= detraccion.monto_moneda
    if documento.percepcion:
        percepcion = _percepcion(documento.percepcion, importe_total, moneda, tipo_cambio)
        ajustes.append(
            AjusteCalculado(percepcion.codigo, True, percepcion.base, percepcion.monto, percepcion.porcentaje)
        )
    if documento.retencion:
        porcentaje = _porcentaje(documento.retencion.porcentaje, "El porcentaje de retención")
        retencion = RetencionCalculada(porcentaje, importe_total, _r2(importe_total * porcentaje / CIEN))
        ajustes.append(AjusteCalculado(RETENCION_CODIGO, False, importe_total, retencion.monto, porcentaje))
        neto_pendiente -= retencion.monto
    return detraccion, percepcion, retencion, neto_pendiente


def calcular(documento: Documento, tasas: Tasas) -> Totales:
    """Every line amount and document total of `documento` at the given rates."""
    _validar_tasas(tasas)
    tipo_cambio = _validar_cabecera(documento)
    moneda = documento.moneda
    # ICBPER is a fixed amount in soles per bag; a foreign-currency document states it converted.
    icbper_unitario = tasas.icbper
    if moneda != "PEN" and tipo_cambio:
        icbper_unitario = (tasas.icbper / tipo_cambio).quantize(_CINCO_DECIMALES, ROUND_HALF_UP)
    lineas = tuple(_calcular_linea(n, linea, tasas, icbper_unitario) for n, linea in enumerate(documento.lineas, 1))
    suma = _sumar_lineas(lineas)
    venta, impuesto = suma.venta, suma.impuesto

    base_gravada, base_ivap = venta[GRAVADO], venta[IVAP]
    if base_ivap and (base_gravada or venta[EXONERADO] or venta[INAFECTO] or venta[EXPORTACION]):
        raise DatosInvalidos("Las operaciones con IVAP no se mezclan con otras afectaciones en un comprobante.")
    tasa_doc = tasas.ivap if base_ivap else tasas.igv
    gravable = base_ivap or base_gravada
    afectos, d02, c49 = _ajustes_de_la_base(documento, gravable)

    anticipos = tuple(_anticipo(a, tasas, n) for n, a in enumerate(documento.anticipos, 1))
    bases = {"04": gravable - d02 + c49, "05": venta[EXONERADO], "06": venta[INAFECTO]}
    ajustes_anticipos = _deducir_anticipos(anticipos, bases)

    igv_anticipos = sum((a.igv for a in anticipos if a.codigo == "04"), CERO)
    impuesto_doc = impuesto[GRAVADO] + impuesto[IVAP] - _r2(d02 * tasa_doc / CIEN) + _r2(c49 * tasa_doc / CIEN)
    valor_venta = sum(venta.values(), CERO) - venta[GRATUITO] - d02 + c49
    precio_venta = valor_venta + suma.isc + suma.icbper + impuesto_doc
    impuesto_doc -= igv_anticipos
    igv, ivap = (CERO, impuesto_doc) if base_ivap else (impuesto_doc, CERO)

    no_afectos = tuple(
        _ajuste(a, precio_venta, AJUSTES_DOCUMENTO, "Documento")
        for a in documento.ajustes
        if a.codigo not in ("02", "49")
    )
    descuentos_no_afectos = _sumar(no_afectos, "03") + suma.descuentos_01
    otros_cargos = _sumar(no_afectos, "45", "46", "50") + suma.cargos_48
    total_anticipos = sum((a.total for a in anticipos), CERO)
    importe_total = precio_venta + otros_cargos - descuentos_no_afectos - total_anticipos
    if importe_total < 0:
        raise DatosInvalidos("Los descuentos y anticipos superan el importe del documento.")

    ajustes = [*afectos, *ajustes_anticipos, *no_afectos]
    detraccion, percepcion, retencion, neto_pendiente = _regimenes(documento, importe_total, tipo_cambio, ajustes)

    return Totales(
        lineas=lineas,
        moneda=moneda,
        tipo_cambio=tipo_cambio,
        gravadas=bases["04"] if not base_ivap else CERO,
        gravadas_ivap=bases["04"] if base_ivap else CERO,
        exoneradas=bases["05"],
        inafectas=bases["06"],
        exportacion=venta[EXPORTACION],
        gratuitas=venta[GRATUITO],
        igv=igv,
        ivap=ivap,
        isc=suma.isc,
        base_isc=suma.base_isc,
        icbper=suma.icbper,
        igv_gratuitas=impuesto[GRATUITO],
        total_impuestos=igv + ivap + suma.isc + suma.icbper,
        descuentos=suma.descuentos + d02 + _sumar(no_afectos, "03"),
        descuentos_no_afectos=descuentos_no_afectos,
        otros_cargos=otros_cargos,
        anticipos=total_anticipos,
        valor_venta=valor_venta,
        precio_venta=precio_venta,
        importe_total=importe_total,
        neto_pendiente=neto_pendiente,
        importe_en_letras=monto_en_letras(importe_total, moneda),
        ajustes=tuple(ajustes),
        anticipos_aplicados=anticipos,
        detraccion=detraccion,
        percepcion=percepcion,
        retencion=retencion,
    )


def _detraccion(detraccion: Detraccion, importe: Decimal, moneda: str, tipo_cambio: Decimal | None):
    if detraccion.codigo not in DETRACCION_CODIGOS:
        raise DatosInvalidos(f"El bien o servicio sujeto a detracción «{detraccion.codigo}» no existe (catálogo 54).")
    if detraccion.medio_pago not in MEDIOS_PAGO:
        raise DatosInvalidos(f"El medio de pago «{detraccion.medio_pago}» no existe (catálogo 59).")
    if not (detraccion.cuenta or "").strip():
        raise DatosInvalidos("Indique la cuenta del Banco de la Nación para la detracción.")
    porcentaje = _porcentaje(detraccion.porcentaje, "El porcentaje de detracción")
    en_soles = importe * (tipo_cambio if moneda != "PEN" else 1)
    # Detracción deposits are made in whole soles (R.S. 343-2014/SUNAT).
    monto = (en_soles * porcentaje / CIEN).quantize(Decimal("1"), ROUND_HALF_UP)
    monto_moneda = monto if moneda == "PEN" else _r2(importe * porcentaje / CIEN)
    return DetraccionCalculada(
        detraccion.codigo, porcentaje, detraccion.cuenta.strip(), detraccion.medio_pago, importe,
        _r2(monto), monto_moneda,
    )


def _percepcion(percepcion: Percepcion, importe: Decimal, moneda: str, tipo_cambio: Decimal | None):
    if percepcion.codigo not in PERCEPCION_CODIGOS:
        raise DatosInvalidos(f"El régimen de percepción «{percepcion.codigo}» no existe (51, 52 o 53).")
    porcentaje = _porcentaje(percepcion.porcentaje, "El porcentaje de percepción")
    base = _r2(importe * (tipo_cambio if moneda != "PEN" else 1))
    monto = _r2(base * porcentaje / CIEN)
    return PercepcionCalculada(percepcion.codigo, porcentaje, base, monto, base + monto)


# --------------------------------------------------------------------------- a note restating a document


def valores_en_nota(totales: Totales) -> tuple[Decimal | None, ...]:
    """The unit value without taxes each line of `totales` takes in a note that restates it (None: as it is).

    A note carries neither global discounts or charges nor advances: SUNAT
    reads its bases from its lines (ValidaExprRegNC 3277, 3280). So the 02
    discount, the 49 charge and the advances (04, 05, 06) go into the values
    of the lines of the group they change, in proportion, the rounding cents
    to the last line; the note then adds up to what the document charged.
    """
    netos = {
        GRAVADO: totales.gravadas, IVAP: totales.gravadas_ivap, EXONERADO: totales.exoneradas, INAFECTO: totales.inafectas
    }
    valores: list[Decimal | None] = [None] * len(totales.lineas)
    for grupo, neto in netos.items():
        lineas = [lc for lc in totales.lineas if lc.grupo == grupo]
        bruto = sum((lc.valor_venta for lc in lineas), CERO)
        if not bruto or neto == bruto:
            continue
        restante = neto
        for n, lc in enumerate(lineas, 1):
            valor = restante if n == len(lineas) else _r2(lc.valor_venta * neto / bruto)
            restante -= valor
            valores[lc.numero - 1] = _r10(valor / lc.cantidad)
    return tuple(valores)


# --------------------------------------------------------------------------- checking declared totals


def diferencias(
    totales: Totales, declarados: Mapping[str, object], *, tolerancia: Decimal = CERO
) -> dict[str, tuple[Decimal, Decimal]]:
    """Declared totals that differ from the calculated ones by more than `tolerancia`.

    `declarados` maps names of `CAMPOS_VERIFICABLES` to amounts (None: not declared).
    Returns {campo: (declarado, calculado)}.
    """
    resultado = {}
    for campo, valor in declarados.items():
        if campo not in CAMPOS_VERIFICABLES:
            raise DatosInvalidos(f"«{campo}» no es un total que se pueda verificar.")
        if valor is None or valor == "":
            continue
        declarado = _numero(valor, f"El total declarado «{campo}»", decimales=2, cero=True)
        calculado = getattr(totales, campo)
        if abs(declarado - calculado) > tolerancia:
            resultado[campo] = (declarado, calculado)
    return resultado


def verificar(totales: Totales, declarados: Mapping[str, object], *, tolerancia: Decimal = CERO) -> None:
    """Raise `TotalesNoCuadran` listing every declared total that does not match the lines."""
    malos = diferencias(totales, declarados, tolerancia=tolerancia)
    if malos:
        detalle = "; ".join(f"{campo}: declarado {d}, calculado {c}" for campo, (d, c) in malos.items())
        raise TotalesNoCuadran(f"Los totales no cuadran con las líneas: {detalle}.")
