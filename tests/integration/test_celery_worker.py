"""A task enqueued here runs in a real Celery worker process over Redis."""

import uuid

import pytest
from django.conf import settings

from gxpt.tasks import ping

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_a_task_round_trips_through_redis_to_a_real_worker(celery_worker):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    token = uuid.uuid4().hex
    result = ping.delay(token).get(timeout=30)
    assert result["token"] == token
    assert result["database"] == "postgresql"  # the worker runs Django on the same database
    assert result["districts"] == 16
