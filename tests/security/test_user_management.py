"""Holes 1 and 2 of issue 11: every user-management path applies the issuance scope.

Wagtail's user bulk actions (assign role, set active state, delete), the user edit,
delete, history and usage screens, the group screens and "end all sessions" all ask
accounts.issuing: an issuer manages only the users in its scope whose role it may
issue, never a superuser (unless it is one), never itself. Each test states both
sides: what is refused and what is still allowed.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.groups import group_for
from accounts.roles import Role
from catalog.factories import ProviderFactory, PurchaserFactory, district

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def people(user_with_role):
    """The cast: a superuser, a city admin, two district admins, organizations of both districts."""
    huangpu, minhang = district("黄浦区"), district("闵行区")
    return {
        "superuser": user_with_role(None),
        "city_admin": user_with_role(Role.CITY_ADMIN),
        "huangpu_admin": user_with_role(Role.DISTRICT_ADMIN, district=huangpu),
        "minhang_admin": user_with_role(Role.DISTRICT_ADMIN, district=minhang),
        "huangpu_org": user_with_role(Role.PROVIDER, provider=ProviderFactory(district=huangpu)),
        "minhang_org": user_with_role(Role.PURCHASER, purchaser=PurchaserFactory(district=minhang)),
        "monitor": user_with_role(Role.MONITOR),
    }


def bulk(client, action, users, **data):
    ids = "&".join(f"id={user.pk}" for user in users)
    return client.post(f"/admin/bulk/auth/user/{action}/?{ids}", data)


def refused(response):
    """Not found, forbidden, or Wagtail's answer to a PermissionDenied: back to the dashboard."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


# --- hole 1: bulk actions --------------------------------------------------------------


def test_district_admin_cannot_join_the_city_admin_group_by_bulk_assign(people, login):
    client = login(people["huangpu_admin"])
    city_group = group_for(Role.CITY_ADMIN)
    response = bulk(client, "assign_role", [people["huangpu_admin"]], role=city_group.pk)
    assert refused(response)
    # Not through an organization's account of its own district either.
    response = bulk(client, "assign_role", [people["huangpu_org"]], role=city_group.pk)
    assert response.status_code in (200, 302, 403)
    assert not city_group.user_set.filter(
        pk__in=[people["huangpu_admin"].pk, people["huangpu_org"].pk]
    ).exists()


def test_only_a_superuser_assigns_groups_and_never_a_role_group(people, login):
    editors, _ = Group.objects.get_or_create(name="公告编辑")
    target = people["huangpu_org"]
    client = login(people["city_admin"])
    bulk(client, "assign_role", [target], role=editors.pk)
    assert not editors.user_set.filter(pk=target.pk).exists()

    client = login(people["superuser"])
    response = bulk(client, "assign_role", [target], role=group_for(Role.CITY_ADMIN).pk)
    assert response.status_code == 200  # the form refuses the role group
    assert not group_for(Role.CITY_ADMIN).user_set.filter(pk=target.pk).exists()
    response = bulk(client, "assign_role", [target], role=editors.pk)
    assert response.status_code == 302
    assert editors.user_set.filter(pk=target.pk).exists()


def test_district_admin_cannot_deactivate_admins_but_deactivates_its_own_organizations(
    people, login
):
    client = login(people["huangpu_admin"])
    response = bulk(
        client,
        "set_active_state",
        [people["superuser"], people["city_admin"], people["minhang_admin"]],
        mark_as_active="False",
    )
    assert refused(response)
    assert (
        User.objects.filter(
            pk__in=[people[name].pk for name in ("superuser", "city_admin", "minhang_admin")],
            is_active=True,
        ).count()
        == 3
    )

    response = bulk(client, "set_active_state", [people["huangpu_org"]], mark_as_active="False")
    assert response.status_code == 302
    people["huangpu_org"].refresh_from_db()
    assert not people["huangpu_org"].is_active


def test_a_mixed_selection_acts_only_on_the_users_in_scope(people, login):
    client = login(people["huangpu_admin"])
    response = bulk(
        client,
        "set_active_state",
        [people["huangpu_org"], people["minhang_org"], people["city_admin"]],
        mark_as_active="False",
    )
    assert response.status_code == 302
    active = dict(
        User.objects.filter(
            pk__in=[people[n].pk for n in ("huangpu_org", "minhang_org", "city_admin")]
        ).values_list("username", "is_active")
    )
    assert active == {
        people["huangpu_org"].username: False,
        people["minhang_org"].username: True,
        people["city_admin"].username: True,
    }


