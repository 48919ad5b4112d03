"""Statistics for decision makers: aggregate figures, SVG charts with tables, xlsx downloads."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from catalog.factories import PurchaserFactory, district
from moderation.statistics import all_datasets

from .helpers import demand, publish, supply

pytestmark = pytest.mark.django_db

URL = reverse("statistics:index")


@pytest.fixture
def figures():
    huangpu = PurchaserFactory(district=district("黄浦区"))
    xuhui = PurchaserFactory(district=district("徐汇区"))
    publish(demand(purchaser=huangpu, budget=Decimal(100000)))
    publish(demand(purchaser=huangpu, budget=Decimal(50000), year=2025, title="另一个项目"))
    publish(demand(purchaser=xuhui, budget=Decimal(70000), summary="提供顶级服务"))
    publish(supply(total_amount=Decimal(30000), summary="提供顶级服务"))
    demand(save=True, live=False, purchaser=huangpu, budget=Decimal(999999))  # a draft: not counted


def rows(user, name):
    return {row[0]: row[1:] for row in next(d for d in all_datasets(user) if d.name == name).rows}


def test_listings_and_amounts_by_district_year_and_domain(figures, user_with_role):
    city = user_with_role(Role.CITY_ADMIN)
    by_district = rows(city, "listings_district")
    assert by_district["黄浦区"][:2] == [2, Decimal(150000)]
    assert by_district["徐汇区"][:2] == [1, Decimal(70000)]
    by_year = rows(city, "listings_year")
    assert by_year[2026] == [2, Decimal(170000), 1, Decimal(30000)]
    assert rows(city, "listings_domain")["养老服务"][0] == 3


def test_a_district_admin_sees_its_own_district_only(figures, user_with_role):
    bureau = user_with_role(Role.DISTRICT_ADMIN, district=district("徐汇区"))
    assert set(rows(bureau, "listings_district")) == {"徐汇区"}


def test_the_page_renders_svg_charts_with_tables_without_per_row_queries(
    figures, user_with_role, login, django_assert_max_num_queries
):
    client = login(user_with_role(Role.MONITOR))
    with django_assert_max_num_queries(40):
        page = client.get(URL).content.decode()
    assert page.count("<svg") >= 5 and "<table" in page
    assert "绝对化或夸大用语" in page  # open flags by rule


def test_each_chart_downloads_as_xlsx(figures, user_with_role, login):
    response = login(user_with_role(Role.CITY_ADMIN)).get(URL, {"export": "listings_district"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == "分组"
    assert ["黄浦区", 2, 150000, 1, 30000] in values  # the provider is in Huangpu too


def test_an_unknown_download_is_not_found(user_with_role, login):
    assert login(user_with_role(Role.CITY_ADMIN)).get(URL, {"export": "nope"}).status_code == 404


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.PURCHASER, Role.EXPERT])
def test_publishers_and_experts_cannot_see_statistics(role, user_with_role, login):
    assert login(user_with_role(role)).get(URL).status_code in (302, 403)


def test_the_dashboard_shows_open_flags_to_the_monitor_only(figures, user_with_role, login):
    assert (
        "内容监测：待处理标记"
        in login(user_with_role(Role.MONITOR)).get("/admin/").content.decode()
    )
    assert (
        "内容监测：待处理标记"
        not in login(user_with_role(Role.PROVIDER)).get("/admin/").content.decode()
    )
