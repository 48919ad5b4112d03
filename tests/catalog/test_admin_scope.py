"""Admin screens are scoped by role: each boundary tested from both sides."""

import pytest

from accounts.roles import Role
from catalog.factories import (
    DemandListingFactory,
    ProviderFactory,
    PurchaserFactory,
    SupplyListingFactory,
    district,
)
from catalog.models import SupplyListing

pytestmark = pytest.mark.django_db

SUPPLY = "/admin/snippets/catalog/supplylisting/"
DEMAND = "/admin/snippets/catalog/demandlisting/"
PROVIDERS = "/admin/snippets/catalog/provider/"
PURCHASERS = "/admin/snippets/catalog/purchaser/"


def supply_form(listing_or_none=None, **fields):
    data = {
        "title": "社区长者助餐",
        "domain": "",
        "year": "2026",
        "summary": "送餐上门",
        "service_targets": "老人",
        "contact_person": "王老师",
        "phone": "13812345678",
        "email": "",
        "place": "",
        "period_start": "",
        "period_end": "",
        "purchaser_name": "",
        "results": "",
    }
    data.update(fields)
    return data


@pytest.fixture
def two_providers():
    own = ProviderFactory()
    other = ProviderFactory(district=district("徐汇区"))
    return own, other, SupplyListingFactory(provider=own), SupplyListingFactory(provider=other)


def test_a_provider_lists_and_edits_only_its_own_supply_listings(
    two_providers, user_with_role, login
):
    own, other, mine, theirs = two_providers
    client = login(user_with_role(Role.PROVIDER, provider=own))
    index = client.get(SUPPLY).content.decode()
    assert mine.title in index and theirs.title not in index
    assert client.get(f"{SUPPLY}edit/{mine.pk}/").status_code == 200
    for view in ("edit", "history", "inspect", "unpublish", "delete"):
        assert client.get(f"{SUPPLY}{view}/{theirs.pk}/").status_code == 404, view


def test_a_provider_cannot_delete_even_its_own_listing(two_providers, user_with_role, login):
    own, _other, mine, _theirs = two_providers
    client = login(user_with_role(Role.PROVIDER, provider=own))
    assert client.post(f"{SUPPLY}delete/{mine.pk}/").status_code in (302, 403)
    assert SupplyListing.objects.filter(pk=mine.pk).exists()


def test_a_provider_cannot_open_demand_listings_or_other_organizations(
    two_providers, user_with_role, login
):
    own, other, _mine, _theirs = two_providers
    demand = DemandListingFactory()
    client = login(user_with_role(Role.PROVIDER, provider=own))
    assert client.get(DEMAND).status_code in (302, 403)
    assert client.get(f"{DEMAND}edit/{demand.pk}/").status_code in (302, 403, 404)
    assert client.get(f"{PROVIDERS}edit/{own.pk}/").status_code == 200
    assert client.get(f"{PROVIDERS}edit/{other.pk}/").status_code == 404
    assert other.name not in client.get(PROVIDERS).content.decode()


