"""The Elasticsearch 8 backend, through `elasticsearch.dsl`.

Analysis needs no server plugin: Chinese text is indexed as CJK bigrams (the
standard tokenizer, `cjk_width`, `lowercase`, `cjk_bigram`: the built-in `cjk`
analyzer without its English stop words) for recall; copies of titles and names
without punctuation (`*_compact`, with a `keyword` sub-field) and a `keyword`
sub-field of the domain names serve the exact and `match_phrase` boosts. Text is normalized in Python (`search.text.normalize`, the same as the
embedded backend) before it is sent, for documents and queries alike, because
the server-side ICU/OpenCC plugins are not available on a stock server.

Index naming: `<SEARCH_INDEX_PREFIX>-documents` is an alias; a rebuild creates
`<alias>-<timestamp>`, streams every document into it, then moves the alias in
one `update_aliases` call. While a rebuild runs, the new index also has the
alias `<alias>-building`, and single-document updates go to both. The mapping
is `dynamic: strict`: after an upgrade that adds fields, run `rebuild_search_index`.

This module keeps the index; `elastic_read.py` reads it (search, completion, spelling).
"""

import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, TransportError, helpers
from elasticsearch.dsl import analyzer, normalizer

from .. import query as query_model
from .. import spelling, text
from .base import SearchUnavailable, spares_collector, suggestion_weight
from .elastic_read import ElasticsearchReading

cjk_text = analyzer(
    "cjk_text", tokenizer="standard", filter=["cjk_width", "lowercase", "cjk_bigram"]
)
exact = normalizer("exact", filter=["lowercase"])
suggest_keyword = analyzer("suggest_keyword", tokenizer="keyword", filter=["lowercase"])

SETTINGS = {
    "number_of_shards": 1,
    "analysis": {
        "analyzer": {
            "cjk_text": cjk_text.get_definition(),
            "suggest_keyword": suggest_keyword.get_definition(),
        },
        "normalizer": {"exact": exact.get_definition()},
    },
}


def _text_with_exact():
    return {
        "type": "text",
        "analyzer": "cjk_text",
        "fields": {"exact": {"type": "keyword", "normalizer": "exact", "ignore_above": 256}},
    }


MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "key": {"type": "keyword"},
        "kind": {"type": "keyword"},
        "title": {"type": "text", "analyzer": "cjk_text"},
        "names": {"type": "text", "analyzer": "cjk_text"},
        # Title and names in the query model's `compact` form (no punctuation), for the
        # phrase and exact boosts only; `domains` is stored compact itself.
        "title_compact": _text_with_exact(),
        "names_compact": _text_with_exact(),
        "body": {"type": "text", "analyzer": "cjk_text"},
        "domains": _text_with_exact(),
        "places": {"type": "text", "analyzer": "cjk_text"},
        # The spelling lexicon (search.spelling.lexicon_words), read by the term suggester.
        "words": {"type": "keyword"},
        "domain1": {"type": "keyword"},
        "domain2": {"type": "keyword"},
        "district": {"type": "keyword"},
        "year": {"type": "integer"},
        "status": {"type": "keyword"},
        "date": {"type": "date"},
        "suggest": {"type": "completion", "analyzer": "suggest_keyword"},
        # What a result shows, as published (the searchable copies are normalized).
        "display": {"type": "object", "enabled": False},
    },
}


def client() -> Elasticsearch:
    """The configured client; SEARCH_ELASTICSEARCH_OPTIONS passes extra client arguments."""
    options = {"request_timeout": 10, "max_retries": 1, "retry_on_timeout": False}
    options.update(getattr(settings, "SEARCH_ELASTICSEARCH_OPTIONS", {}) or {})
    return Elasticsearch(settings.ELASTICSEARCH_URL, **options)


