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
