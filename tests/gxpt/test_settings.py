"""Settings come from the environment; production settings pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="gxpt.settings.production",
        SECRET_KEY="x" * 20 + "-production-secret-for-the-check-only-9f8e7d6c5b4a",
        ALLOWED_HOSTS="gxpt.example.cn",
        DATABASE_URL="postgres://gxpt@127.0.0.1:5432/gxpt",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="gxpt.settings.production", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_embedded_defaults_without_any_environment():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, repr(s.ELASTICSEARCH_URL))",
        DJANGO_SETTINGS_MODULE="gxpt.settings.dev",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["django.db.backends.sqlite3", "True", "''"]


def test_database_and_broker_urls_switch_to_the_real_services():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)",
        DJANGO_SETTINGS_MODULE="gxpt.settings.dev",
        DATABASE_URL="postgres://u@127.0.0.1:5432/x",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["django.db.backends.postgresql", "False"]


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "gxpt.settings.production",
    "SECRET_KEY": "x" * 20 + "-production-secret-for-the-check-only-9f8e7d6c5b4a",
    "ALLOWED_HOSTS": "gxpt.example.cn",
    "DATABASE_URL": "postgres://gxpt@127.0.0.1:5432/gxpt",
}


def test_production_logs_at_info_without_a_line_per_task():
    result = run_manage(
        "shell",
        "-c",
        "import logging;"
        "print([logging.getLogger(n).isEnabledFor(logging.INFO) for n in"
        " ('django.request', 'celery.app.trace', 'celery.worker.strategy', 'django_tasks')])",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[True, False, False, False]"


def test_production_reaches_redis_and_postgresql_without_ever_hanging():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['CONN_HEALTH_CHECKS'], d['OPTIONS']['connect_timeout'], s.CELERY_RESULT_BACKEND,"
        " s.CACHES['default']['BACKEND'], s.CACHES['default']['OPTIONS']['socket_connect_timeout'],"
        " s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'] > s.CELERY_TASK_TIME_LIMIT,"
        " s.PAGE_CACHE_SECONDS > 0)",
        CACHE_URL="redis://127.0.0.1:6379/1",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-7:] == [
        "True",
        "5",
        "None",
        "gxpt.cache.FailOpenRedisCache",
        "0.25",
        "True",
        "True",
    ]
