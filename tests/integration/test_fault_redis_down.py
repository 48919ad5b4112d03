"""Faults 1 and 2: Redis is down while a provider publishes a listing.

A private Redis (the shared one is never stopped) carries this test's broker and
result backend; a real worker with beat inside runs on it and on this run's test
database. With Redis stopped, the publish must answer at once (it used to wait ~19 s
per enqueue in the result backend's retries), the listing must be saved whole, and
the after-commit work must wait in the database and complete once Redis is back,
through the periodic retry, with nobody doing anything.
"""

import time

import pytest

from accounts.roles import Role
from catalog.factories import ProviderFactory, domain
from catalog.models import SupplyListing
from tests.integration.private_services import (
    PrivateRedis,
    Worker,
    celery_app_on,
    wait_for,
    worker_env,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SUPPLY = "/admin/snippets/catalog/supplylisting/"


@pytest.fixture
def private_redis():
    server = PrivateRedis().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def worker(postgres, private_redis, tmp_path):
    env = worker_env(private_redis.url, postgres, OUTBOX_RETRY_SECONDS="2", OUTBOX_RETRY_AFTER="1")
    process = Worker(env, tmp_path / "worker.log", "outage", beat=True).start()
    try:
        yield process
    finally:
        process.stop()


def listing_form(title):
    return {
        "title": title,
        "domain": domain().pk,
        "year": "2026",
        "summary": "为社区高龄老人提供助浴上门服务",
        "service_targets": "高龄老人",
        "contact_person": "王老师",
        "phone": "13812345678",
        "action-publish": "1",
    }


def test_a_publish_with_redis_down_answers_at_once_and_its_work_completes_later(
    private_redis, worker, user_with_role, login
):
    from search.models import PendingIndex

    client = login(user_with_role(Role.PROVIDER, provider=ProviderFactory()))
    with celery_app_on(private_redis.url):
        private_redis.stop()
        start = time.perf_counter()
        response = client.post(f"{SUPPLY}add/", listing_form("停机期间发布的助浴服务"))
        seconds = time.perf_counter() - start
        assert response.status_code == 302
        assert seconds < 5, f"publish took {seconds:.1f} s with Redis down"

        listing = SupplyListing.objects.get(title="停机期间发布的助浴服务")
        assert listing.live and listing.revisions.count() == 1  # saved whole
        assert PendingIndex.objects.filter(key=f"supply:{listing.pk}").exists()

        private_redis.start()  # back on the same port; the worker and beat reconnect
        wait_for(
            lambda: not PendingIndex.objects.filter(key=f"supply:{listing.pk}").exists(),
            90,
            "the pending index work after Redis came back",
            interval=0.5,
        )
    found = client.get("/api/search/", {"q": "停机期间发布的助浴服务"}).json()
    assert f"/supply/{listing.pk}/" in str(found)
    print(f"publish with Redis down: {seconds:.2f} s")
