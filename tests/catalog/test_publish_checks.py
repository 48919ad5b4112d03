"""The owner sees the content checks while editing; a blocking finding refuses publishing."""

import pytest

from accounts.roles import Role
from catalog import checks
from catalog.factories import ProviderFactory, SupplyListingFactory, domain
from catalog.models import SupplyListing

pytestmark = pytest.mark.django_db

SUPPLY = "/admin/snippets/catalog/supplylisting/"


def form(**fields):
    data = {
        "title": "社区长者助餐",
        "domain": domain().pk,
        "year": "2026",
        "summary": "送餐上门",
        "service_targets": "老人",
        "contact_person": "王老师",
        "phone": "13812345678",
    }
    data.update(fields)
    return data


@pytest.fixture
def provider_client(user_with_role, login):
    provider = ProviderFactory()
    return provider, login(user_with_role(Role.PROVIDER, provider=provider))


def test_the_edit_screen_shows_missing_fields_to_the_owner(provider_client):
    provider, client = provider_client
    listing = SupplyListingFactory(provider=provider, phone="", live=False)
    page = client.get(f"{SUPPLY}edit/{listing.pk}/").content.decode()
    assert "data-checks-panel" in page
    assert "缺少必填信息：联系电话" in page


def test_publishing_an_incomplete_listing_is_refused_with_a_chinese_message(provider_client):
    _provider, client = provider_client
    response = client.post(f"{SUPPLY}add/", {**form(phone=""), "action-publish": "1"})
    assert response.status_code == 200
    assert "缺少必填信息：联系电话" in response.content.decode()
    assert not SupplyListing.objects.exists()


def test_an_incomplete_listing_can_still_be_saved_as_a_draft(provider_client):
    _provider, client = provider_client
    response = client.post(f"{SUPPLY}add/", form(phone=""))
    assert response.status_code == 302
    assert not SupplyListing.objects.get().live


def test_a_complete_listing_publishes_with_a_revision(provider_client):
    provider, client = provider_client
    response = client.post(f"{SUPPLY}add/", {**form(), "action-publish": "1"})
    assert response.status_code == 302
    listing = SupplyListing.objects.get()
    assert listing.live and listing.provider == provider
    assert listing.revisions.count() == 1
    client.post(
        f"{SUPPLY}edit/{listing.pk}/", {**form(title="社区长者助餐（二期）"), "action-publish": "1"}
    )
    listing.refresh_from_db()
    assert listing.title == "社区长者助餐（二期）"
    assert listing.revisions.count() == 2


def test_unpublishing_keeps_the_record(provider_client):
    provider, client = provider_client
    listing = SupplyListingFactory(provider=provider)
    response = client.post(f"{SUPPLY}unpublish/{listing.pk}/")
    assert response.status_code == 302
    listing.refresh_from_db()
    assert not listing.live
    assert SupplyListing.objects.filter(pk=listing.pk).exists()


def test_a_blocking_rule_registered_later_also_blocks_publishing(provider_client, monkeypatch):
    _provider, client = provider_client

    def no_secrets(instance):
        if "机密" in (instance.summary or ""):
            return [
                checks.Finding("test.secret", "high", "含有不得公开的内容", "summary", blocks=True)
            ]
        return []

    monkeypatch.setattr(checks, "_registry", [*checks._registry, no_secrets])
    response = client.post(f"{SUPPLY}add/", {**form(summary="机密文件"), "action-publish": "1"})
    assert "含有不得公开的内容" in response.content.decode()
    assert not SupplyListing.objects.exists()
