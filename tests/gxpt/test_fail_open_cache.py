"""The Redis cache fails open: with Redis unreachable every call answers like a miss, fast."""

import socket
import time

from gxpt.cache import FailOpenRedisCache


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable_cache(**options) -> FailOpenRedisCache:
    return FailOpenRedisCache(
        f"redis://127.0.0.1:{closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2, **options}},
    )


def test_every_call_answers_like_a_miss_when_redis_is_unreachable():
    cache = unreachable_cache()
    assert cache.get("key", "default") == "default"
    assert cache.set("key", "value") is None
    assert cache.add("key", "value") is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.incr("hits") == 1  # a rate limit counts from zero: fail open
    assert cache.get_or_set("key", "computed") == "computed"
    assert cache.delete("key") is False
    assert cache.has_key("key") is False


def test_after_a_failure_the_breaker_skips_redis_until_it_may_be_back():
    cache = unreachable_cache(retry_after=0.5)
    cache.get("key")
    assert cache.breaker_open
    start = time.perf_counter()
    for _ in range(1000):
        cache.get("key")
    assert time.perf_counter() - start < 0.1  # no network attempt while open
    time.sleep(0.6)
    assert not cache.breaker_open  # the next call probes Redis again
