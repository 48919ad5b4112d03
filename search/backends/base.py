"""The search interface both backends implement: a query in, results with facets out."""

from dataclasses import dataclass, field

# Filterable fields, each with facet counts in every result.
FACETS = ("kind", "domain1", "domain2", "district", "year", "status")
SORTS = ("relevance", "date")
MAX_PER_PAGE = 50


class SearchUnavailable(Exception):
    """The search server cannot be reached or refused the request."""


@dataclass
class SearchQuery:
    q: str = ""
    filters: dict[str, list] = field(default_factory=dict)  # facet field -> accepted values
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass
class Hit:
    key: str
    kind: str
    title: str  # HTML: escaped, matched terms in <mark>
    snippet: str  # HTML, likewise
    url: str
    date: str | None
    district: str
    year: int | None
    status: str
    domain1: str
    domain2: str
    names: list[str]
    score: float | None = None


@dataclass
class SearchResults:
    query: SearchQuery
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]  # field -> [(value, count)], by count

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


@dataclass
class Suggestion:
    text: str
    kind: str
    url: str


class SearchBackend:
    name = "base"

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        raise NotImplementedError

    def index(self, docs: list[dict]) -> None:
        raise NotImplementedError

    def delete(self, keys: list[str]) -> None:
        raise NotImplementedError

    def rebuild(self, docs) -> int:
        """Index every document into a fresh index, then swap it in atomically; returns the count."""
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError


def suggestion_weight(kind: str) -> int:
    from .. import registry

    doc_type = registry.get(kind)
    return doc_type.weight if doc_type else 0
