"""With the real services: PostgreSQL, Redis and a Celery worker index after commit; a stopped broker loses nothing."""

import time

import pytest
from django.conf import settings

from search.backends.base import SearchQuery
from search.backends.embedded import EmbeddedBackend
from search.models import PendingIndex
from search.tasks import retry_pending
from tests.integration.conftest import celery_worker, postgres, redis_broker  # noqa: F401

from . import corpus

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def found(q):
    return {hit.key for hit in EmbeddedBackend().search(SearchQuery(q=q)).hits}


def test_a_save_on_postgresql_is_indexed_by_the_celery_worker(celery_worker):  # noqa: F811
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    # The worker shares this run's embedded index file (settings.test, by run id).
    listing = corpus.demand("社区助浴集成服务", summary="集成助浴")
    key = f"demand:{listing.pk}"
    assert wait_for(lambda: key in found("集成助浴")), "the worker did not index the listing"
    assert wait_for(lambda: not PendingIndex.objects.filter(key=key).exists())


def test_with_the_broker_stopped_the_save_commits_and_the_retry_indexes(
    postgres,  # noqa: F811
    monkeypatch,
):
    from celery import current_app

    from search import tasks

    assert settings.CELERY_TASK_ALWAYS_EAGER is False  # a broker is configured in this pass
    closed = current_app.connection_for_write("redis://127.0.0.1:1/0")  # nothing listens there

    def delay_through_closed_broker(*args):
        return tasks.index_documents.apply_async(args, connection=closed, retry=False)

    monkeypatch.setattr(tasks.index_documents, "delay", delay_through_closed_broker)
    started = time.monotonic()
    listing = corpus.demand("停机期间保存的助浴项目", summary="停机助浴")
    assert time.monotonic() - started < 10  # the save did not hang on the broker
    key = f"demand:{listing.pk}"
    assert PendingIndex.objects.filter(key=key).exists()
    assert key not in found("停机助浴")
    retry_pending.apply(kwargs={"older_than_seconds": 0})
    assert key in found("停机助浴")
    assert not PendingIndex.objects.filter(key=key).exists()
