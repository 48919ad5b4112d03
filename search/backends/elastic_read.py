"""Reading the Elasticsearch index: the query model in the DSL, completion and spelling.

A mixin of `ElasticsearchBackend` (which owns the client and the index). The
translation keeps `search.query`'s rules: a word is a `bool` of its terms (a
term: `cross_fields` with `operator: and` over the weighted text fields — every
part in some field, as FTS5's AND across columns); each matched word adds
`TIER` through a `constant_score`, each word matched by its own terms `LITERAL`,
and the phrase and exact boosts are `constant_score` clauses too, so the
constants add exactly as in the FTS5 score. BM25 of the words' own terms (not
their synonyms) decides inside a tier.
"""

from elasticsearch.dsl import Q, Search

from .. import query as query_model
from .. import text
from ..query import ParsedQuery, Term, Word
from .base import FACETS, Hit, SearchBackend, SearchQuery, SearchResults, Suggestion

FACET_SIZE = 100
SNIPPET_LENGTH = 120
FIELDS = [f"{name}^{weight:g}" for name, weight in query_model.FIELD_WEIGHTS.items()]


def term_query(term: Term) -> Q:
    return Q(
        "multi_match",
        query=" ".join(term.parts),
        fields=FIELDS,
        type="cross_fields",
        operator="and",
    )


def word_query(word: Word, literal_only: bool = False) -> Q:
    terms = [t for t in word.terms if t.own or not literal_only]
    return Q("bool", should=[term_query(t) for t in terms], minimum_should_match=1)


def constant(query: Q, boost: float) -> Q:
    return Q("constant_score", filter=query, boost=boost)


def text_query(parsed: ParsedQuery) -> Q:
    counted = parsed.counted
    # A word's own wording: its BM25 (its dictionary terms decide the tier) and its LITERAL.
    own = {w: word_query(w, literal_only=True) for w in parsed.words}
    words = [
        Q("bool", must=[constant(word_query(w), query_model.TIER)], should=[own[w]])
        for w in counted
    ]
    weak = [own[w] for w in parsed.words if w not in counted]
    literal = [
        constant(own[w], query_model.LITERAL) for w in counted if not all(t.own for t in w.terms)
    ]
    boosts = []
    if parsed.phrase:
        # Inside a domain name: all of a word's bigrams in the domains field (FTS5: a substring).
        inside = [
            Q("match", domains={"query": word, "operator": "and"}) for word in parsed.domain_words()
        ]
        boosts += [
            constant(Q("term", **{"domains.exact": parsed.phrase}), query_model.EXACT_DOMAIN),
            constant(Q("bool", should=inside, minimum_should_match=1), query_model.IN_DOMAIN),
            constant(Q("term", **{"title_compact.exact": parsed.phrase}), query_model.EXACT_TITLE),
            constant(Q("match_phrase", title_compact=parsed.phrase), query_model.PHRASE_IN_TITLE),
            constant(Q("term", **{"names_compact.exact": parsed.phrase}), query_model.EXACT_NAME),
            constant(Q("match_phrase", names_compact=parsed.phrase), query_model.PHRASE_IN_NAMES),
        ]
    return Q(
        "bool",
        must=[Q("bool", should=words, minimum_should_match=parsed.minimum_match)],
        should=weak + literal + boosts,
    )


