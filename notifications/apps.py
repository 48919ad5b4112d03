"""The notifications app: the inbox of every admin user and the e-mails that follow."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "消息"
