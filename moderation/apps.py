"""App config: registers the listing rules with catalog.checks and the publish signal."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("内容监测")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import rules, signals  # noqa: F401 - registration side effects
