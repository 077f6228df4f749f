import importlib
import types

import pytest
from django.apps import apps
from django.db import connection

# The shop (tienda, empresa_tienda) every selling test uses; s3, an S3 API (moto) for the stored files.
pytest_plugins = ["tests.ventas", "tests.almacen_s3"]


@pytest.fixture(autouse=True)
def _hash_rapido(settings):
    # Hashing passwords with PBKDF2 would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _almacen_de_la_sesion(settings, tmp_path_factory):
    """The files a test stores (CPE files, PDFs, logos) go to this run's folder, not to var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture(autouse=True)
def _limites_en_cero():
    """Rate limits count per address in the cache: each test starts with none used."""
    from django.core.cache import cache

    cache.clear()


def _es_transaccional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


# Data migrations (module, function) whose rows a flush removes; each can run again.
DATOS_DE_MIGRACIONES = [
    ("erp.migrations.0002_referencias", "cargar"),
    ("billing.migrations.0002_tasas", "cargar"),
    ("billing.migrations.0008_retenciones_percepciones", "cargar"),
    ("cpe.migrations.0002_tareas_programadas", "crear"),
    ("cpe.migrations.0004_programacion_resumenes", "crear"),
    ("cpe.migrations.0008_guias_remision", "programar"),
    ("hr.migrations.0001_planilla", "cargar_parametros"),
]


@pytest.fixture(autouse=True)
def _datos_de_referencia(request):
    """Transactional tests flush the tables, reference data included: load it back."""
    if not _es_transaccional(request):
        return
    request.getfixturevalue("transactional_db")
    from erp.models import Distrito

    if not Distrito.objects.exists():
        for modulo, funcion in DATOS_DE_MIGRACIONES:
            getattr(importlib.import_module(modulo), funcion)(apps, types.SimpleNamespace(connection=connection))
