from tests.ventas import HOY, borrador, empresa_tienda, tienda  # noqa: F401  (fixtures and helpers of the sales tests)
