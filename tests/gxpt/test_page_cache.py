"""Anonymous pages and public API answers come from the cache, are purged on change,
and a signed-in user, a form or the admin never sees a cached page."""

import pytest
from django.core.cache import cache

from accounts.roles import Role
from catalog.factories import DemandListingFactory, SupplyListingFactory
from gxpt import pagecache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_a_visitor_gets_the_second_view_of_a_board_from_the_cache(
    client, django_assert_num_queries
):
    SupplyListingFactory(title="长者助餐服务")
    first = client.get("/supply/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/supply/")
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "长者助餐服务" in second.content.decode()
    # Another query string is another page.
    assert client.get("/supply/", {"page": 2})["X-Page-Cache"] == "miss"


def test_the_public_api_is_cached_and_purged_when_a_listing_changes(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        listing = DemandListingFactory(title="旧的标题")
    assert client.get("/api/demand-listings/")["X-Page-Cache"] == "miss"
    assert client.get("/api/demand-listings/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        listing.title = "新的标题"
        listing.save()
    answer = client.get("/api/demand-listings/")
    assert answer["X-Page-Cache"] == "miss"
    assert "新的标题" in answer.content.decode() and "旧的标题" not in answer.content.decode()


def test_an_unpublished_listing_leaves_the_cached_board_at_once(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        listing = SupplyListingFactory(title="即将下架的服务")
    client.get("/supply/")
    assert "即将下架的服务" in client.get("/supply/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        listing.unpublish()
    assert "即将下架的服务" not in client.get("/supply/").content.decode()


def test_a_page_publish_purges_the_cache(client, django_capture_on_commit_callbacks):
    from notices.models import HomePage

    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    home = HomePage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_a_signed_in_user_never_gets_the_visitors_cached_page(client, user_with_role, login):
    listing = DemandListingFactory(phone="13812345678")
    visitor = client.get(f"/demand/{listing.pk}/")
    assert visitor["X-Page-Cache"] == "miss"
    assert "13812345678" not in visitor.content.decode()
    member = login(user_with_role(Role.PROVIDER)).get(f"/demand/{listing.pk}/")
    assert "X-Page-Cache" not in member
    assert "13812345678" in member.content.decode()
    # Nor is the member's page stored for visitors.
    client.logout()
    client.cookies.clear()
    again = client.get(f"/demand/{listing.pk}/")
    assert again["X-Page-Cache"] == "hit"
    assert "13812345678" not in again.content.decode()


def test_the_admin_and_pages_with_forms_are_never_cached(client, user_with_role, login):
    assert "X-Page-Cache" not in client.get("/admin/login/")
    assert "X-Page-Cache" not in client.get("/messages/")
    admin = login(user_with_role(None))
    assert "X-Page-Cache" not in admin.get("/admin/")


def test_a_response_that_sets_a_cookie_or_says_private_is_not_stored(rf):
    from django.http import HttpResponse

    def view_setting_a_cookie(request):
        response = HttpResponse("x")
        response.set_cookie("csrftoken", "abc")
        return response

    def private_view(request):
        response = HttpResponse("y")
        response["Cache-Control"] = "private, max-age=0"
        return response

    for view in (view_setting_a_cookie, private_view):
        middleware = pagecache.PageCacheMiddleware(view)
        middleware(rf.get("/x/"))
        assert "X-Page-Cache" not in middleware(rf.get("/x/"))


def test_a_request_with_a_session_cookie_bypasses_the_cache(client):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    client.cookies["sessionid"] = "anything"
    assert "X-Page-Cache" not in client.get("/")


def test_html_and_json_answers_of_the_api_are_cached_apart(client):
    json_answer = client.get("/api/demand-listings/", HTTP_ACCEPT="application/json")
    assert json_answer["X-Page-Cache"] == "miss"
    html_answer = client.get("/api/demand-listings/", HTTP_ACCEPT="text/html")
    assert html_answer.get("X-Page-Cache") != "hit"  # not the JSON entry
    assert html_answer["Content-Type"].startswith("text/html")
    assert client.get("/api/demand-listings/", HTTP_ACCEPT="application/json")["X-Page-Cache"] == "hit"


def test_the_elderly_mode_has_its_own_cached_page(client):
    normal = client.get("/")
    client.get("/")
    client.cookies["gxpt_elderly"] = "1"
    elderly = client.get("/")
    assert elderly["X-Page-Cache"] == "miss"
    assert 'class="elderly"' in elderly.content.decode()
    assert 'class="elderly"' not in normal.content.decode()
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_the_cache_is_off_when_its_lifetime_is_zero(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


def test_a_page_rendered_before_a_purge_is_stored_under_the_old_generation(rf):
    """A request that read the data before a commit must not refill the purged cache."""
    from django.http import HttpResponse

    def slow_view(request):
        pagecache.purge()  # a publish commits while this page is being rendered
        return HttpResponse("old data")

    pagecache.PageCacheMiddleware(slow_view)(rf.get("/race/"))
    fresh = pagecache.PageCacheMiddleware(lambda request: HttpResponse("new data"))(
        rf.get("/race/")
    )
    assert fresh.content == b"new data"


def test_a_cached_search_answer_still_counts_the_search_and_leaves_when_the_index_changes(
    client, django_capture_on_commit_callbacks
):
    """Search answers live as long as pages: the index's own change purges them."""
    from search.models import SearchStat

    with django_capture_on_commit_callbacks(execute=True):
        SupplyListingFactory(title="长者助餐服务")
    first = client.get("/search/", {"q": "助餐"})
    assert first["X-Page-Cache"] == "miss"
    second = client.get("/search/", {"q": "助餐"})
    assert second["X-Page-Cache"] == "hit"
    # The service centre's analytics count every search, cached or not.
    assert SearchStat.objects.get(query="助餐").searches == 2
    # A board page is not a search answer: the index change leaves it cached.
    client.get("/supply/")
    with django_capture_on_commit_callbacks(execute=True):
        SupplyListingFactory(title="社区助餐点运营")
    answer = client.get("/search/", {"q": "助餐"})
    assert answer["X-Page-Cache"] == "miss"
    assert "点运营" in answer.content.decode()
    assert SearchStat.objects.get(query="助餐").searches == 3


def test_an_index_change_purges_search_answers_and_nothing_else(client):
    from search.signals import results_changed

    client.get("/supply/")
    client.get("/api/search/", {"q": "助餐"})
    results_changed.send(sender=None)
    assert client.get("/api/search/", {"q": "助餐"})["X-Page-Cache"] == "miss"
    assert client.get("/supply/")["X-Page-Cache"] == "hit"


def test_a_synonym_edit_purges_the_cached_search_answers(
    client, django_capture_on_commit_callbacks
):
    from search.models import Synonym

    client.get("/search/", {"q": "老伙伴"})
    assert client.get("/search/", {"q": "老伙伴"})["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        Synonym.objects.create(term="老伙伴计划", variants="老伙伴")
    assert client.get("/search/", {"q": "老伙伴"})["X-Page-Cache"] == "miss"


def test_a_replay_must_be_one_the_cache_knows(rf):
    from django.http import HttpResponse

    def view(request):
        response = HttpResponse("x")
        response.page_cache_replay = ("os.system", ("true",))
        return response

    with pytest.raises(ValueError):
        pagecache.PageCacheMiddleware(view)(rf.get("/replay/"))


def test_a_hit_is_one_call_to_the_cache_and_a_purged_entry_is_replaced_in_place(
    client, monkeypatch
):
    """The tokens and the entry come in one round trip; a purge leaves no second copy."""
    calls, depth = [], []

    def counted(name, original):
        def call(*args, **kwargs):
            if not depth:  # locmem's get_many calls get: count the outer call only
                calls.append(name)
            depth.append(name)
            try:
                return original(*args, **kwargs)
            finally:
                depth.pop()

        return call

    for name in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
    client.get("/supply/")
    client.get("/api/search/", {"q": "助餐"})
    calls.clear()
    assert client.get("/supply/")["X-Page-Cache"] == "hit"
    assert client.get("/api/search/", {"q": "助餐"})["X-Page-Cache"] == "hit"
    assert calls == ["get_many", "get_many"]

    keys = lambda: sorted(k for k in cache._cache if ":page:" in k)  # noqa: E731 - locmem's keys
    before = keys()
    pagecache.purge()
    assert client.get("/supply/")["X-Page-Cache"] == "miss"
    assert keys() == before
