"""Anonymous visitors' pages and public API answers, cached in the shared cache and purged on change.

`PageCacheMiddleware` serves a GET from the cache when the request carries no session,
no messages cookie and no credentials: it is then a visitor's request, the same for every
visitor of that language. A signed-in user (who always has a session cookie) and the
admin, previews included (they live under /admin/), always get a fresh page. A response is
stored only if it is a 200, sets no cookie (a page with a form sets the CSRF cookie, so
forms are never cached), says nothing against it in Cache-Control, left the session
untouched. The CSP middleware runs inside this one, so a cached page is stored with
the CSP header whose nonce its inline blocks carry.

Purge: every committed change to a model of the public apps (settings.PAGE_CACHE_APPS),
every page publish, unpublish and move, and every bulk import replace the cache's
*generation* token; an entry stored under an older token is never served again (it is
overwritten by the next miss, or expires). One token for the whole site is coarse, but it
can never leave a board showing a listing that was just unpublished, and writes are rare
next to reads here. The token is read when a request starts, in the same round trip as
the entry (an entry is keyed by the request alone and carries the token it was rendered
under), and the response is stored with it, so a page rendered from data read before a
commit carries the old token, never the new one.

`PAGE_CACHE_SECONDS` (0 turns the cache off) bounds any staleness a purge could miss (a
queryset `update()` sends no signal). Search answers (settings.PAGE_CACHE_SEARCH_PREFIXES)
carry a second token, the *search generation*, replaced whenever the index changes
(`search.signals.results_changed`: indexing finishes in the worker after the commit, a
rebuild, an edit of the synonym dictionary), so they can live as long as pages;
`PAGE_CACHE_SEARCH_SECONDS` bounds them separately. Both tokens and the entry are read in
one round trip: a hit costs one call to the cache.

Work a cached answer must still do on every request is *replayed*: a view names it on its
response (`response.page_cache_replay = (name, args)`, a name of `REPLAY`), the entry keeps
it, and a hit calls it. The search page counts its query that way (search.analytics), so
the service centre's figures count every search, not one per cache lifetime.
The cache is on by default only with a shared cache (CACHE_URL): with the embedded local
memory cache each process would keep its own copy and could not purge the others.
"""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re
from wagtail.signals import page_published, page_unpublished, post_page_move

from catalog.signals import listings_imported
from search import analytics
from search.signals import results_changed

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
SEARCH_GENERATION_KEY = "pagecache:search-generation"
# What a hit may replay (see the module docstring): a name a view sets on its response.
REPLAY = {"search.record_search": analytics.record_search}
# Headers kept with a cached body; the outer middlewares (security, locale) add theirs on a hit.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Vary",
    "Cache-Control",
    "Allow",
    # The CSP middleware runs inside this one: a cached page keeps the header whose
    # nonce matches its inline blocks (security.middleware.AreaCSPMiddleware).
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
)


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _token(key: str, known: str | None) -> str:
    if known is not None:
        return known
    token = uuid.uuid4().hex
    # add: two processes starting together agree on one token.
    if not _cache().add(key, token, timeout=None):
        token = _cache().get(key) or token
    return token


def generation() -> str:
    return _token(GENERATION_KEY, _cache().get(GENERATION_KEY))


def known_generation() -> str | None:
    """The current token, or None while the cache cannot say (down, or not yet set)."""
    return _cache().get(GENERATION_KEY)


def _lookup(search: bool, key: str) -> tuple[tuple, object, str | None]:
    """(the token(s) an entry must carry, the entry at `key` or None, the site's token if
    the cache named it), in one round trip: the site's token, and the search index's for
    search."""
    names = (GENERATION_KEY, SEARCH_GENERATION_KEY) if search else (GENERATION_KEY,)
    known = _cache().get_many([*names, key])
    tokens = tuple(_token(name, known.get(name)) for name in names)
    return tokens, known.get(key), known.get(GENERATION_KEY)


def purge() -> None:
    """Forget every cached page now (entries of the old generation expire by themselves)."""
    _cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def purge_search(**kwargs) -> None:
    """Forget every cached search answer (the index or the synonym dictionary changed)."""
    _cache().set(SEARCH_GENERATION_KEY, uuid.uuid4().hex, timeout=None)


class _PurgeAfterCommit:
    """One purge per transaction however many rows it saves (an import saves thousands)."""

    def __init__(self):
        self.done = False

    def __call__(self):
        self.done = True
        purge()


def purge_on_commit() -> None:
    """Purge once the current transaction commits (now, outside a transaction)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        purge()
        return
    pending = any(
        isinstance(callback, _PurgeAfterCommit) and not callback.done
        for _sids, callback, _robust in connection.run_on_commit
    )
    if not pending:
        transaction.on_commit(_PurgeAfterCommit(), robust=True)


def _is_search(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in settings.PAGE_CACHE_SEARCH_PREFIXES)


def _lifetime(search: bool) -> int:
    if search:
        return min(settings.PAGE_CACHE_SEARCH_SECONDS, settings.PAGE_CACHE_SECONDS)
    return settings.PAGE_CACHE_SECONDS


def _cacheable_request(request) -> bool:
    if request.method != "GET" or settings.PAGE_CACHE_SECONDS <= 0:
        return False
    if any(request.path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDE_PREFIXES):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def _key(request) -> str:
    parts = "\n".join(
        [
            request.get_host(),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", ""),
            # 长者模式 is rendered server-side from its cookie (gxpt.context_processors).
            "elderly" if request.COOKIES.get("gxpt_elderly") == "1" else "",
            # DRF answers HTML or JSON by the Accept header.
            request.META.get("HTTP_ACCEPT", "")[:200],
        ]
    )
    return f"page:{hashlib.sha256(parts.encode()).hexdigest()}"


def _cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not getattr(response, "is_rendered", True):
        return False
    cache_control = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


class PageCacheMiddleware:
    """Serve and store anonymous GETs (see the module docstring); place it after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        search = _is_search(request.path)
        key = _key(request)
        tokens, entry, known = _lookup(search, key)
        if known is not None:
            # For the views below that keep reads per token (gxpt.routing, catalog.filters).
            request.page_generation = known
        if entry is not None and entry[0] == tokens:
            _tokens, status, headers, content, replay = entry
            if replay:
                name, args = replay
                REPLAY[name](*args)
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(request, response):
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            replay = getattr(response, "page_cache_replay", None)
            if replay is not None and replay[0] not in REPLAY:
                raise ValueError(f"page_cache_replay names {replay[0]!r}, not one of REPLAY")
            _cache().set(
                key,
                (tokens, response.status_code, headers, response.content, replay),
                timeout=_lifetime(search),
            )
            response["X-Page-Cache"] = "miss"
        return response


def _on_model_change(sender, **kwargs):
    if kwargs.get("raw"):
        return
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in settings.PAGE_CACHE_APPS:
        return
    if meta.label in settings.PAGE_CACHE_IGNORED_MODELS:
        return
    purge_on_commit()


def _on_publish(sender, **kwargs):
    purge_on_commit()


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_model_change, dispatch_uid=f"pagecache-{id(signal)}")
    for signal in (page_published, page_unpublished, post_page_move, listings_imported):
        signal.connect(_on_publish, dispatch_uid=f"pagecache-{id(signal)}")
    results_changed.connect(purge_search, dispatch_uid="pagecache-search")
