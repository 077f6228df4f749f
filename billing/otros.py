"""Retention and perception as SUNAT's agent: whether an operation qualifies, the amounts, and the comprobante.

Purchases (payments to providers) and billing (collections) call
`operacion_calcular` on the documents an operation pays or collects, then
`comprobante_otro_emitir` inside the same transaction: the comprobante takes
the next number of the branch's series (R001, P001) under the series' row
lock, lists every document, and leaves what SUNAT is owed in a
`TributoPorPagar`. The CPE app builds, signs and sends it on the
`comprobante_otro_emitido` signal. The rules (rate and minimum by regime,
the company's designation) are dated rows read at the operation's date.
`comprobante_otro_registrar` issues one that another system reports (the
compatible dialects): the same rules and computation, its declared amounts
checked against them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from billing.models import (
    AgenteDesignacion,
    ComprobanteOtro,
    LineaComprobanteOtro,
    RegimenOtro,
    TipoOtro,
    TributoPorPagar,
)
from billing.senales import comprobante_otro_emitido
from erp.models import Serie, Socio, Sucursal
from erp.services import serie_asignar_numero, socio_por_documento

CERO = Decimal("0")
CENTIMO = Decimal("0.01")
CIEN = Decimal("100")
# Catálogo 01 types a retention or perception lists: factura, nota de débito, ticket; boletas for perception.
TIPOS_AFECTOS = {TipoOtro.RETENCION: ("01", "08", "12"), TipoOtro.PERCEPCION: ("01", "03", "08", "12")}


def _q2(valor: Decimal) -> Decimal:
    return valor.quantize(CENTIMO, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class DocumentoOperacion:
    """A document an operation pays or collects, and how much of it (its currency)."""

    tipo_documento: str  # catálogo 01
    numero: str  # "F001-12"
    fecha_emision: datetime.date
    moneda: str
    importe_total: Decimal
    tipo_cambio: Decimal | None  # soles per unit; None in PEN
    monto: Decimal  # paid or collected now
    pago_numero: int  # this payment's correlative on the document
    pago_fecha: datetime.date | None = None  # None: the operation's date

    def en_soles(self, valor: Decimal) -> Decimal:
        return _q2(valor * (self.tipo_cambio or 1))


def documento_operacion(documento, *, numero: str, monto: Decimal) -> DocumentoOperacion:
    """A sales or purchase document (a billing DocumentoComercial) paid or collected now by `monto`."""
    moneda = documento.moneda.codigo
    return DocumentoOperacion(
        tipo_documento=documento.tipo,
        numero=numero,
        fecha_emision=documento.fecha_emision,
        moneda=moneda,
        importe_total=documento.importe_total,
        tipo_cambio=documento.tipo_cambio if moneda != "PEN" and documento.tipo_cambio != 1 else None,
        monto=monto,
        pago_numero=documento.pagos.count() + 1,
    )


@dataclass(frozen=True)
class Calculo:
    """One document's retention or perception: in its currency (what changes hands) and in soles (what SUNAT sees)."""

    documento: DocumentoOperacion
    monto_moneda: Decimal
    monto: Decimal  # soles
    neto: Decimal  # soles


def regimen_vigente(*, tipo: str, codigo: str, fecha: datetime.date) -> RegimenOtro:
    regimen = RegimenOtro.objects.filter(tipo=tipo, codigo=codigo, vigente_desde__lte=fecha).order_by("-vigente_desde").first()
    if regimen is None:
        nombre = "retención" if tipo == TipoOtro.RETENCION else "percepción"
        raise ValidationError(f"No hay tasa de {nombre} del régimen {codigo} vigente al {fecha:%d/%m/%Y}: regístrela en Regímenes de retención y percepción.")
    return regimen


def designacion_vigente(*, empresa, tipo: str, fecha: datetime.date) -> AgenteDesignacion | None:
    """The company's designation as agent in force on `fecha`, or None."""
    designacion = AgenteDesignacion.objects.filter(empresa=empresa, tipo=tipo, desde__lte=fecha).order_by("-desde").first()
    if designacion is None or (designacion.hasta and designacion.hasta <= fecha):
        return None
    return designacion


