"""Benchmark: matching one demand listing over 20,000 providers and 100,000 supply listings.

    .venv/bin/python bench/matching.py [--quick] [--providers N] [--listings M] [--repeat R] [--no-text]

Builds N providers (20,000; --quick 2,000) over the 16 districts with M published supply
listings (100,000; --quick 10,000) spread over every service domain, a tenth of them
purchased before, credit events on every 9th provider, inspections, contracted and
evaluated demand listings, and a few open demand listings; indexes the supply listings
in the embedded search index (the text-similarity part; --no-text skips it). Then, in
the same run, R times each (median):
  - ours: `matching.facts.match_demand` for one demand listing (every score part, the
    search query, the ranking), in-process;
  - the baseline: the bare aggregated query of the same domain family's supply listings
    (one GROUP BY, no scoring): what a single SQL statement costs on this data.
Ours is measured twice: as the screens run it (the domain family's provider facts kept
in the process between rankings until something they are made of changes, see
matching.facts.family_facts) and cold (that cache and the cached text answer cleared
before every call, as right after a change). Prints the medians, the number of queries
per match (the same for both sizes) and the ratio of ours (warm) to the baseline.
Target: median under 50 ms.
"""

import argparse
import datetime
import os
import random
import tempfile
import time

from _setup import django_setup, median, result_line


