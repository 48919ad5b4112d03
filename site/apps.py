"""The project app: start-up wiring that belongs to no domain app."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class GxptConfig(AppConfig):
    name = "gxpt"
    label = "gxpt"
    verbose_name = "平台"

    def ready(self):
        # Imported here, not at the top: these modules import models, which
        # exist only once the app registry is ready.
        from accounts.groups import sync_role_groups
        from accounts.permission_names import translate_permission_names
        from catalog.models import District, ServiceDomain
        from catalog.reference_data import ensure
        from notices.permissions import set_up_publishing
        from search.synonyms import ensure_shipped

        from . import pagecache, sitetree

        # After every migrate (and after a test flush) the role groups and the
        # page tree exist: a fresh install is never an empty site.
        def on_post_migrate(**kwargs):
            # In this order, once; then the apps that build on it (notices'
            # publishing groups and workflows need the roles and the page tree).
            # Reference data also after a test flush (TransactionTestCase,
            # live_server), which empties the tables the data migration filled.
            ensure(District, ServiceDomain)
            ensure_shipped()
            sync_role_groups()
            translate_permission_names()
            sitetree.ensure_site_tree()
            sitetree.sync_page_permissions()
            set_up_publishing()

        post_migrate.connect(
            on_post_migrate, sender=self, dispatch_uid="gxpt-foundation", weak=False
        )
        pagecache.connect_signals()
