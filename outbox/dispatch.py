"""Enqueue after-commit work durably, hand it to the worker, and retry what was left behind.

    from outbox.dispatch import enqueue
    enqueue("moderation.check_listing", "catalog.supplylisting", listing.pk,
            key=f"check:catalog.supplylisting:{listing.pk}")

`enqueue` writes an `Entry` in the caller's transaction; when the transaction commits,
one Celery message (`outbox.drain`) carries the ids of every entry it wrote, however
many, so a request talks to Redis once. If Redis is down that one attempt fails fast
(settings: ~0.3 s) and a breaker skips Redis for `OUTBOX_SEND_RETRY_AFTER` seconds, so
no request waits on Redis; the entries stay, and `outbox.retry` (celery beat, every
`OUTBOX_RETRY_SECONDS`) drains every entry older than `OUTBOX_RETRY_AFTER`.

Embedded (no broker) the drain runs in-process right after the commit, through the
same code.

Apps with a durable table of their own (search's `PendingIndex`, the notifications'
unsent e-mails) register a *source*: its retry runs in the same periodic task, and
`send` gives their after-commit message the same fail-fast breaker.
"""

import datetime
import logging
import time
from collections.abc import Callable

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .breaker import Breaker
from .models import Entry

logger = logging.getLogger(__name__)
BATCH = 500
_sources: dict[str, Callable[[int], int]] = {}


_broker = Breaker("Celery broker", setting="OUTBOX_SEND_RETRY_AFTER")


def send(task_name: str, *args) -> bool:
    """Send one Celery message now; False (and nothing raised) if the broker is unreachable."""
    app = current_app

    eager = settings.CELERY_TASK_ALWAYS_EAGER
    if not eager and _broker.is_open():
        return False
    try:
        app.loader.import_default_modules()
        app.tasks[task_name].delay(*args)
        return True
    except Exception:  # noqa: BLE001 - any broker failure: the durable rows stay for the retry
        if not eager:
            _broker.trip()
        logger.warning("Could not send %s; the outbox will retry it", task_name, exc_info=True)
        return False


class _DrainAfterCommit:
    """The one message of a transaction: the ids of every entry it wrote."""

    def __init__(self):
        self.ids: list[int] = []
        self.done = False

    def __call__(self):
        self.done = True
        ids = list(dict.fromkeys(self.ids))
        for start in range(0, len(ids), BATCH):
            send("outbox.drain", ids[start : start + BATCH])


def _after_commit(ids: list[int]) -> None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        for start in range(0, len(ids), BATCH):
            send("outbox.drain", ids[start : start + BATCH])
        return
    # Registered once per transaction; again after a savepoint rollback dropped it.
    for _sids, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _DrainAfterCommit) and not callback.done:
            callback.ids.extend(ids)
            return
    callback = _DrainAfterCommit()
    callback.ids.extend(ids)
    transaction.on_commit(callback, robust=True)


def enqueue(task_name: str, *args, key: str | None = None) -> Entry:
    """Record `task_name(*args)` to run after the current transaction commits."""
    if key:
        # update_or_create refreshes requested_at: a drain that read the entry before
        # this change keeps it for the next run instead of deleting it.
        entry, _created = Entry.objects.update_or_create(
            key=key, defaults={"task": task_name, "args": list(args), "retry_at": None}
        )
    else:
        entry = Entry.objects.create(task=task_name, args=list(args))
    _after_commit([entry.pk])
    return entry


def enqueue_many(task_name: str, args_list: list[list], batch_size: int | None = BATCH) -> None:
    """`enqueue` for many entries without keys, one INSERT per `batch_size` (bulk imports,
    notify()); None: as few as the database allows (one on PostgreSQL), for runs whose
    number of queries must not grow with their recipients (matching's alerts)."""
    entries = Entry.objects.bulk_create(
        [Entry(task=task_name, args=list(args)) for args in args_list], batch_size=batch_size
    )
    _after_commit([entry.pk for entry in entries])


def register_source(name: str, retry: Callable[[int], int]) -> None:
    """An app's own durable table: `retry(older_than_seconds)` runs with the periodic retry."""
    _sources[name] = retry


def _run(task, entries: list[Entry]) -> tuple[list[int], dict[int, str]]:
    done, failed = [], {}
    if getattr(task, "outbox_batch", False):
        # One call for the whole group: the task takes the list of first arguments.
        try:
            task([entry.args[0] for entry in entries])
            done = [entry.pk for entry in entries]
        except Exception as exc:  # noqa: BLE001 - recorded on the entries, retried later
            failed = {entry.pk: repr(exc) for entry in entries}
        return done, failed
    for entry in entries:
        try:
            task(*entry.args)
            done.append(entry.pk)
        except Exception as exc:  # noqa: BLE001 - recorded on the entry, retried later
            failed[entry.pk] = repr(exc)
    return done, failed


def drain(ids: list[int]) -> int:
    """Run the given entries in this process; returns how many were done (and deleted)."""
    app = current_app
    app.loader.import_default_modules()
    started = timezone.now()
    groups: dict[str, list[Entry]] = {}
    for entry in Entry.objects.filter(pk__in=ids).order_by("pk"):
        groups.setdefault(entry.task, []).append(entry)
    done_total = 0
    for task_name, entries in groups.items():
        task = app.tasks.get(task_name)
        if task is None:
            done, failed = [], {entry.pk: f"unknown task {task_name}" for entry in entries}
        else:
            done, failed = _run(task, entries)
        if done:
            # Only entries not requested again since this drain began.
            done_total += Entry.objects.filter(pk__in=done, requested_at__lte=started).delete()[0]
        for entry in entries:
            if entry.pk in failed:
                delay = min(settings.OUTBOX_RETRY_AFTER * 2**entry.attempts, 3600)
                Entry.objects.filter(pk=entry.pk).update(
                    attempts=entry.attempts + 1,
                    last_error=failed[entry.pk][:2000],
                    retry_at=timezone.now() + datetime.timedelta(seconds=delay),
                )
                logger.warning("Outbox task %s failed, will retry: %s", task_name, failed[entry.pk])
    return done_total


def retry(older_than_seconds: int | None = None) -> int:
    """Drain every entry left behind, then let each registered source retry its own rows."""
    if older_than_seconds is None:
        older_than_seconds = settings.OUTBOX_RETRY_AFTER
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=older_than_seconds)
    ready = Entry.objects.filter(requested_at__lt=stale).exclude(retry_at__gt=now)
    done, seen = 0, set()
    # Stop well before the task time limit; the next run goes on where this one stopped.
    budget = time.monotonic() + settings.CELERY_TASK_SOFT_TIME_LIMIT / 2
    while time.monotonic() < budget:
        ids = [pk for pk in ready.values_list("pk", flat=True)[:BATCH] if pk not in seen]
        if not ids:
            break
        seen.update(ids)
        done += drain(ids)
    for name, source_retry in _sources.items():
        try:
            done += source_retry(older_than_seconds) or 0
        except Exception:  # noqa: BLE001 - one source's outage must not stop the others
            logger.warning("Outbox source %s could not retry", name, exc_info=True)
    return done
