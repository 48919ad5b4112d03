"""Settings for the test suite: the embedded defaults plus fast hashing and in-memory mail."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-gxpt"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="gxpt-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="gxpt-test-static-")  # WhiteNoise warns about a missing one
AXES_ENABLED = True
WAGTAILADMIN_BASE_URL = "http://testserver"

# Concurrent test runs on one machine (several engineers, or CI beside a
# developer) must not share a PostgreSQL test database or a Celery queue.
import os  # noqa: E402

RUN_ID = os.environ.setdefault("GXPT_TEST_RUN_ID", str(os.getpid()))
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": f"test_gxpt_{RUN_ID}"}  # noqa: F405
CELERY_TASK_DEFAULT_QUEUE = f"gxpt-test-{RUN_ID}"
# The integration tests read a task's result (a round trip to the real worker); this
# also keeps the result backend's fail-fast options under test when Redis is stopped.
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or CELERY_BROKER_URL or None  # noqa: F405
# The embedded search index of this run (shared with its Celery worker through RUN_ID).
SEARCH_EMBEDDED_PATH = os.environ.get("SEARCH_EMBEDDED_PATH") or os.path.join(
    tempfile.gettempdir(), f"gxpt-test-search-{RUN_ID}.sqlite3"
)
# Static files through the finders, as in development: the tests run no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
