"""A per-process circuit breaker for an outside service (the Celery broker, the search server, Redis as cache).

After a failure the caller trips it, and for a number of seconds (fixed, or named by a
setting read at trip time) every call skips the service — the outbox leaves its entry
pending, search answers from its fallback, the cache answers a miss — instead of
waiting on the service's timeouts again; after that, the next call probes. It lives in
the bottom layer so that every app uses the one class. Written by hand: the libraries
(pybreaker, circuitbreaker) count failures and wrap calls, where every caller here
needs only "skip for N seconds after a failure".
"""

import logging
import threading
import time
import weakref

from django.conf import settings

logger = logging.getLogger(__name__)

# Every live breaker, so tests can close them all between tests (weak: the cache makes
# one per thread-local cache client).
ALL: "weakref.WeakSet[Breaker]" = weakref.WeakSet()


class Breaker:
    def __init__(self, name: str, *, seconds: float | None = None, setting: str | None = None):
        assert (seconds is None) != (setting is None), "give seconds or a setting's name"
        self.name = name
        self.seconds = seconds
        self.setting = setting
        self.open_until = 0.0
        self.lock = threading.Lock()
        ALL.add(self)

    @property
    def duration(self) -> float:
        return float(getattr(settings, self.setting) if self.setting else self.seconds)

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self, exc: Exception | None = None) -> None:
        duration = self.duration
        with self.lock:
            first = not self.is_open()
            self.open_until = time.monotonic() + duration
        if first:
            logger.warning("%s unreachable (%s); skipped for %.0f s", self.name, exc, duration)

    def reset(self) -> None:
        with self.lock:
            self.open_until = 0.0


def reset_all() -> None:
    for breaker in list(ALL):
        breaker.reset()
