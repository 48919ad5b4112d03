"""The demo keeps 2FA on: its admins get the published demo authenticator, a person signs in."""

import pytest
from django_otp.oath import TOTP

from accounts.roles import Role
from security import demo
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_demo_admins_sign_in_with_the_published_demo_code(client, user_with_role):
    admin = user_with_role(Role.CITY_ADMIN)
    provider = user_with_role(Role.PROVIDER)
    assert demo.load()["totp devices"] == 1
    assert not provider.totpdevice_set.exists()
    client.post("/admin/login/", {"username": admin.username, "password": PASSWORD})
    assert client.get("/admin/")["Location"].startswith("/admin/2fa/verify/")
    code = f"{TOTP(bytes.fromhex(demo.DEMO_KEY)).token():06d}"
    assert client.post("/admin/2fa/verify/", {"token": code}).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert demo.load()["totp devices"] == 0  # idempotent
