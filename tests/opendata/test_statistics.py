"""The public statistics page: the admin dashboard's queries over public records, cached, phone-sized."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.roles import Role
from catalog.factories import (
    DemandListingFactory,
    PurchaserFactory,
    SupplyListingFactory,
    district,
    domain,
)
from moderation.statistics import all_datasets, public_datasets

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures():
    huangpu = PurchaserFactory(district=district("黄浦区"))
    xuhui = PurchaserFactory(district=district("徐汇区"))
    DemandListingFactory(purchaser=huangpu, budget=Decimal(100000), domain=domain("2.1"))
    DemandListingFactory(purchaser=huangpu, budget=Decimal(50000), year=2025, domain=domain("2.1"))
    DemandListingFactory(purchaser=xuhui, budget=Decimal(70000), domain=domain("1.2"))
    SupplyListingFactory(total_amount=Decimal(30000))
    DemandListingFactory(purchaser=huangpu, budget=Decimal(999999), live=False)  # a draft
    return DemandListingFactory(
        purchaser=xuhui, budget=Decimal(888888), hidden_at=timezone.now(), hidden_reason="x"
    )  # hidden by monitoring: the admin counts it, the public does not


def table(datasets, name):
    return {row[0]: row[1:] for row in next(d for d in datasets if d.name == name).rows}


def test_public_figures_are_the_dashboards_queries_over_public_records(figures, user_with_role):
    public = public_datasets()
    by_district = table(public, "listings_district")
    assert by_district["黄浦区"][:2] == [2, Decimal(150000)]
    assert by_district["徐汇区"][:2] == [1, Decimal(70000)]
    assert table(public, "listings_year")[2025][:2] == [1, Decimal(50000)]
    assert table(public, "listings_domain")["养老服务"][:2] == [2, Decimal(150000)]
    admin = table(all_datasets(user_with_role(Role.CITY_ADMIN)), "listings_district")
    assert admin["徐汇区"][:2] == [2, Decimal(70000 + 888888)]  # hidden ones included there only


def test_the_page_shows_chinese_tables_and_bars(client, figures):
    response = client.get("/statistics/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "公开统计",
        "供需项目按业务领域",
        "供需项目按区",
        "供需项目按年度",
        "推荐目录条目按区",
        "黄浦区",
        "150,000",
    ):
        assert text in html
    assert "888,888" not in html and "999,999" not in html and "¥70,000" in html
    assert '<meter min="0" max="' in html and "style=" not in html.split("<main")[1]
    assert 'class="table-scroll"' in html


def test_the_page_uses_a_constant_number_of_queries(client, figures, django_assert_max_num_queries):
    client.get("/statistics/")
    with django_assert_max_num_queries(16) as few:
        client.get("/statistics/")
    for year in (2020, 2021, 2022):
        DemandListingFactory(year=year, purchaser=PurchaserFactory(district=district("静安区")))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/statistics/")


def test_visitors_get_the_page_from_the_page_cache(
    client, figures, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    assert client.get("/statistics/")["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = client.get("/statistics/")
    assert again["X-Page-Cache"] == "hit"
    cache.clear()


def test_a_plans_estimate_is_counted_but_not_added_to_the_budgets(figures):
    huangpu = PurchaserFactory(district=district("黄浦区"))
    DemandListingFactory(purchaser=huangpu, planned=True, budget=Decimal(400000), domain=domain("2.1"))
    by_district = table(public_datasets(), "listings_district")
    assert by_district["黄浦区"][:2] == [3, Decimal(150000)]
