"""Demo data of the treasury: an open register per branch with a day's movements, the bank's operations,
the week's exchange rates and credit sales with overdue instalments."""

import datetime
from decimal import Decimal

from django.utils import timezone

from billing import services as ventas
from billing.models import Cuota, DocumentoVenta, LineaDocumento, MetodoPago, TipoDocumentoVenta
from billing.models.tesoreria import CuentaBancaria
from erp.models import Moneda, Socio
from inventory.models import Producto, TipoItem

from . import services
from .models import Caja, ConceptoCaja, TipoCambio

D = Decimal
CONCEPTOS = [
    ("Ventas al contado", "ingreso"), ("Otros ingresos", "ingreso"), ("Útiles de oficina", "egreso"),
    ("Movilidad", "egreso"), ("Servicios (luz, agua, internet)", "egreso"), ("Adelanto a personal", "egreso"),
]  # fmt: skip


def cargar_demo(contexto: dict) -> list[str]:
    empresa, admin = contexto["empresa"], contexto["usuarios"]["admin"]
    if Caja.objects.filter(empresa=empresa).exists():
        return []
    hoy = timezone.localdate()
    soles, dolares = Moneda.objects.get(codigo="PEN"), Moneda.objects.get(codigo="USD")
    for dias in range(10):
        venta = D("3.760") + D("0.004") * (dias % 4)
        TipoCambio.objects.get_or_create(moneda=dolares, fecha=hoy - datetime.timedelta(days=dias), defaults={"compra": venta - D("0.008"), "venta": venta})
    conceptos = {n: ConceptoCaja.objects.get_or_create(empresa=empresa, nombre=n, defaults={"sentido": s})[0] for n, s in CONCEPTOS}

    bcp = CuentaBancaria.objects.get(empresa=empresa, numero="193-2345678-0-12")
    bcp.saldo_inicial = D("25000.00")
    bcp.save(update_fields=["saldo_inicial"])
    bcp.refresh_from_db()
    hace = lambda n: hoy - datetime.timedelta(days=n)  # noqa: E731
    for tipo, monto, fecha, numero, texto in [
        ("cobro", "4720.00", hace(6), "00451287", "Transferencia de INVERSIONES SAN MARTÍN"),
        ("comision", "12.50", hace(5), "", "Mantenimiento de cuenta"),
        ("itf", "0.20", hace(5), "", "ITF"),
        ("retiro", "1500.00", hace(3), "00451901", "Retiro para caja chica"),
        ("interes", "3.15", hace(1), "", "Intereses del mes"),
    ]:
        services.operacion_registrar(cuenta=bcp, tipo=tipo, monto=monto, usuario=admin, fecha=fecha, numero_operacion=numero, descripcion=texto)
    services.conciliar(cuenta=bcp, marcadas=bcp.operaciones.filter(fecha__lte=hace(5)).values_list("pk", flat=True), fecha=hace(5))

    lineas = []
    for codigo, sucursal in contexto["sucursales"].items():
        caja = Caja.objects.create(sucursal=sucursal, nombre="Caja principal", moneda=soles, predeterminada=True, creado_por=admin)
        Caja.objects.create(sucursal=sucursal, nombre="Caja dólares", moneda=dolares, predeterminada=True, creado_por=admin)
        caja.usuarios.set(sucursal.usuarios.all())
        services.turno_abrir(caja=caja, usuario=admin, monto_apertura=D("200.00"), fecha=hoy)
        for sentido, monto, concepto, texto in [
            ("ingreso", "350.00", "Ventas al contado", "Ventas de mostrador"),
            ("egreso", "45.50", "Movilidad", "Taxi al banco"),
            ("egreso", "38.90", "Útiles de oficina", "Papel y tóner"),
        ]:
            services.movimiento_registrar(caja=caja, sentido=sentido, monto=monto, usuario=admin, concepto=conceptos[concepto], descripcion=texto, fecha=hoy)
        if codigo == "0000":
            services.transferencia_registrar(origen=caja, destino=bcp, monto=D("300.00"), usuario=admin, fecha=hoy, numero_operacion="00452210")
        caja.refresh_from_db()
        lineas.append(f"Caja: {caja} ({sucursal.nombre}) abierta con S/ {caja.saldo:,.2f}.")
    lineas += _ventas_al_credito(contexto, hoy)
    return lineas


def _ventas_al_credito(contexto: dict, hoy: datetime.date) -> list[str]:
    """Notas de venta on credit (no CPE) of the second branch (the first's series stay as the manual's examples expect):
    one with an instalment 40 days overdue, one due next month."""
    empresa, admin = contexto["empresa"], contexto["usuarios"]["admin"]
    sucursal = contexto["sucursales"].get("0001") or contexto["sucursales"]["0000"]
    clientes = Socio.objects.filter(empresa=empresa, es_cliente=True)
    cliente = clientes.filter(numero_documento="20512345676").first() or clientes.order_by("id").first()
    servicio = Producto.objects.filter(empresa=empresa, tipo=TipoItem.SERVICIO).order_by("codigo").first()
    serie = sucursal.series.filter(tipo_documento=TipoDocumentoVenta.NOTA_VENTA).first()
    if not (cliente and servicio and serie):
        return []
    hechas = []
    for emision, cuotas in [(75, [(60, "1180.00"), (40, "1180.00"), (-20, "1180.00")]), (10, [(-30, "590.00")])]:
        total = sum((D(m) for _, m in cuotas), D(0))
        documento = DocumentoVenta.objects.create(
            tipo=TipoDocumentoVenta.NOTA_VENTA, sucursal=sucursal, serie=serie, cliente=cliente, moneda=Moneda.objects.get(codigo="PEN"),
            fecha_emision=hoy - datetime.timedelta(days=emision), forma_pago="credito", creado_por=admin,
        )  # fmt: skip
        LineaDocumento.objects.create(
            documento=documento, orden=0, producto=servicio, codigo=servicio.codigo, descripcion=servicio.nombre, unidad=servicio.unidad,
            cantidad=D(1), precio_unitario=total, afectacion_igv=servicio.afectacion_igv,
        )  # fmt: skip
        for numero, (dias, monto) in enumerate(cuotas, 1):
            Cuota.objects.create(documento=documento, numero=numero, fecha_pago=hoy - datetime.timedelta(days=dias), monto=D(monto))
        hechas.append(ventas.documento_emitir(documento_id=documento.pk, usuario=admin))
    primera = hechas[0]
    transferencia = MetodoPago.objects.get(empresa=empresa, nombre="Transferencia bancaria")
    ventas.pago_registrar(
        documento=primera, fecha=hoy - datetime.timedelta(days=6), monto=D("1180.00"), metodo_pago=transferencia, usuario=admin,
        destino=CuentaBancaria.objects.get(empresa=empresa, numero="193-2345678-0-12"), referencia="00451390",
    )  # fmt: skip
    return [f"Cuentas por cobrar: {', '.join(d.numero_completo for d in hechas)} de {cliente} al crédito, con una cuota vencida."]
