"""Issue 12, fault 5: a search server that accepts connections and never answers.

A real TCP server that holds every connection open without a byte of answer. The first
query waits at most SEARCH_QUERY_TIMEOUT and is answered by the embedded fallback; the
breaker then sends queries straight to the fallback, and lets one try the server again
after SEARCH_BREAKER_SECONDS.
"""

import socket
import threading
import time

import pytest

from search import service
from search.backends import SearchQuery
from tests.search import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def hung_server():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])  # never read, never answered
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


def timed_search(q):
    started = time.monotonic()
    outcome = service.search(SearchQuery(q=q))
    return outcome, time.monotonic() - started


def test_a_hung_search_server_costs_one_short_timeout_then_nothing(
    settings, embedded_index, eager_tasks, hung_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        listing = corpus.supply("社区长者助餐服务")
    # Warm what a first query loads anyway (the fallback's index, the dictionary, the ES
    # client's modules), so the timings below are the hung server's alone.
    assert service.search(SearchQuery(q="助餐")).results.total == 1
    import search.backends.elastic  # noqa: F401

    settings.ELASTICSEARCH_URL = hung_server
    settings.SEARCH_QUERY_TIMEOUT = 0.5
    settings.SEARCH_BREAKER_SECONDS = 1.5

    first, first_seconds = timed_search("助餐")
    assert first.notice and not first.error  # the fallback answered, and says so
    assert [hit.key for hit in first.results.hits] == [f"supply:{listing.pk}"]
    assert first_seconds < 2.0  # one short timeout, not the client's default 10 s

    second, second_seconds = timed_search("助餐")
    assert second.notice and second.results.total == 1
    assert second_seconds < 0.3  # the breaker is open: the hung server is not asked

    time.sleep(1.6)
    _third, third_seconds = timed_search("助餐")
    assert third_seconds >= 0.4  # the breaker let one query try the server again
