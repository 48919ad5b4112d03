"""Benchmark: the nomination review queues (district and city) with 20,000 applications in a round.

    .venv/bin/python bench/review_queue.py [--quick] [--applications N] [--repeat R]

Builds a round with N applications (20,000; --quick 2,000) from 10,000 providers
spread over the 16 districts, each with its inspections and some credit events,
then renders, in-process through Django's test client, R times each:
  - the district queue of 黄浦区's admin (first page, 30 rows),
  - the city queue (all districts, first page),
and, as the baseline, the bare query of the same first page (the scoped
queryset, 30 rows, no annotations, no rendering). Prints the medians, the
number of queries per page (the same for both sizes: no query per row) and the
ratio of each queue's median to the baseline's.
"""

import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal

from _setup import django_setup, median, result_line


def build(n_applications: int) -> dict:
    from django.db import transaction
    from stdnum.cn import uscc

    from accounts.roles import Role
    from catalog.factories import make_user
    from catalog.models import (
        AnnualInspection,
        CreditEvent,
        District,
        Provider,
        ServiceDomain,
        SupplyListing,
    )
    from nominations.factories import RoundFactory
    from nominations.models import Application, Status

    rng = random.Random(2021)
    districts = list(District.objects.all())
    domains = list(ServiceDomain.objects.classifiable())
    n_providers = (n_applications + 1) // 2
    statuses = [
        Status.SUBMITTED,
        Status.DISTRICT_RETURNED,
        Status.CITY_RETURNED,
        Status.DISTRICT_APPROVED,
        Status.CITY_APPROVED,
        Status.REFUSED,
    ]
    with transaction.atomic():
        round_ = RoundFactory(year=2031)
        providers = []
        for n in range(n_providers):
            district = districts[n % len(districts)]
            body = f"52{district.code}{900000000 + n:09d}"
            providers.append(
                Provider(
                    name=f"上海市基准社会工作服务中心{n}",
                    credit_code=body + uscc.calc_check_digit(body),
                    district=district,
                    registration_level="city" if n % 25 == 0 else "district",
                    registered_on=datetime.date(2010 + n % 14, 1 + n % 12, 1),
                    grade=rng.choice(["", "2A", "3A", "4A", "5A"]),
                    has_social_workers=n % 3 != 0,
                )
            )
        Provider.objects.bulk_create(providers, batch_size=2000)
        providers = list(Provider.objects.filter(name__startswith="上海市基准").order_by("pk"))
        AnnualInspection.objects.bulk_create(
            [
                AnnualInspection(
                    provider=p, year=year, result="passed" if (p.pk + year) % 7 else "failed"
                )
                for p in providers
                for year in (2029, 2030)
            ],
            batch_size=5000,
        )
        CreditEvent.objects.bulk_create(
            [
                CreditEvent(
                    provider=p,
                    kind="other",
                    occurred_on=datetime.date(2030, 1, 1),
                    description="逾期报送年报",
                )
                for p in providers[::9]
            ],
            batch_size=5000,
        )
        listings = []
        for n in range(n_applications):
            provider = providers[n // 2]
            listings.append(
                SupplyListing(
                    provider=provider,
                    title=f"社区综合服务项目{n}",
                    domain=domains[n % len(domains)],
                    year=2030,
                    live=True,
                    purchased_before=n % 2 == 0,
                )
            )
        SupplyListing.objects.bulk_create(listings, batch_size=2000)
        listings = list(
            SupplyListing.objects.filter(title__startswith="社区综合服务项目").order_by("pk")
        )
        now = datetime.datetime(2031, 7, 1, tzinfo=datetime.UTC)
        Application.objects.bulk_create(
            [
                Application(
                    round=round_,
                    provider_id=listing.provider_id,
                    listing=listing,
                    title=listing.title,
                    domain_id=listing.domain_id,
                    purchaser_name="某街道办事处",
                    total_amount=Decimal("300000"),
                    implemented_amount=Decimal("280000"),
                    government_amount=Decimal("250000") if n % 2 else Decimal("0"),
                    period_start=datetime.date(2028, 1, 1),
                    period_end=datetime.date(2030, 12, 31),
                    two_years_or_more=True,
                    results="成效良好",
                    recommendation_form="nominations/forms/bench.png",
                    status=statuses[n % len(statuses)],
                    submitted_at=now - datetime.timedelta(minutes=n),
                )
                for n, listing in enumerate(listings)
            ],
            batch_size=2000,
        )
        huangpu = District.objects.get(name="黄浦区")
        users = {
            "district": make_user(Role.DISTRICT_ADMIN, district=huangpu),
            "city": make_user(Role.CITY_ADMIN),
        }
    return users


def verified(client, user) -> None:
    """Admins sign in with a second factor (security.twofactor): a confirmed device and a
    session django-otp takes as verified, as after the code was entered."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def measure(client, url: str, repeat: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, cpu = [], []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    return median(timings) * 1000, queries, median(cpu) * 1000


def bare(user, repeat: int) -> float:
    from nominations.access import applications_for

    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        rows = list(applications_for(user).order_by("-submitted_at", "-id")[:30])
        timings.append(time.perf_counter() - start)
        assert len(rows) == 30
    return median(timings) * 1000


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--applications", type=int)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    n = args.applications or (2_000 if args.quick else 20_000)
    django_setup()
    from django.conf import settings
    from django.test import Client

    # No setup_test_environment(): its template instrumentation (context copies for
    # the test client) would be measured instead of the page.
    settings.ALLOWED_HOSTS = ["*"]
    start = time.perf_counter()
    users = build(n)
    print(f"built {n} applications in {time.perf_counter() - start:.1f}s")
    from nominations.models import Application

    url = "/admin/nominations/applications/"
    results = {}
    for who in ("district", "city"):
        client = Client()
        client.force_login(users[who], backend="django.contrib.auth.backends.ModelBackend")
        verified(client, users[who])
        client.get(url)  # warm caches (templates, permissions)
        ms, queries, cpu_ms = measure(client, url, args.repeat)
        visible = client.get(url).content.decode().count("/nominations/applications/review/")
        results[who] = (ms, queries, bare(users[who], args.repeat), cpu_ms)
        # The same page filtered to no rows: what the admin's chrome costs on its own.
        empty_ms, _q, empty_cpu_ms = measure(client, url + "?status=saved", args.repeat)
        print(
            f"{who:<8} queue: median {ms:7.1f} ms (CPU {cpu_ms:.1f} ms), {queries} queries, "
            f"{visible} rows on the page; bare query {results[who][2]:.1f} ms; same page with "
            f"no rows {empty_ms:.1f} ms (CPU {empty_cpu_ms:.1f} ms)"
        )
    assert Application.objects.count() == n
    district_ms, district_queries, district_bare, district_cpu = results["district"]
    city_ms, city_queries, city_bare, city_cpu = results["city"]
    ratio = max(district_ms / district_bare, city_ms / city_bare)
    print(
        result_line(
            applications=n,
            district_median_ms=round(district_ms, 1),
            city_median_ms=round(city_ms, 1),
            district_cpu_ms=round(district_cpu, 1),
            city_cpu_ms=round(city_cpu, 1),
            load_average=round(os.getloadavg()[0], 2),
            queries=max(district_queries, city_queries),
            ratio=round(ratio, 1),
        )
    )


if __name__ == "__main__":
    sys.exit(main())
