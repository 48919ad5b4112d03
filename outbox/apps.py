"""The outbox app: durable after-commit work for every other app."""

from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    label = "outbox"
    verbose_name = "后台任务队列"
    default_auto_field = "django.db.models.BigAutoField"
