"""Faults 1 and 2: Redis is down while a provider publishes a listing.

A private Redis (the shared one is never stopped) carries this test's broker and
result backend; a real worker with beat inside runs on it and on this run's test
database. With Redis stopped, the publish must answer at once (it used to wait ~19 s
per enqueue in the result backend's retries), the listing must be saved whole, and
the after-commit work (indexing, the monitoring check, the notification e-mail that
the check sends) must wait in the database and complete once Redis is back, through
the periodic outbox retry, with nobody doing anything.
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
        # A claim that needs evidence (publishing is allowed): the monitoring check flags
        # it and tells the publisher, so its notification e-mail shows the chain ran.
        "summary": "本机构是全区首家为社区高龄老人提供助浴上门服务的社会组织",
        "service_targets": "高龄老人",
        "contact_person": "王老师",
        "phone": "13812345678",
        "action-publish": "1",
    }


def test_a_publish_with_redis_down_answers_at_once_and_its_work_completes_later(
    private_redis, worker, user_with_role, login
):
    from django.contrib.contenttypes.models import ContentType

    from moderation.models import Flag
    from notifications.models import Notification
    from outbox.models import Entry
    from search.models import PendingIndex

    publisher = user_with_role(Role.PROVIDER, provider=ProviderFactory())
    client = login(publisher)
    with celery_app_on(private_redis.url):
        private_redis.stop()
        start = time.perf_counter()
        response = client.post(f"{SUPPLY}add/", listing_form("停机期间发布的助浴服务"))
        seconds = time.perf_counter() - start
        assert response.status_code == 302
        assert seconds < 5, f"publish took {seconds:.1f} s with Redis down"

        listing = SupplyListing.objects.get(title="停机期间发布的助浴服务")
        assert listing.live and listing.revisions.count() == 1  # saved whole
        # The work waits in the database, written in the publish's transaction.
        assert PendingIndex.objects.filter(key=f"supply:{listing.pk}").exists()
        check = Entry.objects.get(task="moderation.check_listing")
        assert check.args == ["catalog.supplylisting", listing.pk]
        assert not Flag.objects.exists()

        private_redis.start()  # back on the same port; the worker and beat reconnect
        flags = Flag.objects.filter(
            content_type=ContentType.objects.get_for_model(SupplyListing), object_id=listing.pk
        )

        def all_done():
            mailed = Notification.objects.filter(recipient=publisher, emailed_at__isnull=False)
            return (
                not PendingIndex.objects.exists()
                and not Entry.objects.exists()
                and flags.filter(rule="claims.absolute").exists()
                and mailed.exists()
            )

        wait_for(all_done, 120, "the after-commit work once Redis came back", interval=0.5)
        recovered = time.perf_counter() - start
    found = client.get("/api/search/", {"q": "停机期间发布的助浴服务"}).json()
    assert f"/supply/{listing.pk}/" in str(found)
    print(f"publish with Redis down: {seconds:.2f} s; all its work done {recovered:.0f} s later")
