"""What a feed or an export lists: a board's or a search's results under the page's own filters.

The boards' filters are catalog.filters' (the board pages and the API use the same), the
search's are search.service's parameters (with `domain` accepted for either level of the
taxonomy, so a saved search's URL can say `domain=2.1`). Bad input raises `BadInput`,
answered 400 in the API's error shape (security.apierrors), never a 500 and never a silently
unfiltered list (parameters neither knows are ignored, as the pages and the API do).
"""

import datetime
import html

from django.http import JsonResponse
from django.utils.html import strip_tags

from catalog.filters import FILTERSETS, board_listings
from catalog.models import DemandListing, SupplyListing
from search import service
from security.apierrors import BAD_INPUT

BOARDS = {"demand": DemandListing, "supply": SupplyListing}
BOARD_TITLES = {"demand": "我要购买服务", "supply": "我要提供服务"}
# Parameters that only page a list; a feed or an export ignores them.
PAGING = ("page", "page_size", "per_page", "format")


class BadInput(Exception):
    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors

    def response(self) -> JsonResponse:
        messages = [f"{name}：{'；'.join(map(str, msgs))}" for name, msgs in self.errors.items()]
        return JsonResponse(
            {
                "detail": "请求参数有误：" + "；".join(messages[:5]) if messages else BAD_INPUT,
                "errors": self.errors,
            },
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )


class SearchUnavailable(Exception):
    """No search backend answered (the page says so with a 503 too)."""


def _params(query):
    params = query.copy()
    for name in PAGING:
        params.pop(name, None)
    return params


def board_results(kind: str, query):
    """The board's public listings under `query`'s filters, in the board's order."""
    model = BOARDS[kind]
    params = _params(query)
    filterset = FILTERSETS[model](params, queryset=board_listings(model, joined=True))
    if not filterset.is_valid():
        raise BadInput(
            {name: [str(e) for e in errors] for name, errors in filterset.errors.items()}
        )
    return filterset.qs


def _search_params(query):
    params = _params(query)
    for value in params.pop("domain", []):
        params.appendlist("domain2" if "." in value else "domain1", value)
    return params


def search_results(query, limit: int, default_sort: str = "relevance"):
    """(SearchQuery, [plain-text hit dicts]) for the search page's parameters, at most `limit` hits."""
    params = _search_params(query)
    if "sort" not in params:
        params["sort"] = default_sort
    serializer = service.SearchParamsSerializer(data=params)
    if not serializer.is_valid():
        raise BadInput(
            {
                name: [str(e) for e in (errs if isinstance(errs, list) else [errs])]
                for name, errs in serializer.errors.items()
            }
        )
    search_query = serializer.to_query()
    search_query.page, search_query.per_page = 1, limit
    outcome = service.search(search_query)
    if outcome.results is None:
        raise SearchUnavailable(outcome.error)
    results = outcome.results
    labels = service.facet_labels(results)
    hits = []
    for hit in results.hits:
        domain = hit.domain2 or hit.domain1
        hits.append(
            {
                "key": hit.key,
                "kind": labels["kind"].get(hit.kind, hit.kind),
                "title": plain(hit.title),
                "snippet": plain(hit.snippet),
                "url": hit.url,
                "date": hit.date[:10] if hit.date else None,
                "district": hit.district,
                "year": hit.year,
                "status": labels["status"].get(hit.status, "") if hit.status else "",
                "domain": service.label(labels, "domain2" if hit.domain2 else "domain1", domain)
                if domain
                else "",
            }
        )
    return search_query, hits


def plain(fragment: str) -> str:
    """A search fragment (escaped HTML with <mark>) as the text it shows."""
    return html.unescape(strip_tags(fragment or ""))


def as_datetime(value: str | None):
    """A hit's date (an ISO date or date-time) as an aware date-time, or None."""
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment
