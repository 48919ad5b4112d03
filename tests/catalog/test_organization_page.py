"""The public page of a social organization: public facts and published listings only,
linked from its listings and from search hits, a fixed number of queries."""

import pytest

from catalog.factories import ProviderFactory, district
from catalog.models import ServiceDomain, SupplyListing
from nominations.models import DirectoryEntry, DirectoryIndexPage, DirectoryYearPage
from search import registry

pytestmark = pytest.mark.django_db


def listing(provider, title, live=True):
    return SupplyListing.objects.create(
        title=title,
        provider=provider,
        domain=ServiceDomain.objects.get(code="2.1"),
        year=2025,
        district=district("黄浦区"),
        live=live,
    )


@pytest.fixture
def provider():
    provider = ProviderFactory(
        name="上海市黄浦区乐龄社区养老服务中心",
        district=district("黄浦区"),
        grade="4A",
        summary="为社区长者提供居家照护。",
        contact_person="李四",
        phone="13911112222",
        email="secret@example.org",
        address="黄浦区某路1号",
    )
    year_page = DirectoryYearPage(title="2025年推荐目录", year=2025, live=True)
    DirectoryIndexPage.objects.first().add_child(instance=year_page)
    DirectoryEntry.objects.create(
        page=year_page,
        provider=provider,
        provider_name=provider.name,
        first_domain="养老服务",
        second_domain="居家照护及社区托养",
        project_title="长者居家照护",
    )
    return provider


def test_the_page_shows_public_facts_and_published_listings_only(client, provider):
    listing(provider, "长者助餐服务")
    listing(provider, "草稿中的服务", live=False)
    response = client.get(provider.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for shown in (provider.name, "黄浦区", "4A", "2025年", "长者助餐服务", provider.kind):
        assert shown in html
    for hidden in ("草稿中的服务", "李四", "13911112222", "secret@example.org", "某路1号"):
        assert hidden not in html


def test_the_number_of_queries_does_not_grow_with_the_listings(
    client, provider, django_assert_max_num_queries
):
    for n in range(3):
        listing(provider, f"服务{n}")
    with django_assert_max_num_queries(25) as few:
        client.get(provider.get_absolute_url())
    for n in range(3, 15):
        listing(provider, f"服务{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(provider.get_absolute_url())


def test_an_unknown_organization_is_a_404(client, db):
    assert client.get("/organizations/999999/").status_code == 404


def test_listings_and_search_hits_link_to_the_organization(client, provider, settings, tmp_path):
    settings.SEARCH_EMBEDDED_PATH = str(tmp_path / "search.sqlite3")
    settings.ELASTICSEARCH_URL = ""
    item = listing(provider, "长者助餐服务")
    detail = client.get(f"/supply/{item.pk}/")
    assert provider.get_absolute_url() in detail.content.decode()
    doc = registry.get("provider").document(provider)
    assert doc["url"] == provider.get_absolute_url()
