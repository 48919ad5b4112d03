"""A listing's cross-field rules live in its clean(): the admin form, the importer and monitoring say the same."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from catalog.factories import ProviderFactory, domain
from catalog.importing import import_rows
from catalog.models import DemandListing, SupplyListing
from catalog.models.listings import ABOVE_TOTAL, PERIOD_REVERSED, cross_field_problems
from moderation.rules.amounts import contradicting_amounts

pytestmark = pytest.mark.django_db

SUPPLY = "/admin/snippets/catalog/supplylisting/"


def supply(**fields):
    return SupplyListing(
        provider=ProviderFactory(), domain=domain(), title="长者助餐", year=2026, **fields
    )


def test_an_end_before_the_start_is_refused_by_both_kinds_of_listing():
    reversed_period = {
        "period_start": datetime.date(2026, 3, 1),
        "period_end": datetime.date(2026, 2, 1),
    }
    for listing in (supply(**reversed_period), DemandListing(**reversed_period)):
        with pytest.raises(ValidationError) as raised:
            listing.clean()
        assert raised.value.message_dict == {"period_end": [str(PERIOD_REVERSED)]}


def test_an_implemented_amount_above_the_total_is_refused_when_saved():
    listing = supply(total_amount=Decimal(100), implemented_amount=Decimal("100.01"))
    with pytest.raises(ValidationError) as raised:
        listing.clean()
    assert raised.value.message_dict == {
        "implemented_amount": [str(ABOVE_TOTAL["implemented_amount"])]
    }


def test_a_government_amount_above_the_total_only_blocks_publishing():
    listing = supply(total_amount=Decimal(100), government_amount=Decimal(101))
    listing.clean()  # a draft may still be saved
    findings = contradicting_amounts(listing)
    assert [(f.field_name, f.message, f.blocks) for f in findings] == [
        ("government_amount", str(ABOVE_TOTAL["government_amount"]), True)
    ]


def test_monitoring_reports_the_message_the_model_refuses_with():
    listing = supply(total_amount=Decimal(100), implemented_amount=Decimal(120))
    problems = cross_field_problems(listing)
    [finding] = contradicting_amounts(listing)
    assert finding.message == str(problems["implemented_amount"])
    assert finding.excerpt == "120.00 > 100.00"


def test_the_admin_form_refuses_with_the_model_messages_and_saves_nothing(user_with_role, login):
    provider = ProviderFactory()
    client = login(user_with_role(Role.PROVIDER, provider=provider))
    response = client.post(
        f"{SUPPLY}add/",
        {
            "title": "社区长者助餐",
            "domain": domain().pk,
            "year": "2026",
            "summary": "送餐上门",
            "period_start": "2026-03-01",
            "period_end": "2026-02-01",
            "total_amount": "100",
            "implemented_amount": "200",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["period_end"] == [str(PERIOD_REVERSED)]
    assert errors["implemented_amount"] == [str(ABOVE_TOTAL["implemented_amount"])]
    assert not SupplyListing.objects.exists()


def test_the_importer_reports_the_model_messages_on_their_columns():
    provider = ProviderFactory()
    headers = ["社会组织统一社会信用代码", "项目名称", "业务领域", "项目年度"]
    headers += ["实施开始日期", "实施结束日期", "项目总体金额（元）", "实施金额（元）", "发布状态"]
    row = [provider.credit_code, "长者助餐", domain().code, "2026"]
    row += ["2026-03-01", "2026-02-01", "100", "200", "草稿"]
    report = import_rows("supply", iter([headers, row]))
    assert {(p.column, p.message) for p in report.problems} == {
        ("实施结束日期", str(PERIOD_REVERSED)),
        ("实施金额（元）", str(ABOVE_TOTAL["implemented_amount"])),
    }
    assert not SupplyListing.objects.exists()
