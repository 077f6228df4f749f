"""The treasury's printed files: the arqueo and the client's statement (PDF with xhtml2pdf like the other printed
documents; the statement's Excel with the inventory's sheet writer)."""

import io
from decimal import Decimal

from django.template.loader import render_to_string
from xhtml2pdf import pisa

from inventory.excel import HojaRapida

from . import selectors
from .cartera import TRAMOS
from .models import TurnoCaja
from .services import DENOMINACIONES

# From this value down a piece is a coin (monedas), above a note (billetes).
MONEDA_HASTA = {"PEN": Decimal("5"), "USD": Decimal("0.50")}


def _pdf(plantilla: str, contexto: dict) -> bytes:
    salida = io.BytesIO()
    pisa.CreatePDF(render_to_string(plantilla, contexto), dest=salida, encoding="utf-8")
    return salida.getvalue()


def arqueo_pdf(turno: TurnoCaja) -> bytes:
    caja = turno.caja
    codigo = caja.moneda.codigo
    conteo = [
        {"tipo": "Moneda" if Decimal(v) <= MONEDA_HASTA[codigo] else "Billete", "valor": v, "cantidad": turno.conteo[v], "importe": Decimal(v) * turno.conteo[v]}
        for v in DENOMINACIONES[codigo]
        if turno.conteo.get(v)
    ]
    movimientos = turno.movimientos.select_related("concepto").order_by("id")
    return _pdf(
        "billing/tesoreria/arqueo.html",
        {"turno": turno, "caja": caja, "empresa": caja.empresa, "conteo": conteo, "resumen": selectors.resumen_turno(turno), "movimientos": movimientos},
    )


def estado_cuenta_pdf(estado: dict) -> bytes:
    return _pdf("billing/tesoreria/estado_cuenta.html", {**estado, "empresa": estado["cliente"].empresa, "tramos": TRAMOS})


ESTADO_COLUMNAS = [("Fecha", 11), ("Documento", 18), ("Concepto", 36), ("Cargo", 14), ("Abono", 14), ("Saldo", 14)]


def estado_cuenta_xlsx(estado: dict) -> HojaRapida:
    cliente, moneda = estado["cliente"], estado["moneda"]
    hoja = HojaRapida("Estado de cuenta", [ancho for _, ancho in ESTADO_COLUMNAS])
    hoja.append(["ESTADO DE CUENTA"], negrita=True)
    for etiqueta, valor in [
        ("Cliente", cliente.razon_social),
        ("Documento", cliente.numero_documento),
        ("Moneda", f"{moneda.codigo} - {moneda.nombre}"),
        ("Período", f"{estado['desde']:%d/%m/%Y} al {estado['hasta']:%d/%m/%Y}"),
    ]:
        hoja.append([etiqueta, valor])
    hoja.append()
    hoja.append([titulo for titulo, _ in ESTADO_COLUMNAS], negrita=True)
    hoja.append([estado["desde"], None, "Saldo anterior", None, None, estado["saldo_inicial"]])
    for linea in estado["lineas"]:
        hoja.append([linea.fecha, linea.documento, linea.concepto, linea.cargo or None, linea.abono or None, linea.saldo])
    hoja.append(["Totales", None, None, estado["cargos"], estado["abonos"], estado["saldo_final"]], negrita=True)
    hoja.append()
    hoja.append(["Documentos pendientes"], negrita=True)
    hoja.append(["Vence", "Documento", "Cuota", "Monto", "Saldo", "Días vencido"], negrita=True)
    for parte in estado["pendientes"]:
        hoja.append([parte.vence, parte.documento, parte.cuota or "Única", parte.monto, parte.saldo, max(parte.dias_vencido, 0)])
    return hoja
