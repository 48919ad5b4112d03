"""Headers: CSP per area, Permissions-Policy, no-store on admin and personal pages, NUL refused."""

import pytest

from accounts.roles import Role

pytestmark = pytest.mark.django_db


def directives(response) -> dict:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_the_public_site_has_a_strict_policy_without_unsafe_inline(client):
    response = client.get("/search/?q=助餐")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
    nonce = next(v for v in policy["script-src"] if v.startswith("'nonce-"))[7:-1]
    html = response.content.decode()
    # The page's own inline blocks carry the nonce; nothing inline runs without it.
    assert f'<script nonce="{nonce}">' in html and f'<style nonce="{nonce}">' in html
    assert "<script>" not in html


def test_the_home_page_has_the_public_policy_and_permissions_policy(client):
    response = client.get("/")
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_admin_has_its_own_policy_and_is_never_cached(user_with_role, login):
    response = login(user_with_role(Role.CITY_ADMIN)).get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert not any(v.startswith("'nonce-") for v in policy["script-src"])
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "no-store" in response["Cache-Control"]


def test_the_login_page_is_not_cached(client):
    assert "no-store" in client.get("/admin/login/")["Cache-Control"]


def test_public_pages_seen_by_a_signed_in_user_are_not_cached(user_with_role, login):
    response = login(user_with_role(Role.PROVIDER)).get("/supply/")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/search/?q=%00", "/supply/?q=a%00b", "/api/v2/pages/?search=%00"])
def test_a_nul_character_is_refused_with_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_a_nul_character_in_a_form_is_refused(client):
    response = client.post("/messages/", {"content": "留言\x00"})
    assert response.status_code == 400


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gxpt.settings.production",
        "SECRET_KEY": "x" * 30 + "-production-like-secret-for-the-check-0123456789",
        "ALLOWED_HOSTS": "gxpt.example.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    env.pop("CELERY_BROKER_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
