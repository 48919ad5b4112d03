"""Every nominations edit form, opened in Chromium and saved unchanged, leaves its row unchanged.

Issue 13, defect 1: date inputs filled as 2024/03/01 looked empty, and saving took the
evidence listing's dates instead. Here every date and number survives the round trip.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from catalog.factories import ProviderFactory, district, make_user
from nominations.factories import ApplicationFactory, RoundFactory, SupplyListingFactory, scan_file
from nominations.models import Application, DistrictSummary, ExpertReview, Objection, Round, Status
from tests.browser.test_nomination_walk import as_user

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def row(model, pk):
    return model.objects.filter(pk=pk).values().get()


def save_unchanged(page, url):
    page.goto(url)
    expect(page.locator("form[method=post] footer button[type=submit]").first).to_be_visible()
    page.locator("form[method=post] footer button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator(".error-message, .w-field--error")).to_have_count(0)


def test_every_edit_form_saved_unchanged_keeps_every_date_and_number(browser_page, screenshot):
    page = browser_page
    round_ = RoundFactory(year=2032)
    huangpu = district("黄浦区")
    provider = ProviderFactory(district=huangpu)
    # The listing's period differs from the application's: a lost date would show.
    listing = SupplyListingFactory(
        provider=provider,
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 12, 31),
        total_amount=Decimal("999999.99"),
    )
    application = ApplicationFactory(
        round=round_,
        provider=provider,
        listing=listing,
        period_start=datetime.date(2024, 3, 1),
        period_end=datetime.date(2026, 12, 31),
        total_amount=Decimal("312345.67"),
        implemented_amount=Decimal("280000.50"),
        government_amount=Decimal("250000.00"),
    )
    provider_user = make_user(Role.PROVIDER, provider=provider)
    city_user = make_user(Role.CITY_ADMIN)
    district_user = make_user(Role.DISTRICT_ADMIN, district=huangpu)
    expert_user = make_user(Role.EXPERT)
    scored = ApplicationFactory(round=round_, status=Status.CITY_APPROVED)
    review = ExpertReview.objects.create(
        application=scored,
        expert=expert_user,
        score=87,
        comment="成效显著",
        scored_at=timezone.now(),
    )
    objection = Objection.objects.create(
        round=round_,
        name="张先生",
        contact="13800000000",
        content="异议",
        answer="经核实无误",
        answered_at=timezone.now(),
        answered_by=city_user,
    )
    summary = DistrictSummary.objects.create(
        round=round_,
        district=huangpu,
        contact_person="李",
        phone="021-1234",
        stamped_scan=scan_file(),
    )

    cases = [
        (
            provider_user,
            Application,
            application.pk,
            f"/admin/nominations/applications/edit/{application.pk}/",
        ),
        (city_user, Round, round_.pk, f"/admin/nominations/rounds/edit/{round_.pk}/"),
        (
            expert_user,
            ExpertReview,
            review.pk,
            f"/admin/nominations/expert-reviews/edit/{review.pk}/",
        ),
        (city_user, Objection, objection.pk, f"/admin/nominations/objections/edit/{objection.pk}/"),
        (
            district_user,
            DistrictSummary,
            summary.pk,
            f"/admin/nominations/summaries/edit/{summary.pk}/",
        ),
    ]
    for user, model, pk, url in cases:
        before = row(model, pk)
        as_user(page, user)
        save_unchanged(page, url)
        screenshot(page, f"nomination-edit-{model._meta.model_name}")
        assert row(model, pk) == before, model.__name__

    # The date inputs show the stored dates (ISO, the only format a date input takes).
    as_user(page, provider_user)
    page.goto(f"/admin/nominations/applications/edit/{application.pk}/")
    expect(page.locator("#id_period_start")).to_have_value("2024-03-01")
    expect(page.locator("#id_period_end")).to_have_value("2026-12-31")
