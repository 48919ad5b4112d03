"""Celery tasks of matching: the alert runs (celery beat) and the followers' messages (outbox).

Every task is idempotent (matching.alerts records what it sent in the same
transaction), so beat may run one twice and the outbox may retry one.
"""

from celery import shared_task

from . import alerts, follows
from .models import Frequency


@shared_task(name="matching.send_new_listing_alerts")
def send_new_listing_alerts() -> int:
    return alerts.send_new_listing_alerts()


@shared_task(name="matching.run_saved_searches")
def run_saved_searches(frequency: str = Frequency.IMMEDIATE) -> int:
    return alerts.run_saved_searches(frequency)


@shared_task(name="matching.send_deadline_reminders")
def send_deadline_reminders() -> int:
    return alerts.send_deadline_reminders()


@shared_task(name="matching.tell_followers")
def tell_followers(target: str, object_id: int, what: str, url: str = "") -> int:
    return follows.tell_followers(target, object_id, what, url)
