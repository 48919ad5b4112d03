"""Findings become flags: on publish and in the daily run, never duplicated, resolved when fixed."""

import pytest
from django.core import mail

from accounts.roles import Role
from catalog.factories import ProviderFactory, make_user
from catalog.models import SupplyListing
from moderation.engine import run_all, run_listing_rules
from moderation.models import ActionKind, Flag, FlagStatus
from notifications.models import Notification

from .helpers import publish, supply

pytestmark = pytest.mark.django_db


def test_publishing_a_listing_flags_its_problems_after_commit():
    listing = publish(supply(summary="我们是全市最专业的机构，联系13912345678"))
    flags = Flag.objects.filter(object_id=listing.pk).exclude(rule__startswith="completeness")
    assert sorted(flags.values_list("rule", flat=True)) == ["claims.absolute", "privacy.mobile"]
    flag = flags.get(rule="privacy.mobile")
    assert flag.snapshot["summary"] == listing.summary
    assert (
        flag.provider_id == listing.provider_id and flag.district_id == listing.provider.district_id
    )
    assert "139****5678" in flag.excerpt


def test_rerunning_does_not_duplicate_open_flags():
    listing = publish(supply(summary="提供顶级服务"))
    run_all()
    run_all()
    assert Flag.objects.filter(object_id=listing.pk, rule="claims.absolute").count() == 1


def test_fixing_the_content_resolves_the_flag_with_an_audit_row():
    listing = publish(supply(summary="提供顶级服务"))
    listing.summary = "提供专业、持续的上门服务"
    publish(listing)
    flag = Flag.objects.get(object_id=listing.pk, rule="claims.absolute")
    assert flag.status == FlagStatus.RESOLVED and flag.closed_at
    assert flag.actions.filter(kind=ActionKind.AUTO_RESOLVE).exists()


def test_a_dismissed_finding_is_not_raised_again():
    listing = publish(supply(summary="本区唯一的助残康复机构"))
    Flag.objects.filter(object_id=listing.pk).update(status=FlagStatus.DISMISSED)
    run_all()
    assert not Flag.objects.filter(object_id=listing.pk, status=FlagStatus.OPEN).exists()


def test_a_resolved_problem_that_comes_back_is_flagged_again():
    listing = publish(supply(summary="提供顶级服务"))
    SupplyListing.objects.filter(pk=listing.pk).update(summary="提供上门服务")
    run_listing_rules(SupplyListing)
    SupplyListing.objects.filter(pk=listing.pk).update(summary="提供顶级服务")
    run_listing_rules(SupplyListing)
    statuses = Flag.objects.filter(object_id=listing.pk, rule="claims.absolute").values_list(
        "status", flat=True
    )
    assert sorted(statuses) == [FlagStatus.OPEN, FlagStatus.RESOLVED]


def test_drafts_are_not_monitored_by_the_daily_run():
    draft = supply(save=True, live=False, summary="提供顶级服务")
    run_all()
    assert not Flag.objects.filter(object_id=draft.pk).exists()


def test_the_publisher_and_its_district_bureau_are_notified_once_per_run(
    django_capture_on_commit_callbacks,
):
    provider = ProviderFactory()
    staff = make_user(Role.PROVIDER, provider=provider)
    bureau = make_user(Role.DISTRICT_ADMIN, district=provider.district)
    other_bureau = make_user(
        Role.DISTRICT_ADMIN,
        district=provider.district.__class__.objects.exclude(pk=provider.district_id).first(),
    )
    for text in ("提供顶级服务", "本市最专业"):
        SupplyListing.objects.create(
            **{
                f: getattr(supply(provider=provider, summary=text), f)
                for f in (
                    "title",
                    "domain_id",
                    "year",
                    "summary",
                    "service_targets",
                    "contact_person",
                    "phone",
                    "district_id",
                    "period_start",
                    "period_end",
                )
            },
            provider=provider,
            live=True,
        )
    with django_capture_on_commit_callbacks(execute=True):
        run_all()
    assert Notification.objects.filter(recipient=staff).count() == 1
    assert Notification.objects.filter(recipient=bureau).count() == 1
    assert not Notification.objects.filter(recipient=other_bureau).exists()
    assert "（2）" in Notification.objects.get(recipient=staff).title
    assert any(staff.email in m.to for m in mail.outbox)


def test_a_city_registered_providers_authority_is_the_city():
    provider = ProviderFactory(registration_level="city")
    city = make_user(Role.CITY_ADMIN)
    district = make_user(Role.DISTRICT_ADMIN, district=provider.district)
    publish(supply(provider=provider, summary="提供顶级服务"))
    assert Notification.objects.filter(recipient=city).exists()
    assert not Notification.objects.filter(recipient=district).exists()


def test_an_imported_batch_is_checked_after_commit_with_its_publishers_duplicates(
    django_capture_on_commit_callbacks,
):
    from catalog.signals import listings_imported

    provider = ProviderFactory()
    rows = [
        SupplyListing(
            **{
                f: getattr(supply(provider=provider, summary=text), f)
                for f in (
                    "title",
                    "domain_id",
                    "year",
                    "summary",
                    "service_targets",
                    "contact_person",
                    "phone",
                    "district_id",
                    "period_start",
                    "period_end",
                )
            },
            provider=provider,
            live=True,
        )
        for text in ("提供顶级服务，覆盖全区", "提供顶级服务，覆盖全区")
    ]
    created = SupplyListing.objects.bulk_create(rows)
    with django_capture_on_commit_callbacks(execute=True):
        listings_imported.send(sender=SupplyListing, pks=[r.pk for r in created])
    rules = sorted(Flag.objects.values_list("rule", flat=True))
    assert rules == ["claims.absolute", "claims.absolute", "duplicates.same_project"]


def test_per_row_query_rules_are_skipped_inside_a_bulk_import():
    from catalog.checks import bulk, run_checks

    provider = ProviderFactory(is_seriously_dishonest=True)
    first = supply(save=True, provider=provider)
    again = SupplyListing(
        **{
            f.attname: getattr(first, f.attname)
            for f in SupplyListing._meta.concrete_fields
            if f.name != "id"
        }
    )
    again._state.fields_cache.pop("provider", None)
    with bulk():
        rules = {f.rule for f in run_checks(again)}
    assert "duplicates.same_project" not in rules and "eligibility.provider" not in rules
    assert {"duplicates.same_project", "eligibility.provider"} <= {
        f.rule for f in run_checks(again)
    }
