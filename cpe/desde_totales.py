"""From the totals engine's result to a `cpe.domain.Comprobante`. Pure.

    totales = billing.totals.calcular(documento, tasas)
    comprobante = comprobante_desde_totales(cabecera, totales, items)

`Cabecera` carries what the engine does not know: type, numbering, dates,
parties, installments, guides and, for notes, the modified document and the
reason. `items` gives each line's description, unit and codes, in the same
order as the engine's lines. Everything SUNAT derives from the amounts is
set here, once: the tax subtotals per tributo, the legends (1000 amount in
words, 1002 free transfer, 2006 detracción, 2007 IVAP), the operation type
when not given (1001 detracción, 2001 percepción, 0200 export, else 0101),
the advances as PrepaidPayment and the credit terms.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from billing.totals import (
    CIEN,
    EXONERADO,
    EXPORTACION,
    GRATUITO,
    GRAVADO,
    INAFECTO,
    IVAP,
    PERCEPCION_CODIGOS,
    AjusteCalculado,
    DatosInvalidos,
    LineaCalculada,
    Totales,
)
from cpe.domain import (
    BOLETA,
    FACTURA,
    NOTA_CREDITO,
    NOTA_DEBITO,
    Anticipo,
    CargoDescuento,
    Cliente,
    Comprobante,
    Cuota,
    Detraccion,
    DocumentoRelacionado,
    Emisor,
    FormaPago,
    Importes,
    Impuesto,
    Item,
    Leyenda,
    NotaReferencia,
    Percepcion,
    Tributo,
)

# Tributo (catálogo 05) of each line group's main subtotal.
TRIBUTO_GRUPO = {
    GRAVADO: Tributo.IGV,
    IVAP: Tributo.IVAP,
    EXPORTACION: Tributo.EXPORTACION,
    GRATUITO: Tributo.GRATUITO,
    EXONERADO: Tributo.EXONERADO,
    INAFECTO: Tributo.INAFECTO,
}
LEYENDA_GRATUITA = "TRANSFERENCIA GRATUITA DE UN BIEN Y/O SERVICIO PRESTADO GRATUITAMENTE"
LEYENDA_DETRACCION = "OPERACIÓN SUJETA AL SISTEMA DE PAGO DE OBLIGACIONES TRIBUTARIAS CON EL GOBIERNO CENTRAL"
LEYENDA_IVAP = "OPERACIÓN SUJETA AL IVAP"
MOTIVOS_NOTA_CREDITO = ("01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13")  # catálogo 09
MOTIVOS_NOTA_DEBITO = ("01", "02", "03", "11", "12")  # catálogo 10
_DIEZ_DECIMALES = Decimal("1E-10")


@dataclass(frozen=True, slots=True)
class DatosItem:
    descripcion: str
    unidad: str = "NIU"  # catálogo 03
    codigo: str = ""
    codigo_sunat: str = ""


@dataclass(frozen=True, slots=True)
class Cabecera:
    tipo_documento: str
    serie: str
    numero: int
    fecha_emision: datetime.date
    emisor: Emisor
    cliente: Cliente
    hora_emision: datetime.time | None = None
    fecha_vencimiento: datetime.date | None = None
    tipo_operacion: str | None = None  # catálogo 51; None: deduced from the totals
    cuotas: Sequence[Cuota] = ()  # none: contado
    guias: Sequence[DocumentoRelacionado] = ()
    documentos_relacionados: Sequence[DocumentoRelacionado] = ()
    nota: NotaReferencia | None = None  # required for 07 and 08
    leyendas: Sequence[Leyenda] = ()  # beyond the automatic ones
    orden_compra: str = ""


def _impuestos_linea(lc: LineaCalculada) -> tuple[Impuesto, ...]:
    impuestos = [
        Impuesto(TRIBUTO_GRUPO[lc.grupo], lc.igv, base=lc.base, porcentaje=lc.tasa, afectacion=lc.afectacion)
    ]
    if lc.sistema_isc:
        impuestos.append(
            Impuesto(Tributo.ISC, lc.isc, base=lc.valor_venta, porcentaje=lc.tasa_isc, sistema_isc=lc.sistema_isc)
        )
    if lc.bolsas:
        impuestos.append(Impuesto(Tributo.ICBPER, lc.icbper, bolsas=lc.bolsas, monto_unitario=lc.icbper_unitario))
    return tuple(impuestos)


def _cargo(ajuste: AjusteCalculado) -> CargoDescuento:
    factor = ajuste.porcentaje / CIEN if ajuste.porcentaje is not None else None
    return CargoDescuento(ajuste.codigo, ajuste.es_cargo, ajuste.monto, ajuste.base, factor)


def _item(lc: LineaCalculada, datos: DatosItem, es_nota: bool) -> Item:
    if not datos.descripcion.strip():
        raise DatosInvalidos(f"Línea {lc.numero}: falta la descripción.")
    valor_unitario, ajustes = lc.valor_unitario, lc.ajustes
    if es_nota and any(a.afecta_base for a in ajustes):
        # A note's line value must be unit value × quantity: SUNAT ignores the line's
        # AllowanceCharge there (ValidaExprRegNC/ND 3271), so the unit value goes net of them.
        valor_unitario = (lc.valor_venta / lc.cantidad).quantize(_DIEZ_DECIMALES, ROUND_HALF_UP)
        ajustes = tuple(a for a in ajustes if not a.afecta_base)
    return Item(
        numero=lc.numero,
        cantidad=lc.cantidad,
        unidad=datos.unidad,
        descripcion=datos.descripcion.strip(),
        valor_unitario=valor_unitario,
        valor_venta=lc.valor_venta,
        impuestos=_impuestos_linea(lc),
        total_impuestos=lc.impuestos,
        precio_venta_unitario=None if lc.gratuita else lc.precio_venta_unitario,
        valor_referencial=lc.valor_referencial if lc.gratuita else None,
        cargos_descuentos=tuple(_cargo(a) for a in ajustes),
        codigo=datos.codigo,
        codigo_sunat=datos.codigo_sunat,
    )


def _impuestos_documento(t: Totales) -> tuple[Impuesto, ...]:
    grupos = {lc.grupo for lc in t.lineas}
    cero = Decimal("0.00")
    por_grupo = {
        GRAVADO: (t.gravadas, t.igv),
        IVAP: (t.gravadas_ivap, t.ivap),
        EXPORTACION: (t.exportacion, cero),
        EXONERADO: (t.exoneradas, cero),
        INAFECTO: (t.inafectas, cero),
        GRATUITO: (t.gratuitas, t.igv_gratuitas),
    }
    impuestos = [
        Impuesto(TRIBUTO_GRUPO[grupo], monto, base=base) for grupo, (base, monto) in por_grupo.items() if grupo in grupos
    ]
    if t.base_isc:
        impuestos.append(Impuesto(Tributo.ISC, t.isc, base=t.base_isc))
    if t.icbper:
        impuestos.append(Impuesto(Tributo.ICBPER, t.icbper))
    return tuple(impuestos)


def _tipo_operacion(cabecera: Cabecera, t: Totales) -> str:
    if cabecera.tipo_documento not in (FACTURA, BOLETA):
        return ""
    esperado = "1001" if t.detraccion else "2001" if t.percepcion else None
    if cabecera.tipo_operacion is None:
        return esperado or ("0200" if t.exportacion else "0101")
    if esperado and not cabecera.tipo_operacion.startswith(esperado[:2]):
        raise DatosInvalidos(
            f"El tipo de operación {cabecera.tipo_operacion} no corresponde a una operación con "
            f"{'detracción' if t.detraccion else 'percepción'} ({esperado})."
        )
    return cabecera.tipo_operacion


def _validar_cliente(cabecera: Cabecera, tipo_operacion: str) -> None:
    """A factura goes to a RUC, except exports (to foreigners) and 0112 (personal deductible expenses)."""
    if cabecera.tipo_documento != FACTURA:
        return
    tipo = cabecera.cliente.tipo_documento
    exporta = tipo_operacion.startswith("02") or tipo_operacion == "0401"
    if exporta and tipo == "6":
        raise DatosInvalidos("Una exportación se factura a un cliente no domiciliado, no a un RUC.")
    if not exporta and tipo != "6" and not (tipo_operacion == "0112" and tipo == "1"):
        raise DatosInvalidos("Una factura se emite a un cliente con RUC: para este cliente emita una boleta.")


def _leyendas(cabecera: Cabecera, t: Totales) -> tuple[Leyenda, ...]:
    leyendas = [Leyenda("1000", t.importe_en_letras)]
    if t.gratuitas:
        leyendas.append(Leyenda("1002", LEYENDA_GRATUITA))
    if t.detraccion:
        leyendas.append(Leyenda("2006", LEYENDA_DETRACCION))
    if t.gravadas_ivap:
        leyendas.append(Leyenda("2007", LEYENDA_IVAP))
    codigos = {ley.codigo for ley in leyendas}
    for ley in cabecera.leyendas:
        if ley.codigo in codigos:
            raise DatosInvalidos(f"La leyenda {ley.codigo} está repetida.")
        codigos.add(ley.codigo)
        leyendas.append(ley)
    for ley in leyendas:
        if not 1 <= len(ley.texto) <= 200:
            raise DatosInvalidos(f"La leyenda {ley.codigo} debe tener de 1 a 200 caracteres.")
    return tuple(leyendas)


def _forma_pago(cabecera: Cabecera, t: Totales) -> FormaPago:
    if not cabecera.cuotas:
        return FormaPago()
    suma = sum((c.monto for c in cabecera.cuotas), Decimal("0"))
    for n, cuota in enumerate(cabecera.cuotas, 1):
        if cuota.monto <= 0 or cuota.monto != cuota.monto.quantize(Decimal("0.01")):
            raise DatosInvalidos(f"La cuota {n} debe tener un monto mayor que cero, con hasta 2 decimales.")
        if cuota.fecha_pago <= cabecera.fecha_emision:
            raise DatosInvalidos(f"La cuota {n} vence el {cuota.fecha_pago:%d/%m/%Y}: debe ser posterior a la emisión.")
    # A note that adjusts installments (07 reason 13) restates the pending amount of the invoice.
    if cabecera.tipo_documento in (FACTURA, BOLETA) and suma != t.neto_pendiente:
        raise DatosInvalidos(f"Las cuotas suman {suma} y el monto neto pendiente de pago es {t.neto_pendiente}.")
    return FormaPago(tuple(cabecera.cuotas), suma)


def _validar_nota(cabecera: Cabecera, t: Totales) -> None:
    """What SUNAT rejects in a note regardless of its amounts (ValidaExprRegNC/ND)."""
    nota = cabecera.nota
    if nota is None:
        raise DatosInvalidos("Una nota de crédito o débito requiere el documento que modifica y el motivo.")
    catalogo = MOTIVOS_NOTA_CREDITO if cabecera.tipo_documento == NOTA_CREDITO else MOTIVOS_NOTA_DEBITO
    if nota.codigo not in catalogo:
        raise DatosInvalidos(f"El motivo «{nota.codigo}» no existe para esta nota ({', '.join(catalogo)}).")
    if not 1 <= len(nota.descripcion.strip()) <= 500 or "\n" in nota.descripcion:
        raise DatosInvalidos("El sustento de la nota debe tener de 1 a 500 caracteres, en una sola línea.")
    afectado = nota.documento.tipo_documento
    if afectado not in (FACTURA, BOLETA):
        raise DatosInvalidos("La nota modifica una factura (01) o una boleta (03).")
    # Contingency series are numeric; electronic ones say what they modify with their letter.
    if cabecera.serie[:1].isalpha() and cabecera.serie[:1] != {FACTURA: "F", BOLETA: "B"}[afectado]:
        raise DatosInvalidos(
            "La serie de una nota empieza con F si modifica una factura y con B si modifica una boleta."
        )
    if t.ajustes or t.anticipos_aplicados or t.detraccion:
        raise DatosInvalidos(
            "Las notas no llevan cargos o descuentos globales, anticipos, detracción, percepción ni retención: "
            "expréselos como líneas."
        )
    grupos = {lc.grupo for lc in t.lineas}
    if nota.codigo == "11" and grupos != {EXPORTACION}:
        raise DatosInvalidos("El motivo 11 (ajustes de exportación) solo lleva líneas de exportación.")
    if nota.codigo == "12" and grupos != {IVAP}:
        raise DatosInvalidos("El motivo 12 (ajustes afectos al IVAP) solo lleva líneas con IVAP.")
    if nota.codigo != "12" and IVAP in grupos:
        raise DatosInvalidos(
            "SUNAT rechaza (3230) una nota con líneas afectas al IVAP (afectación 17) si su motivo no es "
            "12 «Ajustes afectos al IVAP»: elija el motivo 12."
        )
    if cabecera.tipo_documento == NOTA_CREDITO:
        if nota.codigo in ("04", "05", "08") and afectado == BOLETA:
            raise DatosInvalidos(f"El motivo {nota.codigo} de nota de crédito no se aplica a boletas.")
        if nota.codigo == "13" and (afectado != FACTURA or t.importe_total or not cabecera.cuotas):
            raise DatosInvalidos(
                "Una nota de crédito por ajuste de montos y fechas de pago (13) modifica una factura, "
                "tiene importe cero y lleva las nuevas cuotas."
            )


def comprobante_desde_totales(cabecera: Cabecera, totales: Totales, items: Sequence[DatosItem]) -> Comprobante:
    """The `Comprobante` for `totales`, with `items` describing its lines in order."""
    t = totales
    tipo = cabecera.tipo_documento
    if tipo not in (FACTURA, BOLETA, NOTA_CREDITO, NOTA_DEBITO):
        raise DatosInvalidos(f"El tipo de comprobante «{tipo}» no es factura, boleta ni nota.")
    if len(items) != len(t.lineas):
        raise DatosInvalidos(f"Hay {len(t.lineas)} líneas calculadas y {len(items)} descripciones.")
    es_nota = tipo in (NOTA_CREDITO, NOTA_DEBITO)
    if es_nota:
        _validar_nota(cabecera, t)
    elif cabecera.nota is not None:
        raise DatosInvalidos("Solo las notas de crédito y débito modifican otro documento.")
    # Only a credit note may carry lines without value (it restates amounts or dates).
    if tipo != NOTA_CREDITO:
        for lc in t.lineas:
            if not lc.gratuita and not lc.valor_venta:
                raise DatosInvalidos(
                    f"Línea {lc.numero}: una línea sin valor se emite como gratuita (afectación 11 a 16, 21 o 31 a 37)."
                )

    tipo_operacion = _tipo_operacion(cabecera, t)
    _validar_cliente(cabecera, tipo_operacion)
    percepcion = None
    if t.percepcion and cabecera.cuotas:
        raise DatosInvalidos(
            "En una venta al crédito la percepción se cobra con cada pago, en su comprobante de percepción: "
            "la factura no la consigna (SUNAT 3330)."
        )
    if t.percepcion:
        p = t.percepcion
        percepcion = Percepcion(p.codigo, p.porcentaje, p.base, p.monto, p.total)
    detraccion = None
    if t.detraccion:
        d = t.detraccion
        detraccion = Detraccion(d.codigo, d.porcentaje, d.monto, d.cuenta, d.medio_pago)

    return Comprobante(
        tipo_documento=tipo,
        serie=cabecera.serie,
        numero=cabecera.numero,
        fecha_emision=cabecera.fecha_emision,
        hora_emision=cabecera.hora_emision,
        fecha_vencimiento=cabecera.fecha_vencimiento,
        moneda=t.moneda,
        tipo_operacion=tipo_operacion,
        emisor=cabecera.emisor,
        cliente=cabecera.cliente,
        items=tuple(_item(lc, datos, es_nota) for lc, datos in zip(t.lineas, items, strict=True)),
        impuestos=_impuestos_documento(t),
        total_impuestos=t.total_impuestos,
        importes=Importes(
            valor_venta=t.valor_venta,
            precio_venta=t.precio_venta,
            importe=t.importe_total,
            descuentos=t.descuentos_no_afectos,
            cargos=t.otros_cargos,
            anticipos=t.anticipos,
        ),
        # The percepción has its own element: it is in soles and outside the payable amount.
        cargos_descuentos=tuple(_cargo(a) for a in t.ajustes if a.codigo not in PERCEPCION_CODIGOS),
        leyendas=_leyendas(cabecera, t),
        anticipos=tuple(
            Anticipo(str(n), a.tipo_documento, a.numero, a.total, cabecera.emisor.ruc)
            for n, a in enumerate(t.anticipos_aplicados, 1)
        ),
        detraccion=detraccion,
        percepcion=percepcion,
        forma_pago=_forma_pago(cabecera, t),
        guias=tuple(cabecera.guias),
        documentos_relacionados=tuple(cabecera.documentos_relacionados),
        nota=cabecera.nota,
        orden_compra=cabecera.orden_compra,
    )
