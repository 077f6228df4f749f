"""The treasury's permission modules and menu section, registered from BillingConfig.ready()."""

from erp import modulos
from erp.modulos import DefModulo
from erp.navigation import Entrada, registrar_seccion


def registrar() -> None:
    modulos.registrar(
        DefModulo(
            "tesoreria.cajas",
            "Cajas y turnos",
            "Caja y bancos",
            modelos=("billing.turnocaja", "billing.movimientocaja"),
            consulta=("billing.caja", "billing.conceptocaja", "billing.tipocambio", "billing.cuentabancaria"),
        ),
        DefModulo(
            "tesoreria.bancos",
            "Operaciones bancarias",
            "Caja y bancos",
            modelos=("billing.operacionbancaria",),
            consulta=("billing.cuentabancaria", "billing.tipocambio"),
        ),
        DefModulo(
            "tesoreria.configuracion",
            "Cajas, conceptos y tipos de cambio",
            "Caja y bancos",
            modelos=("billing.caja", "billing.conceptocaja", "billing.tipocambio"),
        ),
        DefModulo(
            "tesoreria.cobranza",
            "Cuentas por cobrar y cobranza",
            "Caja y bancos",
            modelos=("billing.cuentaporcobrar", "billing.pago"),
            consulta=("billing.documentoventa", "billing.caja", "billing.cuentabancaria", "billing.metodopago"),
        ),
        DefModulo("tesoreria.saldo_negativo", "Egresos con saldo negativo", "Caja y bancos", permisos=("billing.saldo_negativo",)),
    )
    registrar_seccion(
        "Caja y bancos",
        32,
        [
            Entrada("Cuentas por cobrar", "request_page", "admin:billing_cuentaporcobrar_changelist", "billing.view_cuentaporcobrar"),
            Entrada("Cajas", "point_of_sale", "admin:billing_caja_changelist", "billing.view_caja"),
            Entrada("Turnos de caja", "schedule", "admin:billing_turnocaja_changelist", "billing.view_turnocaja"),
            Entrada("Movimientos de caja", "swap_vert", "admin:billing_movimientocaja_changelist", "billing.view_movimientocaja"),
            Entrada("Operaciones bancarias", "account_balance", "admin:billing_operacionbancaria_changelist", "billing.view_operacionbancaria"),
            Entrada("Conceptos de caja", "label", "admin:billing_conceptocaja_changelist", "billing.view_conceptocaja"),
            Entrada("Tipos de cambio", "currency_exchange", "admin:billing_tipocambio_changelist", "billing.view_tipocambio"),
        ],
    )
