"""Benchmark: full rebuild of the Elasticsearch index against a bare `helpers.bulk` of the same documents.

    .venv/bin/python bench/reindex.py [--quick]

Generates 100,000 listings (--quick: 10,000) in a throw-away SQLite database and
starts osmem-server (the in-memory Elasticsearch-compatible server of the tests,
through the tests' header adapter). Then, in the same run against the same server:
  1. ours: `ElasticsearchBackend.rebuild(registry.all_documents())` — reads the
     records, builds and normalizes each document, streams 2,000-document chunks
     into a new index and swaps the alias;
  2. the baseline: the same documents prepared beforehand in memory, sent with a
     bare `helpers.bulk` (2,000-document chunks) into a fresh index of the same mapping.
Memory: growth of this process's peak resident set size during our rebuild
(before the baseline builds its in-memory list): flat means a few chunks.
"""

import argparse
import os
import random
import resource
import tempfile
import time

from _setup import django_setup, result_line


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--threads", type=int, default=1, help="chunks in flight during our rebuild"
    )
    args = parser.parse_args()
    count = 10_000 if args.quick else 100_000
    os.environ["SEARCH_EMBEDDED_PATH"] = os.path.join(
        tempfile.mkdtemp(prefix="gxpt-bench-reindex-"), "search.sqlite3"
    )
    django_setup()
    from _search_corpus import make_base, make_listings
    from elasticsearch import Elasticsearch, helpers
    from osmem_server import OsmemServer

    from search import registry
    from search.backends.elastic import MAPPINGS, SETTINGS, ElasticsearchBackend, prepare
    from tests.search.es_adapter import OsmemCompatibleNode

    make_base(random.Random(1))
    make_listings(count - 400)  # plus the 400 providers: `count` documents
    docs = sum(1 for _ in registry.all_documents())
    print(f"corpus: {docs} documents")

    server = OsmemServer.start(japanese=False)
    try:
        es = Elasticsearch(server.url, node_class=OsmemCompatibleNode, request_timeout=300)
        ours = ElasticsearchBackend(es=es, alias="bench-reindex")

        before = rss_mb()
        start = time.perf_counter()
        indexed = ours.rebuild(registry.all_documents(), thread_count=args.threads)
        ours_s = time.perf_counter() - start
        peak = rss_mb() - before
        assert indexed == docs and ours.count() == docs
        print(
            f"ours: {indexed} documents in {ours_s:.1f} s ({indexed / ours_s:.0f}/s), peak RSS growth {peak:.0f} MB"
        )
        es.indices.delete(index="bench-reindex-*")  # free the server's memory for the baseline

        prepared = [
            {"_index": "bench-bare", "_id": d["key"], "_source": prepare(d)}
            for d in registry.all_documents()
        ]
        es.indices.create(
            index="bench-bare",
            settings={**SETTINGS, "refresh_interval": "-1", "number_of_replicas": 0},
            mappings=MAPPINGS,
        )
        start = time.perf_counter()
        ok, errors = helpers.bulk(es, prepared, chunk_size=2000, max_chunk_bytes=200 * 1024 * 1024)
        es.indices.refresh(index="bench-bare")
        bare_s = time.perf_counter() - start
        assert ok == docs and not errors
        print(f"bare helpers.bulk: {ok} prepared documents in {bare_s:.1f} s ({ok / bare_s:.0f}/s)")
    finally:
        server.close()
    ours_rate, bare_rate = indexed / ours_s, docs / bare_s
    print(f"ratio ours/bare: {ours_rate / bare_rate:.2f}")
    print(
        result_line(
            docs=docs,
            docs_per_s=ours_rate,
            bare_bulk_docs_per_s=bare_rate,
            ratio=ours_rate / bare_rate,
            peak_mb=peak,
        )
    )


if __name__ == "__main__":
    main()
