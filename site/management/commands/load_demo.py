"""Load the demo data: reference data is already there (migrations); this adds the rest.

Each app owns its demo data in `<app>/demo.py` with a `load()` function; they run
in the order of DEMO_LOADERS. Idempotent: a second run changes nothing.
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from catalog.demo import DEMO_PASSWORD, demo_logins
from gxpt.sitetree import ensure_site_tree
from moderation.models import Flag, FlagStatus

# moderation.demo after nominations.demo: its deliberately faulty demo organizations
# must never be nominated into the demo directory.
DEMO_LOADERS = [
    "catalog.demo",
    "notices.demo",
    "nominations.demo",
    # Before moderation: its nightly rules see matching's demo listings on the first run too.
    "matching.demo",
    "moderation.demo",
    "search.demo",
    # After every loader that adds records: the download page lists files of the whole demo.
    "opendata.demo",
    # Last: the demo admins (made above) get the published demo authenticator.
    "security.demo",
]


class Command(BaseCommand):
    help = "加载演示数据（可重复运行）/ Load demo data (idempotent)"

    def add_arguments(self, parser):
        parser.add_argument(
            "--send-mail",
            action="store_true",
            help="send the demo's notification e-mails through EMAIL_BACKEND",
        )

    def handle(self, *args, send_mail=False, **options):
        ensure_site_tree()
        # The demo's workflow steps notify people; their e-mails would bury the
        # logins printed below (dev settings print mail to the console).
        backend = (
            settings.EMAIL_BACKEND if send_mail else "django.core.mail.backends.locmem.EmailBackend"
        )
        with override_settings(EMAIL_BACKEND=backend):
            for name in DEMO_LOADERS:
                with transaction.atomic():
                    counts = import_module(name).load(stdout=self.stdout)
                summary = ", ".join(f"{key} +{value}" for key, value in counts.items())
                self.stdout.write(f"{name}: {summary}")
        # moderation.demo counts the flags its own monitoring pass created; the checks run
        # when the other loaders publish add theirs before it. The queue a monitor opens is
        # all of them.
        open_flags = Flag.objects.filter(status=FlagStatus.OPEN).count()
        self.stdout.write(f"监测待处理标记 / open monitoring flags: {open_flags}")

        self.stdout.write(
            self.style.SUCCESS(f"演示账号 / demo logins (password: {DEMO_PASSWORD}):")
        )
        for username, role in demo_logins():
            self.stdout.write(f"  {username:<16} {role}")
