"""gunicorn settings for production: `gunicorn gxpt.wsgi` (read from the working directory).

Every value can be overridden from the environment (GUNICORN_* below, or gunicorn's
own GUNICORN_CMD_ARGS). Static files are served by WhiteNoise inside the app; behind
nginx, let nginx serve STATIC_ROOT instead and proxy the rest here.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")

# Requests spend most of their time in Python (CPU-bound): processes, not threads. Two per
# core plus one (gunicorn's own advice), one thread each: with several threads a process's
# requests queue for the GIL behind whichever holds it, and every cache or database round
# trip waits for it again (measured with bench/load.py on 2 cores: 5 x 1 served 764-850
# requests/s where 3 x 4 served 488-584, with a lower p95). gthread keeps keep-alive
# connections in its event loop, so one thread still holds many idle clients.
# WEB_CONCURRENCY is the usual name platforms set.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Connections a worker holds at most, idle keep-alive ones included. A load balancer or
# nginx keeps a pool of connections open, and each stays with the worker that accepted it:
# without a cap, bench/load.py's 32 connections sat on 2 of the 5 workers (20 and 12) and a
# request waited for the 19 before it while 3 workers idled (p95 102-151 ms; with 8: 87-93 ms).
# A worker at the cap stops accepting, so the next connection goes to another. Raise it
# (GUNICORN_WORKER_CONNECTIONS) if browsers reach gunicorn directly, without a proxy.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "8"))

# A request that takes longer than this is killed (and logged); the load balancer's
# own timeout should be a little longer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak never grows without bound; rarely,
# because a new process starts with cold per-process caches (the page tree, templates,
# the taxonomy) and the old one's connections reconnect: every 2,000 requests cost a
# third of the throughput at 800 requests/s (a recycle every few seconds per worker).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10

# Import the app once in the master, then fork: less memory, faster worker start.
# Django opens no database connection at import, so nothing is shared across forks.
preload_app = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The client address as the trusted proxy saw it.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def pre_fork(server, worker):
    """In the master, before each worker is forked: what the app loaded (Django, Wagtail,
    the URL conf, jieba's dictionary) lives as long as the process, so it is moved out of
    the garbage collector's generations (gc.freeze). A worker's full collections then walk
    only what its requests made, instead of pausing every request in it for tens of ms,
    and they do not touch (and so copy) the memory shared with the master."""
    import gc

    gc.freeze()
