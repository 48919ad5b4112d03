"""Demo data of the security baseline: an authenticator already enrolled for the demo admins.

The demo logins of the roles that must use two factors (admin, city_admin,
huangpu_admin, monitor_demo) get a TOTP device with one published demo secret, so a
reviewer can sign in with any authenticator app (or `manage.py demo_totp`) instead of
the check being switched off. The secret is printed by load_demo and is for the demo
database only: production accounts enrol their own device on first sign-in.
"""

import base64

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from .twofactor import required_for

DEMO_KEY = "6778707420646f6d6f20746f7470206b65792031"  # 20 bytes, hex (django-otp's format)
DEVICE_NAME = "演示验证器"


def demo_secret() -> str:
    return base64.b32encode(bytes.fromhex(DEMO_KEY)).decode("ascii")


def load(stdout=None) -> dict:


    added = 0
    for user in get_user_model().objects.filter(is_active=True).select_related("account"):
        if not required_for(user) or TOTPDevice.objects.filter(user=user).exists():
            continue
        TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=DEMO_KEY, confirmed=True)
        added += 1
    if stdout is not None:
        stdout.write(
            "双因素认证（演示）：管理员账号已绑定演示验证器，密钥 "
            f"{demo_secret()}（可添加到任一验证器应用），或运行 manage.py demo_totp 查看当前验证码"
        )
    return {"totp devices": added}
