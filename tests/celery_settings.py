"""Settings of the Celery workers and beat that the integration tests start (tests/celery_utils.py)."""

import os

from erp.settings import *  # noqa: F403

# A task whose worker died goes back to the queue after this many seconds (Redis' visibility timeout).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": float(os.environ.get("CELERY_VISIBILIDAD", "3600"))}
