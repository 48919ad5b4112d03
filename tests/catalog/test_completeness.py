"""Each listing knows which required or expected fields it lacks."""

import pytest

from catalog.checks import run_checks
from catalog.factories import ProviderFactory
from catalog.models import ServiceDomain, SupplyListing

pytestmark = pytest.mark.django_db


def supply(**fields):
    defaults = {
        "title": "长者助餐",
        "provider": ProviderFactory(),
        "domain": ServiceDomain.objects.get(code="2.1"),
        "year": 2026,
        "summary": "为高龄独居老人送餐",
        "contact_person": "王老师",
        "phone": "13812345678",
        "service_targets": "高龄老人",
        "district_id": None,
        "period_start": None,
        "period_end": None,
    }
    defaults.update(fields)
    return SupplyListing(**defaults)


def test_a_listing_missing_a_required_field_gets_a_blocking_finding():
    findings = run_checks(supply(summary=""))
    blocking = [f for f in findings if f.blocks]
    assert [f.field_name for f in blocking] == ["summary"]
    assert "项目概述" in str(blocking[0].message)


def test_missing_expected_fields_are_advice_not_blocks():
    listing = supply()
    names = {name for name, required in listing.missing_fields() if not required}
    assert {"district", "period_start", "period_end"} <= names
    assert not any(f.blocks for f in run_checks(listing))


def test_purchased_before_asks_for_the_amounts_and_the_purchaser():
    listing = supply(purchased_before=True)
    names = {name for name, _required in listing.missing_fields()}
    assert {
        "total_amount",
        "implemented_amount",
        "government_amount",
        "results",
        "purchaser",
    } <= names
    listing.purchaser_name = "某街道办事处"
    assert "purchaser" not in {name for name, _r in listing.missing_fields()}
