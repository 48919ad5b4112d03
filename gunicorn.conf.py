"""gunicorn settings for production: `gunicorn gxpt.wsgi` (read from the working directory).

Every value can be overridden from the environment (GUNICORN_* below, or gunicorn's
own GUNICORN_CMD_ARGS). Static files are served by WhiteNoise inside the app; behind
nginx, let nginx serve STATIC_ROOT instead and proxy the rest here.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")

# Requests spend most of their time in Python (CPU-bound): a process per core plus one,
# each with a few threads to overlap database and cache round trips. WEB_CONCURRENCY is
# the usual name platforms set.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A request that takes longer than this is killed (and logged); the load balancer's
# own timeout should be a little longer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10

# Import the app once in the master, then fork: less memory, faster worker start.
# Django opens no database connection at import, so nothing is shared across forks.
preload_app = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The client address as the trusted proxy saw it.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
