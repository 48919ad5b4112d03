"""Timeliness: 20 days after the budget approval, results after the end, the yearly plan by 30 April."""

import datetime

import pytest
from django.utils import timezone

from accounts.roles import Role
from catalog.factories import ProviderFactory, PurchaserFactory, make_user
from moderation.engine import run_yearly_plan
from moderation.models import Flag, FlagStatus
from moderation.rules.timeliness import contract_result, late_publication

from .helpers import demand, publish

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def aware(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(10)))


def test_a_demand_first_published_21_days_after_its_budget_approval_is_late():
    listing = demand(budget_approved_on=TODAY - datetime.timedelta(days=21))
    findings = late_publication(listing)
    assert [(f.rule, f.blocks) for f in findings] == [("timeliness.late_publication", False)]
    assert "21" in str(findings[0].message)


def test_publishing_on_the_twentieth_day_is_in_time():
    assert late_publication(demand(budget_approved_on=TODAY - datetime.timedelta(days=20))) == []


def test_lateness_is_measured_at_the_first_publication_not_today():
    listing = demand(budget_approved_on=datetime.date(2025, 3, 1))
    listing.first_published_at = aware(datetime.date(2025, 3, 15))
    assert late_publication(listing) == []
    listing.first_published_at = aware(datetime.date(2025, 4, 1))
    assert late_publication(listing)


def test_a_past_years_project_recorded_afterwards_is_an_archive_not_late():
    listing = demand(year=TODAY.year - 1, budget_approved_on=datetime.date(TODAY.year - 1, 2, 1))
    assert late_publication(listing) == []


def test_a_demand_without_a_budget_approval_date_cannot_be_late():
    assert late_publication(demand(budget_approved_on=None)) == []


def test_a_contracted_demand_without_its_provider_is_a_hit():
    findings = contract_result(demand(status="contracted"))
    assert [f.field_name for f in findings] == ["chosen_provider"]


def test_a_demand_past_its_end_without_an_evaluation_result_is_a_hit():
    listing = demand(
        status="contracted",
        chosen_provider=ProviderFactory(),
        period_end=TODAY - datetime.timedelta(days=1),
    )
    assert [f.field_name for f in contract_result(listing)] == ["evaluation_result"]


def test_near_misses_end_today_evaluated_or_cancelled():
    provider = ProviderFactory()
    assert (
        contract_result(demand(status="contracted", chosen_provider=provider, period_end=TODAY))
        == []
    )
    evaluated = demand(
        status="evaluated",
        chosen_provider=provider,
        period_end=TODAY - datetime.timedelta(days=30),
        evaluation_result="good",
    )
    assert contract_result(evaluated) == []
    cancelled = demand(status="cancelled", period_end=TODAY - datetime.timedelta(days=30))
    assert contract_result(cancelled) == []


def test_a_purchaser_with_nothing_published_by_30_april_gets_a_yearly_plan_flag():
    late, on_time, idle = PurchaserFactory(), PurchaserFactory(), PurchaserFactory()
    make_user(Role.PURCHASER, purchaser=late)  # on the platform: an account
    publish(demand(purchaser=on_time, year=2026), when=aware(datetime.date(2026, 4, 30)))
    publish(demand(purchaser=late, year=2026), when=aware(datetime.date(2026, 5, 2)))
    Flag.objects.all().delete()  # only the yearly plan is looked at here

    run_yearly_plan(today=datetime.date(2026, 5, 10))

    flags = Flag.objects.filter(rule="timeliness.yearly_plan")
    assert [f.object_id for f in flags] == [late.pk]
    assert "2026-05-02" in flags[0].message  # published, but late
    assert not Flag.objects.filter(object_id=idle.pk, rule="timeliness.yearly_plan").exists()


def test_before_the_end_of_april_no_yearly_plan_is_overdue():
    make_user(Role.PURCHASER)
    assert run_yearly_plan(today=datetime.date(2026, 4, 30)) == {"created": 0, "resolved": 0}


def test_the_yearly_plan_run_is_idempotent_and_keeps_earlier_years():
    purchaser = PurchaserFactory()
    make_user(Role.PURCHASER, purchaser=purchaser)
    run_yearly_plan(today=datetime.date(2025, 6, 1))
    run_yearly_plan(today=datetime.date(2026, 6, 1))
    run_yearly_plan(today=datetime.date(2026, 6, 2))
    flags = Flag.objects.filter(rule="timeliness.yearly_plan", object_id=purchaser.pk)
    assert sorted(flags.values_list("key", "status")) == [
        ("2025", FlagStatus.OPEN),
        ("2026", FlagStatus.OPEN),
    ]