class ElasticsearchReading(SearchBackend):
    def _search_object(self, parsed: ParsedQuery, query: SearchQuery) -> Search:
        s = Search(using=self.reader, index=self.alias)
        if parsed.words:
            s = s.query(text_query(parsed))
            terms = " ".join(parsed.highlight_terms())
            s = s.highlight_options(
                type="unified",
                pre_tags=["<mark>"],
                post_tags=["</mark>"],
                encoder="html",
                highlight_query=Q("multi_match", query=terms, fields=["title", "body"]).to_dict(),
            )
            s = s.highlight("title", number_of_fragments=0)
            s = s.highlight("body", fragment_size=SNIPPET_LENGTH, number_of_fragments=1)
        for name in FACETS:
            values = query.filters.get(name)
            if values:
                s = s.filter("terms", **{name: list(values)})
            s.aggs.bucket(name, "terms", field=name, size=FACET_SIZE)
        if query.sort == "date" or not parsed.words:
            s = s.sort({"date": {"order": "desc", "missing": "_last"}}, "_score", {"key": "desc"})
        else:
            s = s.sort("_score", {"key": "desc"})
        s = s.extra(track_total_hits=True)
        s = s.source(
            [
                "key",
                "kind",
                "body",
                "domain1",
                "domain2",
                "district",
                "year",
                "status",
                "date",
                "display",
            ]
        )
        return s[query.offset : query.offset + query.per_page]

    def run(self, parsed: ParsedQuery, query: SearchQuery) -> SearchResults:
        self.ensure_index()
        response = self._call(self._search_object(parsed, query).execute)
        terms = parsed.highlight_terms()
        hits = [self._hit(hit, terms) for hit in response.hits]
        facets = {
            name: sorted(
                ((str(b.key), b.doc_count) for b in getattr(response.aggregations, name).buckets),
                key=lambda item: (-item[1], item[0]),
            )
            for name in FACETS
        }
        return SearchResults(query, response.hits.total.value, hits, facets)

    @staticmethod
    def _hit(hit, terms: list[str]) -> Hit:
        source = hit.to_dict()
        display = source.get("display", {})
        names = text.other_names(display.get("names"), display.get("title"))
        highlight = getattr(hit.meta, "highlight", None)
        title = (
            highlight.title[0]
            if highlight is not None and "title" in highlight
            else text.highlight(display.get("title", ""), terms)
        )
        if highlight is not None and "body" in highlight:
            snippet = highlight.body[0]
        else:
            body = source.get("body") or ""
            snippet = text.highlight(
                " ".join(names) + " " + body if terms and names else body,
                terms,
                length=SNIPPET_LENGTH,
            )
        return Hit(
            key=source["key"],
            kind=source["kind"],
            title=title,
            snippet=snippet,
            url=display.get("url", ""),
            date=source.get("date"),
            district=source.get("district") or "",
            year=source.get("year"),
            status=source.get("status") or "",
            domain1=source.get("domain1") or "",
            domain2=source.get("domain2") or "",
            names=names,
            score=hit.meta.score,
        )

    def complete(self, prefix: str, limit: int, fuzzy: bool) -> list[Suggestion]:
        self.ensure_index()
        completion = {"field": "suggest", "size": limit * 4, "skip_duplicates": True}
        if fuzzy:
            completion["fuzzy"] = {
                "fuzziness": 1,
                "prefix_length": 0,
                "min_length": 2,
                "transpositions": False,
                "unicode_aware": True,
            }
        body = {
            "suggest": {"titles": {"prefix": prefix, "completion": completion}},
            "_source": ["kind", "display"],
        }
        response = self._call(self.reader.search, index=self.alias, **body)
        seen, suggestions = set(), []
        for option in response["suggest"]["titles"][0]["options"]:
            source = option.get("_source", {})
            title = source.get("display", {}).get("title", "")
            if not title or title in seen:
                continue
            seen.add(title)
            suggestions.append(
                Suggestion(
                    text=title, kind=source.get("kind", ""), url=source["display"].get("url", "")
                )
            )
            if len(suggestions) >= limit:
                break
        return suggestions

    def matching(self, words: list[str]) -> set[str]:
        self.ensure_index()
        found = set()
        for word in words:
            # The word as typed: its bigrams in some field.
            must = word_query(Word(word, (Term((word,)),)))
            if self._call(self.reader.count, index=self.alias, query=must.to_dict())["count"]:
                found.add(word)
        return found

    def similar_words(self, words: list[str]) -> dict[str, list[tuple[str, int]]]:
        self.ensure_index()
        suggest = {
            f"w{i}": {
                "text": word,
                "term": {
                    "field": "words",
                    "analyzer": "suggest_keyword",
                    "suggest_mode": "missing",
                    "max_edits": 1,
                    "prefix_length": 0,
                    "min_word_length": 2,
                    "size": 10,
                },
            }
            for i, word in enumerate(words)
        }
        response = self._call(self.reader.search, index=self.alias, suggest=suggest, size=0)
        found = {}
        for i, word in enumerate(words):
            options = [
                (option["text"], option.get("freq", 0))
                for entry in response["suggest"].get(f"w{i}", [])
                for option in entry.get("options", [])
            ]
            if options:
                found[word] = options
        return found
