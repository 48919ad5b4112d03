"""Load the demo data: reference data is already there (migrations); this adds the rest.

Each app owns its demo data in `<app>/demo.py` with a `load()` function; they run
in the order of DEMO_LOADERS. Idempotent: a second run changes nothing.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from gxpt.sitetree import ensure_site_tree

DEMO_LOADERS = ["catalog.demo", "moderation.demo", "notices.demo", "nominations.demo", "search.demo"]


class Command(BaseCommand):
    help = "加载演示数据（可重复运行）/ Load demo data (idempotent)"

    def handle(self, *args, **options):
        ensure_site_tree()
        for name in DEMO_LOADERS:
            with transaction.atomic():
                counts = import_module(name).load(stdout=self.stdout)
            summary = ", ".join(f"{key} +{value}" for key, value in counts.items())
            self.stdout.write(f"{name}: {summary}")
        from catalog.demo import DEMO_PASSWORD, demo_logins

        self.stdout.write(
            self.style.SUCCESS(f"演示账号 / demo logins (password: {DEMO_PASSWORD}):")
        )
        for username, role in demo_logins():
            self.stdout.write(f"  {username:<16} {role}")
