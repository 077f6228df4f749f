"""Settings of the Celery workers and beat that the integration tests start (tests/celery_utils.py)."""

import os

from erp.settings import *  # noqa: F403

# A task whose worker died goes back to the queue once it is this many seconds
# old (Redis' visibility timeout), found by a sweep every second.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": float(os.environ.get("CELERY_VISIBILIDAD", "3600")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
