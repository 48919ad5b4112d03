"""The public search page (/search/)."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import analytics, service
from .backends.base import FACETS


def _url_with(params: list[tuple[str, str]], **changes) -> str:
    """The query string with some parameters replaced (None removes) — links keep the rest."""
    kept = [(k, v) for k, v in params if k not in changes and k != "page"]
    for key, value in changes.items():
        if value is None:
            continue
        kept.extend((key, v) for v in (value if isinstance(value, list) else [value]))
    return "?" + urlencode(kept)


def search_page(request):
    params = [(k, v) for k, values in request.GET.lists() for v in values if v != ""]
    serializer = service.SearchParamsSerializer(data=request.GET)
    context = {"q": request.GET.get("q", "").strip(), "facets": [], "errors": []}
    if not serializer.is_valid():
        context["errors"] = [
            f"{_('参数')} {name}：{' '.join(str(e) for e in errs) if isinstance(errs, list) else errs}"
            for name, errs in serializer.errors.items()
        ]
        return render(request, "search/search.html", context, status=400)
    query = serializer.to_query()
    outcome = service.search(query)
    context.update(query=query, notice=outcome.notice, error=outcome.error)
    results = outcome.results
    counted = None
    if results is not None and query.q and query.page == 1 and not query.filters:
        analytics.record_search(query.q, results.total)
        counted = (query.q, results.total)
    if results is not None:
        labels = service.facet_labels(results)
        kinds = labels["kind"]
        for hit in results.hits:
            hit.go_url = (
                "/search/go/?" + urlencode({"q": results.corrected or query.q, "key": hit.key})
                if query.q
                else hit.url
            )
            hit.kind_label = kinds.get(hit.kind, hit.kind)
            hit.status_label = labels["status"].get(hit.status, "") if hit.status else ""
            hit.domain_label = (
                service.label(labels, "domain2", hit.domain2)
                if hit.domain2
                else (service.label(labels, "domain1", hit.domain1) if hit.domain1 else "")
            )
        facets = []
        for name in FACETS:
            selected = [str(v) for v in query.filters.get(name, [])]
            values = []
            for value, count in results.facets.get(name, []):
                is_selected = value in selected
                others = [v for v in selected if v != value]
                values.append(
                    {
                        "value": value,
                        "label": service.label(labels, name, value),
                        "count": count,
                        "selected": is_selected,
                        "url": _url_with(
                            params, **{name: others if is_selected else [*selected, value]}
                        ),
                    }
                )
            if values:
                facets.append(
                    {"name": name, "title": _(service.FACET_TITLES[name]), "values": values}
                )
        page_urls = []
        for number in range(max(1, query.page - 4), min(results.pages, query.page + 4) + 1):
            page_urls.append(
                {
                    "number": number,
                    "url": _url_with(params, page=str(number)),
                    "current": number == query.page,
                }
            )
        context.update(
            results=results,
            facets=facets,
            pages=page_urls,
            previous_url=_url_with(params, page=str(query.page - 1)) if query.page > 1 else "",
            next_url=_url_with(params, page=str(query.page + 1))
            if query.page < results.pages
            else "",
            sort_urls={
                "relevance": _url_with(params, sort="relevance"),
                "date": _url_with(params, sort="date"),
            },
            clear_url=_url_with([("q", query.q)] if query.q else []),
        )
    response = render(request, "search/search.html", context, status=503 if outcome.error else 200)
    if counted:
        # A visitor's answer may be served from the page cache: the hit counts it again.
        response.page_cache_replay = ("search.record_search", counted)
    return response


def go(request):
    """Count a click on a result, then send the visitor to it (never elsewhere: see analytics)."""
    target = analytics.click_target(request.GET.get("key", ""), request.get_host())
    if target is None:
        raise Http404(_("该内容不存在或已不公开。"))
    url, title = target
    analytics.record_click(request.GET.get("q", ""), request.GET["key"], title)
    return redirect(url)
