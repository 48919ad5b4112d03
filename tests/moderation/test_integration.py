"""On the real services: PostgreSQL (partial unique index, aggregates) and a Celery worker over Redis."""

import time

import pytest
from django.db import IntegrityError, transaction

from catalog.models import SupplyListing
from moderation.engine import run_all
from moderation.models import Flag, FlagStatus
from moderation.statistics import all_datasets
from tests.integration.conftest import celery_worker, postgres, redis_broker  # noqa: F401

from .helpers import supply

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_publishing_is_checked_by_the_worker_after_commit(celery_worker, user_with_role):  # noqa: F811
    listing = supply(save=True, live=False, summary="我们提供顶级服务，联系13912345678")
    listing.save_revision().publish()
    deadline = time.monotonic() + 30
    rules = set()
    while time.monotonic() < deadline:
        rules = set(Flag.objects.filter(object_id=listing.pk).values_list("rule", flat=True))
        if {"claims.absolute", "privacy.mobile"} <= rules:
            break
        time.sleep(0.3)
    assert {"claims.absolute", "privacy.mobile"} <= rules


def test_postgres_refuses_a_second_open_flag_for_the_same_finding(postgres):  # noqa: F811
    listing = supply(save=True, summary="提供顶级服务")
    SupplyListing.objects.filter(pk=listing.pk).update(live=True)
    run_all()
    flag = Flag.objects.get(object_id=listing.pk, rule="claims.absolute")
    duplicate = Flag(
        content_type=flag.content_type,
        object_id=flag.object_id,
        rule=flag.rule,
        key=flag.key,
        severity=flag.severity,
        message=flag.message,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    Flag.objects.filter(pk=flag.pk).update(status=FlagStatus.RESOLVED)
    duplicate.save()  # a resolved flag does not count


def test_statistics_aggregate_on_postgres(postgres, user_with_role):  # noqa: F811
    supply(save=True)
    names = {d.name for d in all_datasets(user_with_role(None))}
    assert {"listings_domain", "listings_district", "listings_year", "flags_rule"} <= names


def test_decisions_and_objections_lock_their_rows_on_postgres(postgres, user_with_role):  # noqa: F811
    """PostgreSQL refuses FOR UPDATE over the nullable side of an outer join: the flag's
    actions lock the flag only (of=self), and an objection's answer locks what it changes."""
    import datetime

    from django.utils import timezone

    from accounts.roles import Role
    from moderation import objections
    from moderation.actions import perform
    from moderation.models import Objection, ObjectionStatus

    listing = supply(save=True, summary="我们提供全市最专业的居家养老服务")
    SupplyListing.objects.filter(pk=listing.pk).update(live=True)
    run_all()
    flag = Flag.objects.get(object_id=listing.pk, rule="claims.absolute")
    monitor = user_with_role(Role.MONITOR)
    provider = user_with_role(Role.PROVIDER, provider=flag.provider)
    today = timezone.localdate()
    perform(flag, "request_correction", monitor, "请删除", today + datetime.timedelta(days=3))
    Flag.objects.filter(pk=flag.pk).update(correction_deadline=today - datetime.timedelta(days=1))
    flag = perform(flag, "confirm", monitor, "逾期未整改")
    objection = objections.submit(provider, "objection", "属于获奖称号，并非夸大宣传。", flag=flag)
    # The partial unique index: a second pending objection on the flag is refused.
    with pytest.raises(IntegrityError), transaction.atomic():
        Objection.objects.create(
            flag=flag, target_label="x", reasons="x", deadline=today, provider=flag.provider
        )
    objections.perform(objection, "uphold", monitor, "经核实不属夸大")
    flag.refresh_from_db()
    assert flag.status == FlagStatus.DISMISSED and not flag.credit_event.is_active
    assert Objection.objects.get().status == ObjectionStatus.UPHELD
