"""Fault 3: the worker's main process is killed (SIGKILL) while a task runs.

Tasks are acknowledged late, so the message stays in Redis as unacknowledged; once its
visibility timeout has passed, Redis hands it to the next worker. In production the
timeout is 300 s (above the 240 s task time limit); here the worker runs with 8 s so
that the test shows the redelivery in seconds. Private Redis: nothing else is touched.
"""

import time
import uuid

import pytest
import redis

from gxpt.tasks import ping
from tests.integration.private_services import PrivateRedis, Worker, celery_app_on, worker_env

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

VISIBILITY = 8


@pytest.fixture
def private_redis():
    server = PrivateRedis().start()
    try:
        yield server
    finally:
        server.stop()


def test_a_task_in_flight_when_the_worker_is_killed_runs_again_on_the_next_worker(
    postgres, private_redis, tmp_path
):
    env = worker_env(
        private_redis.url,
        postgres,
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY),
        CELERY_TASK_TIME_LIMIT=str(VISIBILITY - 2),
    )
    first = Worker(env, tmp_path / "first.log", "killed").start()
    second = None
    try:
        with celery_app_on(private_redis.url):
            token = uuid.uuid4().hex
            result = ping.delay(token, seconds=3)
            client = redis.Redis.from_url(private_redis.url)
            # The worker took the message: it is now unacknowledged, not in the queue.
            deadline = time.monotonic() + 30
            while not client.hlen("unacked") and time.monotonic() < deadline:
                time.sleep(0.1)
            assert client.hlen("unacked") == 1
            first.kill()
            killed_at = time.monotonic()

            second = Worker(env, tmp_path / "second.log", "next").start()
            answer = result.get(timeout=60)
            redelivered_after = time.monotonic() - killed_at
    finally:
        first.stop()
        if second:
            second.stop()
    assert answer["token"] == token
    assert second.pid in (answer["pid"], answer["parent_pid"])  # the next worker ran it
    # Within the visibility timeout plus one 10 s scan of kombu (and the task's 3 s).
    assert redelivered_after < VISIBILITY + 10 + 3 + 10
    assert client.hlen("unacked") == 0  # acknowledged once done
    print(f"redelivered {redelivered_after:.1f} s after the kill")
