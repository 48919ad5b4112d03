"""Celery tasks of the security baseline: the audit trail's retention purge (beat, daily)."""

from celery import shared_task

from . import audit


@shared_task(name="security.purge_audit_log")
def purge_audit_log() -> int:
    # Idempotent: deletes what is older than the retention period, whenever it runs.
    return audit.purge()
