"""Print the current code of the demo authenticator (security/demo.py); dev settings only."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from security.demo import DEMO_KEY, demo_secret


class Command(BaseCommand):
    help = "显示演示验证器当前的 6 位验证码（仅开发/演示环境）"

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("仅在开发/演示环境（DEBUG）可用")


        code = TOTP(bytes.fromhex(DEMO_KEY)).token()
        self.stdout.write(f"{code:06d}  (secret {demo_secret()}, changes every 30 s)")
