"""The outbox: work recorded in the transaction, run after the commit, retried until done."""

import datetime

import pytest
from celery import current_app, shared_task
from django.db import transaction
from django.utils import timezone

from outbox import dispatch
from outbox.dispatch import drain, enqueue, retry
from outbox.models import Entry

pytestmark = pytest.mark.django_db

CALLS: list = []
FAIL = {"times": 0}


@shared_task(name="tests.outbox.record")
def record(value):
    if FAIL["times"]:
        FAIL["times"] -= 1
        raise OSError("mail relay down")
    CALLS.append(value)


@pytest.fixture(autouse=True)
def clean():
    CALLS.clear()
    FAIL["times"] = 0
    dispatch._broker.open_until = 0
    yield
    dispatch._broker.open_until = 0


@pytest.fixture
def broker_down(monkeypatch, settings):
    """A real broker that refuses connections (not eager): every send fails."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    attempts = []

    def refused(*args, **kwargs):
        attempts.append(args)
        raise ConnectionRefusedError("Redis is down")

    monkeypatch.setattr(current_app.tasks["outbox.drain"], "delay", refused)
    return attempts


def old(entries):
    Entry.objects.filter(pk__in=[e.pk for e in entries]).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=5)
    )


def test_work_enqueued_in_a_transaction_runs_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            enqueue("tests.outbox.record", "a")
            assert Entry.objects.count() == 1 and CALLS == []  # nothing runs before the commit
    assert CALLS == ["a"]
    assert not Entry.objects.exists()


def test_a_rolled_back_transaction_leaves_no_work(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue("tests.outbox.record", "never")
            raise RuntimeError
    assert not Entry.objects.exists() and CALLS == []


def test_one_message_per_transaction_however_much_work(monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(dispatch, "send", lambda name, *args: sent.append((name, args)))
    with django_capture_on_commit_callbacks(execute=True):
        for value in range(3):
            enqueue("tests.outbox.record", value)
        dispatch.enqueue_many("tests.outbox.record", [[10], [11]])
    assert len(sent) == 1
    assert sent[0][0] == "outbox.drain" and len(sent[0][1][0]) == 5


def test_the_same_key_is_one_entry():
    first = enqueue("tests.outbox.record", "x", key="check:1")
    second = enqueue("tests.outbox.record", "x", key="check:1")
    assert first.pk == second.pk and Entry.objects.count() == 1


def test_with_redis_down_the_work_waits_and_the_retry_does_it_once(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue("tests.outbox.record", "later")
    assert len(broker_down) == 1 and CALLS == []
    entry = Entry.objects.get()
    # Fresh work is left to the message that carries it; the retry takes it once it is old.
    assert retry() == 0 and CALLS == []
    old([entry])
    assert retry() == 1
    assert CALLS == ["later"] and not Entry.objects.exists()
    assert retry() == 0 and CALLS == ["later"]  # idempotent: nothing left


def test_after_a_failed_send_requests_skip_redis_for_a_while(
    broker_down, django_capture_on_commit_callbacks
):
    for value in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            enqueue("tests.outbox.record", value)
    assert len(broker_down) == 1  # the breaker kept the next two requests off Redis
    assert Entry.objects.count() == 3


def test_a_failing_task_is_retried_later_with_its_error_recorded(django_capture_on_commit_callbacks):
    FAIL["times"] = 1
    with django_capture_on_commit_callbacks(execute=True):
        entry = enqueue("tests.outbox.record", "mail")
    entry.refresh_from_db()
    assert entry.attempts == 1 and "mail relay down" in entry.last_error
    assert entry.retry_at > timezone.now()
    old([entry])
    assert retry() == 0  # not before its retry time
    Entry.objects.filter(pk=entry.pk).update(retry_at=timezone.now())
    assert retry() == 1 and CALLS == ["mail"]


def test_work_requested_again_while_it_runs_is_kept_for_the_next_run():
    with transaction.atomic():
        entry = enqueue("tests.outbox.record", "v1", key="k")

    def changed_meanwhile(value):
        CALLS.append(value)
        Entry.objects.filter(pk=entry.pk).update(requested_at=timezone.now() + datetime.timedelta(seconds=1))

    current_app.tasks["tests.outbox.record"].run, saved = changed_meanwhile, record.run
    try:
        assert drain([entry.pk]) == 0
    finally:
        current_app.tasks["tests.outbox.record"].run = saved
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_sources_of_other_apps_are_retried_too(monkeypatch):
    seen = []
    monkeypatch.setitem(dispatch._sources, "test", lambda older: seen.append(older) or 2)
    assert retry(older_than_seconds=7) == 2
    assert seen == [7]