def motivo_no_aplica(*, tipo: str, empresa, socio: Socio, fecha: datetime.date) -> str:
    """Why the company does not retain from (perceive from) this partner on that date; '' when it must."""
    if designacion_vigente(empresa=empresa, tipo=tipo, fecha=fecha) is None:
        return f"{empresa} no es agente de {'retención' if tipo == TipoOtro.RETENCION else 'percepción'} al {fecha:%d/%m/%Y}."
    if tipo == TipoOtro.RETENCION:
        if socio.agente_retencion:
            return f"{socio.razon_social} es agente de retención: no se le retiene."
        if socio.buen_contribuyente:
            return f"{socio.razon_social} es buen contribuyente: no se le retiene."
        if socio.tipo_documento.codigo != "6":
            return f"{socio.razon_social} no tiene RUC: solo se retiene a proveedores con RUC."
    elif socio.excluido_percepcion or socio.agente_percepcion:
        return f"{socio.razon_social} está excluido de la percepción."
    return ""


def _validar(documentos: list[DocumentoOperacion]) -> None:
    for d in documentos:
        if d.moneda != "PEN" and not d.tipo_cambio:
            raise ValidationError(f"El documento {d.numero} está en {d.moneda} y no tiene tipo de cambio: regístrelo antes de pagarlo.")
        if d.monto <= 0:
            raise ValidationError(f"El importe aplicado a {d.numero} debe ser mayor que cero.")


def operacion_calcular(*, tipo: str, regimen: RegimenOtro, documentos: list[DocumentoOperacion]) -> list[Calculo]:
    """Each document's retention (or perception) at the regime's rate, or [] when the operation does not exceed its minimum.

    The minimum is compared with the documents' totals in soles (the operation,
    one document or those paid together); the rate applies to what is paid now,
    IGV included.
    """
    afectos = [d for d in documentos if d.tipo_documento in TIPOS_AFECTOS[tipo]]
    _validar(afectos)
    if not afectos or sum((d.en_soles(d.importe_total) for d in afectos), CERO) <= regimen.monto_minimo:
        return []
    calculos = []
    for d in afectos:
        monto = _q2(d.en_soles(d.monto) * regimen.tasa / CIEN)
        monto_moneda = monto if d.moneda == "PEN" else _q2(d.monto * regimen.tasa / CIEN)
        signo = -1 if tipo == TipoOtro.RETENCION else 1
        calculos.append(Calculo(d, monto_moneda, monto, d.en_soles(d.monto) + signo * monto))
    return calculos


def exigir_monto(*, calculos: list[Calculo], esperado, tasa: Decimal) -> None:
    """The amount the user typed on the payment screen must be the rate's: ValidationError otherwise."""
    if esperado in (None, ""):
        return
    try:
        esperado = _q2(Decimal(str(esperado)))
    except ArithmeticError:
        raise ValidationError(f"El importe retenido o percibido «{esperado}» no es un número.") from None
    calculado = sum((c.monto for c in calculos), CERO)
    if esperado != calculado:
        raise ValidationError(
            f"El importe retenido o percibido (S/ {esperado:.2f}) no corresponde a la tasa de {tasa.normalize():f} % sobre lo pagado: debe ser S/ {calculado:.2f}."
        )


def operacion_evaluar(
    *, tipo: str, empresa, socios: set, fecha: datetime.date, documentos: list[DocumentoOperacion], exigir: bool | None = None, esperado=None
) -> tuple[RegimenOtro | None, list[Calculo]]:
    """The regime and each document's amount when the operation must be retained (perceived), else (None, []).

    `exigir` True insists (ValidationError saying why it does not apply), False skips it; `esperado` is the
    amount the screen showed, checked against the rate.
    """
    nombre = _nombre(tipo)
    if exigir is False:
        return None, []
    if not socios:
        if exigir:
            raise ValidationError(f"No corresponde {nombre}: ningún documento de la operación está afecto.")
        return None, []
    motivos = {motivo_no_aplica(tipo=tipo, empresa=empresa, socio=socio, fecha=fecha) for socio in socios}
    if len(socios) > 1 and (exigir or "" in motivos):
        raise ValidationError(f"Para {nombre}, la operación debe ser de un solo proveedor o cliente: regístrela por separado para cada uno.")
    motivo = motivos.pop()
    if motivo:
        if exigir:
            raise ValidationError(f"No corresponde {nombre}: {motivo}")
        return None, []
    designacion = designacion_vigente(empresa=empresa, tipo=tipo, fecha=fecha)
    regimen = regimen_vigente(tipo=tipo, codigo=designacion.regimen, fecha=fecha)
    calculos = operacion_calcular(tipo=tipo, regimen=regimen, documentos=documentos)
    if exigir and not calculos:
        raise ValidationError(f"No corresponde {nombre}: la operación no supera S/ {regimen.monto_minimo:.2f}.")
    exigir_monto(calculos=calculos, esperado=esperado, tasa=regimen.tasa)
    return (regimen, calculos) if calculos else (None, [])


