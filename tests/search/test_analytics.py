"""Search analytics: counters of queries, zero results and clicks, anonymous, shown to the
service centre; the click redirect goes only to the result's own public page."""

import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from search import registry
from search.backends import get_backend
from search.models import ClickStat, SearchStat

from . import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(embedded_index):
    records = corpus.build()
    get_backend().rebuild(registry.all_documents())
    return records


def test_searches_and_zero_results_are_counted_per_query_without_personal_data(client, records):
    client.get("/search/", {"q": "居家照护"}, REMOTE_ADDR="10.1.2.3")
    client.get("/search/", {"q": "居家照護"})  # the same query, traditional characters
    client.get("/search/", {"q": "量子力学"})
    client.get("/search/", {"q": "居家照护", "page": 2})  # paging is not a new search
    stats = {s.query: s for s in SearchStat.objects.all()}
    assert stats["居家照护"].searches == 2 and stats["居家照护"].zero_results == 0
    assert stats["量子力学"].searches == 1 and stats["量子力学"].zero_results == 1
    stored = " ".join(
        str(v) for row in SearchStat.objects.values() for v in row.values()
    ) + " ".join(f.name for f in SearchStat._meta.get_fields())
    assert "10.1.2.3" not in stored and "user" not in stored and "ip" not in stored.split()


def test_a_click_is_counted_and_redirects_to_the_public_page(client, records):
    page = client.get("/search/", {"q": "心理咨询"}).content.decode()
    key = f"supply:{records['counselling'].pk}"
    assert "/search/go/?" in page
    response = client.get("/search/go/", {"q": "心理咨询", "key": key})
    assert response.status_code == 302
    assert response["Location"] == registry.get("supply").document(records["counselling"])["url"]
    click = ClickStat.objects.get()
    assert (click.query, click.key, click.clicks) == ("心理咨询", key, 1)
    assert click.title == "青少年心理咨询服务"
    assert SearchStat.objects.get(query="心理咨询").clicks == 1


@pytest.mark.parametrize(
    "key",
    ["demand:999999", "nothing:1", "supply:1 OR 1=1", "https://evil.example/", "//evil.example/"],
)
def test_the_click_endpoint_cannot_be_made_to_redirect_elsewhere(client, records, key):
    response = client.get(
        "/search/go/", {"q": "心理咨询", "key": key, "next": "https://evil.example/"}
    )
    assert response.status_code == 404
    assert not ClickStat.objects.exists()


def test_a_private_record_is_not_a_click_target(client, records):
    response = client.get("/search/go/", {"q": "无障碍", "key": f"demand:{records['draft'].pk}"})
    assert response.status_code == 404


def test_clicks_for_a_query_nobody_ran_are_not_counted(client, records):
    key = f"supply:{records['counselling'].pk}"
    response = client.get("/search/go/", {"q": "刷点击", "key": key})
    assert response.status_code == 302  # the visitor still gets the page
    assert not ClickStat.objects.exists() and not SearchStat.objects.exists()


def test_the_service_centre_sees_the_counts_in_the_admin(client, login, user_with_role, records):
    client.get("/search/", {"q": "量子力学"})
    client.get("/search/", {"q": "量子力学"})
    login(user_with_role(Role.MONITOR))
    response = client.get(reverse("search_stats:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"量子力学.*?<td[^>]*>\s*2\s*</td>", html, re.S)  # searched twice
    assert client.get(reverse("search_stats:index"), {"zero_only": "true"}).status_code == 200
    # read only, even for those who may see it
    assert client.get(reverse("search_stats:add")).status_code in (302, 403)


def test_other_roles_do_not_see_the_analytics(client, login, user_with_role, records):
    login(user_with_role(Role.PROVIDER))
    assert client.get(reverse("search_stats:index")).status_code in (302, 403)
