"""Embedded development/demo settings: a fixed local secret, mail to the console.

DEBUG is off unless DEBUG=1: the demo is what visitors see first, so it shows the
site's own Chinese 404 and 500 pages; static files come from WhiteNoise (finders,
no collectstatic needed) and uploads from this process.
"""

import os

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = env_bool("DEBUG", False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# Demo values for the footer's filings, clearly not real ones.
GXPT_SITE_FILINGS = {  # noqa: F405
    "site_code": os.environ.get("GXPT_SITE_CODE", "3100000000（演示）"),
    "icp": os.environ.get("GXPT_ICP_NUMBER", "沪ICP备00000000号（演示）"),
    "psb": os.environ.get("GXPT_PSB_NUMBER", "沪公网安备 31000000000000号（演示）"),
    "psb_code": os.environ.get("GXPT_PSB_CODE", ""),
}
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-gxpt-embedded"  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "*")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