def test_the_bulk_confirmation_does_not_name_users_outside_scope(people, login):
    client = login(people["huangpu_admin"])
    page = client.get(
        f"/admin/bulk/auth/user/set_active_state/?id={people['huangpu_org'].pk}"
        f"&id={people['minhang_org'].pk}"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert people["huangpu_org"].username in html or people["huangpu_org"].get_full_name() in html
    assert people["minhang_org"].username not in html


def test_bulk_delete_needs_the_delete_permission_and_the_scope(people, login):
    victim = people["huangpu_org"]
    # City admins hold no delete_user permission (roles.USER_ADMIN): nothing is deleted.
    bulk(login(people["city_admin"]), "delete", [victim])
    assert User.objects.filter(pk=victim.pk).exists()
    response = bulk(login(people["superuser"]), "delete", [victim])
    assert response.status_code == 302
    assert not User.objects.filter(pk=victim.pk).exists()


def test_group_screens_belong_to_superusers(people, login):
    city_group = group_for(Role.CITY_ADMIN)
    for name in ("city_admin", "huangpu_admin"):
        client = login(people[name])
        assert refused(client.get("/admin/groups/"))
        assert refused(client.get(f"/admin/groups/edit/{city_group.pk}/"))
    client = login(people["superuser"])
    assert client.get("/admin/groups/").status_code == 200
    assert client.get(f"/admin/groups/edit/{city_group.pk}/").status_code == 200


# --- hole 2: higher and equal-but-other scopes -----------------------------------------


def test_city_admin_cannot_open_or_reset_the_superuser(people, login):
    superuser = people["superuser"]
    client = login(people["city_admin"])
    for url in (
        f"/admin/users/edit/{superuser.pk}/",
        f"/admin/users/history/{superuser.pk}/",
        f"/admin/users/usage/{superuser.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"/admin/users/edit/{superuser.pk}/",
        {
            "username": superuser.username,
            "email": superuser.email,
            "first_name": "x",
            "last_name": "y",
            "password1": "Taken-Over-2026!",
            "password2": "Taken-Over-2026!",
            "role": Role.CITY_ADMIN,
            "is_active": "on",
        },
    )
    assert response.status_code == 404
    superuser.refresh_from_db()
    assert not superuser.check_password("Taken-Over-2026!")
    assert client.post(f"/admin/security/users/{superuser.pk}/end-sessions/").status_code == 404
    assert superuser.username not in client.get("/admin/users/").content.decode()


def test_city_admin_still_manages_district_admins_and_organizations(people, login):
    client = login(people["city_admin"])
    listing = client.get("/admin/users/").content.decode()
    for name in ("huangpu_admin", "minhang_admin", "huangpu_org", "monitor"):
        assert people[name].username in listing, name
        assert client.get(f"/admin/users/edit/{people[name].pk}/").status_code == 200, name


def test_district_admin_cannot_open_another_districts_admin_or_organizations(people, login):
    client = login(people["huangpu_admin"])
    for name in ("minhang_admin", "minhang_org", "city_admin", "superuser", "monitor"):
        assert client.get(f"/admin/users/edit/{people[name].pk}/").status_code == 404, name
    # Nor itself through the screens that change roles (its account settings remain).
    assert client.get(f"/admin/users/edit/{people['huangpu_admin'].pk}/").status_code == 404
    assert client.get(f"/admin/users/edit/{people['huangpu_org'].pk}/").status_code == 200
    listing = client.get("/admin/users/").content.decode()
    assert people["huangpu_org"].username in listing
    assert people["minhang_admin"].username not in listing
    assert people["city_admin"].username not in listing


def test_ending_sessions_follows_the_same_scope(people, login):
    client = login(people["huangpu_admin"])
    url = "/admin/security/users/{}/end-sessions/"
    assert client.post(url.format(people["minhang_org"].pk)).status_code == 404
    assert client.post(url.format(people["huangpu_org"].pk)).status_code == 302
