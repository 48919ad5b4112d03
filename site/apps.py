"""The project app: start-up wiring that belongs to no domain app."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class GxptConfig(AppConfig):
    name = "gxpt"
    label = "gxpt"
    verbose_name = "平台"

    def ready(self):
        from . import sitetree
        from .groups import sync_page_permissions, sync_role_groups

        # After every migrate (and after a test flush) the role groups and the
        # page tree exist: a fresh install is never an empty site.
        post_migrate.connect(ensure_reference_data, sender=self, dispatch_uid="gxpt-reference-data")
        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="gxpt-sync-roles")
        post_migrate.connect(sitetree.on_post_migrate, sender=self, dispatch_uid="gxpt-site-tree")
        post_migrate.connect(sync_page_permissions, sender=self, dispatch_uid="gxpt-page-perms")


def ensure_reference_data(**kwargs):
    # Also after a test flush (TransactionTestCase, live_server), which empties the
    # tables the data migration filled.
    from catalog.models import District, ServiceDomain
    from catalog.reference_data import ensure

    ensure(District, ServiceDomain)
