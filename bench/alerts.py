"""Benchmark: the new-listing alert run for 20,000 providers and 1,000 new demand listings.

    .venv/bin/python bench/alerts.py [--quick] [--providers N] [--new-listings M]

Builds N providers (20,000; --quick 2,000), each with one provider account and five
published supply listings over the service domains and districts (100,000 listings),
and M open demand listings published today (1,000; --quick 200). Then, in the same run:
  - ours: `matching.alerts.send_new_listing_alerts()` — finds the new listings, the
    providers they fit (domain and district), one digest per user, the inbox rows and
    their e-mails' outbox entries, all in one transaction (the e-mails themselves are
    sent by the worker afterwards: the after-commit hand-over is not run here);
  - a second run, which must send nothing (idempotent);
  - the baseline: a bare bulk INSERT of the same number of inbox rows (what writing the
    digests costs at the least).
Prints seconds and queries of each; the query count of ours does not grow with the
providers (compare --quick with the full run; SQLite splits bulk INSERTs by its
999-parameter limit, PostgreSQL does not). Target: under 60 s.
"""

import argparse
import datetime
import random
import time

from _setup import django_setup, result_line


def build(n_providers: int, n_new: int, rng: random.Random) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone
    from stdnum.cn import uscc

    from accounts.models import Account
    from accounts.roles import Role
    from catalog.models import (
        DemandListing,
        District,
        Provider,
        Purchaser,
        ServiceDomain,
        SupplyListing,
    )

    districts = list(District.objects.all())
    domains = list(ServiceDomain.objects.classifiable())
    User = get_user_model()
    with transaction.atomic():
        Provider.objects.bulk_create(
            [
                Provider(
                    name=f"上海市提醒基准服务中心{n}",
                    credit_code=(body := f"52{districts[n % 16].code}{700000000 + n:09d}")
                    + uscc.calc_check_digit(body),
                    district=districts[n % 16],
                    registration_level="city" if n % 50 == 0 else "district",
                )
                for n in range(n_providers)
            ],
            batch_size=2000,
        )
        providers = list(Provider.objects.order_by("pk").values_list("pk", "district_id"))
        User.objects.bulk_create(
            [
                User(username=f"alert-bench-{n}", email=f"org{n}@example.org")
                for n in range(n_providers)
            ],
            batch_size=2000,
        )
        users = list(
            User.objects.filter(username__startswith="alert-bench-")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        # bulk_create: Account.save() syncs role groups one by one, which is not measured here.
        Account.objects.bulk_create(
            [
                Account(user_id=user_id, role=Role.PROVIDER, provider_id=pk)
                for user_id, (pk, _d) in zip(users, providers, strict=True)
            ],
            batch_size=2000,
        )
        now = timezone.now() - datetime.timedelta(days=30)
        SupplyListing.objects.bulk_create(
            [
                SupplyListing(
                    provider_id=pk,
                    title=f"服务项目{pk}-{k}",
                    domain=domains[rng.randrange(len(domains))],
                    district_id=home if k < 3 else districts[rng.randrange(16)].pk,
                    year=2025,
                    live=True,
                    first_published_at=now,
                )
                for pk, home in providers
                for k in range(5)
            ],
            batch_size=5000,
        )
        purchaser = Purchaser.objects.create(
            name="提醒基准街道办事处", level="street", district=districts[0]
        )
        today = timezone.now()
        DemandListing.objects.bulk_create(
            [
                DemandListing(
                    purchaser=purchaser,
                    title=f"新需求项目{n}",
                    domain=domains[rng.randrange(len(domains))],
                    district=districts[rng.randrange(16)] if n % 10 else None,
                    year=2026,
                    live=True,
                    first_published_at=today,
                )
                for n in range(n_new)
            ],
            batch_size=2000,
        )


def run_alerts():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from matching import alerts

    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        users = alerts.send_new_listing_alerts()
        seconds = time.perf_counter() - start
    return users, seconds, len(captured)


def baseline(count: int):
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from notifications.models import Notification

    ids = list(get_user_model().objects.values_list("pk", flat=True)[:count])
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        with transaction.atomic():
            Notification.objects.bulk_create(
                [Notification(recipient_id=pk, title="基准", body="基准") for pk in ids]
            )
            transaction.set_rollback(True)
        seconds = time.perf_counter() - start
    return seconds, len(captured)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--providers", type=int)
    parser.add_argument("--new-listings", type=int)
    args = parser.parse_args(argv)
    n_providers = args.providers or (2_000 if args.quick else 20_000)
    n_new = args.new_listings or (200 if args.quick else 1_000)
    django_setup()
    from outbox import dispatch

    # The run's e-mails stay outbox entries for the worker: no in-process drain after commit.
    dispatch._after_commit = lambda ids: None
    start = time.perf_counter()
    build(n_providers, n_new, random.Random(17))
    print(
        f"built {n_providers} providers with accounts, {n_providers * 5} supply listings, {n_new} new demand listings in {time.perf_counter() - start:.1f}s"
    )

    from notifications.models import Notification
    from outbox.models import Entry

    users, seconds, queries = run_alerts()
    emails = Entry.objects.filter(task="notifications.send_notification_email").count()
    print(
        f"alert run: {users} users told, {Notification.objects.count()} inbox rows, {emails} e-mails queued, {seconds:.2f} s, {queries} queries"
    )
    again, seconds_again, queries_again = run_alerts()
    print(
        f"second run: {again} users told, {seconds_again:.2f} s, {queries_again} queries (idempotent)"
    )
    assert again == 0
    base_seconds, base_queries = baseline(users)
    ratio = seconds / base_seconds if base_seconds else 0.0
    print(
        f"baseline (bulk INSERT of {users} inbox rows): {base_seconds:.2f} s, {base_queries} queries; ratio {ratio:.1f}"
    )
    print(f"target under 60 s: {'met' if seconds < 60 else 'NOT met'}")
    print(
        result_line(
            providers=n_providers,
            new_listings=n_new,
            seconds=round(seconds, 2),
            queries=queries,
            users=users,
            baseline_seconds=round(base_seconds, 2),
            ratio=round(ratio, 1),
        )
    )


if __name__ == "__main__":
    main()
