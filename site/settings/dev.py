"""Embedded development/demo settings: DEBUG on, a fixed local secret, mail to the console."""

from .base import *  # noqa: F403
from .base import env_list

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-gxpt-embedded"  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "*")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
