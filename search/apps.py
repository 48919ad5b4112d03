"""Search: one interface over Elasticsearch 8 and the embedded SQLite FTS5 backend."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "全文检索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported in ready(): these modules import models, which exist once the registry is ready.
        from django.db.models.signals import post_delete, post_save
        from django.utils.module_loading import autodiscover_modules

        from outbox.dispatch import register_source

        from . import checks, synonyms  # noqa: F401 (checks registers itself)
        from .indexing import connect_signals
        from .models import Synonym
        from .tasks import retry_pending

        autodiscover_modules("documents")
        connect_signals()
        post_save.connect(synonyms.invalidate, sender=Synonym, dispatch_uid="search-synonyms-save")
        post_delete.connect(
            synonyms.invalidate, sender=Synonym, dispatch_uid="search-synonyms-delete"
        )
        # PendingIndex rows are search's outbox entries: retried with every other kind.
        register_source("search", lambda older_than_seconds: retry_pending(older_than_seconds))
