"""Which backend serves: Elasticsearch when ELASTICSEARCH_URL is set, else the embedded one.

With Elasticsearch configured the embedded index is kept as well (it costs one
local write per change), so the public page can fall back to it while the
search server is down (settings.SEARCH_EMBEDDED_FALLBACK, on by default).
"""

from django.conf import settings

from .base import SearchBackend, SearchQuery, SearchResults, SearchUnavailable, Suggestion
from .elastic import ElasticsearchBackend
from .embedded import EmbeddedBackend

__all__ = [
    "SearchBackend",
    "SearchQuery",
    "SearchResults",
    "SearchUnavailable",
    "Suggestion",
    "get_backend",
    "fallback_backend",
    "write_backends",
]

_elastic_cache: dict = {}


def _elastic():

    key = (
        settings.ELASTICSEARCH_URL,
        settings.SEARCH_INDEX_PREFIX,
        id(getattr(settings, "SEARCH_ELASTICSEARCH_OPTIONS", None)),
    )
    backend = _elastic_cache.get(key)
    if backend is None:
        _elastic_cache.clear()
        backend = _elastic_cache[key] = ElasticsearchBackend()
    return backend


def get_backend() -> SearchBackend:
    if settings.ELASTICSEARCH_URL:
        return _elastic()
    return EmbeddedBackend()


def fallback_backend() -> SearchBackend | None:
    """The embedded backend, when it stands in for an unreachable Elasticsearch."""
    if settings.ELASTICSEARCH_URL and getattr(settings, "SEARCH_EMBEDDED_FALLBACK", True):
        return EmbeddedBackend()
    return None


def write_backends() -> list[SearchBackend]:
    """Every index a change goes to."""
    backends = [get_backend()]
    fallback = fallback_backend()
    if fallback is not None:
        backends.append(fallback)
    return backends
