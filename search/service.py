"""What the page and the API share: validated parameters in, labelled results out.

Falls back to the embedded index when Elasticsearch is configured but down, and
says so (`notice`); if no backend answers, `error` says so in plain Chinese. After
a failure a breaker sends every query straight to the fallback for
SEARCH_BREAKER_SECONDS (a hung server would otherwise cost every visitor the
query timeout), then lets one query try Elasticsearch again.
"""

import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from rest_framework import serializers

from outbox.breaker import Breaker

from . import registry
from .backends import SearchUnavailable, fallback_backend, get_backend
from .backends.base import FACETS, MAX_PER_PAGE, SORTS, SearchQuery, SearchResults, Suggestion

logger = logging.getLogger(__name__)

FACET_TITLES = {
    "kind": "类型",
    "domain1": "一级领域",
    "domain2": "二级领域",
    "district": "区",
    "year": "年度",
    "status": "项目状态",
}
MAX_PAGE = 500


class SearchParamsSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    kind = serializers.ListField(child=serializers.CharField(max_length=30), required=False)
    domain1 = serializers.ListField(child=serializers.CharField(max_length=8), required=False)
    domain2 = serializers.ListField(child=serializers.CharField(max_length=8), required=False)
    district = serializers.ListField(child=serializers.CharField(max_length=20), required=False)
    year = serializers.ListField(
        child=serializers.IntegerField(min_value=1949, max_value=2100), required=False
    )
    status = serializers.ListField(child=serializers.CharField(max_length=20), required=False)
    sort = serializers.ChoiceField(choices=SORTS, default="relevance")
    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, default=1)
    per_page = serializers.IntegerField(min_value=1, max_value=MAX_PER_PAGE, default=10)

    def to_query(self) -> SearchQuery:
        data = self.validated_data
        return SearchQuery(
            q=data.get("q", "").strip(),
            filters={name: data[name] for name in FACETS if data.get(name)},
            sort=data.get("sort", "relevance"),
            page=data.get("page", 1),
            per_page=data.get("per_page", 10),
        )


class SuggestParamsSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=50, allow_blank=True)
    limit = serializers.IntegerField(min_value=1, max_value=20, default=8)


@dataclass
class Outcome:
    results: SearchResults | None = None
    suggestions: list[Suggestion] = field(default_factory=list)
    notice: str = ""  # served, but by the fallback
    error: str = ""  # nothing could be served


UNAVAILABLE = "全文检索服务暂时无法连接，请稍后再试。"
FALLBACK = "全文检索服务暂时无法连接，以下为本站备用检索的结果，可能未包含最新内容。"


# Per process: after the primary backend fails, it is skipped for SEARCH_BREAKER_SECONDS.
breaker = Breaker("Search server", setting="SEARCH_BREAKER_SECONDS")


def _with_fallback(call) -> Outcome:
    primary = get_backend()
    fallback = fallback_backend()
    has_fallback = fallback is not None and fallback.name != primary.name
    if not (has_fallback and breaker.is_open()):
        try:
            outcome = Outcome(**call(primary))
            breaker.reset()
            return outcome
        except SearchUnavailable:
            logger.warning("Search backend %s unavailable", primary.name, exc_info=True)
            breaker.trip()
    if has_fallback:
        try:
            return Outcome(**call(fallback), notice=_(FALLBACK))
        except SearchUnavailable:
            logger.warning("Fallback search backend unavailable", exc_info=True)
    return Outcome(error=_(UNAVAILABLE))


def search(query: SearchQuery) -> Outcome:
    return _with_fallback(lambda backend: {"results": backend.search(query)})


def suggest(prefix: str, limit: int = 8) -> Outcome:
    return _with_fallback(lambda backend: {"suggestions": backend.suggest(prefix, limit)})


def facet_labels(results: SearchResults) -> dict[str, dict[str, str]]:
    """Display names of the facet values shown and selected, from what the apps registered."""
    values = {
        name: {str(v) for v, _n in results.facets.get(name, [])}
        | {str(v) for v in results.query.filters.get(name, [])}
        for name in FACETS
    }
    values.update(
        {
            name: values[name] | {getattr(h, name) for h in results.hits}
            for name in ("domain1", "domain2", "status")
        }
    )
    return registry.facet_labels(values)


def label(labels: dict, name: str, value) -> str:
    value = str(value)
    found = labels.get(name, {}).get(value)
    if found:
        return found
    return f"{value}年" if name == "year" else value
