"""Atom feeds (notices, boards, search) and CSV/XLSX exports of boards and searches."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook

from catalog.factories import DemandListingFactory, SupplyListingFactory, domain

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
INJECTION = '=HYPERLINK("http://evil.example/","点击领取")'


def entries(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 -- our own feed, in a test
    return [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]


def csv_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_a_board_feed_lists_public_listings_under_the_boards_filters(client):
    DemandListingFactory(title="长者助餐服务", domain=domain("2.1"))
    DemandListingFactory(title="青少年心理辅导", domain=domain("1.2"))
    DemandListingFactory(title="未发布的草稿", live=False)
    assert set(entries(client.get("/feeds/demand/"))) == {"长者助餐服务", "青少年心理辅导"}
    assert entries(client.get("/feeds/demand/", {"domain_first": "1"})) == ["青少年心理辅导"]
    SupplyListingFactory(title="服务项目甲")
    assert entries(client.get("/feeds/supply/")) == ["服务项目甲"]


def test_a_board_feed_puts_the_newest_publication_first_whatever_its_year(client, settings):
    import datetime

    from django.utils import timezone

    settings.OPENDATA_FEED_ITEMS = 2
    now = timezone.now()
    for n, year in enumerate((2026, 2026)):
        DemandListingFactory(
            title=f"今年{n}", year=year, first_published_at=now - datetime.timedelta(days=5 - n)
        )
    DemandListingFactory(title="今天发布的去年项目", year=2025, first_published_at=now)
    assert entries(client.get("/feeds/demand/")) == ["今天发布的去年项目", "今年1"]
    assert entries(client.get("/feeds/demand/", {"ordering": "-year"}))[0].startswith("今年")


def test_a_plan_that_became_an_open_demand_is_news_in_the_feed_when_it_opened(client, settings):
    import datetime

    from django.utils import timezone

    settings.OPENDATA_FEED_ITEMS = 2
    now = timezone.now()
    opened = DemandListingFactory(
        title="社区心理健康服务（年初计划）", first_published_at=now - datetime.timedelta(days=90),
        last_published_at=now - datetime.timedelta(days=90), opened_at=now,
    )
    for n in range(2):
        DemandListingFactory(title=f"上周发布{n}", first_published_at=now - datetime.timedelta(days=7 - n))
    assert entries(client.get("/feeds/demand/")) == [opened.title, "上周发布1"]
    root = ET.fromstring(client.get("/feeds/demand/").content)  # noqa: S314 -- our own feed
    first = root.findall(f"{ATOM}entry")[0]
    updated = datetime.datetime.fromisoformat(first.find(f"{ATOM}updated").text)
    assert abs(updated - now) < datetime.timedelta(seconds=1)


def test_a_board_feed_uses_a_constant_number_of_queries(client, django_assert_max_num_queries):
    DemandListingFactory.create_batch(3)
    client.get("/feeds/demand/")
    with django_assert_max_num_queries(3) as few:
        client.get("/feeds/demand/")
    DemandListingFactory.create_batch(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(entries(client.get("/feeds/demand/"))) == 23


@pytest.mark.parametrize(
    "url, params",
    [
        ("/feeds/demand/", {"year": "明年"}),
        ("/feeds/demand/", {"budget_min": "-5"}),
        ("/feeds/supply/", {"provider": "99999999999999999999999"}),
        ("/export/demand.csv", {"status": "nonsense"}),
        ("/export/supply.xlsx", {"year": "1800"}),
        ("/feeds/search/", {"year": "abc"}),
        ("/export/search.csv", {"sort": "random"}),
    ],
)
def test_bad_parameters_answer_400_in_the_api_error_shape(client, url, params, search_index):
    search_index()
    response = client.get(url, params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith("请求参数有误") and body["errors"]


def test_a_nul_character_is_refused_before_any_query(client):
    assert client.get("/export/supply.xlsx", {"q": "\x00"}).status_code == 400


def test_unknown_boards_and_formats_are_404(client):
    assert client.get("/feeds/elsewhere/").status_code == 404
    assert client.get("/export/demand.pdf").status_code == 404
    assert client.get("/feeds/notices/nowhere/").status_code == 404


def test_the_notice_feed_lists_live_policies_and_announcements(client, settings):
    from wagtail.models import Page

    from notices.models import AnnouncementIndexPage, AnnouncementPage, PolicyIndexPage, PolicyPage

    policies = PolicyIndexPage.objects.get()
    announcements = AnnouncementIndexPage.objects.get()
    policies.add_child(instance=PolicyPage(title="关于购买服务的办法", issuing_body="市民政局"))
    announcements.add_child(
        instance=AnnouncementPage(title="推荐目录公示", issuing_body="市社会组织服务中心")
    )
    draft = PolicyPage(title="未发布的通知", issuing_body="市民政局", live=False)
    policies.add_child(instance=draft)
    assert Page.objects.filter(title="未发布的通知", live=False).exists()
    assert set(entries(client.get("/feeds/notices/"))) == {"关于购买服务的办法", "推荐目录公示"}
    assert entries(client.get("/feeds/notices/announcements/")) == ["推荐目录公示"]


def test_the_directory_feed_lists_the_published_years(client, directory):
    assert entries(client.get("/feeds/directory/")) == ["2025版推荐目录"]
    assert 'href="/feeds/directory/"' in client.get(directory.url).content.decode()


def test_pages_link_their_feeds_and_exports_with_the_current_filters(client, search_index):
    DemandListingFactory(title="长者助餐服务", domain=domain("2.1"))
    html = client.get("/demand/", {"domain": "2.1", "page": "1"}).content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="我要购买服务订阅（Atom）" '
        'href="/feeds/demand/?domain=2.1">' in html
    )
    assert 'href="/export/demand.csv?domain=2.1"' in html
    assert 'href="/export/demand.xlsx?domain=2.1"' in html
    assert 'href="/feeds/notices/"' in client.get("/").content.decode()
    assert 'href="/feeds/notices/policies/"' in client.get("/policies/").content.decode()
    search_index()
    html = client.get("/search/", {"q": "助餐"}).content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in html
    assert 'href="/feeds/search/?q=%E5%8A%A9%E9%A4%90"' in html
    assert 'href="/export/search.xlsx?q=%E5%8A%A9%E9%A4%90"' in html


def test_a_board_export_keeps_the_filters_and_the_boards_order(client):
    DemandListingFactory(title="较早年度", year=2024, domain=domain("2.1"))
    DemandListingFactory(title="今年项目", year=2026, domain=domain("2.1"), budget=123456.5)
    DemandListingFactory(title="别的领域", year=2026, domain=domain("1.2"))
    rows = csv_rows(client.get("/export/demand.csv", {"domain": "2.1"}))
    assert rows[0][:3] == ["编号", "网址", "项目名称"]
    assert [r[2] for r in rows[1:]] == ["今年项目", "较早年度"]
    budget = rows[0].index("预算金额（元）")
    assert rows[1][budget] == "123456.50"
    assert "联系电话" not in rows[0] and "13812345678" not in str(rows)
    sheet = xlsx_sheet(client.get("/export/demand.xlsx", {"domain": "2.1"}))
    assert [c.value for c in sheet[2]][2] == "今年项目"
    assert sheet.cell(2, budget + 1).value == 123456.5  # amounts stay numbers


def test_exports_are_capped_by_the_setting_and_say_so(
    client, settings, django_assert_max_num_queries
):
    settings.OPENDATA_EXPORT_MAX_ROWS = 5
    SupplyListingFactory.create_batch(7)
    with django_assert_max_num_queries(3):
        response = client.get("/export/supply.csv")
    assert len(csv_rows(response)) == 1 + 5
    assert response["X-Export-Capped"] == "1" and response["X-Export-Rows"] == "5"
    settings.OPENDATA_EXPORT_MAX_ROWS = 10
    response = client.get("/export/supply.xlsx")
    assert xlsx_sheet(response).max_row == 1 + 7 and response["X-Export-Capped"] == "0"


def test_a_hyperlink_formula_title_is_escaped_in_csv_and_xlsx(client):
    DemandListingFactory(title=INJECTION, summary="+SUM(A1:A9)")
    rows = csv_rows(client.get("/export/demand.csv"))
    assert rows[1][2] == "'" + INJECTION
    assert "'+SUM(A1:A9)" in rows[1]
    sheet = xlsx_sheet(client.get("/export/demand.xlsx"))
    cell = sheet.cell(2, 3)
    assert cell.value == INJECTION
    assert cell.data_type == "s" and cell.quotePrefix  # a string, never a formula
    year = sheet.cell(1, 1).value  # headers are strings too
    assert year == "编号" and sheet.cell(1, 1).data_type == "s"


def test_a_search_feed_and_export_follow_the_query_and_filters(client, search_index):
    DemandListingFactory(title="长者助餐服务", domain=domain("2.1"))
    DemandListingFactory(title="青少年助餐营养课", domain=domain("1.2"))
    DemandListingFactory(title=INJECTION + "助餐", domain=domain("1.2"))
    search_index()
    titles = entries(client.get("/feeds/search/", {"q": "助餐"}))
    assert "长者助餐服务" in titles and "青少年助餐营养课" in titles
    assert entries(client.get("/feeds/search/", {"q": "助餐", "domain": "2.1"})) == ["长者助餐服务"]
    rows = csv_rows(client.get("/export/search.csv", {"q": "助餐", "domain": "1.2"}))
    assert rows[0][:3] == ["类型", "标题", "网址"]
    assert sorted(r[1] for r in rows[1:]) == sorted(["青少年助餐营养课", "'" + INJECTION + "助餐"])
    sheet = xlsx_sheet(client.get("/export/search.xlsx", {"q": "助餐", "domain": "1.2"}))
    formula = next(c for c in sheet["B"] if c.value and c.value.startswith("="))
    assert formula.value == INJECTION + "助餐" and formula.quotePrefix and formula.data_type == "s"


def test_personal_numbers_are_masked_in_both_formats(client):
    DemandListingFactory(title="助餐", summary="咨询 13912345678，身份证 11010519491231002X")
    for fmt in ("csv", "xlsx"):
        response = client.get(f"/export/demand.{fmt}")
        if fmt == "csv":
            text = response.content.decode("utf-8-sig")
        else:
            text = str([c.value for row in xlsx_sheet(response).iter_rows() for c in row])
        assert "13912345678" not in text and "139****5678" in text
        assert "11010519491231002X" not in text and "110***********002X" in text