def _nombre(tipo: str) -> str:
    return "retener" if tipo == TipoOtro.RETENCION else "percibir"


def _serie(sucursal: Sucursal, tipo: str) -> Serie:
    serie = Serie.objects.filter(sucursal=sucursal, tipo_documento=tipo, activo=True).order_by("serie").first()
    if serie is None:
        letra = "R001" if tipo == TipoOtro.RETENCION else "P001"
        raise ValidationError(f"La sucursal {sucursal} no tiene una serie activa de {TipoOtro(tipo).label.lower()} (por ejemplo {letra}): créela en Series.")
    return serie


def comprobante_otro_emitir(
    *, tipo: str, sucursal: Sucursal, socio: Socio, fecha: datetime.date, regimen: RegimenOtro, calculos: list[Calculo], usuario, observacion: str = "",
    serie: Serie | None = None, numero: int | None = None,
) -> ComprobanteOtro:
    """Number and record the comprobante of an operation (inside the caller's transaction), with what SUNAT is owed.

    The series is `serie`, else the branch's first active one of the type; `numero`, when given, must be the one the
    series gives next (else ValidationError with code "numero", and the number goes back).
    """  # fmt: skip
    if not calculos:
        raise ValidationError("El comprobante debe listar al menos un documento.")
    serie = serie or _serie(sucursal, tipo)
    with transaction.atomic():
        siguiente = serie_asignar_numero(serie_id=serie.pk)
        if numero is not None and numero != siguiente:
            raise ValidationError(f"El número {numero} no es el siguiente de la serie {serie.serie}: le corresponde el {siguiente}.", code="numero")
        direccion = socio.direcciones.filter(principal=True).first()
        comprobante = ComprobanteOtro.objects.create(
            empresa=sucursal.empresa,
            sucursal=sucursal,
            tipo=tipo,
            serie=serie,
            numero=siguiente,
            fecha_emision=fecha,
            socio=socio,
            receptor_tipo_documento=socio.tipo_documento.codigo,
            receptor_numero_documento=socio.numero_documento,
            receptor_razon_social=socio.razon_social,
            receptor_direccion=direccion.direccion if direccion else "",
            regimen=regimen.codigo,
            tasa=regimen.tasa,
            total=sum((c.monto for c in calculos), CERO),
            total_neto=sum((c.neto for c in calculos), CERO),
            observacion=observacion[:250],
            creado_por=usuario,
        )
        LineaComprobanteOtro.objects.bulk_create(
            LineaComprobanteOtro(
                comprobante=comprobante,
                tipo_documento=c.documento.tipo_documento,
                numero_documento=c.documento.numero,
                fecha_documento=c.documento.fecha_emision,
                moneda=c.documento.moneda,
                importe_documento=c.documento.importe_total,
                pago_numero=c.documento.pago_numero,
                pago_fecha=c.documento.pago_fecha or fecha,
                pago_monto=c.documento.monto,
                tipo_cambio=c.documento.tipo_cambio if c.documento.moneda != "PEN" else None,
                monto=c.monto,
                neto=c.neto,
            )
            for c in calculos
        )
        TributoPorPagar.objects.create(empresa=comprobante.empresa, comprobante=comprobante, periodo=f"{fecha:%Y-%m}", fecha=fecha, monto=comprobante.total)
        comprobante_otro_emitido.send(sender=ComprobanteOtro, comprobante=comprobante)
    return comprobante


@dataclass(frozen=True)
class MontosDeclarados:
    """What another system says was retained (perceived) and the net, in soles: per document, in order, and in total."""

    documentos: tuple[tuple[Decimal | None, Decimal | None], ...] = ()  # (monto, neto); None: not declared
    total: Decimal | None = None
    total_neto: Decimal | None = None


