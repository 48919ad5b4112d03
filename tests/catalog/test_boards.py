"""The public boards /demand/ and /supply/: filters, pagination, detail, private details."""

import pytest

from accounts.roles import Role
from catalog.factories import DemandListingFactory, SupplyListingFactory, domain

pytestmark = pytest.mark.django_db


def test_the_demand_board_lists_public_listings_with_filters(client):
    DemandListingFactory(title="长者助餐服务", domain=domain("2.1"))
    DemandListingFactory(title="青少年心理辅导", domain=domain("1.2"))
    DemandListingFactory(title="未发布的草稿", live=False)
    page = client.get("/demand/").content.decode()
    assert "长者助餐服务" in page and "青少年心理辅导" in page
    assert "未发布的草稿" not in page
    filtered = client.get("/demand/", {"domain_first": "1"}).content.decode()
    assert "青少年心理辅导" in filtered and "长者助餐服务" not in filtered


def test_the_board_paginates_by_twenty(client):
    for n in range(25):
        SupplyListingFactory(title=f"项目{n:02d}号")
    first = client.get("/supply/").content.decode()
    second = client.get("/supply/", {"page": 2}).content.decode()
    assert first.count("号</a>") == 20
    assert second.count("号</a>") == 5
    assert "第 2 / 2 页" in second


def test_the_board_page_uses_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(5):
        SupplyListingFactory()
    client.get("/supply/")  # warm the site and page caches
    # The page tree (without the page cache's copy of it), the count, the page, one read
    # per related table (catalog.filters.public_listings) and the filters' options.
    with django_assert_max_num_queries(16) as few:
        client.get("/supply/")
    for _ in range(20):
        SupplyListingFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/supply/")


def test_the_detail_page_hides_contacts_from_visitors(client, user_with_role, login):
    listing = DemandListingFactory(phone="13812345678", contact_person="王老师")
    visitor = client.get(f"/demand/{listing.pk}/").content.decode()
    assert listing.title in visitor
    assert "13812345678" not in visitor and "王老师" not in visitor
    member = login(user_with_role(Role.PROVIDER)).get(f"/demand/{listing.pk}/").content.decode()
    assert "13812345678" in member


def test_a_draft_has_no_public_detail_page(client):
    listing = SupplyListingFactory(live=False)
    assert client.get(f"/supply/{listing.pk}/").status_code == 404


def test_the_board_numbers_its_pages(client):
    for n in range(65):
        SupplyListingFactory(title=f"项目{n:02d}号")
    page = client.get("/supply/", {"page": 2}).content.decode()
    assert 'aria-current="page">2</span>' in page
    for number in (1, 3, 4):
        assert f'page={number}" aria-label="第 {number} 页"' in page
    assert "上一页" in page and "下一页" in page and "共 4 页" in page


def test_the_second_level_list_narrows_to_the_chosen_first_level(client):
    SupplyListingFactory(domain=domain("6.2"))
    everything = client.get("/supply/").content.decode()
    narrowed = client.get("/supply/", {"domain_first": "6"}).content.decode()
    assert 'value="1.1" data-parent="1"' in everything and 'value="6.2" data-parent="6"' in everything
    assert 'value="6.2" data-parent="6"' in narrowed and 'value="1.1"' not in narrowed


def test_amounts_read_in_yuan_and_wan_and_the_detail_shows_its_publication_date(client):
    import datetime

    from django.utils import timezone

    published = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 30))
    listing = DemandListingFactory(budget=150000, first_published_at=published)
    board = client.get("/demand/").content.decode()
    assert "预算 15 万元" in board
    detail = client.get(f"/demand/{listing.pk}/").content.decode()
    assert "¥150,000（15 万元）" in detail
    assert "发布时间：" in detail and "2026年3月1日</time>" in detail


def test_listing_and_organization_pages_link_to_the_report_form(client):
    listing = SupplyListingFactory()
    detail = client.get(f"/supply/{listing.pk}/").content.decode()
    assert f'href="/report/supply/{listing.pk}/"' in detail
    organization_url = f"/supply/provider/{listing.provider_id}/"
    assert organization_url in detail
    organization = client.get(organization_url).content.decode()
    assert listing.provider.name in organization and listing.title in organization
    assert f'href="/report/provider/{listing.provider_id}/"' in organization
    demand = DemandListingFactory()
    purchaser = client.get(f"/demand/purchaser/{demand.purchaser_id}/").content.decode()
    assert f'href="/report/purchaser/{demand.purchaser_id}/"' in purchaser
    assert client.get(f"/demand/provider/{listing.provider_id}/").status_code == 404


def test_an_organization_page_hides_contacts_from_visitors(client, user_with_role, login):
    listing = SupplyListingFactory()
    provider = listing.provider
    provider.phone = "13912345678"
    provider.save()
    url = f"/supply/provider/{provider.pk}/"
    assert "13912345678" not in client.get(url).content.decode()
    member = login(user_with_role(Role.PURCHASER)).get(url).content.decode()
    assert "13912345678" in member


def test_the_board_lists_the_newest_year_then_the_latest_published(client):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    SupplyListingFactory(title="早发布的项目", year=2026, first_published_at=now - datetime.timedelta(days=90))
    SupplyListingFactory(title="新发布的项目", year=2026, first_published_at=now - datetime.timedelta(days=1))
    SupplyListingFactory(title="去年的项目", year=2025, first_published_at=now)
    page = client.get("/supply/").content.decode()
    assert page.index("新发布的项目") < page.index("早发布的项目") < page.index("去年的项目")
