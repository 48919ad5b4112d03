"""Hole 4 of issue 11: every view a viewset generates goes through the scope of its index.

History, usage, inspect, revisions, the chooser and the bulk actions used to check
only the model permission: a provider opened another provider's application history,
the snippet chooser listed other organizations' draft titles. The class is closed in
one place (accounts.scoped_views); the last test keeps new viewsets from skipping it.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.admin.viewsets import viewsets as registered_viewsets
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.utils.registry import resolve_model_string

from accounts.roles import Role
from accounts.scoped_views import ScopedChooserViewSetMixin, ScopedViewSetMixin
from catalog.factories import ProviderFactory, SupplyListingFactory, district
from moderation.models import Flag
from nominations.factories import ApplicationFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(user_with_role):
    huangpu, minhang = (
        ProviderFactory(district=district("黄浦区")),
        ProviderFactory(district=district("闵行区")),
    )
    round_ = RoundFactory(year=2031)
    own_listing = SupplyListingFactory(provider=huangpu, title="黄浦自己的草稿", live=False)
    other_listing = SupplyListingFactory(provider=minhang, title="闵行机构的草稿标题", live=False)
    return {
        "huangpu": huangpu,
        "minhang": minhang,
        "own_listing": own_listing,
        "other_listing": other_listing,
        "own_application": ApplicationFactory(round=round_, provider=huangpu),
        "other_application": ApplicationFactory(round=round_, provider=minhang),
        "provider": user_with_role(Role.PROVIDER, provider=huangpu),
        "district": user_with_role(Role.DISTRICT_ADMIN, district=district("黄浦区")),
        "city": user_with_role(Role.CITY_ADMIN),
    }


def flag_on(listing):
    return Flag.objects.create(
        content_type=ContentType.objects.get_for_model(listing),
        object_id=listing.pk,
        target_label=listing.title,
        rule="test",
        severity="warning",
        message="检查",
        provider=listing.provider,
        district=listing.provider.district,
    )


APPLICATION = "/admin/nominations/applications/{}/{}/"
LISTING = "/admin/snippets/catalog/supplylisting/{}/{}/"


@pytest.mark.parametrize("view", ["history", "usage"])
def test_application_history_and_usage_only_for_the_applications_in_scope(world, login, view):
    client = login(world["provider"])
    assert client.get(APPLICATION.format(view, world["own_application"].pk)).status_code == 200
    response = client.get(APPLICATION.format(view, world["other_application"].pk))
    assert response.status_code == 404


@pytest.mark.parametrize("view", ["history", "usage", "inspect", "edit"])
def test_listing_views_only_for_the_listings_in_scope(world, login, view):
    client = login(world["district"])
    assert client.get(LISTING.format(view, world["own_listing"].pk)).status_code == 200
    assert client.get(LISTING.format(view, world["other_listing"].pk)).status_code == 404


def test_delete_answers_not_found_out_of_scope_before_any_permission_message(world, login):
    client = login(world["district"])  # no delete permission on listings at all
    assert client.get(LISTING.format("delete", world["other_listing"].pk)).status_code == 404
    client = login(world["city"])
    assert client.get(LISTING.format("delete", world["other_listing"].pk)).status_code == 200


def test_the_listing_chooser_lists_and_returns_only_listings_in_scope(world, login):
    client = login(world["provider"])
    page = client.get("/admin/snippets/choose/catalog/supplylisting/")
    assert page.status_code == 200
    html = page.json()["html"]
    assert world["own_listing"].title in html
    assert world["other_listing"].title not in html
    results = client.get("/admin/snippets/choose/catalog/supplylisting/results/?q=草稿")
    assert world["other_listing"].title not in results.content.decode()
    chosen = "/admin/snippets/choose/catalog/supplylisting/chosen/{}/"
    assert client.get(chosen.format(world["own_listing"].pk)).status_code == 200
    assert client.get(chosen.format(world["other_listing"].pk)).status_code == 404


def test_the_provider_chooser_still_offers_every_organization(world, login):
    # A purchaser records the provider it chose, whatever its district.
    client = login(world["city"])
    html = client.get("/admin/snippets/choose/catalog/provider/").json()["html"]
    assert world["huangpu"].name in html and world["minhang"].name in html


def test_snippet_bulk_delete_does_not_show_or_touch_listings_out_of_scope(world, login):
    client = login(world["city"])  # city admins may delete listings: the allowed side
    own, other = world["own_listing"], world["other_listing"]
    url = f"/admin/bulk/catalog/supplylisting/delete/?id={own.pk}&id={other.pk}"
    assert other.title in client.get(url).content.decode()

    client = login(world["district"])  # no delete permission: none to act on, none named
    page = client.get(f"/admin/bulk/catalog/supplylisting/delete/?id={other.pk}")
    assert page.status_code == 404
    page = client.get(url)
    assert other.title not in page.content.decode()


def test_flag_views_only_for_flags_in_scope(world, login):
    own, other = flag_on(world["own_listing"]), flag_on(world["other_listing"])
    url = "/admin/moderation/flags/{}/{}/"
    client = login(world["provider"])
    assert client.get(url.format("inspect", own.pk)).status_code == 200
    assert client.get(url.format("inspect", other.pk)).status_code == 404
    listing = client.get("/admin/moderation/flags/").content.decode()
    assert f"/admin/moderation/flags/inspect/{own.pk}/" in listing
    assert f"/admin/moderation/flags/inspect/{other.pk}/" not in listing


# Viewsets with a model of the project that need no scope, and why.
UNSCOPED = {
    "catalog.servicedomain": "reference data: public, the same for everyone",
    "catalog.district": "reference data: public, the same for everyone",
    "search.synonym": "search tuning: city admins only, no per-record owner",
    "search.searchstat": "search statistics: city-wide roles only, no per-record owner",
    "search.clickstat": "search statistics: city-wide roles only, no per-record owner",
    "notifications.notification": "the inbox: each view filters to the user's own",
    "auth.group": "superusers only (accounts.issuing.SuperuserOnlyPolicy)",
}
PROJECT_APPS = {
    "accounts",
    "catalog",
    "moderation",
    "nominations",
    "notices",
    "search",
    "notifications",
    "security",
    "auth",
}


def test_every_viewset_of_a_project_model_is_scoped():
    unscoped = []
    for viewset in registered_viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if model is None:
            continue
        model = resolve_model_string(model)
        if model._meta.app_label not in PROJECT_APPS:
            continue
        if model._meta.label_lower in UNSCOPED:
            continue
        mixin = (
            ScopedChooserViewSetMixin if isinstance(viewset, ChooserViewSet) else ScopedViewSetMixin
        )
        if not isinstance(viewset, mixin):
            unscoped.append(f"{model._meta.label_lower} ({type(viewset).__name__})")
    assert not unscoped, "scope these with accounts.scoped_views or say why not: " + ", ".join(
        unscoped
    )


def test_site_history_lists_only_the_records_in_scope(world, login):
    from wagtail.log_actions import log

    log(world["own_listing"], "wagtail.edit", user=world["city"])
    log(world["other_listing"], "wagtail.edit", user=world["city"])
    log(world["other_application"], "wagtail.edit", user=world["city"])
    client = login(world["provider"])
    html = client.get("/admin/reports/site-history/").content.decode()
    assert world["own_listing"].title in html
    assert world["other_listing"].title not in html
    assert world["other_application"].title not in html
    # City-wide users still read the whole site history (but nobody else's drafts of
    # applications: reviewers never see an application before it is submitted).
    html = login(world["city"]).get("/admin/reports/site-history/").content.decode()
    assert world["own_listing"].title in html and world["other_listing"].title in html
    assert world["other_application"].title not in html
