"""Benchmark: the public notice list, its filters, a notice and the API with many notices.

    .venv/bin/python bench/notice_pages.py [--quick] [--notices N] [--requests N]

In-process (django.test.Client): GET /policies/ (20 a page, with the filter
choices computed from the notices), the same list filtered by year and level, a
notice's detail with attachments, and Wagtail's API listing with the notice
fields. Prints median and p95 latency and queries per request, and the ratio of
each to the baseline: Wagtail's own API listing of the same type with its
default fields, measured in the same run.
"""

import argparse
import datetime
import random
import time

from _setup import django_setup, median, percentile, result_line


def populate(count: int) -> int:
    from accounts.roles import Role
    from catalog.factories import make_user
    from catalog.models import District
    from notices.models import (
        DistrictNoticeIndexPage,
        PolicyAttachment,
        PolicyIndexPage,
        PolicyPage,
    )

    rng = random.Random(7)
    policies = PolicyIndexPage.objects.get()
    parents = [policies]
    for district in District.objects.all()[:4]:
        make_user(Role.DISTRICT_ADMIN, district=district)
        parents.append(DistrictNoticeIndexPage.objects.child_of(policies).get(district=district))
    bodies = ["上海市民政局", "上海市财政局", "上海市社会组织服务中心", "区民政局"]
    from notices.demo import ensure_documents

    documents, _created = ensure_documents()
    detail = None
    for n in range(count):
        page = PolicyPage(
            title=f"基准测试政策文件{n}",
            slug=f"bench-{n}",
            issuing_body=rng.choice(bodies),
            document_number=f"沪民〔{2015 + n % 11}〕{n}号",
            issue_date=datetime.date(2015 + n % 11, 1 + n % 12, 1 + n % 28),
            summary="基准测试摘要",
            body=[{"type": "paragraph", "value": "<p>正文</p>"}] * 5,
        )
        rng.choice(parents).add_child(instance=page)
        if detail is None:
            page.attachments = [PolicyAttachment(document=d) for d in documents.values()]
            page.save()
            detail = page
    return detail.pk


def measure(client, url, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (templates, site root)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return median(times), percentile(times, 0.95), len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--notices", type=int)
    parser.add_argument("--requests", type=int)
    args = parser.parse_args()
    count = args.notices or (300 if args.quick else 3000)
    requests = args.requests or (10 if args.quick else 30)
    django_setup()
    from django.test import Client

    start = time.perf_counter()
    detail_pk = populate(count)
    print(f"populated {count} notices in {time.perf_counter() - start:.1f}s")
    from notices.models import PolicyPage

    detail_url = PolicyPage.objects.get(pk=detail_pk).url
    client = Client()
    cases = {
        "baseline_api": "/api/v2/pages/?type=notices.PolicyPage&limit=20",
        "list": "/policies/",
        "list_filtered": "/policies/?year=2020&level=city",
        "detail": detail_url,
        "api_fields": "/api/v2/pages/?type=notices.PolicyPage&limit=20"
        "&fields=document_number,issue_date,level,district,issuing_body",
        "api_detail": f"/api/v2/pages/{detail_pk}/",
    }
    figures = {name: measure(client, url, requests) for name, url in cases.items()}
    base = figures["baseline_api"][0]
    print(f"{'case':<16}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'ratio':>8}")
    for name, (p50, p95, queries) in figures.items():
        print(f"{name:<16}{p50:>9.1f}{p95:>9.1f}{queries:>9}{p50 / base:>8.2f}")
    print(
        result_line(
            notices=count,
            list_p50_ms=round(figures["list"][0], 1),
            list_queries=figures["list"][2],
            filtered_p50_ms=round(figures["list_filtered"][0], 1),
            detail_p50_ms=round(figures["detail"][0], 1),
            api_fields_p50_ms=round(figures["api_fields"][0], 1),
            list_ratio=round(figures["list"][0] / base, 2),
        )
    )


if __name__ == "__main__":
    main()
