"""Two factors: required roles enrol on first sign-in, others once they have a device."""

import time

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from tests.conftest import PASSWORD, totp_token

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    """A real password sign-in through Wagtail's login form (no force_login)."""
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:1000]
    return response


@pytest.mark.parametrize("role", [None, Role.CITY_ADMIN, Role.DISTRICT_ADMIN, Role.MONITOR])
def test_administrators_must_enrol_before_anything_else(client, user_with_role, role):
    user = user_with_role(role)
    sign_in(client, user)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/2fa/setup/")
    assert client.get("/admin/users/").status_code == 302
    assert client.get("/admin/api/main/pages/").status_code == 302


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.PURCHASER, Role.EXPERT])
def test_other_roles_may_work_without_a_device(client, user_with_role, role):
    sign_in(client, user_with_role(role))
    assert client.get("/admin/").status_code == 200


def test_enrolment_needs_a_code_and_the_password_then_gives_recovery_codes(client, user_with_role):
    user = user_with_role(Role.DISTRICT_ADMIN)
    sign_in(client, user)
    page = client.get("/admin/2fa/setup/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post("/admin/2fa/setup/", {"token": totp_token(device), "password": "nope"})
    assert wrong.status_code == 200 and "密码不正确" in wrong.content.decode()
    bad_code = client.post("/admin/2fa/setup/", {"token": "000000", "password": PASSWORD})
    assert "验证码不正确" in bad_code.content.decode()
    time.sleep(1.1)  # django-otp throttles the next try after a wrong code (1 s, then 2 s...)
    done = client.post("/admin/2fa/setup/", {"token": totp_token(device), "password": PASSWORD})
    assert done.status_code == 200
    codes = StaticDevice.objects.get(user=user).token_set.values_list("token", flat=True)
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    assert client.get("/admin/").status_code == 200  # this session is verified now


def test_a_later_sign_in_asks_for_the_code_and_accepts_a_recovery_code_once(client, user_with_role):
    from security.twofactor import issue_recovery_codes

    user = user_with_role(Role.CITY_ADMIN)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    codes = issue_recovery_codes(user)
    sign_in(client, user)
    assert client.get("/admin/")["Location"].startswith("/admin/2fa/verify/")
    assert "不正确" in client.post("/admin/2fa/verify/", {"token": "123456"}).content.decode()
    time.sleep(1.1)
    assert client.post("/admin/2fa/verify/", {"token": codes[0]}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    sign_in(client, user)
    assert "不正确" in client.post("/admin/2fa/verify/", {"token": codes[0]}).content.decode()
    time.sleep(2.1)  # second failure of the TOTP device: throttled 2 s
    assert client.post("/admin/2fa/verify/", {"token": totp_token(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_provider_with_a_device_is_asked_for_its_code(client, user_with_role):
    user = user_with_role(Role.PROVIDER)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    sign_in(client, user)
    assert client.get("/admin/")["Location"].startswith("/admin/2fa/verify/")


def test_new_recovery_codes_need_the_password_and_void_the_old_ones(user_with_role, login):
    from security.twofactor import issue_recovery_codes

    user = user_with_role(Role.CITY_ADMIN)
    client = login(user)
    old = issue_recovery_codes(user)
    assert "密码不正确" in client.post("/admin/2fa/recovery/", {"password": "x"}).content.decode()
    assert client.post("/admin/2fa/recovery/", {"password": PASSWORD}).status_code == 200
    assert not StaticDevice.objects.get(user=user).token_set.filter(token__in=old).exists()


def test_the_verify_page_does_not_redirect_off_site(client, user_with_role):
    user = user_with_role(Role.CITY_ADMIN)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    sign_in(client, user)
    response = client.post(
        "/admin/2fa/verify/?next=https://evil.example/", {"token": totp_token(device)}
    )
    assert response["Location"] == "/admin/"


def test_the_icon_sprite_loads_before_the_code_so_the_verify_page_holds_one_form(client, user_with_role):
    # Every admin page fetches the sprite and pastes it into itself; redirected to the
    # verify page it pasted a second 2FA form whose next was /admin/sprite/.
    user = user_with_role(Role.MONITOR)
    TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
    sign_in(client, user)
    assert client.get("/admin/").status_code == 302
    sprite = client.get("/admin/sprite/")
    assert sprite.status_code == 200 and b"<svg" in sprite.content and b"token" not in sprite.content
    assert client.get("/admin/users/").status_code == 302  # still nothing else before the code
