"""Holes found after issue 11's first pass, each fixed as a class and tested from both sides:

- nobody but a superuser manages a user of its own role (a city admin another city admin:
  edit, password reset, deactivation, ending its sessions, issuing one);
- a district admin gives a listing its own district only (实施区域), on every listing form
  and in the importer; other roles any district, and a listing keeps the one it has;
- an application's History opens for whoever reads its review page with the view
  permission (the monitoring centre), still only in scope.
"""

import pytest
from django.contrib.auth import get_user_model

from accounts.issuing import issuable_roles, may_manage
from accounts.roles import Role
from catalog.factories import ProviderFactory, SupplyListingFactory, district, domain
from catalog.importing import import_file
from catalog.models import SupplyListing
from nominations.factories import ApplicationFactory
from nominations.models import Status
from tests.catalog.spreadsheets import upload
from tests.catalog.test_admin_scope import SUPPLY, supply_form

pytestmark = pytest.mark.django_db
User = get_user_model()


def refused(response):
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


# --- equal-but-other scope: city admins --------------------------------------------------


def test_a_city_admin_cannot_edit_reset_deactivate_or_end_another_city_admin(
    user_with_role, login
):
    me, peer = user_with_role(Role.CITY_ADMIN), user_with_role(Role.CITY_ADMIN)
    client = login(me)
    assert client.get(f"/admin/users/edit/{peer.pk}/").status_code == 404
    response = client.post(
        f"/admin/users/edit/{peer.pk}/",
        {
            "username": peer.username,
            "email": "x@example.org",
            "first_name": "x",
            "last_name": "y",
            "password1": "Taken-Over-2026!",
            "password2": "Taken-Over-2026!",
            "role": Role.CITY_ADMIN,
            "is_active": "on",
        },
    )
    assert response.status_code == 404
    peer.refresh_from_db()
    assert not peer.check_password("Taken-Over-2026!")
    client.post(
        f"/admin/bulk/auth/user/set_active_state/?id={peer.pk}", {"mark_as_active": "False"}
    )
    peer.refresh_from_db()
    assert peer.is_active
    assert client.post(f"/admin/security/users/{peer.pk}/end-sessions/").status_code == 404
    assert peer.username not in client.get("/admin/users/").content.decode()


def test_a_city_admin_cannot_issue_a_city_admin_but_a_superuser_can(user_with_role, login):
    me = user_with_role(Role.CITY_ADMIN)
    assert Role.CITY_ADMIN not in issuable_roles(me)
    assert {Role.DISTRICT_ADMIN, Role.MONITOR, Role.PROVIDER} <= set(issuable_roles(me))
    form = login(me).get("/admin/users/new/").content.decode()
    assert f'value="{Role.CITY_ADMIN}"' not in form
    assert f'value="{Role.DISTRICT_ADMIN}"' in form
    superuser = user_with_role(None)
    assert Role.CITY_ADMIN in issuable_roles(superuser)
    assert may_manage(superuser, user_with_role(Role.CITY_ADMIN))


def test_a_city_admin_still_manages_the_monitor_and_district_admins(user_with_role, login):
    me = user_with_role(Role.CITY_ADMIN)
    client = login(me)
    for other in (
        user_with_role(Role.MONITOR),
        user_with_role(Role.DISTRICT_ADMIN, district=district("黄浦区")),
    ):
        assert client.get(f"/admin/users/edit/{other.pk}/").status_code == 200


# --- a listing's district ----------------------------------------------------------------


@pytest.fixture
def huangpu_listing_world(user_with_role):
    huangpu, minhang = district("黄浦区"), district("闵行区")
    provider = ProviderFactory(district=huangpu)
    return {
        "huangpu": huangpu,
        "minhang": minhang,
        "provider": provider,
        "admin": user_with_role(Role.DISTRICT_ADMIN, district=huangpu),
        "provider_user": user_with_role(Role.PROVIDER, provider=provider),
    }


