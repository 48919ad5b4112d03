"""Benchmark: the public list endpoint of the demand board with 100,000 listings.

    .venv/bin/python bench/public_api.py [--quick] [--listings N] [--requests N]

In-process (django.test.Client, no network): GET /api/demand-listings/ with two
filters (first-level domain and year), page size 20. Prints the median and p95
latency, the number of queries per request (also at page sizes 5 and 100, to
show it does not grow), and the ratio to a bare Django view that runs the same
single page query and returns the rows as JSON (no count, no serializer).
"""

import argparse
import datetime
import random
import sys
import time
import types
from decimal import Decimal

from _setup import django_setup, median, percentile, result_line

FILTERS = {"domain_first": "2", "year": "2025"}


def populate(count: int) -> None:
    from django.utils import timezone

    from catalog.demo import make_credit_code
    from catalog.models import DemandListing, District, Provider, Purchaser, ServiceDomain

    rng = random.Random(11)
    districts = list(District.objects.all())
    Purchaser.objects.bulk_create(
        Purchaser(name=f"基准测试街道{n}办事处", level="street", district=districts[n % 16])
        for n in range(300)
    )
    Provider.objects.bulk_create(
        Provider(
            name=f"基准测试社会组织{n}",
            credit_code=make_credit_code("52", districts[n % 16].code, 900000 + n),
            district=districts[n % 16],
        )
        for n in range(300)
    )
    purchasers = list(Purchaser.objects.values_list("pk", flat=True))
    providers = list(Provider.objects.values_list("pk", flat=True))
    domains = list(ServiceDomain.objects.classifiable().values_list("pk", flat=True))
    now = timezone.now()
    batch = []
    for n in range(count):
        batch.append(
            DemandListing(
                title=f"社区综合服务需求项目{n}",
                purchaser_id=rng.choice(purchasers),
                domain_id=rng.choice(domains),
                district=rng.choice(districts),
                year=rng.choice([2022, 2023, 2024, 2025, 2026]),
                budget=Decimal(rng.randrange(50_000, 2_000_000, 1000)),
                summary="为辖区居民提供专业服务。",
                service_targets="社区居民",
                contact_person="王老师",
                phone="021-63210000",
                status=rng.choice(["published", "contracted", "evaluated"]),
                chosen_provider_id=rng.choice(providers) if n % 3 == 0 else None,
                period_start=datetime.date(2025, 1, 1),
                period_end=datetime.date(2025, 12, 31),
                live=n % 20 != 0,
                first_published_at=now,
                last_published_at=now,
            )
        )
        if len(batch) == 5000:
            DemandListing.objects.bulk_create(batch)
            batch = []
    DemandListing.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def bare_view(request):
    """The same page query as the endpoint, without DRF, counting or serializers."""
    from django.db.models import Q
    from django.http import JsonResponse

    from catalog.models import DemandListing

    value = request.GET["domain_first"]
    rows = (
        DemandListing.objects.public()
        .filter(Q(domain__parent__code=value) | Q(domain__code=value, domain__parent__isnull=True))
        .filter(year=request.GET["year"])
        .select_related("domain", "domain__parent", "district", "purchaser", "chosen_provider")
        .order_by("-year", "-id")[:20]
    )
    return JsonResponse(
        {"results": [{"id": r.pk, "title": r.title, "budget": str(r.budget)} for r in rows]}
    )


def timed_requests(client, url, params, n):
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--listings", type=int)
    parser.add_argument("--requests", type=int)
    args = parser.parse_args()
    count = args.listings or (5_000 if args.quick else 100_000)
    n = args.requests or (50 if args.quick else 200)

    django_setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import include, path

    settings.ALLOWED_HOSTS = ["*"]
    start = time.perf_counter()
    populate(count)
    print(f"created {count} demand listings in {time.perf_counter() - start:.1f}s")

    urls = types.ModuleType("bench_urls")
    urls.urlpatterns = [path("bare/", bare_view), path("", include("gxpt.urls"))]
    sys.modules["bench_urls"] = urls
    with override_settings(ROOT_URLCONF="bench_urls"):
        client = Client()
        url = "/api/demand-listings/"
        queries = {}
        for size in (5, 20, 100):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, {**FILTERS, "page_size": size})
            queries[size] = len(captured)
        body = response.json()
        print(f"matching listings: {body['count']}; queries at page size 5/20/100: {queries}")
        timed_requests(client, url, FILTERS, 10)  # warm-up
        api = timed_requests(client, url, FILTERS, n)
        timed_requests(client, "/bare/", FILTERS, 10)
        bare = timed_requests(client, "/bare/", FILTERS, n)
    ratio = median(api) / median(bare)
    print(
        f"API list: median {median(api):.2f} ms, p95 {percentile(api, 0.95):.2f} ms ({n} requests)"
    )
    print(f"bare Django view, same page query: median {median(bare):.2f} ms")
    print(f"ratio API / bare view: {ratio:.2f}")
    if len(set(queries.values())) != 1:
        sys.exit("query count depends on the page size")
    print(
        result_line(
            listings=count,
            median_ms=median(api),
            p95_ms=percentile(api, 0.95),
            queries=queries[20],
            bare_median_ms=median(bare),
            ratio=ratio,
        )
    )


if __name__ == "__main__":
    main()
