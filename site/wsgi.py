"""WSGI entry point (production: gunicorn gxpt.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gxpt.settings.production")
application = get_wsgi_application()
