import importlib
import types

import pytest
from django.apps import apps
from django.db import connection

# The shop (tienda, empresa_tienda) every selling test uses.
pytest_plugins = ["tests.ventas"]


@pytest.fixture(autouse=True)
def _hash_rapido(settings):
    # Hashing passwords with PBKDF2 would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Data that migrations load, reloaded after a transactional test's flush: (a model it fills, the migration).
DATOS_DE_MIGRACIONES = [
    ("erp.Distrito", "erp.migrations.0002_referencias"),
    ("billing.TasaImpuesto", "billing.migrations.0002_tasas"),
]


def _es_transaccional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _datos_de_referencia(request):
    """Transactional tests flush the tables, reference data included: load it back."""
    if not _es_transaccional(request):
        return
    request.getfixturevalue("transactional_db")
    for modelo, migracion in DATOS_DE_MIGRACIONES:
        if not apps.get_model(modelo).objects.exists():
            importlib.import_module(migracion).cargar(apps, types.SimpleNamespace(connection=connection))
