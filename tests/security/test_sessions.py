"""Sessions: idle timeout, absolute lifetime, an admin ends a user's sessions; login lockout."""

import time

import pytest
from django.conf import settings

from accounts.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_sessions_end_after_thirty_idle_minutes_renewed_on_every_request():
    assert settings.SESSION_COOKIE_AGE == 1800 and settings.SESSION_SAVE_EVERY_REQUEST


def test_a_session_older_than_the_absolute_lifetime_is_signed_out(user_with_role, login):
    client = login(user_with_role(Role.PROVIDER))
    assert client.get("/admin/").status_code == 200
    session = client.session
    session["gxpt_login_at"] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session


def test_a_city_admin_ends_a_users_sessions(user_with_role, login, client):
    from django.test import Client

    provider = user_with_role(Role.PROVIDER)
    theirs = Client()
    theirs.force_login(provider, backend="django.contrib.auth.backends.ModelBackend")
    assert theirs.get("/admin/").status_code == 200
    admin = login(user_with_role(Role.CITY_ADMIN))
    url = f"/admin/security/users/{provider.pk}/end-sessions/"
    assert admin.get(url).status_code == 405  # never on GET
    assert admin.post(url).status_code == 302
    assert theirs.get("/admin/")["Location"].startswith("/admin/login/")


def test_a_district_admin_cannot_end_sessions_of_users_outside_its_scope(user_with_role, login):
    other = user_with_role(Role.CITY_ADMIN)
    client = login(user_with_role(Role.DISTRICT_ADMIN))
    assert client.post(f"/admin/security/users/{other.pk}/end-sessions/").status_code == 404
    provider_client = login(user_with_role(Role.PROVIDER))
    target = user_with_role(Role.PROVIDER)
    url = f"/admin/security/users/{target.pk}/end-sessions/"
    assert provider_client.post(url).status_code in (403, 404)


def test_an_account_is_locked_after_five_failures_even_with_the_right_password(
    client, user_with_role
):
    user = user_with_role(Role.PROVIDER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": user.username, "password": "wrong"})
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()


def test_an_address_spraying_many_accounts_is_locked(client, user_with_role):
    users = [user_with_role(Role.PROVIDER) for _ in range(settings.AXES_FAILURE_LIMIT)]
    for user in users:
        client.post("/admin/login/", {"username": user.username, "password": "Spray-2026-pw"})
    fresh = user_with_role(Role.PROVIDER)
    response = client.post("/admin/login/", {"username": fresh.username, "password": PASSWORD})
    assert response.status_code == 429
    # Another address may still sign in to that account.
    other = client.post(
        "/admin/login/",
        {"username": fresh.username, "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
    )
    assert other.status_code == 302


def test_password_reset_answers_the_same_whether_the_account_exists(client, user_with_role):
    user = user_with_role(Role.PROVIDER)
    user.email = "known@example.cn"
    user.save()
    known = client.post("/admin/password_reset/", {"email": "known@example.cn"})
    unknown = client.post("/admin/password_reset/", {"email": "nobody@example.cn"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