def build(n_providers: int, n_listings: int, rng: random.Random) -> list:
    from django.db import transaction
    from stdnum.cn import uscc

    from catalog.models import (
        AnnualInspection,
        CreditEvent,
        DemandListing,
        District,
        Provider,
        Purchaser,
        ServiceDomain,
        SupplyListing,
    )

    districts = list(District.objects.all())
    domains = list(ServiceDomain.objects.classifiable())
    words = [
        "长者",
        "助餐",
        "照护",
        "青少年",
        "心理",
        "社区",
        "残疾人",
        "康复",
        "调解",
        "环保",
        "志愿者",
        "文体",
    ]
    with transaction.atomic():
        Provider.objects.bulk_create(
            [
                Provider(
                    name=f"上海市匹配基准服务中心{n}",
                    credit_code=(body := f"52{districts[n % 16].code}{800000000 + n:09d}")
                    + uscc.calc_check_digit(body),
                    district=districts[n % 16],
                    registration_level="city" if n % 40 == 0 else "district",
                    grade=rng.choice(["", "2A", "3A", "4A", "5A"]),
                    has_social_workers=n % 3 == 0,
                    is_seriously_dishonest=n % 500 == 0,
                )
                for n in range(n_providers)
            ],
            batch_size=2000,
        )
        providers = list(Provider.objects.order_by("pk").values_list("pk", flat=True))
        CreditEvent.objects.bulk_create(
            [
                CreditEvent(
                    provider_id=pk,
                    kind="other",
                    occurred_on=datetime.date(2026, 1, 1),
                    description="逾期",
                )
                for pk in providers[::9]
            ],
            batch_size=5000,
        )
        AnnualInspection.objects.bulk_create(
            [
                AnnualInspection(
                    provider_id=pk, year=2025, result="passed" if pk % 11 else "failed"
                )
                for pk in providers
            ],
            batch_size=5000,
        )
        now = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
        SupplyListing.objects.bulk_create(
            [
                SupplyListing(
                    provider_id=providers[n % len(providers)],
                    title=f"{rng.choice(words)}{rng.choice(words)}服务项目{n}",
                    summary=f"面向{rng.choice(words)}的{rng.choice(words)}服务",
                    domain=domains[rng.randrange(len(domains))],
                    district=districts[rng.randrange(16)],
                    year=2025,
                    live=True,
                    first_published_at=now,
                    purchased_before=n % 10 == 0,
                )
                for n in range(n_listings)
            ],
            batch_size=2000,
        )
        purchaser = Purchaser.objects.create(
            name="匹配基准街道办事处", level="street", district=districts[0]
        )
        DemandListing.objects.bulk_create(
            [
                DemandListing(
                    purchaser=purchaser,
                    title=f"已完成项目{n}",
                    domain=domains[n % len(domains)],
                    district=districts[n % 16],
                    year=2024,
                    live=True,
                    status="evaluated",
                    chosen_provider_id=providers[(n * 7) % len(providers)],
                    evaluation_result=["excellent", "good", "pass", "fail"][n % 4],
                )
                for n in range(n_providers // 10)
            ],
            batch_size=2000,
        )
        two_one = ServiceDomain.objects.get(code="2.1")
        demands = [
            DemandListing.objects.create(
                purchaser=purchaser,
                title="社区长者助餐照护服务",
                service_targets="高龄独居长者",
                domain=two_one,
                district=districts[0],
                year=2026,
                live=True,
                first_published_at=now,
            )
        ]
    return demands


def index_supply() -> int:
    from search import registry
    from search.backends import get_backend

    supply = registry.get("supply")
    return get_backend().rebuild(
        supply.document(obj) for obj in supply.public().iterator(chunk_size=2000)
    )


def measure_ours(demand, repeat: int, text: bool, cold: bool = False):
    """Median ms of match_demand; `cold`: the family facts are read afresh every time (as
    after a change to a listing or provider), else they come from the process's cache."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from matching import facts

    facts.match_demand(demand, text=text)  # warm (content types, the search connection)
    timings, queries, found = [], 0, None
    for _ in range(repeat):
        if cold:
            facts.forget()
            cache.clear()  # the text-similarity answer too
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            found = facts.match_demand(demand, text=text)
            timings.append(time.perf_counter() - start)
        queries = len(captured)
    return median(timings) * 1000, queries, found


def measure_baseline(demand, repeat: int) -> float:
    from django.db.models import Count

    from catalog.models import ServiceDomain, SupplyListing

    top = ServiceDomain.objects.get(pk=demand.domain_id).parent_id
    family = list(ServiceDomain.objects.filter(parent_id=top).values_list("pk", flat=True)) + [top]
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        rows = list(
            SupplyListing.objects.public()
            .filter(domain_id__in=family)
            .values_list("provider_id", "domain_id", "district_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        timings.append(time.perf_counter() - start)
        assert rows
    return median(timings) * 1000


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--providers", type=int)
    parser.add_argument("--listings", type=int)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--no-text", action="store_true", help="leave out the search-engine part")
    args = parser.parse_args(argv)
    n_providers = args.providers or (2_000 if args.quick else 20_000)
    n_listings = args.listings or (10_000 if args.quick else 100_000)
    os.environ["SEARCH_EMBEDDED_PATH"] = os.path.join(
        tempfile.mkdtemp(prefix="gxpt-bench-matching-"), "search.sqlite3"
    )
    os.environ["ELASTICSEARCH_URL"] = ""
    django_setup()
    start = time.perf_counter()
    (demand,) = build(n_providers, n_listings, random.Random(16))
    print(
        f"built {n_providers} providers, {n_listings} supply listings in {time.perf_counter() - start:.1f}s"
    )
    text = not args.no_text
    if text:
        start = time.perf_counter()
        indexed = index_supply()
        print(f"indexed {indexed} supply listings in {time.perf_counter() - start:.1f}s")
    ours_ms, queries, found = measure_ours(demand, args.repeat, text)
    cold_ms, cold_queries, _found = measure_ours(demand, max(5, args.repeat // 3), text, cold=True)
    baseline_ms = measure_baseline(demand, args.repeat)
    best = found.matches[0]
    print(
        f"match_demand: median {ours_ms:.1f} ms, {queries} queries, {found.candidates} candidates, "
        f"{len(found.excluded)} excluded (serious dishonesty)"
    )
    print(f"  best: {best.provider.name} {best.breakdown}")
    print(
        f"cold (family facts and text answer read afresh, as after a change): median {cold_ms:.1f} ms, "
        f"{cold_queries} queries"
    )
    print(f"baseline (one GROUP BY of the domain family): median {baseline_ms:.1f} ms")
    ratio = ours_ms / baseline_ms if baseline_ms else 0.0
    print(
        f"ratio ours/baseline: {ratio:.2f}; target median < 50 ms: {'met' if ours_ms < 50 else 'NOT met'}"
    )
    print(
        result_line(
            providers=n_providers,
            listings=n_listings,
            median_ms=round(ours_ms, 1),
            queries=queries,
            cold_ms=round(cold_ms, 1),
            cold_queries=cold_queries,
            baseline_ms=round(baseline_ms, 1),
            ratio=round(ratio, 2),
            text=int(text),
        )
    )


if __name__ == "__main__":
    main()
