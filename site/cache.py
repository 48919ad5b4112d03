"""The shared cache on Redis, failing open: a Redis outage slows nothing and breaks nothing.

Django's own `RedisCache` with short socket timeouts (settings.CACHES OPTIONS), plus
two things it lacks:

- every error of the Redis client is swallowed and answered like a miss (`get` gives the
  default, `set` does nothing, `incr` counts from zero), so a page never 500s because the
  cache is unreachable;
- a breaker: after one failure this process stops calling Redis for
  `CACHE_RETRY_AFTER` seconds (default 5) and answers every call as a miss at once. A
  Redis host that is down, or a network that drops packets, costs one socket timeout
  per process every few seconds instead of one per cache call.

Why not django-redis with `IGNORE_EXCEPTIONS`: it swallows errors the same way but
retries the connection on every call, so a black-holed Redis costs the connect
timeout on each of the several cache calls a request makes (page cache, rate limits,
fragments). The breaker is what keeps a request under a second.

What fails open: the page cache (pages are rendered), rate limits (counted from zero
while Redis is down: a visitor is never locked out by an outage; the login lockout of
django-axes is in the database and stays in force). Sessions are in the database, so
nobody is signed out by a Redis outage.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from outbox.breaker import Breaker


def _guarded(name: str, fallback):
    def method(self, *args, **kwargs):
        if self._breaker.is_open():
            return fallback(*args)
        try:
            return getattr(super(FailOpenRedisCacheClient, self), name)(*args, **kwargs)
        except self._errors as exc:
            self._breaker.trip(exc)
            return fallback(*args)

    method.__name__ = name
    return method


class FailOpenRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, retry_after: float = 5.0, **options):
        super().__init__(servers, **options)
        self._breaker = Breaker("Cache", seconds=float(retry_after))
        self._errors = (self._lib.exceptions.RedisError, OSError)

    add = _guarded("add", lambda key, value, timeout: False)
    get = _guarded("get", lambda key, default: default)
    set = _guarded("set", lambda key, value, timeout: None)
    touch = _guarded("touch", lambda key, timeout: False)
    delete = _guarded("delete", lambda key: False)
    get_many = _guarded("get_many", lambda keys: {})
    has_key = _guarded("has_key", lambda key: False)
    # A counter that cannot be read starts again from zero (fail open).
    incr = _guarded("incr", lambda key, delta: delta)
    set_many = _guarded("set_many", lambda data, timeout: None)
    delete_many = _guarded("delete_many", lambda keys: None)
    clear = _guarded("clear", lambda: False)


class FailOpenRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` that fails open (see the module docstring)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailOpenRedisCacheClient

    @property
    def breaker_open(self) -> bool:
        return self._cache._breaker.is_open()
