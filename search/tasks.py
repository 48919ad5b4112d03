"""Celery tasks of search: apply pending index work, and retry what was left behind."""

import datetime

from celery import shared_task
from django.utils import timezone

from .indexing import process
from .models import PendingIndex

RETRY_BATCH = 500


@shared_task(name="search.index_documents")
def index_documents(keys: list[str]) -> int:
    """Index or remove the given documents, from the records as they are now (idempotent)."""

    return process(keys)


@shared_task(name="search.retry_pending")
def retry_pending(older_than_seconds: int = 60) -> int:
    """Process every pending row older than a minute (the broker or the search server was down)."""

    stale = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    done = 0
    while True:
        keys = list(
            PendingIndex.objects.filter(requested_at__lt=stale)
            .order_by("requested_at")
            .values_list("key", flat=True)[:RETRY_BATCH]
        )
        if not keys:
            return done
        processed = process(keys)
        done += processed
        if processed == 0:  # the backends are still down: try again next time
            return done
