"""Accounts are issued by city and district admins, each within its scope."""

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Account
from accounts.roles import GROUP_NAMES, Role
from catalog.factories import ProviderFactory, PurchaserFactory, district

pytestmark = pytest.mark.django_db
User = get_user_model()


def user_form(username, role, **scope):
    data = {
        "username": username,
        "email": f"{username}@example.org",
        "first_name": "新",
        "last_name": "用户",
        "password1": "Str0ng-pass-2026",
        "password2": "Str0ng-pass-2026",
        "role": role,
    }
    data.update({key: value.pk for key, value in scope.items()})
    return data


def test_city_admin_issues_a_district_admin_account_with_its_group(user_with_role, login):
    client = login(user_with_role(Role.CITY_ADMIN))
    response = client.post(
        "/admin/users/new/",
        user_form("xuhui_admin", Role.DISTRICT_ADMIN, district=district("徐汇区")),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="xuhui_admin")
    assert user.account.role == Role.DISTRICT_ADMIN
    assert user.account.district.name == "徐汇区"
    role_groups = user.groups.filter(name__in=GROUP_NAMES.values())
    assert list(role_groups.values_list("name", flat=True)) == [GROUP_NAMES[Role.DISTRICT_ADMIN]]


def test_an_account_needs_what_its_role_acts_for(user_with_role, login):
    client = login(user_with_role(Role.CITY_ADMIN))
    response = client.post("/admin/users/new/", user_form("orphan", Role.PROVIDER))
    assert response.status_code == 200
    assert "该角色必须指定所属单位" in response.content.decode()
    assert not User.objects.filter(username="orphan").exists()


def test_district_admin_issues_an_account_for_a_provider_of_its_district(user_with_role, login):
    client = login(user_with_role(Role.DISTRICT_ADMIN, district=district("黄浦区")))
    provider = ProviderFactory(district=district("黄浦区"))
    response = client.post(
        "/admin/users/new/", user_form("hp_org", Role.PROVIDER, provider=provider)
    )
    assert response.status_code == 302
    assert Account.objects.get(user__username="hp_org").provider == provider


def test_district_admin_cannot_issue_an_account_for_another_districts_provider(
    user_with_role, login
):
    client = login(user_with_role(Role.DISTRICT_ADMIN, district=district("黄浦区")))
    other = ProviderFactory(district=district("闵行区"))
    response = client.post("/admin/users/new/", user_form("mh_org", Role.PROVIDER, provider=other))
    assert response.status_code == 200
    assert not User.objects.filter(username="mh_org").exists()


def test_district_admin_cannot_issue_a_city_admin_account(user_with_role, login):
    client = login(user_with_role(Role.DISTRICT_ADMIN, district=district("黄浦区")))
    response = client.post("/admin/users/new/", user_form("sneaky", Role.CITY_ADMIN))
    assert response.status_code == 200
    assert not User.objects.filter(username="sneaky").exists()


def test_district_admin_sees_only_accounts_of_its_district(user_with_role, login):
    own = user_with_role(Role.PURCHASER, purchaser=PurchaserFactory(district=district("黄浦区")))
    other = user_with_role(Role.PURCHASER, purchaser=PurchaserFactory(district=district("闵行区")))
    client = login(user_with_role(Role.DISTRICT_ADMIN, district=district("黄浦区")))
    listing = client.get("/admin/users/").content.decode()
    assert own.username in listing
    assert other.username not in listing
    assert client.get(f"/admin/users/edit/{own.pk}/").status_code == 200
    assert client.get(f"/admin/users/edit/{other.pk}/").status_code == 404


def test_city_admin_sees_accounts_of_every_district(user_with_role, login):
    a = user_with_role(Role.PURCHASER, purchaser=PurchaserFactory(district=district("黄浦区")))
    b = user_with_role(Role.PURCHASER, purchaser=PurchaserFactory(district=district("闵行区")))
    client = login(user_with_role(Role.CITY_ADMIN))
    listing = client.get("/admin/users/").content.decode()
    assert a.username in listing and b.username in listing


def test_changing_the_role_moves_the_user_to_the_new_group(user_with_role):
    user = user_with_role(Role.EXPERT)
    account = user.account
    account.role = Role.MONITOR
    account.save()
    role_groups = user.groups.filter(name__in=GROUP_NAMES.values())
    assert list(role_groups.values_list("name", flat=True)) == [GROUP_NAMES[Role.MONITOR]]
