import importlib
import types

import pytest
from django.apps import apps
from django.db import connection


@pytest.fixture(autouse=True)
def _hash_rapido(settings):
    # Hashing passwords with PBKDF2 would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
    from erp.models import Distrito

    if not Distrito.objects.exists():
        migracion = importlib.import_module("erp.migrations.0002_referencias")
        migracion.cargar(apps, types.SimpleNamespace(connection=connection))
    from billing.models import TasaImpuesto

    if not TasaImpuesto.objects.exists():
        importlib.import_module("billing.migrations.0002_tasas").cargar(apps, None)
