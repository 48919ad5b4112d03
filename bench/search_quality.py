"""Benchmark: search relevance on a judged Chinese query set, ours on both backends vs baselines.

    .venv/bin/python bench/search_quality.py [--quick] [--corpus eval|demo]

--corpus eval (the default): the evaluation set in bench/data/search_eval/ (84
organizations, 610 listings, 12 notices written like real ones; 100+ queries of
the kinds people type, each judged by intent; see its README.md), loaded through
the real models into a throw-away SQLite database (`_search_eval.load`).
--corpus demo: the demo data (`manage.py load_demo`) with the judgments of
`_search_demo_judged.py` (an easy corpus: its titles are built from the domain names).

The documents are the platform's own (`search.registry.all_documents()`), indexed by
  - our embedded backend (SQLite FTS5 + jieba),
  - our Elasticsearch backend on osmem-server (the in-memory OpenSearch-compatible
    server the tests use, through the tests' header adapter),
and measured in the same run against two baselines:
  - bm25: a plain character-bigram BM25 over the same documents' title, names and
    body (`_search_eval.BigramBM25`, k1=1.2 b=0.75, untuned),
  - peer: Wagtail's own database search backend (`modelsearch`) over the records it
    indexes (listings and notice pages; it has no providers).

Figures: nDCG@10 (graded 2/1, exponential gain), recall@10 of the grade-2
documents (out of at most ten) and the zero-result rate, overall and per query
kind. --quick runs every fourth query.
"""

import argparse
import os
import tempfile
from collections import defaultdict

from _search_eval import BigramBM25, load, ndcg_at_10, read_jsonl, recall_at_10
from _setup import django_setup, result_line

RUNNERS = ("embedded", "es", "bm25", "peer")


def eval_queries(keys: dict[str, str]) -> list[tuple[str, str, dict[str, int]]]:
    out = []
    for item in read_jsonl("queries.jsonl"):
        judged = {keys[doc_id]: grade for doc_id, grade in item["relevant"].items()}
        out.append((item["query"], item["kind"], judged))
    return out


def demo_queries(docs: list[dict]) -> list[tuple[str, str, dict[str, int]]]:
    from _search_demo_judged import JUDGED, VARIANTS, grades

    out = [(q, "demo", grades(j, docs)) for q, j in JUDGED.items()]
    out += [(v, "variant", grades(JUDGED[plain], docs)) for v, plain in VARIANTS.items()]
    return out


def make_peer():
    from _peer import index_listings, peer_models
    from wagtail.search.backends import get_search_backend

    from notices.models import AnnouncementPage, PolicyPage

    peer = get_search_backend()
    index_listings(peer)  # pages are in Wagtail's index already (wagtail_update_index)
    listings = peer_models()
    models = {
        "demand": listings["demand"].objects.filter(live=True),
        "supply": listings["supply"].objects.filter(live=True),
        "policy": PolicyPage.objects.live(),
        "announcement": AnnouncementPage.objects.live(),
    }

    def run(q):
        scored = []
        for kind, queryset in models.items():
            for obj in peer.search(q, queryset)[:10].annotate_score("_score"):
                scored.append((obj._score or 0, f"{kind}:{obj.pk}"))
        return [key for _score, key in sorted(scored, reverse=True)][:10]

    return run


