"""Settings for the test suite: the embedded defaults plus fast hashing and in-memory mail."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-gxpt"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="gxpt-test-media-")
AXES_ENABLED = True
WAGTAILADMIN_BASE_URL = "http://testserver"
