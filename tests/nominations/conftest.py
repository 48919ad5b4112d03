"""Fixtures of the nomination tests: a round with open windows, providers and users of each role."""

import pytest

from accounts.roles import Role
from catalog.factories import ProviderFactory, district, make_user
from nominations.factories import ApplicationFactory, RoundFactory


@pytest.fixture
def round_(db):
    return RoundFactory(year=2031)


@pytest.fixture
def provider(db):
    return ProviderFactory(district=district("黄浦区"))


@pytest.fixture
def city_provider(db):
    return ProviderFactory(district=district("黄浦区"), registration_level="city")


@pytest.fixture
def people(db, provider, city_provider):
    """One user per party that may, or must not, act on applications of `provider`/`city_provider`."""
    return {
        "provider": make_user(Role.PROVIDER, provider=provider),
        "city_provider": make_user(Role.PROVIDER, provider=city_provider),
        "other_provider": make_user(Role.PROVIDER),
        "district": make_user(Role.DISTRICT_ADMIN, district=district("黄浦区")),
        "other_district": make_user(Role.DISTRICT_ADMIN, district=district("徐汇区")),
        "city": make_user(Role.CITY_ADMIN),
        "monitor": make_user(Role.MONITOR),
        "expert": make_user(Role.EXPERT),
        "purchaser": make_user(Role.PURCHASER),
    }


@pytest.fixture
def application(round_, provider):
    return ApplicationFactory(round=round_, provider=provider)
