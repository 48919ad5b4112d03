"""Only registered, not seriously dishonest providers may publish supply listings."""

import pytest

from catalog.factories import ProviderFactory, credit_code
from catalog.models import Provider
from moderation.rules.eligibility import provider_eligibility

from .helpers import demand, supply

pytestmark = pytest.mark.django_db


def test_a_provider_on_the_serious_dishonesty_list_is_blocked():
    findings = provider_eligibility(supply(provider=ProviderFactory(is_seriously_dishonest=True)))
    assert [(f.rule, f.extra["key"], f.blocks) for f in findings] == [
        ("eligibility.provider", "dishonest", True)
    ]


def test_a_provider_whose_code_is_not_a_civil_affairs_registration_is_blocked():
    provider = ProviderFactory()
    # Imported or legacy records can bypass the form validator: a company code (91…).
    Provider.objects.filter(pk=provider.pk).update(credit_code=credit_code("91"))
    provider.refresh_from_db()
    findings = provider_eligibility(supply(provider=provider))
    assert [f.extra["key"] for f in findings] == ["not_registered"]


def test_a_registered_provider_in_good_standing_is_fine():
    for kind in ("51", "52", "53"):
        provider = ProviderFactory(credit_code=credit_code(kind))
        assert provider_eligibility(supply(provider=provider)) == []


def test_demand_listings_are_not_checked_for_provider_eligibility():
    assert provider_eligibility(demand()) == []
