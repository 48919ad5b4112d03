"""Benchmark: the full monitoring rule run (every rule over every published listing).

    .venv/bin/python bench/monitoring_rules.py [--quick] [--listings N]

Generates N published listings (100,000; --quick 5,000), half demand and half
supply, about 4 % of them with a problem (absolute claims, personal data,
contradicting amounts, late publication, near-duplicates), then times
`moderation.engine.run_all()`: the first run (which creates the flags) and a
second one (steady state, nothing new) under tracemalloc for the peak memory.
Baseline, measured in the same run: reading the same rows in the same chunks
without evaluating any rule. Target: under 60 s for 100,000 listings on two
cores, without loading all rows into memory.
"""

import argparse
import datetime
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_setup, peak_mb_of, result_line  # noqa: E402

TOPICS = [
    "助餐",
    "助浴",
    "心理疏导",
    "课后托管",
    "助残康复",
    "社区治理",
    "垃圾分类",
    "法律援助",
    "文体活动",
    "志愿服务",
]
PLACES = [
    "南京东路",
    "打浦桥",
    "天平路",
    "漕河泾",
    "华阳路",
    "新华路",
    "静安寺",
    "长寿路",
    "陆家嘴",
    "张江",
]
PROBLEMS = [
    "我们是全市最专业的机构。",
    "联系人手机13912345678。",
    "获评国家级示范项目。",
    "报名发邮件至 someone@163.com。",
]


def make_data(n: int):
    from django.utils import timezone

    from catalog.factories import credit_code
    from catalog.models import (
        DemandListing,
        District,
        Provider,
        Purchaser,
        ServiceDomain,
        SupplyListing,
    )

    rng = random.Random(7)
    districts = list(District.objects.all())
    domains = list(ServiceDomain.objects.second_level())
    publishers = max(10, n // 100)
    Provider.objects.bulk_create(
        Provider(
            name=f"基准测试社会组织{i}",
            credit_code=credit_code("52", districts[i % 16].code, 100000 + i),
            district=districts[i % 16],
        )
        for i in range(publishers)
    )
    Purchaser.objects.bulk_create(
        Purchaser(name=f"基准测试街道{i}", level="street", district=districts[i % 16])
        for i in range(publishers)
    )
    providers = list(Provider.objects.values_list("pk", flat=True))
    purchasers = list(Purchaser.objects.values_list("pk", flat=True))
    now = timezone.now()
    today = timezone.localdate()

    def common(i):
        topic, place = rng.choice(TOPICS), rng.choice(PLACES)
        year = rng.choice([2023, 2024, 2025, today.year])
        summary = (
            f"在{place}街道开展{topic}服务，第{i}号项目，面向社区居民，"
            f"每周{rng.randint(1, 7)}次，配备{rng.randint(2, 20)}名专职人员，预计服务{rng.randint(50, 5000)}人次。"
        )
        if rng.random() < 0.03:
            summary += rng.choice(PROBLEMS)
        return {
            "title": f"{place}{topic}项目{i}",
            "domain_id": rng.choice(domains).pk,
            "year": year,
            "summary": summary,
            "service_targets": "社区居民",
            "district_id": rng.choice(districts).pk,
            "period_start": datetime.date(year, 1, 1),
            "period_end": datetime.date(year, 12, 31) if year == today.year else None,
            "contact_person": "王老师",
            "phone": "021-63211234",
            "live": True,
            "first_published_at": now,
        }

    half = n // 2
    batch = []
    for i in range(half):
        values = common(i)
        values["period_end"] = values["period_end"] or datetime.date(values["year"], 12, 31)
        approved = today - datetime.timedelta(
            days=rng.choice([5, 10, 15, 30]) if rng.random() < 0.02 else 5
        )
        batch.append(
            DemandListing(
                purchaser_id=rng.choice(purchasers),
                budget=Decimal(rng.randint(5, 100) * 10000),
                budget_approved_on=approved,
                purchase_method="open_tender",
                provider_requirements="具有社会工作专业人员",
                status="evaluated",
                chosen_provider_id=rng.choice(providers),
                evaluation_result="good",
                **values,
            )
        )
        if len(batch) == 5000:
            DemandListing.objects.bulk_create(batch)
            batch = []
    DemandListing.objects.bulk_create(batch)
    batch = []
    for i in range(n - half):
        values = common(i)
        values["period_end"] = values["period_end"] or datetime.date(values["year"], 12, 31)
        if batch and rng.random() < 0.005:  # the same project posted twice
            previous = batch[-1]
            values.update(title=previous.title + "（重发）", summary=previous.summary, year=previous.year)
            provider_id = previous.provider_id
        else:
            provider_id = rng.choice(providers)
        total = Decimal(rng.randint(5, 100) * 10000)
        wrong = rng.random() < 0.01
        batch.append(
            SupplyListing(
                provider_id=provider_id,
                total_amount=total,
                implemented_amount=total * (Decimal("1.2") if wrong else Decimal("0.9")),
                **values,
            )
        )
        if len(batch) == 5000:
            SupplyListing.objects.bulk_create(batch)
            batch = []
    SupplyListing.objects.bulk_create(batch)


def scan_only(chunk_size=2000):
    """Baseline: read every published listing in the same chunks, no rules."""
    from moderation.engine import LISTING_MODELS, _listing_chunks

    rows = 0
    for model in LISTING_MODELS:
        for chunk in _listing_chunks(model, chunk_size):
            rows += len(chunk)
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--listings", type=int)
    args = parser.parse_args()
    n = args.listings or (5_000 if args.quick else 100_000)

    django_setup()
    from moderation.engine import run_all
    from moderation.models import Flag

    start = time.perf_counter()
    make_data(n)
    print(f"generated {n} listings in {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    scanned = scan_only()
    baseline = time.perf_counter() - start

    start = time.perf_counter()
    counts = run_all()
    first = time.perf_counter() - start
    flags = Flag.objects.count()

    start = time.perf_counter()
    _again, peak_mb = peak_mb_of(run_all)
    second = time.perf_counter() - start

    print(f"listings scanned (baseline, no rules): {scanned} in {baseline:.2f} s")
    print(f"full rule run, first (creates flags):   {first:.2f} s, {flags} flags, {counts}")
    print(f"full rule run, again (under tracemalloc): {second:.2f} s, peak {peak_mb:.1f} MB")
    print(f"ratio to baseline scan: {first / baseline:.1f}x")
    print(
        result_line(
            listings=n,
            seconds=first,
            rows_per_s=n / first,
            peak_mb=peak_mb,
            baseline_s=baseline,
            flags=flags,
        )
    )


if __name__ == "__main__":
    main()
