"""Real services for the integration tests: PostgreSQL (via DATABASE_URL), Redis and a Celery worker."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.services import require

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def postgres(django_db_setup):
    require("DATABASE_URL", "PostgreSQL")
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    return settings.DATABASES["default"]


@pytest.fixture(scope="session")
def redis_broker():
    url = require("CELERY_BROKER_URL", "Redis")
    import redis

    client = redis.Redis.from_url(url)
    client.ping()
    # Each run has its own queue (settings.test); leave other runs' keys alone.
    client.delete(settings.CELERY_TASK_DEFAULT_QUEUE)
    return url


@pytest.fixture(scope="session")
def celery_worker(postgres, redis_broker, tmp_path_factory):
    """A real `celery worker` process over Redis, on the test database pytest-django created."""
    db = postgres
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gxpt.settings.test",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_broker,
        "GXPT_TEST_RUN_ID": os.environ["GXPT_TEST_RUN_ID"],  # same queue and database names
    }
    with open(log, "w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tests.integration.worker_app",  # the project's app (see that module)
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "info",
                "-Q",
                settings.CELERY_TASK_DEFAULT_QUEUE,
                "-n",
                f"test-worker-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        from gxpt.celery import app

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"Celery worker exited: {log.read_text()[-3000:]}")
            name = f"test-worker-{os.getpid()}@"
            replies = app.control.ping(timeout=0.5) or []
            if any(next(iter(reply)).startswith(name) for reply in replies):
                break
        else:
            pytest.fail(f"Celery worker did not answer: {log.read_text()[-3000:]}")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
