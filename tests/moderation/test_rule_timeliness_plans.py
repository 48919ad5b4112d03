"""Timeliness and completeness of the yearly plan's items (拟购买, catalog.planning): a plan is
not asked for what it cannot have yet; published by 30 April it is the purchaser's plan; once
opened, the 20 days after the budget approval count to the opening."""

import datetime

import pytest
from django.utils import timezone

from catalog.factories import PurchaserFactory
from moderation.engine import check_listing, run_yearly_plan
from moderation.models import Flag
from moderation.rules.timeliness import contract_result, late_publication

from .helpers import demand, publish

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def aware(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(10)))


def plan(**fields):
    values = {
        "status": "planned",
        "budget": None,
        "purchase_method": "",
        "budget_approved_on": None,
    }
    return demand(**{**values, **fields})


def test_a_plan_is_not_flagged_for_its_budget_method_approval_or_contract_data():
    listing = plan(period_end=TODAY - datetime.timedelta(days=10), save=True)
    assert contract_result(listing) == []
    assert late_publication(listing) == []
    check_listing(listing)
    fields = set(Flag.objects.filter(object_id=listing.pk).values_list("field_name", flat=True))
    assert not fields & {"budget", "purchase_method", "budget_approved_on", "evaluation_result"}


def test_an_opened_plan_counts_its_20_days_from_the_opening_not_the_plans_publication():
    listing = demand(budget_approved_on=datetime.date(2026, 5, 1))
    listing.first_published_at = aware(datetime.date(2026, 3, 1))  # the plan, before approval
    listing.opened_at = aware(datetime.date(2026, 5, 15))
    assert late_publication(listing) == []
    listing.opened_at = aware(datetime.date(2026, 5, 25))
    (finding,) = late_publication(listing)
    assert "24" in str(finding.message)


def test_plans_published_by_30_april_are_the_yearly_plan_and_later_ones_are_late():
    on_time, late = PurchaserFactory(), PurchaserFactory()
    publish(plan(purchaser=on_time, year=2026), when=aware(datetime.date(2026, 4, 20)))
    publish(plan(purchaser=late, year=2026), when=aware(datetime.date(2026, 5, 3)))
    Flag.objects.all().delete()
    run_yearly_plan(today=datetime.date(2026, 5, 10))
    flags = Flag.objects.filter(rule="timeliness.yearly_plan")
    assert [f.object_id for f in flags] == [late.pk]
    assert "2026-05-03" in flags[0].message
