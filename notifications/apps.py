"""The notifications app: the inbox of every admin user and the e-mails that follow."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "消息"

    def ready(self):
        # Imported in ready(): the tasks import models, which exist once the registry is ready.
        from outbox.dispatch import register_source

        from .tasks import retry_notification_emails

        # E-mails of notifications written before the outbox (no entry of their own).
        register_source("notifications", lambda older_than_seconds: retry_notification_emails())
