"""Benchmark: search relevance on a judged Chinese query set, ours on both backends vs baselines.

    .venv/bin/python bench/search_quality.py [--quick] [--corpus eval|demo]
        [--runners embedded,es,bm25,peer] [--show tune|all|none] [--dump FILE]

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

Held-out half: every evaluation query carries a `split` (`tune` or `held`, dealt by
a hash of the query in `build.py`, a query's variants with it). Figures are given
for both halves and for all; per-query lines are printed for the tuning half only
(`--show tune`, the default), so tuning never looks at a held-out query. Whoever
tunes the search reads the tuning half and the held-out totals, nothing more.
--runners limits the run (e.g. `embedded,bm25` while tuning); --dump writes the
per-query rankings (of the queries shown) as JSON lines.
"""

import argparse
import json
import os
import tempfile
from collections import defaultdict

from _search_eval import BigramBM25, load, ndcg_at_10, read_jsonl, recall_at_10
from _setup import django_setup, result_line

RUNNERS = ("embedded", "es", "bm25", "peer")
HALVES = ("tune", "held")


def eval_queries(keys: dict[str, str]) -> list[tuple[str, str, str, dict[str, int]]]:
    out = []
    for item in read_jsonl("queries.jsonl"):
        judged = {keys[doc_id]: grade for doc_id, grade in item["relevant"].items()}
        out.append((item["query"], item["kind"], item["split"], judged))
    return out


def demo_queries(docs: list[dict]) -> list[tuple[str, str, str, dict[str, int]]]:
    from _search_demo_judged import JUDGED, VARIANTS, grades

    out = [(q, "demo", "tune", grades(j, docs)) for q, j in JUDGED.items()]
    out += [(v, "variant", "tune", grades(JUDGED[plain], docs)) for v, plain in VARIANTS.items()]
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


def report(rows: list[dict], runners: list[str], title: str) -> dict[str, dict[str, float]]:
    """Print per-kind and overall means; returns {metric: {runner: mean}}."""
    if not rows:
        return {metric: dict.fromkeys(runners, 0.0) for metric in ("ndcg", "recall", "zero")}
    by_kind = defaultdict(list)
    for row in rows:
        by_kind[row["kind"]].append(row)
    print(f"\n{title} ({len(rows)} queries)")
    print(f"{'kind':<18}{'n':>4} " + "".join(f"{'ndcg_' + r:>15}" for r in runners))
    for kind, group in by_kind.items():
        means = [sum(x["ndcg"][r] for x in group) / len(group) for r in runners]
        print(f"{kind:<18}{len(group):>4} " + "".join(f"{m:>15.3f}" for m in means))
    overall = {}
    for metric in ("ndcg", "recall", "zero"):
        overall[metric] = {r: sum(x[metric][r] for x in rows) / len(rows) for r in runners}
    for metric, label in (("ndcg", "nDCG@10"), ("recall", "recall@10"), ("zero", "zero-result")):
        values = ", ".join(f"{r} {overall[metric][r]:.3f}" for r in runners)
        print(f"mean {label}: {values}")
    return overall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--corpus", choices=("eval", "demo"), default="eval")
    parser.add_argument("--runners", default=",".join(RUNNERS))
    parser.add_argument("--show", choices=("tune", "all", "none"), default="tune")
    parser.add_argument("--dump", default="")
    args = parser.parse_args()
    wanted = [r for r in RUNNERS if r in args.runners.split(",")]
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

    server = OsmemServer.start() if "es" in wanted else None
    rows = []
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None
    try:

        def ours(backend):
            return lambda q: [h.key for h in backend.search(SearchQuery(q=q, per_page=10)).hits]

        runners = {}
        if "embedded" in wanted:
            embedded = EmbeddedBackend()
            embedded.rebuild(docs)
            runners["embedded"] = ours(embedded)
        if server is not None:
            es = Elasticsearch(server.url, node_class=OsmemCompatibleNode, request_timeout=60)
            elastic = ElasticsearchBackend(es=es, alias="bench-quality")
            elastic.rebuild(docs)
            runners["es"] = ours(elastic)
        if "bm25" in wanted:
            runners["bm25"] = BigramBM25(docs).search
        if "peer" in wanted:
            runners["peer"] = make_peer()
        print(f"{'query':<28}{'kind':<16}" + "".join(f"{r:>10}" for r in wanted) + "  judged")
        for q, kind, half, judged in queries:
            row = {"kind": kind, "half": half, "ndcg": {}, "recall": {}, "zero": {}}
            ranked_by = {}
            for name, run in runners.items():
                ranked = ranked_by[name] = run(q)
                row["ndcg"][name] = ndcg_at_10(ranked, judged)
                row["recall"][name] = recall_at_10(ranked, judged)
                row["zero"][name] = 0.0 if ranked else 1.0
            rows.append(row)
            if args.show == "all" or (args.show == "tune" and half == "tune"):
                print(
                    f"{q[:26]:<28}{kind:<16}"
                    + "".join(f"{row['ndcg'][r]:>10.3f}" for r in wanted)
                    + f"  {len(judged)}"
                )
                if dump:
                    line = {"query": q, "kind": kind, "judged": judged, "ranked": ranked_by}
                    dump.write(json.dumps({**line, "ndcg": row["ndcg"]}, ensure_ascii=False))
                    dump.write("\n")
    finally:
        if server is not None:
            server.close()
        if dump:
            dump.close()
    overall = report(rows, wanted, "all queries")
    halves = {}
    if args.corpus == "eval":
        for half in HALVES:
            label = "tuning half" if half == "tune" else "held-out half"
            halves[half] = report([r for r in rows if r["half"] == half], wanted, label)
    ndcg = overall["ndcg"]
    if "bm25" in wanted:
        ratios = ", ".join(
            f"{r}/bm25 {ndcg[r] / max(ndcg['bm25'], 1e-9):.2f}x" for r in wanted if r != "bm25"
        )
        print(ratios)
    figures = {"corpus": args.corpus, "queries": len(rows)}
    for metric in ("ndcg", "recall", "zero"):
        for runner in wanted:
            if metric != "ndcg" and runner == "peer":
                continue
            figures[f"{metric}_{runner}"] = overall[metric][runner]
    for half, results in halves.items():
        for metric in ("ndcg", "recall", "zero"):
            for runner in wanted:
                if runner != "peer":
                    figures[f"{metric}_{runner}_{half}"] = results[metric][runner]
    print(result_line(**figures))


if __name__ == "__main__":
    main()
