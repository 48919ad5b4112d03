"""The search interface both backends implement: a query in, results with facets out.

`SearchBackend.search()` and `.suggest()` are written here once: parse the query
(`search.query`), let the backend run it, and if nothing matched, run the
spelling correction (`search.spelling`) and the corrected query. A backend
implements `run()` (one parsed query), `similar_words()` (its lexicon) and
`complete()` (prefix completion, exact or with one wrong character).
"""

import functools
import gc
from dataclasses import dataclass, field

from .. import query as query_model
from .. import registry, spelling, text


def spares_collector(method):
    """Runs a bulk method with what the process had already loaded frozen (`gc.freeze`):
    the collector's full sweeps, which fall due ever more often while a rebuild
    allocates, then walk only what the rebuild made, not the whole of Django and the
    process's caches (measured: an embedded rebuild of 10,900 documents about a sixth
    faster). Unfrozen afterwards, so nothing escapes collection for good; left alone in
    a process that froze its objects itself (gunicorn.conf.py: unfreezing would undo it)."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        if gc.get_freeze_count():
            return method(*args, **kwargs)
        gc.freeze()
        try:
            return method(*args, **kwargs)
        finally:
            gc.unfreeze()

    return wrapper


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
    corrected: str = ""  # the query that was run instead, when the typed one found nothing

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


@dataclass
class Suggestion:
    text: str
    kind: str
    url: str


# Typeahead tolerates one wrong character from this many characters typed on.
FUZZY_MIN_LENGTH = 3
FUZZY_MAX_LENGTH = 20


def empty_results(query: SearchQuery) -> SearchResults:
    return SearchResults(query, 0, [], {name: [] for name in FACETS})


class SearchBackend:
    name = "base"

    def search(self, query: SearchQuery) -> SearchResults:
        parsed = query_model.parse(query.q)
        if query.q.strip() and not parsed.words:
            return empty_results(query)
        results = self.run(parsed, query)
        if not parsed.words:
            return results
        # Nothing found, or (first page by relevance) nothing that has every word: a word
        # may be misspelt. The correction is used only if it finds a document with every
        # word of the corrected query (a two-character word one edit away is a guess).
        partial = (
            len(parsed.counted) > 1
            and query.page == 1
            and query.sort == "relevance"
            and coverage(results) < len(parsed.counted)
        )
        if results.total == 0 or partial:
            corrected = spelling.correct(query.q, self)
            if corrected:
                parsed_again = query_model.parse(corrected)
                again = self.run(parsed_again, query)
                if again.total and coverage(again) >= len(parsed_again.counted):
                    again.corrected = corrected
                    return again
        return results

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        """Titles and names starting with the prefix; then those one character off."""
        prefix = text.normalize(prefix).strip()
        if not prefix:
            return []
        found = self.complete(prefix, limit, fuzzy=False)
        if len(found) < limit and FUZZY_MIN_LENGTH <= len(prefix) <= FUZZY_MAX_LENGTH:
            seen = {s.text for s in found}
            for suggestion in self.complete(prefix, limit, fuzzy=True):
                if suggestion.text not in seen:
                    seen.add(suggestion.text)
                    found.append(suggestion)
        return found[:limit]

    def run(self, parsed: "query_model.ParsedQuery", query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def similar_words(self, words: list[str]) -> dict[str, list[tuple[str, int]]]:
        """For each word not in the index's lexicon: lexicon words about one edit away, with
        their document counts. Words the lexicon has are left out."""
        raise NotImplementedError

    def complete(self, prefix: str, limit: int, fuzzy: bool) -> list[Suggestion]:
        raise NotImplementedError

    def matching(self, words: list[str]) -> set[str]:
        """The words that match at least one document (spelling leaves those alone)."""
        raise NotImplementedError


def coverage(results: SearchResults) -> int:
    """How many query words the best hit matched (the model's score counts TIER per word)."""
    if not results.hits or results.hits[0].score is None:
        return 0
    return int(results.hits[0].score // query_model.TIER)

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

    doc_type = registry.get(kind)
    return doc_type.weight if doc_type else 0
