"""The page-tree reads of a board request, kept per process between two purges of the page cache.

Written by hand because no library does it: on every request Wagtail looks up the Site,
walks the tree to the board page (the root's specific page, the child by its slug, that
child's specific page) and reads the view restrictions of the board and its ancestors.
On a listing's detail page that is 6 of its 7 queries and most of its CPU time (Django's
SQL compiler), for answers that change only when a page, a site or a view restriction
does, and every such change replaces the page cache's generation token
(gxpt.pagecache). So this middleware keeps, per process, what those reads returned under
the current token, and hands the results to Wagtail through the request caches Wagtail
itself consults (`request._wagtail_site`, `request._wagtail_route_for_request`): routing
below the board, the `before_serve_page` hooks (view restrictions, allowed methods) and
serving stay Wagtail's own. A board that is not live, a root page with its own `route`,
and any path outside the boards take Wagtail's normal path.

On only with the page cache (PAGE_CACHE_SECONDS > 0, a shared cache): a purge must reach
every process. While the cache cannot name the current token (Redis down) it does nothing.
The token it read is left on the request (`request.page_generation`) for views below that
keep other reads the same way (catalog.filters.reference_by_id).
"""

import copy
import threading

from django.conf import settings
from wagtail.models import Page, Site

from catalog.models.pages import BoardPage

from . import pagecache

_memo: dict = {}
_lock = threading.Lock()


def _read(request):
    site = Site.find_for_request(request)
    if site is None:
        return None, {}
    root = site.root_page.localized.specific
    if type(root).route is not Page.route:
        return site, {}
    boards = {}
    for child in root.get_children().live().specific():
        if isinstance(child, BoardPage):
            child._cached_parent_obj = root
            child.memo_view_restrictions = list(child.get_view_restrictions())
            boards[child.slug] = child
    return site, boards


def _entry(request, token: str):
    key = (token, request._get_raw_host(), request.get_port())
    entry = _memo.get(key)
    if entry is None:
        entry = _read(request)
        with _lock:
            # Only the current token's entries are worth keeping.
            for old in [k for k in _memo if k[0] != token]:
                del _memo[old]
            _memo[key] = entry
    return entry


class BoardRouteMiddleware:
    """Place after PageCacheMiddleware (it only sees what the page cache did not answer)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PAGE_CACHE_SECONDS > 0 and not request.path.startswith(
            tuple(settings.PAGE_CACHE_EXCLUDE_PREFIXES)
        ):
            # Read by the page cache with its entry; otherwise (a signed-in user) read here.
            token = getattr(request, "page_generation", None) or pagecache.known_generation()
            if token is None:  # the first request after a start or a flush of the cache
                pagecache.generation()
                token = pagecache.known_generation()
            if token is not None:
                request.page_generation = token
                self._prime(request, token)
        return self.get_response(request)

    def _prime(self, request, token):
        site, boards = _entry(request, token)
        if site is None:
            return
        request._wagtail_site = site
        components = [part for part in request.path.split("/") if part]
        board = boards.get(components[0]) if components else None
        if board is not None:
            # A copy per request: serving may set attributes on the page it serves.
            request._wagtail_route_for_request = copy.copy(board).route(request, components[1:])
