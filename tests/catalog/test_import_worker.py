"""A large upload is imported by a real Celery worker over Redis, on PostgreSQL."""

import time

import pytest

from accounts.roles import Role
from catalog.factories import ProviderFactory
from catalog.models import ImportJob, JobStatus, SupplyListing
from outbox.models import Entry
from search.models import PendingIndex
from tests.catalog.spreadsheets import upload, xlsx_bytes
from tests.catalog.test_import_limits import rows
from tests.integration.conftest import celery_worker, postgres, redis_broker  # noqa: F401

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_the_worker_imports_a_large_upload_and_the_request_does_not_wait(
    celery_worker, settings, user_with_role, login  # noqa: F811
):
    settings.CATALOG_IMPORT_BACKGROUND_ROWS = 2
    provider = ProviderFactory()
    client = login(user_with_role(Role.PROVIDER, provider=provider))
    response = client.post(
        "/admin/catalog/import/", {"kind": "supply", "file": upload("big.xlsx", xlsx_bytes(rows(40)))}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/jobs/{job.pk}/")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.3)
    assert job.status == JobStatus.DONE, job.error
    assert job.report["created"] == 40 and not job.report["problems"]
    assert SupplyListing.objects.filter(provider=provider).count() == 40
    assert "已导入 40 条" in client.get(response.url).content.decode()
    # The import's follow-ups (monitoring checks, indexing) run in the worker after the
    # job: let them finish, or the flush after this test would race them for the tables.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (Entry.objects.exists() or PendingIndex.objects.exists()):
        time.sleep(0.3)
    assert not Entry.objects.exists() and not PendingIndex.objects.exists()
    time.sleep(1)  # the task that deleted the last row commits its own work