def _cuadrar(calculos: list[Calculo], declarados: MontosDeclarados, regimen: RegimenOtro) -> None:
    """Every declared amount must be the computed one to the cent: ValidationError listing those that are not."""
    pares = [("total", declarados.total, sum((c.monto for c in calculos), CERO)),
             ("total neto", declarados.total_neto, sum((c.neto for c in calculos), CERO))]  # fmt: skip
    for calculo, (monto, neto) in zip(calculos, declarados.documentos, strict=False):
        pares += [(f"{calculo.documento.numero} importe", monto, calculo.monto), (f"{calculo.documento.numero} neto", neto, calculo.neto)]
    errores = [f"{campo}: declarado {declarado:.2f}, calculado {calculado:.2f}" for campo, declarado, calculado in pares
               if declarado is not None and _q2(declarado) != calculado]  # fmt: skip
    if errores:
        raise ValidationError(
            f"Los importes no cuadran con la tasa de {regimen.tasa.normalize():f} % del régimen {regimen.codigo}: " + "; ".join(errores) + "."
        )


def comprobante_otro_registrar(
    *, tipo: str, sucursal: Sucursal, receptor: dict, regimen: str, fecha: datetime.date, documentos: list[DocumentoOperacion], usuario,
    serie: Serie | None = None, numero: int | None = None, declarados: MontosDeclarados | None = None, observacion: str = "",
) -> ComprobanteOtro:
    """Issue the retention (perception) another system reports, from its data alone; all or nothing.

    `receptor` is the provider's (customer's) identity as socio_por_documento takes it, added the first time;
    `regimen` a code of catálogo 23 (22); each document carries its payment. The amounts are computed as for the
    company's own payments and collections (operacion_calcular) and `declarados` must match them to the cent; the
    company must be the agent on `fecha` and the partner one it retains from (perceives from). The CPE is signed
    in the transaction and sent after it, as the others.
    """  # fmt: skip
    nombre = _nombre(tipo)
    if not documentos:
        raise ValidationError("El comprobante debe listar al menos un documento pagado o cobrado.")
    fila = regimen_vigente(tipo=tipo, codigo=regimen, fecha=fecha)
    for d in documentos:
        if d.tipo_documento not in TIPOS_AFECTOS[tipo]:
            raise ValidationError(f"No corresponde {nombre} sobre {d.numero}: solo sobre documentos de tipo {', '.join(TIPOS_AFECTOS[tipo])}.")
        if d.monto > d.importe_total:
            raise ValidationError(f"El importe pagado o cobrado de {d.numero} ({d.monto:.2f}) supera su total ({d.importe_total:.2f}).")
        if d.pago_fecha and not d.fecha_emision <= d.pago_fecha <= fecha:
            raise ValidationError(f"El pago de {d.numero} ({d.pago_fecha:%d/%m/%Y}) debe estar entre su emisión y la del comprobante ({fecha:%d/%m/%Y}).")
    calculos = operacion_calcular(tipo=tipo, regimen=fila, documentos=documentos)
    if not calculos:
        raise ValidationError(f"No corresponde {nombre}: la operación no supera S/ {fila.monto_minimo:.2f}.")
    _cuadrar(calculos, declarados or MontosDeclarados(), fila)
    with transaction.atomic():
        socio = socio_por_documento(sucursal=sucursal, como="es_proveedor" if tipo == TipoOtro.RETENCION else "es_cliente", **receptor)
        motivo = motivo_no_aplica(tipo=tipo, empresa=sucursal.empresa, socio=socio, fecha=fecha)
        if motivo:
            raise ValidationError(f"No corresponde {nombre}: {motivo}")
        return comprobante_otro_emitir(
            tipo=tipo, sucursal=sucursal, socio=socio, fecha=fecha, regimen=fila, calculos=calculos, usuario=usuario, observacion=observacion,
            serie=serie, numero=numero,
        )  # fmt: skip


def comprobante_otro_revertido(*, comprobante_id: int) -> ComprobanteOtro:
    """SUNAT accepted the reversal: the comprobante is reverted and SUNAT is owed nothing for it."""
    with transaction.atomic():
        comprobante = ComprobanteOtro.objects.select_for_update().get(pk=comprobante_id)
        comprobante.estado = ComprobanteOtro.Estado.REVERTIDO
        comprobante.save(update_fields=["estado"])
        TributoPorPagar.objects.filter(comprobante=comprobante, estado=TributoPorPagar.Estado.PENDIENTE).update(estado=TributoPorPagar.Estado.ANULADO)
    return comprobante