def test_a_district_admin_cannot_give_a_listing_another_district(huangpu_listing_world, login):
    world = huangpu_listing_world
    client = login(world["admin"])
    form = dict(provider=world["provider"].pk, domain=domain().pk)
    response = client.post(f"{SUPPLY}add/", supply_form(district=world["minhang"].pk, **form))
    assert response.status_code == 200  # the form comes back with the error
    assert not SupplyListing.objects.filter(title="社区长者助餐").exists()
    response = client.post(f"{SUPPLY}add/", supply_form(district=world["huangpu"].pk, **form))
    assert response.status_code == 302
    listing = SupplyListing.objects.get(title="社区长者助餐")
    assert listing.district == world["huangpu"]
    # Nor move an existing one there.
    client.post(
        f"{SUPPLY}edit/{listing.pk}/", supply_form(district=world["minhang"].pk, **form)
    )
    listing.refresh_from_db()
    assert listing.district == world["huangpu"]


def test_a_listing_keeps_a_district_it_already_has_and_organizations_choose_any(
    huangpu_listing_world, login
):
    world = huangpu_listing_world
    listing = SupplyListingFactory(provider=world["provider"], district=world["minhang"])
    page = login(world["admin"]).get(f"{SUPPLY}edit/{listing.pk}/").content.decode()
    assert "闵行区" in page  # its current district stays a choice
    client = login(world["provider_user"])
    response = client.post(
        f"{SUPPLY}add/",
        supply_form(district=world["minhang"].pk, domain=domain().pk, title="跨区服务"),
    )
    assert response.status_code == 302
    assert SupplyListing.objects.get(title="跨区服务").district == world["minhang"]


def test_the_importer_refuses_another_district_for_a_district_admin(huangpu_listing_world):
    world = huangpu_listing_world
    code = world["provider"].credit_code
    header = "项目名称,业务领域,项目年度,社会组织统一社会信用代码,实施区域,联系人,联系电话,发布状态\n"
    refused_rows = f"跨区,2.1,2026,{code},闵行区,王,021-1,草稿\n"
    report = import_file(
        "supply", upload("a.csv", (header + refused_rows).encode()), "a.csv", user=world["admin"]
    )
    assert not report.ok and "本区" in str([p.message for p in report.problems])
    allowed_rows = f"本区,2.1,2026,{code},黄浦区,王,021-1,草稿\n"
    report = import_file(
        "supply", upload("b.csv", (header + allowed_rows).encode()), "b.csv", user=world["admin"]
    )
    assert report.ok, report.problems
    assert SupplyListing.objects.get(title="本区").district == world["huangpu"]
    # A city-wide importer (and the command line) gives any district.
    report = import_file(
        "supply", upload("c.csv", (header + refused_rows).encode()), "c.csv", user=None
    )
    assert report.ok, report.problems


# --- an application's History ------------------------------------------------------------


def test_the_monitor_opens_an_applications_history_like_its_review_page(user_with_role, login):
    application = ApplicationFactory(status=Status.SUBMITTED)
    client = login(user_with_role(Role.MONITOR))
    base = "/admin/nominations/applications/"
    assert client.get(f"{base}review/{application.pk}/").status_code == 200
    assert client.get(f"{base}history/{application.pk}/").status_code == 200
    # A draft is outside everyone's scope but its provider's: 404 on both.
    draft = ApplicationFactory(status=Status.SAVED)
    assert client.get(f"{base}review/{draft.pk}/").status_code == 404
    assert client.get(f"{base}history/{draft.pk}/").status_code == 404


def test_an_expert_without_the_application_permission_has_no_history_view(
    user_with_role, login
):
    application = ApplicationFactory(status=Status.SUBMITTED)
    client = login(user_with_role(Role.EXPERT))
    assert refused(client.get(f"/admin/nominations/applications/history/{application.pk}/"))
