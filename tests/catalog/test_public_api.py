"""The public read API of the boards: filters, private details, constant queries, schema."""

import pytest

from accounts.roles import Role
from catalog.factories import (
    DemandListingFactory,
    ProviderFactory,
    PurchaserFactory,
    SupplyListingFactory,
    district,
    domain,
)

pytestmark = pytest.mark.django_db

DEMAND = "/api/demand-listings/"
SUPPLY = "/api/supply-listings/"


def titles(response):
    return {item["title"] for item in response.json()["results"]}


def test_only_public_listings_are_listed_and_retrievable(client):
    public = DemandListingFactory(title="公开项目")
    draft = DemandListingFactory(title="草稿项目", live=False)
    hidden = DemandListingFactory(title="屏蔽项目", hidden_reason="x")
    hidden.hidden_at = hidden.created_at
    hidden.save()
    assert titles(client.get(DEMAND)) == {"公开项目"}
    assert client.get(f"{DEMAND}{public.pk}/").status_code == 200
    assert client.get(f"{DEMAND}{draft.pk}/").status_code == 404
    assert client.get(f"{DEMAND}{hidden.pk}/").status_code == 404


def test_visitors_do_not_get_private_contact_details(client):
    listing = SupplyListingFactory(contact_person="王老师", phone="13812345678")
    data = client.get(f"{SUPPLY}{listing.pk}/").json()
    for name in ("contact_person", "phone", "email"):
        assert name not in data
    assert "13812345678" not in client.get(SUPPLY).content.decode()


@pytest.mark.parametrize(
    "role", [Role.PROVIDER, Role.PURCHASER, Role.DISTRICT_ADMIN, Role.CITY_ADMIN]
)
def test_signed_in_organizations_and_admins_get_contact_details(role, user_with_role, login):
    listing = SupplyListingFactory(phone="13812345678")
    data = login(user_with_role(role)).get(f"{SUPPLY}{listing.pk}/").json()
    assert data["phone"] == "13812345678"


def test_an_expert_is_treated_like_a_visitor_for_contact_details(user_with_role, login):
    listing = SupplyListingFactory(phone="13812345678")
    data = login(user_with_role(Role.EXPERT)).get(f"{SUPPLY}{listing.pk}/").json()
    assert "phone" not in data


def test_demand_filters_by_domain_levels_district_purchaser_year_budget_and_status(client):
    purchaser = PurchaserFactory()
    DemandListingFactory(title="助餐", domain=domain("2.1"), budget=100000, purchaser=purchaser)
    DemandListingFactory(
        title="心理", domain=domain("1.2"), budget=500000, district=district("徐汇区")
    )
    DemandListingFactory(
        title="往年", year=2024, status="evaluated", domain=domain("2.1"), budget=80000
    )
    assert titles(client.get(DEMAND, {"domain": "2.1"})) == {"助餐", "往年"}
    assert titles(client.get(DEMAND, {"domain_first": "1"})) == {"心理"}
    assert titles(client.get(DEMAND, {"district": "310104"})) == {"心理"}
    assert titles(client.get(DEMAND, {"purchaser": purchaser.pk})) == {"助餐"}
    assert titles(client.get(DEMAND, {"year": 2024})) == {"往年"}
    assert titles(client.get(DEMAND, {"budget_min": 200000, "budget_max": 600000})) == {"心理"}
    assert titles(client.get(DEMAND, {"status": "evaluated"})) == {"往年"}
    ordered = [
        i["title"]
        for i in client.get(DEMAND, {"ordering": "-budget", "year": 2026}).json()["results"]
    ]
    assert ordered == ["心理", "助餐"]


def test_supply_filters_by_provider_and_amount(client):
    provider = ProviderFactory()
    SupplyListingFactory(title="甲", provider=provider, total_amount=50000, purchased_before=True)
    SupplyListingFactory(title="乙", total_amount=900000)
    assert titles(client.get(SUPPLY, {"provider": provider.pk})) == {"甲"}
    assert titles(client.get(SUPPLY, {"amount_min": 100000})) == {"乙"}
    assert titles(client.get(SUPPLY, {"purchased_before": "true"})) == {"甲"}


def test_a_bad_filter_value_is_a_400_not_a_crash(client):
    assert client.get(DEMAND, {"budget_min": "很多"}).status_code == 400


@pytest.mark.parametrize("page_size", [5, 20, 100])
def test_the_list_uses_a_constant_number_of_queries(client, django_assert_num_queries, page_size):
    for _ in range(30):
        DemandListingFactory(chosen_provider=ProviderFactory())
    # The count, the page and one read per related table (catalog.filters.public_listings).
    with django_assert_num_queries(7):
        response = client.get(DEMAND, {"domain_first": "2", "year": 2026, "page_size": page_size})
    assert len(response.json()["results"]) == min(page_size, 30)


def test_the_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/demand-listings/" in schema
    assert "/api/supply-listings/{id}/" in schema
