"""Benchmark: query latency of the embedded search backend at 100,000 listings + 5,000 notices.

    .venv/bin/python bench/search_speed.py [--quick] [--no-peer]

Builds a generated corpus in a throw-away SQLite database (bench/_search_corpus.py),
indexes it into our embedded index (SQLite FTS5 + jieba segmentation) and into
the peer, Wagtail's own database search backend (`modelsearch`, SQLite FTS5),
then runs the same query mix on both: Chinese queries, each with two facet
filters (kind or year, and district), top 10 by relevance plus facet counts.
Ours returns counts for all six facets; the peer is asked for its total and one
facet (year) on the listing models it indexes — less work than ours — and, as
it cannot filter by district (not one of its FilterFields), without that filter.
--no-peer measures ours only (to compare two versions of our code quickly).
"""

import argparse
import gc
import os
import random
import tempfile
import time

from _setup import django_setup, median, percentile, result_line

QUERIES = [
    "居家照护",
    "垃圾分类",
    "心理咨询",
    "困境儿童",
    "社区托育",
    "法律援助",
    "养老",
    "康复",
    "社工督导",
    "居民自治",
    "失智老人",
    "婚姻家庭",
    "青少年",
    "助餐",
    "精神障碍",
    "低保",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args()
    listings, notices = (10_000, 500) if args.quick else (100_000, 5_000)
    os.environ["SEARCH_EMBEDDED_PATH"] = os.path.join(
        tempfile.mkdtemp(prefix="gxpt-bench-search-"), "search.sqlite3"
    )
    django_setup()

    from _peer import index_listings, peer_models
    from _search_corpus import make_base, make_listings, make_notices
    from wagtail.search.backends import get_search_backend

    from catalog.models import District
    from notices.models import AnnouncementPage, PolicyPage
    from search import registry
    from search.backends.base import SearchQuery
    from search.backends.embedded import EmbeddedBackend

    t = time.perf_counter()
    make_base(random.Random(1))
    make_listings(listings)
    make_notices(notices)  # Wagtail indexes pages into the peer as they are saved
    print(f"corpus: {listings} listings, {notices} notices in {time.perf_counter() - t:.0f} s")

    t = time.perf_counter()
    ours = EmbeddedBackend()
    docs = ours.rebuild(registry.all_documents())
    rebuild_s = time.perf_counter() - t
    print(f"ours: indexed {docs} documents in {rebuild_s:.1f} s")

    if not args.no_peer:
        t = time.perf_counter()
        peer = get_search_backend()
        index_listings(peer)
        PeerDemand, PeerSupply = peer_models()["demand"], peer_models()["supply"]
        print(f"peer: indexed listings in {time.perf_counter() - t:.0f} s")

    rng = random.Random(5)
    districts = list(District.objects.values_list("name", flat=True))
    mix = []
    for n in range(200):
        q = QUERIES[n % len(QUERIES)]
        district = rng.choice(districts)
        if n % 2:
            mix.append((q, {"kind": ["demand"], "district": [district]}))
        else:
            mix.append((q, {"year": [rng.choice(range(2019, 2026))], "district": [district]}))

    def run_ours(q, filters):
        results = ours.search(SearchQuery(q=q, filters=filters))
        return results.total

    def run_peer(q, filters):
        total = 0
        models = [PeerDemand] if filters.get("kind") == ["demand"] else [PeerDemand, PeerSupply]
        for model in models:
            # The peer cannot filter on district (not a FilterField of the listings): it is
            # asked for the live listings of the year instead, a larger result set.
            queryset = model.objects.filter(live=True)
            if "year" in filters:
                queryset = queryset.filter(year=filters["year"][0])
            results = peer.search(q, queryset)
            list(results[:10])
            total += results.count()
            results.facet("year")
        if "year" not in filters:  # notices are pages: the peer searches them too
            for model in (PolicyPage, AnnouncementPage):
                list(peer.search(q, model.objects.live())[:10])
        return total

    # What the benchmark built stays in memory: frozen, so that the collector's sweeps of
    # it do not land in whichever query runs when they fall due (the servers freeze what
    # they load before forking, gunicorn.conf.py).
    gc.collect()
    gc.freeze()
    figures = {}
    runners = [("ours", run_ours)] if args.no_peer else [("ours", run_ours), ("peer", run_peer)]
    for name, run in runners:
        for q, filters in mix[:10]:  # warm-up
            run(q, filters)
        timings, hits = [], 0
        for q, filters in mix:
            start = time.perf_counter()
            hits += run(q, filters) > 0
            timings.append((time.perf_counter() - start) * 1000)
        figures[name] = (median(timings), percentile(timings, 0.95), hits)
        print(
            f"{name}: median {figures[name][0]:.1f} ms, p95 {figures[name][1]:.1f} ms, "
            f"{hits}/{len(mix)} queries with results"
        )
    result = {
        "docs": docs,
        "rebuild_s": rebuild_s,
        "median_ms": figures["ours"][0],
        "p95_ms": figures["ours"][1],
    }
    if "peer" in figures:
        print(
            f"ratio peer/ours: median {figures['peer'][0] / figures['ours'][0]:.1f}x, "
            f"p95 {figures['peer'][1] / figures['ours'][1]:.1f}x"
        )
        result.update(peer_median_ms=figures["peer"][0], peer_p95_ms=figures["peer"][1])
    print(result_line(**result))


if __name__ == "__main__":
    main()
