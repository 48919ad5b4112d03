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
    with django_assert_max_num_queries(12) as few:
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
