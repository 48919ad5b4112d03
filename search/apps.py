"""Search: one interface over Elasticsearch 8 and the embedded SQLite FTS5 backend."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "全文检索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from outbox.dispatch import register_source

        from .indexing import connect_signals
        from .tasks import retry_pending

        autodiscover_modules("documents")
        connect_signals()
        # PendingIndex rows are search's outbox entries: retried with every other kind.
        register_source("search", lambda older_than_seconds: retry_pending(older_than_seconds))