def prepare(doc: dict) -> dict:
    """The source of one Elasticsearch document (the same fields, normalized for search)."""
    names = doc.get("names") or []
    title = doc.get("title") or ""
    # Each title and name normalized once, for both of its forms.
    title_n = text.normalize(title)
    names_n = [text.normalize(n) for n in names]
    return {
        "key": doc["key"],
        "kind": doc["kind"],
        "title": query_model.phrase_of(title, title_n),
        "names": [query_model.phrase_of(n, nn) for n, nn in zip(names, names_n, strict=True)],
        "title_compact": query_model.compact(title, title_n),
        "names_compact": [query_model.compact(n, nn) for n, nn in zip(names, names_n, strict=True)],
        "body": text.normalize(doc.get("body")),
        "domains": [query_model.compact(d) for d in doc.get("domains") or []],
        "places": [text.normalize(p) for p in doc.get("places") or []],
        "words": sorted(spelling.lexicon_words(doc)),
        "domain1": doc.get("domain1") or None,
        "domain2": doc.get("domain2") or None,
        "district": doc.get("district") or None,
        "year": doc.get("year"),
        "status": doc.get("status") or None,
        "date": doc.get("date"),
        "suggest": {
            "input": list(text.suggest_inputs(title)),
            "weight": suggestion_weight(doc["kind"]),
        },
        "display": {"title": title, "names": names, "url": doc.get("url") or ""},
    }


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class ElasticsearchBackend(ElasticsearchReading):
    name = "elasticsearch"

    def __init__(self, es: Elasticsearch | None = None, alias: str | None = None):
        self._es = es
        self._ensured = False
        self.alias = alias or f"{settings.SEARCH_INDEX_PREFIX}-documents"

    @property
    def es(self) -> Elasticsearch:
        if self._es is None:
            self._es = client()
        return self._es

    @property
    def reader(self) -> Elasticsearch:
        """The client for searches: a short timeout, so a hung server costs little."""
        return self.es.options(request_timeout=settings.SEARCH_QUERY_TIMEOUT)

    @property
    def building_alias(self) -> str:
        return f"{self.alias}-building"

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (TransportError, ApiError) as exc:
            raise SearchUnavailable(f"Elasticsearch: {exc}") from exc

    # -- indices ---------------------------------------------------------------------

    def _create_index(self, name: str, aliases: dict | None = None, bulk_load: bool = False):
        index_settings = dict(SETTINGS)
        if bulk_load:
            index_settings.update({"refresh_interval": "-1", "number_of_replicas": 0})
        self._call(
            self.es.indices.create,
            index=name,
            settings=index_settings,
            mappings=MAPPINGS,
            aliases=aliases or {},
        )

    def ensure_index(self) -> None:
        """Create the first index behind the alias if there is none (a fresh installation)."""
        if self._ensured:  # checked once per process, not on every search
            return
        if not self._call(self.reader.indices.exists_alias, name=self.alias):
            self._create_index(f"{self.alias}-{time.time_ns()}", aliases={self.alias: {}})
        self._ensured = True

    def _write_targets(self) -> list[str]:
        self.ensure_index()
        targets = [self.alias]
        if self._call(self.es.indices.exists_alias, name=self.building_alias):
            targets.append(self.building_alias)
        return targets

    # -- writing ---------------------------------------------------------------------

    def index(self, docs: list[dict]) -> None:
        targets = self._write_targets()
        actions = [
            {"_index": target, "_id": doc["key"], "_source": prepare(doc)}
            for doc in docs
            for target in targets
        ]
        self._bulk(actions)

    def delete(self, keys: list[str]) -> None:
        targets = self._write_targets()
        actions = [
            {"_op_type": "delete", "_index": target, "_id": key}
            for key in keys
            for target in targets
        ]
        self._bulk(actions, ignore_status=(404,))

    def _bulk(self, actions: list, ignore_status=()) -> None:
        try:
            _ok, errors = helpers.bulk(
                self.es, actions, raise_on_error=False, ignore_status=ignore_status, refresh=True
            )
        except (TransportError, ApiError) as exc:
            raise SearchUnavailable(f"Elasticsearch: {exc}") from exc
        if errors:
            raise SearchUnavailable(f"Elasticsearch refused {len(errors)} documents: {errors[:3]}")

    @spares_collector
    def rebuild(self, docs: Iterable[dict], chunk_size: int = 2000, thread_count: int = 1) -> int:
        """Stream every document into a new index, then swap the alias atomically.

        This thread reads the records and prepares the next chunk while
        `thread_count` chunks are on their way to the server; memory stays flat
        at a few chunks. One in flight measured best (bench/reindex.py: 0.82 of
        a bare helpers.bulk; two concurrent bulks slowed the server down). Not `parallel_bulk`: it
        would consume the documents generator, hence the ORM, in a pool thread.
        """
        new = f"{self.alias}-{time.time_ns()}"
        for stale in self._indices_of(self.building_alias):
            self._call(self.es.indices.delete, index=stale)
        self._create_index(new, aliases={self.building_alias: {}}, bulk_load=True)
        count = 0
        try:
            with ThreadPoolExecutor(max_workers=thread_count) as pool:
                in_flight: deque = deque()
                for chunk in _chunks(docs, chunk_size):
                    actions = [
                        {"_index": new, "_id": d["key"], "_source": prepare(d)} for d in chunk
                    ]
                    in_flight.append(pool.submit(self._send, actions))
                    if len(in_flight) >= thread_count:
                        count += in_flight.popleft().result()
                while in_flight:
                    count += in_flight.popleft().result()
            self._call(self.es.indices.put_settings, index=new, settings={"refresh_interval": "1s"})
            self._call(self.es.indices.refresh, index=new)
            old = self._indices_of(self.alias)
            swap = [{"remove": {"index": name, "alias": self.alias}} for name in old]
            swap += [
                {"add": {"index": new, "alias": self.alias}},
                {"remove": {"index": new, "alias": self.building_alias}},
            ]
            self._call(self.es.indices.update_aliases, actions=swap)
        except BaseException:
            self.es.options(ignore_status=404).indices.delete(index=new)
            raise
        for name in old:
            self._call(self.es.options(ignore_status=404).indices.delete, index=name)
        return count

    def _send(self, actions: list) -> int:
        try:
            ok, errors = helpers.bulk(
                self.es,
                actions,
                chunk_size=len(actions),
                max_chunk_bytes=200 * 1024 * 1024,
                raise_on_error=False,
            )
        except (TransportError, ApiError) as exc:
            raise SearchUnavailable(f"Elasticsearch: {exc}") from exc
        if errors:
            raise SearchUnavailable(f"Elasticsearch refused {len(errors)} documents: {errors[:3]}")
        return ok

    def _indices_of(self, alias: str) -> list[str]:
        try:
            return list(self.es.indices.get_alias(name=alias).keys())
        except ApiError as exc:
            if (
                getattr(exc, "status_code", None) == 404
                or getattr(exc, "meta", None)
                and exc.meta.status == 404
            ):
                return []
            raise SearchUnavailable(f"Elasticsearch: {exc}") from exc
        except TransportError as exc:
            raise SearchUnavailable(f"Elasticsearch: {exc}") from exc

    def count(self) -> int:
        self.ensure_index()
        return self._call(self.es.count, index=self.alias)["count"]
