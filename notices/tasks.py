"""Celery tasks of the notices: scheduled publishing (Wagtail's go-live and expiry dates)."""

import io

from celery import shared_task
from django.core.management import call_command


@shared_task(name="notices.publish_scheduled")
def publish_scheduled() -> str:
    """Publish pages whose go-live time has come and unpublish expired ones.

    Wagtail's own command does the work; it is idempotent (a page already
    published or unpublished is skipped), so a retried or doubled run is harmless.
    """
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue().strip()
