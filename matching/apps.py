"""The matching app: which providers fit a demand listing and why, and who is told of what."""

from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "匹配与订阅"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported in ready(): the signal receivers import the catalog's models.
        from . import facts, follows

        follows.connect()
        facts.connect_invalidation()
