"""Settings of the ERP, read from the environment.

Every value has a default that lets the quick start run with no setup:
SQLite inside the project, a filesystem Celery broker and the console
e-mail backend. Production sets DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY,
ALLOWED_HOSTS and the e-mail variables.
"""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from kombu import Exchange, Queue

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ERP_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "si", "sí", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key():
    """SECRET_KEY from the environment, or one generated once and kept in var/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# Secrets at rest (SOL password, certificate key) are encrypted with this key.
# Changing it makes the stored secrets unreadable: they must be entered again.
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "unfold",
    "unfold.contrib.filters",
    "unfold.contrib.forms",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_celery_beat",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "erp",
    "inventory",
    "billing",
    "purchases",
    "hr",
    "reports",
    "cpe",
    "cpe.sandbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "erp.middleware.AlmacenNoDisponibleMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "erp.urls"
WSGI_APPLICATION = "erp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # A connection kept a minute saves opening one per request; checked before reuse.
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two issuing transactions
    # queue instead of failing with "database is locked" on upgrade.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compiles each large report query for longer than the query runs (receivables: 4 s instead of 1 s).
    DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "erp.Usuario"
# django-axes first: a locked-out user or address is refused before the password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "erp.auth_backends.ModuloBackend"]
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "es-pe"
LANGUAGES = [("es-pe", "Español (Perú)")]
TIME_ZONE = "America/Lima"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["erp.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
# Several hosts share their files in S3-compatible object storage (django-storages): every stored file
# (signed XML, zip, CDR, PDFs, logos) goes there, written once (erp/archivos.py). README, «Files in object storage».
def almacen_s3(entorno) -> dict:
    """STORAGES["default"] on the bucket of the ALMACEN_S3_* variables of `entorno`."""
    punto = entorno.get("ALMACEN_S3_ENDPOINT") or None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": entorno["ALMACEN_S3_BUCKET"],
            "endpoint_url": punto,
            "region_name": entorno.get("ALMACEN_S3_REGION") or None,
            # Without them boto3 finds its own credentials (AWS_ACCESS_KEY_ID, the machine's role...).
            "access_key": entorno.get("ALMACEN_S3_ACCESS_KEY") or None,
            "secret_key": entorno.get("ALMACEN_S3_SECRET_KEY") or None,
            "location": entorno.get("ALMACEN_S3_PREFIJO", ""),
            # A name already there is never replaced: a second write gets another name, which erp.archivos refuses.
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            # S3-compatible servers on their own address (MinIO, Ceph, moto) take the bucket in the path.
            "addressing_style": "path" if punto else None,
        },
    }


if os.environ.get("ALMACEN_S3_BUCKET"):
    STORAGES["default"] = almacen_s3(os.environ)
# The quick start serves static files through WhiteNoise straight from the
# app folders, with no collectstatic step to forget.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ERP <no-responder@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

# Celery. The default filesystem transport needs no server, so the quick
# start runs a real worker and beat; production points this at Redis.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("out", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        # Otherwise kombu keeps its control exchanges in ./control of whatever folder it runs in.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# One queue per kind of work, so each can run on its own hosts (`celery -A erp worker -Q cpe_envio`).
# A worker started without -Q takes every queue below, as the quick start's single worker does.
CELERY_TASK_DEFAULT_QUEUE = "celery"
# Each queue on its own exchange and key: a task is delivered to its queue only, never copied to the others.
CELERY_TASK_QUEUES = [
    Queue(nombre, Exchange(nombre), routing_key=nombre) for nombre in ("celery", "cpe_envio", "cpe_resumen", "reportes", "correo")
]
CELERY_TASK_ROUTES = {
    # Sending each document to SUNAT, and the sweep that queues the ones left behind.
    "cpe.tasks.enviar_comprobante": {"queue": "cpe_envio"},
    "cpe.tasks.reenviar_pendientes": {"queue": "cpe_envio"},
    "cpe.tasks_guia.*": {"queue": "cpe_envio"},
    # Daily summaries, voidings and their ticket polling.
    "cpe.tasks.resumen_diario": {"queue": "cpe_resumen"},
    "cpe.tasks.consultar_resumen": {"queue": "cpe_resumen"},
    "cpe.tasks.atender_resumenes": {"queue": "cpe_resumen"},
    # Reports and e-mail, for the tasks of those kinds (reports.tasks, any app's tasks.correo_*).
    "reports.tasks.*": {"queue": "reportes"},
    "*.tasks.correo_*": {"queue": "correo"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "erp.rest_auth.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["erp.rest_auth.PermisoModulo"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "erp.rest.manejar_excepcion",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ERP - API REST",
    "DESCRIPTION": "Recursos del ERP. Autenticación: cabecera `Key` con una API Key del usuario.",
    "VERSION": "1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets several apps name alike ("tipo", "estado"), each under its own name.
    "ENUM_NAME_OVERRIDES": {
        "TipoGuiaEnum": "billing.models.guias.TipoGuia",
        "TipoDocumentoGuiaEnum": "billing.models.guias.TipoDocumentoGuia",
        "TipoDocumentoCompraEnum": "purchases.models.TipoDocumentoCompra",
        "EstadoOrdenCompraEnum": "purchases.models.OrdenCompra.Estado",
        "EstadoFacturaCompraEnum": "purchases.models.FacturaCompra.Estado",
        "EstadoAbiertoCerradoEnum": "billing.tesoreria.models.TurnoCaja.Estado",
        "MotivoTrasladoEnum": "billing.models.guias.MotivoTraslado",
        "MotivoCeseEnum": "hr.models.MotivoCese",
    },
}
# The ERP's public address: printed on the documents (the consultation page) and used in links sent out.
URL_PUBLICA = os.environ.get("ERP_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# The public consultation page (/consulta/): attempts per address and window, the answer time
# floor (the same whether the document exists or not) and how long a download link lasts.
CONSULTA_CPE_INTENTOS = int(os.environ.get("CONSULTA_CPE_INTENTOS", "10"))
CONSULTA_CPE_VENTANA = int(os.environ.get("CONSULTA_CPE_VENTANA", "600"))
CONSULTA_CPE_TIEMPO_MINIMO = float(os.environ.get("CONSULTA_CPE_TIEMPO_MINIMO", "0.6"))
CONSULTA_CPE_VIGENCIA_ENLACE = int(os.environ.get("CONSULTA_CPE_VIGENCIA_ENLACE", "900"))

# SUNAT web services. Each company picks sandbox, beta or production;
# the sandbox is served by this same ERP under /sunat-sandbox/.
SUNAT_SANDBOX_URL = os.environ.get(
    "SUNAT_SANDBOX_URL", os.environ.get("ERP_BASE_URL", "http://127.0.0.1:8000").rstrip("/") + "/sunat-sandbox"
)
SUNAT_TIMEOUT_CONEXION = float(os.environ.get("SUNAT_TIMEOUT_CONEXION", "10"))
SUNAT_TIMEOUT_LECTURA = float(os.environ.get("SUNAT_TIMEOUT_LECTURA", "60"))
# The wait before a document's first automatic retry after a transient failure; it doubles each time, up to an hour.
CPE_REINTENTO_SEGUNDOS = float(os.environ.get("CPE_REINTENTO_SEGUNDOS", "30"))
# Folder of SUNAT's validation kit (xsd/...); when set the sandbox checks each XML against the schemas.
SUNAT_VALIDACION_DIR = os.environ.get("SUNAT_VALIDACION_DIR", "")
# With the kit's validate.py in that folder, the sandbox also runs SUNAT's XSL rules on each document.
SUNAT_SANDBOX_REGLAS = env_bool("SUNAT_SANDBOX_REGLAS", True)
# How many getStatus calls the sandbox answers 98 (in process) before a summary's result.
SUNAT_SANDBOX_CONSULTAS_EN_PROCESO = int(os.environ.get("SUNAT_SANDBOX_CONSULTAS_EN_PROCESO", "1"))
# Lifetime of the sandbox's OAuth2 tokens for the guías de remisión API (SUNAT's: 3600 s).
SUNAT_SANDBOX_GRE_TOKEN_SEGUNDOS = int(os.environ.get("SUNAT_SANDBOX_GRE_TOKEN_SEGUNDOS", "3600"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"simple": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "simple"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Proxies in front of the ERP whose X-Forwarded-For is trusted (0: REMOTE_ADDR is the client), see erp/red.py.
PROXIES_CONFIABLES = int(os.environ.get("TRUSTED_PROXIES", "0"))

if not DEBUG and env_bool("HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("HTTPS_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_SUBDOMINIOS", True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)

# Failed logins: after LOGIN_INTENTOS failures a user, or an address, waits LOGIN_ESPERA_MINUTOS
# (each failure is listed in Sistema › Intentos de acceso, where an administrator lifts a lock).
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_INTENTOS", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_ESPERA_MINUTOS", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "erp.red.direccion_cliente"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "erp/acceso_bloqueado.html"
AXES_ENABLE_ADMIN = False  # shown as Sistema › Intentos de acceso (erp.IntentoAcceso)
# An API key that fails this many times from one address in the window is refused for the rest of it.
API_KEY_FALLOS = int(os.environ.get("API_KEY_FALLOS", "20"))
API_KEY_VENTANA = int(os.environ.get("API_KEY_VENTANA", "600"))

UNFOLD = {
    "SITE_TITLE": "ERP",
    "SITE_HEADER": "ERP",
    "SITE_SUBHEADER": _("Gestión y facturación electrónica"),
    "SITE_SYMBOL": "storefront",
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": True,
    "SHOW_BACK_BUTTON": True,
    "STYLES": [lambda request: static("erp/admin.css")],
    "DASHBOARD_CALLBACK": "erp.dashboard.dashboard_callback",
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": False,
        "navigation": "erp.navigation.sidebar",
    },
    "ACCOUNT": {
        "navigation": [
            {"title": _("Cambiar contraseña"), "link": reverse_lazy("admin:password_change")},
        ],
    },
    "COLORS": {
        "primary": {
            "50": "oklch(97.1% .013 17.38)",
            "100": "oklch(93.6% .032 17.717)",
            "200": "oklch(88.5% .062 18.334)",
            "300": "oklch(80.8% .114 19.571)",
            "400": "oklch(70.4% .191 22.216)",
            "500": "oklch(63.7% .237 25.331)",
            "600": "oklch(57.7% .245 27.325)",
            "700": "oklch(50.5% .213 27.518)",
            "800": "oklch(44.4% .177 26.899)",
            "900": "oklch(39.6% .141 25.723)",
            "950": "oklch(25.8% .092 26.042)",
        },
    },
}
