"""Listings for the monitoring tests: valid by default, one field changed per test."""

import datetime
from decimal import Decimal

from django.test import TestCase

from catalog.factories import ProviderFactory, PurchaserFactory, district
from catalog.models import DemandListing, ServiceDomain, SupplyListing


def domain():
    return ServiceDomain.objects.get(code="2.1")


def supply(save=False, **fields) -> SupplyListing:
    values = {
        "title": "长者助餐服务项目",
        "domain": domain(),
        "year": 2026,
        "summary": "为社区高龄独居老人提供助餐和送餐服务，每周五天，配备专职送餐员。",
        "service_targets": "高龄独居老人",
        "district": district(),
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 12, 31),
        "contact_person": "王老师",
        "phone": "13812345678",
    }
    values.update(fields)
    if "provider" not in values:
        values["provider"] = ProviderFactory()
    listing = SupplyListing(**values)
    if save:
        listing.save()
    return listing


def demand(save=False, **fields) -> DemandListing:
    values = {
        "title": "社区睦邻点运营服务",
        "domain": domain(),
        "year": 2026,
        "summary": "委托专业社会组织运营街道内12个睦邻点，开展邻里互助活动。",
        "service_targets": "社区居民",
        "district": district(),
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 12, 31),
        "purchase_method": "open_tender",
        "provider_requirements": "具有社会工作专业人员",
        "contact_person": "李科长",
        "phone": "021-63211234",
        "budget": Decimal("200000"),
        "budget_approved_on": datetime.date(2026, 3, 1),
    }
    values.update(fields)
    if "purchaser" not in values:
        values["purchaser"] = PurchaserFactory()
    listing = DemandListing(**values)
    if save:
        listing.save()
    return listing


def publish(listing, when=None):
    """Publish through Wagtail's revision action, as the admin does (sends `published`)."""
    if not listing.pk:
        listing.save()
    # Run the on-commit work (the monitoring task) as a real commit would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        revision = listing.save_revision()
        revision.publish()
    listing.refresh_from_db()
    if when is not None:
        type(listing).objects.filter(pk=listing.pk).update(first_published_at=when)
        listing.refresh_from_db()
    return listing


def rules_of(findings) -> list[str]:
    return [f.rule for f in findings]
