"""Known sales, purchases and stock for the reports: every figure a test checks is worked out here by hand.

Lima (the user's branch), on HOY (20/11/2026):
- F001-1 to CLIENTE CON RUC: 1 laptop at 2,360 (2,000 + 360 IGV) and 3 mice at 59 (150 + 27) = 2,537.00
- B001-1 to JUAN PÉREZ: 2 mice at 59 = 100 + 18 = 118.00
- FC01-1, credit note to F001-1: 1 mouse returned, 50 + 9 = 59.00 (taken off)
- B001-2: 1 support service at 118, voided
Net issued: gravadas 2,200.00, IGV 396.00, total 2,596.00.
Kardex cost (laptop at 1,500, mouse at 20): laptop 1,500; mice 3 + 2 - 1 = 4 × 20 = 80.
Trujillo, another branch of the same company the user may not see: F003-1, 1 laptop at 2,360.
"""

import pytest

from billing import services
from billing.models import DocumentoVenta
from inventory.selectors import almacen_principal
from inventory.services import kardex_entrada
from tests import factories
from tests.ventas import HOY, borrador, empresa_tienda, tienda  # noqa: F401  (fixtures)

MODULOS = ["reportes.ventas", "reportes.compras", "reportes.inventario", "reportes.tesoreria", "reportes.cpe", "reportes.margenes", "reportes.ple"]


@pytest.fixture
def ventas(tienda):  # noqa: F811  (the fixture imported above)
    t = tienda

    def emitir(documento):
        return services.documento_emitir(documento_id=documento.pk, usuario=t["vendedor"])

    factura = emitir(borrador(t, lineas=[(t["laptop"], 1, "2360"), (t["mouse"], 3, "59")]))
    boleta = emitir(borrador(t, tipo="03", cliente=t["con_dni"], lineas=[(t["mouse"], 2, "59")]))
    nota = emitir(borrador(t, tipo="07", documento_referencia=factura, motivo_nota="07", sustento="Devolución", lineas=[(t["mouse"], 1, "59")]))
    anulada = emitir(borrador(t, tipo="03", cliente=t["con_dni"], lineas=[(t["soporte"], 1, "118")]))
    services.documento_anular(documento_id=anulada.pk, fecha=HOY)

    trujillo = factories.sucursal(t["empresa"], codigo="0002", nombre="Trujillo", series=[("01", "F003")])
    kardex_entrada(producto=t["laptop"], almacen=almacen_principal(trujillo), cantidad=5, fecha=HOY, tipo_operacion="16",
                   documento_tipo="00", documento_serie="", documento_numero="", costo_unitario=1400)  # fmt: skip
    otra = borrador(t, lineas=[(t["laptop"], 1, "2360")])
    DocumentoVenta.objects.filter(pk=otra.pk).update(sucursal=trujillo, serie=trujillo.series.get())
    emitir(otra)

    perfil = factories.perfil("Gerencia", modulos=MODULOS)
    gerente = factories.usuario("gerente", sucursales=[t["sucursal"]], perfiles=[perfil])
    solo_ventas = factories.usuario("analista", sucursales=[t["sucursal"]], perfiles=[factories.perfil("Analista", modulos=["reportes.ventas"])])
    return {**t, "factura": factura, "boleta": boleta, "nota": nota, "anulada": anulada, "trujillo": trujillo, "otra": otra,
            "gerente": gerente, "analista": solo_ventas}  # fmt: skip
