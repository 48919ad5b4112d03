"""The Celery application.

Configured from Django settings (CELERY_* names). Without CELERY_BROKER_URL the
settings make every task run eagerly in-process, so the embedded platform needs
no Redis; with it, tasks go to Redis and a worker runs them:
`celery -A gxpt worker -l info` (and `celery -A gxpt beat` for periodic tasks).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gxpt.settings.dev")

app = Celery("gxpt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