def test_a_providers_new_listing_belongs_to_it_without_choosing(user_with_role, login):
    own = ProviderFactory()
    other = ProviderFactory()
    client = login(user_with_role(Role.PROVIDER, provider=own))
    form = client.get(f"{SUPPLY}add/").content.decode()
    assert 'name="provider"' not in form
    from catalog.factories import domain

    response = client.post(f"{SUPPLY}add/", supply_form(domain=domain().pk, provider=other.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    listing = SupplyListing.objects.get(title="社区长者助餐")
    assert listing.provider == own
    assert not listing.live  # saved as a draft


def test_a_provider_cannot_change_its_registration_facts(user_with_role, login):
    own = ProviderFactory(grade="2A")
    client = login(user_with_role(Role.PROVIDER, provider=own))
    form = client.get(f"{PROVIDERS}edit/{own.pk}/").content.decode()
    assert 'name="phone"' in form
    for name in ("credit_code", "grade", "is_seriously_dishonest", "name"):
        assert f'name="{name}"' not in form


def test_a_purchaser_sees_only_its_own_demand_listings(user_with_role, login):
    own, other = PurchaserFactory(), PurchaserFactory()
    mine, theirs = DemandListingFactory(purchaser=own), DemandListingFactory(purchaser=other)
    client = login(user_with_role(Role.PURCHASER, purchaser=own))
    index = client.get(DEMAND).content.decode()
    assert mine.title in index and theirs.title not in index
    assert client.get(f"{DEMAND}edit/{mine.pk}/").status_code == 200
    assert client.get(f"{DEMAND}edit/{theirs.pk}/").status_code == 404
    assert client.get(SUPPLY).status_code in (302, 403)
    assert client.get(f"{PURCHASERS}edit/{other.pk}/").status_code == 404


def test_a_district_admin_manages_its_district_only(two_providers, user_with_role, login):
    own, other, mine, theirs = two_providers  # own: 黄浦区, other: 徐汇区
    huangpu_demand = DemandListingFactory()
    xuhui_demand = DemandListingFactory(purchaser=PurchaserFactory(district=district("徐汇区")))
    client = login(user_with_role(Role.DISTRICT_ADMIN))  # 黄浦区
    assert client.get(f"{SUPPLY}edit/{mine.pk}/").status_code == 200
    assert client.get(f"{SUPPLY}edit/{theirs.pk}/").status_code == 404
    assert client.get(f"{DEMAND}edit/{huangpu_demand.pk}/").status_code == 200
    assert client.get(f"{DEMAND}edit/{xuhui_demand.pk}/").status_code == 404
    assert client.get(f"{PROVIDERS}edit/{own.pk}/").status_code == 200
    assert client.get(f"{PROVIDERS}edit/{other.pk}/").status_code == 404
    form = client.get(f"{SUPPLY}add/").content.decode()
    assert own.name in form and other.name not in form


def test_a_district_admin_cannot_create_a_listing_for_another_districts_provider(
    two_providers, user_with_role, login
):
    from catalog.factories import domain

    _own, other, _mine, _theirs = two_providers
    client = login(user_with_role(Role.DISTRICT_ADMIN))
    response = client.post(f"{SUPPLY}add/", supply_form(domain=domain().pk, provider=other.pk))
    assert response.status_code == 200  # the form comes back with an error
    assert not SupplyListing.objects.filter(title="社区长者助餐").exists()


@pytest.mark.parametrize("role", [Role.CITY_ADMIN, Role.MONITOR])
def test_city_admin_and_monitor_see_every_listing(role, two_providers, user_with_role, login):
    _own, _other, mine, theirs = two_providers
    client = login(user_with_role(role))
    index = client.get(SUPPLY).content.decode()
    assert mine.title in index and theirs.title in index


def test_the_monitor_reads_listings_but_cannot_edit_them(two_providers, user_with_role, login):
    _own, _other, mine, _theirs = two_providers
    client = login(user_with_role(Role.MONITOR))
    assert client.get(f"{SUPPLY}inspect/{mine.pk}/").status_code == 200
    response = client.post(f"{SUPPLY}edit/{mine.pk}/", supply_form(title="改掉"))
    assert response.status_code in (302, 403)
    mine.refresh_from_db()
    assert mine.title != "改掉"
    assert client.get(f"{SUPPLY}add/").status_code in (302, 403)


def test_an_expert_sees_no_listings(two_providers, user_with_role, login):
    client = login(user_with_role(Role.EXPERT))
    assert client.get(SUPPLY).status_code in (302, 403)


def test_a_district_admin_records_inspections_for_its_own_providers_only(
    two_providers, user_with_role, login
):
    from catalog.models import AnnualInspection

    own, other, _mine, _theirs = two_providers
    client = login(user_with_role(Role.DISTRICT_ADMIN))
    url = "/admin/snippets/catalog/annualinspection/add/"
    assert own.name in client.get(url).content.decode()
    client.post(url, {"provider": other.pk, "year": 2025, "result": "passed"})
    assert not AnnualInspection.objects.filter(provider=other).exists()
    response = client.post(url, {"provider": own.pk, "year": 2025, "result": "passed"})
    assert response.status_code == 302
    assert AnnualInspection.objects.filter(provider=own, year=2025).exists()


def test_a_providers_record_shows_its_inspections_and_credit_events(user_with_role, login):
    import datetime

    from catalog.models import AnnualInspection, CreditEvent

    provider = ProviderFactory()
    AnnualInspection.objects.create(provider=provider, year=2024, result="basically_passed")
    CreditEvent.objects.create(
        provider=provider,
        kind="false_claim",
        occurred_on=datetime.date(2025, 3, 1),
        description="夸大服务成效",
    )
    page = login(user_with_role(Role.PROVIDER, provider=provider))
    content = page.get(f"{PROVIDERS}edit/{provider.pk}/").content.decode()
    assert "基本合格" in content and "夸大服务成效" in content
