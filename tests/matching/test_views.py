"""Matching on the screens: who sees a demand listing's ranking, the provider's own list,
the dashboard panel and the edit screen's panel; bounded queries per page."""

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
from matching import facts

pytestmark = pytest.mark.django_db


@pytest.fixture
def demand():
    listing = DemandListingFactory(
        title="南京东路社区长者照护", domain=domain("2.1"), district=district("黄浦区")
    )
    for n in range(3):
        provider = ProviderFactory(name=f"黄浦照护服务社{n}", district=district("黄浦区"))
        SupplyListingFactory(provider=provider, domain=domain("2.1"))
    return listing


def url(listing):
    return f"/admin/matching/demand/{listing.pk}/"


def test_the_purchaser_of_the_listing_sees_its_ranking_with_reasons(demand, user_with_role, login):
    client = login(user_with_role(Role.PURCHASER, purchaser=demand.purchaser))
    response = client.get(url(demand))
    assert response.status_code == 200
    page = response.content.decode()
    assert "黄浦照护服务社0" in page
    assert "同二级领域（居家照护及社区托养）项目1个" in page
    assert "得分明细" in page


@pytest.mark.parametrize("role", [Role.CITY_ADMIN, Role.DISTRICT_ADMIN, Role.MONITOR])
def test_admins_in_scope_see_the_ranking(demand, role, user_with_role, login):
    client = login(user_with_role(role))
    assert client.get(url(demand)).status_code == 200


def test_another_purchaser_and_another_district_do_not_find_it(demand, user_with_role, login):
    client = login(user_with_role(Role.PURCHASER, purchaser=PurchaserFactory()))
    assert client.get(url(demand)).status_code == 404
    client = login(user_with_role(Role.DISTRICT_ADMIN, district=district("崇明区")))
    assert client.get(url(demand)).status_code == 404


def test_a_provider_never_sees_the_ranking_of_a_demand_listing(demand, user_with_role, login):
    provider = SupplyListingFactory(domain=domain("2.1")).provider
    client = login(user_with_role(Role.PROVIDER, provider=provider))
    assert client.get(url(demand)).status_code in (302, 403, 404)


def test_the_provider_list_shows_its_own_score_only(demand, user_with_role, login):
    provider = ProviderFactory(name="本机构", district=district("黄浦区"))
    SupplyListingFactory(provider=provider, domain=domain("2.1"))
    client = login(user_with_role(Role.PROVIDER, provider=provider))
    page = client.get("/admin/matching/").content.decode()
    assert "南京东路社区长者照护" in page
    assert "同二级领域" in page
    assert "黄浦照护服务社0" not in page  # nobody else's name or score


def test_the_providers_dashboard_shows_the_listings_that_fit_it(demand, user_with_role, login):
    provider = ProviderFactory(district=district("黄浦区"))
    SupplyListingFactory(provider=provider, domain=domain("2.1"))
    client = login(user_with_role(Role.PROVIDER, provider=provider))
    page = client.get("/admin/").content.decode()
    assert "适合本机构的需求项目" in page
    assert "南京东路社区长者照护" in page


def test_the_edit_screen_of_the_listing_carries_the_matching_panel(demand, user_with_role, login):
    client = login(user_with_role(Role.PURCHASER, purchaser=demand.purchaser))
    page = client.get(f"/admin/snippets/catalog/demandlisting/edit/{demand.pk}/").content.decode()
    assert "data-matching-panel" in page
    assert "黄浦照护服务社0" in page


def test_the_ranking_page_costs_the_same_queries_for_more_providers(
    demand, user_with_role, login, django_assert_max_num_queries
):
    client = login(user_with_role(Role.CITY_ADMIN))
    client.get(url(demand))  # warm caches (content types, site)
    facts.forget()  # both measured with the family facts read afresh
    with django_assert_max_num_queries(30) as small:
        client.get(url(demand))
    for n in range(25):
        provider = ProviderFactory(district=district("静安区"))
        SupplyListingFactory(provider=provider, domain=domain("2.2" if n % 2 else "2.1"))
    facts.forget()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url(demand))
    assert response.content.decode().count("data-match=") == 28
