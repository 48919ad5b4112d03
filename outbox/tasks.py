"""Celery tasks of the outbox: run the entries of a transaction, and retry what was left behind."""

from celery import shared_task

from . import dispatch


@shared_task(name="outbox.drain")
def drain(ids: list[int]) -> int:
    """Run these entries (sent once per transaction, after its commit)."""
    return dispatch.drain(ids)


@shared_task(name="outbox.retry")
def retry(older_than_seconds: int | None = None) -> int:
    """Periodic (beat): every entry older than OUTBOX_RETRY_AFTER, and the sources' own rows."""
    return dispatch.retry(older_than_seconds)
