"""Board pages served from the per-process copy of the page tree (gxpt/routing.py): fewer
queries, and every change to the tree, a site or a view restriction is seen at once."""

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from accounts.roles import Role
from catalog.factories import DemandListingFactory
from catalog.models import DemandIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def _board():
    return DemandIndexPage.objects.get()


def test_a_signed_in_users_detail_page_reads_only_the_listing(
    client, user_with_role, login, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_capture_on_commit_callbacks(execute=True):
        first, second = DemandListingFactory(title="助餐点运营"), DemandListingFactory()
    login(user_with_role(Role.PROVIDER))
    client.get(f"/demand/{first.pk}/")  # reads the tree once for this token
    page = client.get(f"/demand/{second.pk}/")
    assert page.status_code == 200
    # Without the copy: the site, 4 page-tree reads and 2 for the view restrictions.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/demand/{first.pk}/").status_code == 200
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in queries.captured_queries if " FROM " in q["sql"]]
    assert '"catalog_demandlisting"' in tables
    assert not [t for t in tables if t.startswith(('"wagtailcore_page', '"wagtailcore_site'))], tables


def test_a_view_restriction_added_to_the_board_is_enforced_at_once(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        listing = DemandListingFactory()
    assert client.get(f"/demand/{listing.pk}/").status_code == 200
    client.get(f"/demand/{listing.pk + 1000}/")  # the copy is made under this token
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=_board(), restriction_type="login")
    answer = client.get(f"/demand/{listing.pk}/")
    assert answer.status_code == 302 and "/login" in answer["Location"]


def test_an_unpublished_or_renamed_board_is_seen_at_once(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        listing = DemandListingFactory()
    assert client.get(f"/demand/{listing.pk}/").status_code == 200
    board = _board()
    with django_capture_on_commit_callbacks(execute=True):
        board.slug = "xuqiu"
        board.save_revision().publish()
    assert client.get(f"/demand/{listing.pk}/").status_code == 404
    assert client.get(f"/xuqiu/{listing.pk}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        _board().unpublish()
    assert client.get(f"/xuqiu/{listing.pk}/").status_code == 404


def test_without_a_token_wagtail_routes_as_usual(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    """The cache cannot name the token (Redis down): nothing is kept or used."""
    from gxpt import pagecache, routing

    with django_capture_on_commit_callbacks(execute=True):
        listing = DemandListingFactory(title="社区睦邻中心托管")
    routing._memo.clear()
    monkeypatch.setattr(pagecache, "known_generation", lambda: None)
    answer = client.get(f"/demand/{listing.pk}/", HTTP_COOKIE="sessionid=x")
    assert answer.status_code == 200 and "社区睦邻中心托管" in answer.content.decode()
    assert routing._memo == {}


def test_a_signed_in_request_after_a_cache_flush_sets_the_token_and_uses_the_copy(client):
    from gxpt import routing

    listing = DemandListingFactory()
    cache.clear()
    routing._memo.clear()
    assert client.get(f"/demand/{listing.pk}/", HTTP_COOKIE="sessionid=x").status_code == 200
    assert routing._memo and cache.get("pagecache:generation") is not None


def _tables(queries):
    return [q["sql"].split(" FROM ")[1].split()[0] for q in queries if " FROM " in q["sql"]]


def test_a_detail_page_is_one_query_and_a_renamed_domain_or_district_is_seen_at_once(
    client, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.factories import SupplyListingFactory

    with django_capture_on_commit_callbacks(execute=True):
        demand = DemandListingFactory(title="长者助餐点运营")
        supply = SupplyListingFactory(title="困境儿童关爱")
    client.get(f"/demand/{demand.pk}/?first")  # the copies are made under this token
    for path, owner in ((f"/demand/{demand.pk}/", "purchaser"), (f"/supply/{supply.pk}/", "provider")):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(path)
        assert page.status_code == 200 and page["X-Page-Cache"] == "miss"
        # The listing with its organizations joined; the domains and districts from memory.
        assert len(queries.captured_queries) == 1, _tables(queries.captured_queries)
        listing = demand if owner == "purchaser" else supply
        html = page.content.decode()
        assert listing.domain.name in html and listing.district.name in html
        assert getattr(listing, owner).name in html

    domain, district = demand.domain, demand.district
    with django_capture_on_commit_callbacks(execute=True):
        domain.name = "长者助餐服务（改名）"
        domain.save()
        district.name = "测试新区"
        district.save()
    html = client.get(f"/demand/{demand.pk}/").content.decode()
    assert "长者助餐服务（改名）" in html and "测试新区" in html


def test_without_a_token_a_detail_page_reads_the_taxonomy_itself(client, monkeypatch):
    from catalog import filters
    from gxpt import pagecache

    listing = DemandListingFactory(title="社区睦邻中心托管")
    monkeypatch.setattr(filters, "_reference", (None, None))
    monkeypatch.setattr(pagecache, "known_generation", lambda: None)
    html = client.get(f"/demand/{listing.pk}/", HTTP_COOKIE="sessionid=x").content.decode()
    assert listing.domain.name in html and listing.purchaser.name in html
    assert filters._reference == (None, None)