def report(rows: list[dict]) -> dict[str, dict[str, float]]:
    """Print per-kind and overall means; returns {metric: {runner: mean}}."""
    by_kind = defaultdict(list)
    for row in rows:
        by_kind[row["kind"]].append(row)
    print(f"\n{'kind':<18}{'n':>4} " + "".join(f"{'ndcg_' + r:>15}" for r in RUNNERS))
    for kind, group in by_kind.items():
        means = [sum(x["ndcg"][r] for x in group) / len(group) for r in RUNNERS]
        print(f"{kind:<18}{len(group):>4} " + "".join(f"{m:>15.3f}" for m in means))
    overall = {}
    for metric in ("ndcg", "recall", "zero"):
        overall[metric] = {r: sum(x[metric][r] for x in rows) / len(rows) for r in RUNNERS}
    for metric, label in (("ndcg", "nDCG@10"), ("recall", "recall@10"), ("zero", "zero-result")):
        values = ", ".join(f"{r} {overall[metric][r]:.3f}" for r in RUNNERS)
        print(f"mean {label}: {values}")
    return overall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--corpus", choices=("eval", "demo"), default="eval")
    args = parser.parse_args()
    os.environ["SEARCH_EMBEDDED_PATH"] = os.path.join(
        tempfile.mkdtemp(prefix="gxpt-bench-quality-"), "search.sqlite3"
    )
    django_setup()
    from django.core.management import call_command
    from elasticsearch import Elasticsearch
    from osmem_server import OsmemServer

    from search import registry
    from search.backends.base import SearchQuery
    from search.backends.elastic import ElasticsearchBackend
    from search.backends.embedded import EmbeddedBackend
    from tests.search.es_adapter import OsmemCompatibleNode

    devnull = open(os.devnull, "w")
    keys = {}
    if args.corpus == "eval":
        keys = load()
    else:
        call_command("load_demo", stdout=devnull)
    call_command("wagtail_update_index", stdout=devnull)
    docs = list(registry.all_documents())
    kinds = defaultdict(int)
    for doc in docs:
        kinds[doc["kind"]] += 1
    print(f"{args.corpus} corpus: {len(docs)} documents {dict(kinds)}")
    queries = eval_queries(keys) if args.corpus == "eval" else demo_queries(docs)
    if args.quick:
        queries = queries[::4]

    embedded = EmbeddedBackend()
    embedded.rebuild(docs)
    bm25 = BigramBM25(docs)
    server = OsmemServer.start()
    rows = []
    try:
        es = Elasticsearch(server.url, node_class=OsmemCompatibleNode, request_timeout=60)
        elastic = ElasticsearchBackend(es=es, alias="bench-quality")
        elastic.rebuild(docs)

        def ours(backend):
            return lambda q: [h.key for h in backend.search(SearchQuery(q=q, per_page=10)).hits]

        runners = {
            "embedded": ours(embedded),
            "es": ours(elastic),
            "bm25": bm25.search,
            "peer": make_peer(),
        }
        print(f"{'query':<28}{'kind':<16}" + "".join(f"{r:>10}" for r in RUNNERS) + "  judged")
        for q, kind, judged in queries:
            row = {"kind": kind, "ndcg": {}, "recall": {}, "zero": {}}
            for name, run in runners.items():
                ranked = run(q)
                row["ndcg"][name] = ndcg_at_10(ranked, judged)
                row["recall"][name] = recall_at_10(ranked, judged)
                row["zero"][name] = 0.0 if ranked else 1.0
            rows.append(row)
            print(
                f"{q[:26]:<28}{kind:<16}"
                + "".join(f"{row['ndcg'][r]:>10.3f}" for r in RUNNERS)
                + f"  {len(judged)}"
            )
    finally:
        server.close()
    overall = report(rows)
    ndcg, recall, zero = overall["ndcg"], overall["recall"], overall["zero"]
    print(
        f"embedded/bm25 {ndcg['embedded'] / max(ndcg['bm25'], 1e-9):.2f}x, "
        f"es/bm25 {ndcg['es'] / max(ndcg['bm25'], 1e-9):.2f}x, "
        f"embedded/peer {ndcg['embedded'] / max(ndcg['peer'], 1e-9):.1f}x"
    )
    print(
        result_line(
            corpus=args.corpus,
            queries=len(rows),
            ndcg_embedded=ndcg["embedded"],
            ndcg_es=ndcg["es"],
            ndcg_bm25=ndcg["bm25"],
            ndcg_peer=ndcg["peer"],
            recall_embedded=recall["embedded"],
            recall_es=recall["es"],
            recall_bm25=recall["bm25"],
            zero_embedded=zero["embedded"],
            zero_es=zero["es"],
            zero_bm25=zero["bm25"],
        )
    )


if __name__ == "__main__":
    main()
