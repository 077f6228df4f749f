"""Demo data of the sales module (payment methods, bank accounts, activities)."""

from billing.models import Actividad, CuentaBancaria, MetodoPago
from erp.models import Moneda

METODOS = [
    # The first is the API's factura_idpago 1.
    ("Contra entrega", "009"),
    ("Efectivo", "009"),
    ("Transferencia bancaria", "003"),
    ("Depósito en cuenta", "001"),
    ("Tarjeta de débito", "005"),
    ("Tarjeta de crédito", "006"),
]


def cargar_demo(contexto: dict) -> None:
    empresa = contexto["empresa"]
    for nombre, medio in METODOS:
        MetodoPago.objects.get_or_create(empresa=empresa, nombre=nombre, defaults={"medio_pago_sunat": medio})
    soles = Moneda.objects.get(codigo="PEN")
    dolares = Moneda.objects.get(codigo="USD")
    for banco, moneda, numero, cci, detraccion in [
        ("BCP", soles, "193-2345678-0-12", "00219300234567801215", False),
        ("BCP", dolares, "193-2345679-1-13", "00219300234567911317", False),
        ("Banco de la Nación", soles, "00-081-123456", "", True),
    ]:
        CuentaBancaria.objects.get_or_create(
            empresa=empresa, numero=numero, defaults={"banco": banco, "moneda": moneda, "cci": cci, "es_detraccion": detraccion}
        )
    for nombre in ("Diagnóstico", "Desmontaje", "Reparación", "Pintura", "Control de calidad", "Entrega"):
        Actividad.objects.get_or_create(empresa=empresa, nombre=nombre)
